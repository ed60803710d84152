// The note page: receives rendered notes from Python through the one bridge object and
// reports back when they are painted. Runs in an isolated world (note_view.py injects it):
// the page's own scripts, if any ever ran, cannot reach the bridge. Our link kinds navigate
// (Python intercepts them); in-page "#anchor" links and web links are handled here.
"use strict";

(function () {
  let bridge = null;
  let activePassage = null;

  function $(id) { return document.getElementById(id); }

  function passageOf(chip) {
    return chip.closest("li, p, td, blockquote, h1, h2, h3, h4, h5, h6") || chip;
  }

  function scrollToAnchor(anchor, smooth) {
    if (!anchor) { window.scrollTo(0, 0); return false; }
    const el = document.getElementById(anchor);
    if (!el) return false;
    el.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
    return true;
  }

  // Math (issue 15): the renderer marks it `.arithmatex` (`\(...\)`, `\[...\]`); KaTeX's
  // stylesheet joins the page and Python loads KaTeX into this world (bridge.math_wanted)
  // only once a note has math. KaTeX builds its nodes through CSSOM, which the CSP allows.
  let mathAsked = false;

  function typesetMath() {
    const pending = $("page-content").querySelectorAll(".arithmatex:not(.typeset)");
    if (!pending.length) return;
    if (!$("katex-css")) {
      const link = document.createElement("link");
      link.id = "katex-css";
      link.rel = "stylesheet";
      link.href = "lectern://app/katex/katex.min.css";
      document.head.appendChild(link);
    }
    if (typeof katex === "undefined") {
      if (!mathAsked && bridge) { mathAsked = true; bridge.math_wanted(); }
      return;
    }
    pending.forEach(function (el) {
      const display = el.tagName === "DIV";
      const tex = el.textContent.trim().replace(/^\\[(\[]/, "").replace(/\\[)\]]$/, "");
      try {
        katex.render(tex, el, { displayMode: display, throwOnError: false, maxExpand: 1000 });
      } catch (e) { /* left as written */ }
      el.classList.add("typeset");
    });
  }
  window.lecternTypeset = typesetMath;

  function render(payloadJson) {
    const data = JSON.parse(payloadJson);
    const keepY = data.keep ? window.scrollY : null;
    const header = $("page-header");
    header.hidden = !data.title;
    $("page-kind").textContent = data.kind || "";
    $("page-title").textContent = data.title || "";
    $("page-meta").innerHTML = data.meta_html || "";
    showContent(data.html);
    typesetMath();
    document.title = data.title || "Lectern";
    activePassage = null;
    if (data.duration) flagPast(data.duration);
    if (keepY !== null) {
      window.scrollTo(0, keepY);
      if (typeof data.highlight === "number") highlight(data.highlight, false);
    } else if (!scrollToAnchor(data.anchor, false)) {
      if (typeof data.ts_index === "number") highlight(data.ts_index, true);
      else window.scrollTo(0, data.scroll || 0);
    }
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { if (bridge) bridge.rendered(data.token); });
    });
  }

  // A note shown as text comes in parts of lines (jobs.py plain_text_html): a part out of
  // view is not laid out (100k short lines in one <pre> took ~1 s), only sized by estimate.
  // So is a page of thousands of blocks (5,000 headings took ~0.4 s to lay out): its blocks
  // go in groups of PART_BLOCKS, gathered before they join the page (moving 10,000 blocks
  // within it took 0.25 s). Only there: a group keeps its blocks' margins inside it.
  const LAZY_BLOCKS = 1000;
  const PART_BLOCKS = 100;

  function showContent(html) {
    const content = $("page-content");
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const blocks = parsed.content.children;
    if (blocks.length > LAZY_BLOCKS) {
      const all = Array.from(parsed.content.childNodes);
      const groups = document.createDocumentFragment();
      for (let i = 0; i < all.length; i += PART_BLOCKS) {
        const group = document.createElement("div");
        group.className = "part";
        group.style.contentVisibility = "auto";
        group.style.containIntrinsicSize = "auto " + 2 * PART_BLOCKS + "em";
        group.append.apply(group, all.slice(i, i + PART_BLOCKS));
        groups.appendChild(group);
      }
      content.replaceChildren(groups);
    } else {
      content.replaceChildren(parsed.content);
    }
    content.querySelectorAll("pre > span.part").forEach(function (part) {
      part.style.display = "block";
      part.style.contentVisibility = "auto";
      part.style.containIntrinsicSize = "auto " + 1.2 * (Number(part.dataset.lines) || 1) + "em";
    });
  }

  function flagPast(duration) {
    document.querySelectorAll("a.ts").forEach(function (chip) {
      if (Number(chip.dataset.seconds) > duration) {
        chip.classList.add("past-end");
        chip.title = "Past the end of the video";
      }
    });
  }

  function highlight(index, scroll) {
    if (activePassage) activePassage.classList.remove("passage-active");
    activePassage = null;
    if (index < 0) return;
    const chip = document.querySelector('a.ts[data-ts="' + Number(index) + '"]');
    if (!chip) return;
    activePassage = passageOf(chip);
    activePassage.classList.add("passage-active");
    if (scroll) activePassage.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function setTheme(theme) {
    document.documentElement.classList.toggle("dark", theme === "dark");
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    event.preventDefault();
    const raw = link.getAttribute("href").slice(1);
    let anchor = raw;
    try { anchor = decodeURIComponent(raw); } catch (e) { /* a malformed %-escape: as written */ }
    scrollToAnchor(anchor, true);
  });

  // A topic page's "Show more" button asks Python for the next page of mentions.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.more");
    if (!button || !bridge || button.disabled) return;
    button.disabled = true;
    button.textContent = "Loading…";
    bridge.show_more(Number(button.dataset.page));
  });

  // Web links open only on a real click (mouse, or Enter on a focused link): a script's
  // synthetic click is not trusted, and Python refuses every web navigation (note_view.py).
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[href]");
    if (!link || !/^(https?|mailto):/i.test(link.getAttribute("href"))) return;
    event.preventDefault();
    if (event.isTrusted && event.button === 0 && bridge) bridge.open_link(link.href);
  });
  document.addEventListener("auxclick", function (event) {
    if (event.target.closest("a[href]")) event.preventDefault();  // no middle-click windows
  });

  new QWebChannel(qt.webChannelTransport, function (channel) {
    bridge = channel.objects.bridge;
    bridge.render_requested.connect(render);
    bridge.highlight_requested.connect(function (index, scroll) { highlight(index, scroll); });
    bridge.scroll_requested.connect(function (anchor) { scrollToAnchor(anchor, true); });
    bridge.theme_requested.connect(setTheme);
    bridge.duration_requested.connect(flagPast);
    bridge.page_ready();
  });
})();
