// The note page: receives rendered notes from Python through the one bridge object and
// reports back when they are painted. Runs in an isolated world (note_view.py injects it):
// the page's own scripts, if any ever ran, cannot reach the bridge. Our link kinds navigate
// (Python intercepts them); in-page "#anchor" links and web links are handled here.
"use strict";

(function () {
  let bridge = null;
  let activePassage = null;
  let shownToken = 0;
  let headings = [];  // the page's headings with an id, in order (the Outline follows them)

  function $(id) { return document.getElementById(id); }

  function passageOf(chip) {
    const block = chip.closest("li, p, td, blockquote, h1, h2, h3, h4, h5, h6") || chip;
    return block.querySelector(":scope > br") ? lineOf(chip, block) : block;
  }

  // A block of lines (single line breaks are kept, issue 15; a transcript is thousands of
  // them): the passage is the chip's line, wrapped once in a span.line.
  function lineOf(chip, block) {
    const wrapped = chip.closest("span.line");
    if (wrapped && block.contains(wrapped)) return wrapped;
    let node = chip;
    while (node.parentNode !== block) node = node.parentNode;
    let first = node, last = node;
    while (first.previousSibling && first.previousSibling.nodeName !== "BR") first = first.previousSibling;
    while (last.nextSibling && last.nextSibling.nodeName !== "BR") last = last.nextSibling;
    const line = document.createElement("span");
    line.className = "line";
    block.insertBefore(line, first);
    for (let n = first; ; ) {
      const next = n.nextSibling;
      line.appendChild(n);
      if (n === last) break;
      n = next;
    }
    return line;
  }

  // A link's `[[Note#A#B]]` comes as "a/b": heading B under heading A (ids are slugs, which
  // hold no "/"; a repeated heading's id has a "_n" suffix).
  function headingChain(anchor) {
    const parts = anchor.split("/");
    const heads = document.querySelectorAll("h1, h2, h3, h4, h5, h6");
    let at = 0;
    for (const head of heads) {
      const id = head.id, part = parts[at];
      if (id === part || (id.startsWith(part + "_") && /^\d+$/.test(id.slice(part.length + 1)))) {
        at += 1;
        if (at === parts.length) return head;
      }
    }
    return null;
  }

  function scrollToAnchor(anchor, smooth) {
    if (!anchor) { window.scrollTo(0, 0); return false; }
    const el = document.getElementById(anchor) || (anchor.includes("/") ? headingChain(anchor) : null);
    if (!el) return false;
    el.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    flash(el);
    return true;
  }

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }

  // A problem's line (window.py find_line): its bad timestamp, else the block holding the
  // line's longest run of plain words, else its section's heading, else the page header.
  const BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, td, th, pre, blockquote, dt, dd";

  function findLine(find) {
    let el = null;
    if (find.header) el = $("page-header");
    if (!el && find.bad >= 0) el = document.querySelectorAll("span.ts.bad")[find.bad] || null;
    const words = (find.text || "").split(/[\[\]()*_`<>|#=~^!]+/)
      .map(function (part) { return part.trim(); })
      .sort(function (a, b) { return b.length - a.length; })[0] || "";
    if (!el && words.length >= 4) {
      const blocks = $("page-content").querySelectorAll(BLOCKS);
      for (let i = 0; i < blocks.length && !el; i++) {
        if (blocks[i].textContent.indexOf(words) >= 0) el = blocks[i];
      }
    }
    if (!el && find.anchor) el = document.getElementById(find.anchor);
    if (!el) el = $("page-header");
    el.scrollIntoView({ block: "center" });
    flash(el);
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
    // In slices of MATH_SLICE formulas: a note of thousands must not hold the page still.
    const shown = $("page-content").firstChild;
    let next = 0;
    (function slice() {
      if ($("page-content").firstChild !== shown) return;  // another page came meanwhile
      const end = Math.min(next + MATH_SLICE, pending.length);
      for (; next < end; next++) {
        const el = pending[next];
        const display = el.tagName === "DIV";
        const tex = el.textContent.trim().replace(/^\\[(\[]/, "").replace(/\\[)\]]$/, "");
        try {
          katex.render(tex, el, { displayMode: display, throwOnError: false, maxExpand: 1000 });
        } catch (e) { /* left as written */ }
        el.classList.add("typeset");
      }
      if (next < pending.length) setTimeout(slice, 0);
    })();
  }
  const MATH_SLICE = 100;
  window.lecternTypeset = typesetMath;

  function render(payloadJson) {
    const data = JSON.parse(payloadJson);
    const keepY = data.keep ? window.scrollY : null;
    shownToken = data.token;
    const header = $("page-header");
    header.hidden = !data.title;
    $("page-kind").textContent = data.kind || "";
    $("page-title").textContent = data.title || "";
    $("page-meta").innerHTML = data.meta_html || "";
    showContent(data.html);
    typesetMath();
    document.title = data.title || "Lectern";
    activePassage = null;
    clearHighlight();
    headings = Array.from($("page-content").querySelectorAll(
      "h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]"));
    if (data.duration) flagPast(data.duration);
    if (keepY !== null) {
      window.scrollTo(0, keepY);
      if (typeof data.highlight === "number") highlight(data.highlight, false);
    } else if (data.find) {
      findLine(data.find);
    } else if (typeof data.scroll === "number") {
      window.scrollTo(0, data.scroll);  // back, forward, a restart: where the reader was
    } else if (!scrollToAnchor(data.anchor, false)) {
      if (typeof data.ts_index === "number") highlight(data.ts_index, true);
      else window.scrollTo(0, 0);
    }
    keepPlace();
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (bridge) bridge.rendered(data.token);
        reportScroll();
      });
    });
  }

  // -- where the reader is -----------------------------------------------------------
  // Python keeps each visit's scroll offset (history.py) and the Outline follows the
  // section read: the page reports both once scrolling pauses.
  let scrollTimer = 0;

  function currentHeading() {
    let low = 0, high = headings.length - 1, found = "";
    while (low <= high) {  // the last heading at or above the top fifth of the view
      const mid = (low + high) >> 1;
      if (headings[mid].getBoundingClientRect().top <= window.innerHeight / 5) {
        found = headings[mid].id;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  function reportScroll() {
    if (bridge) bridge.scrolled_to(shownToken, Math.round(window.scrollY), currentHeading());
  }

  // A re-flow (zoom, the window or the note column resized) keeps the passage at the top
  // of the view where it was: the block there and how far into it the view's top was.
  let place = null;

  function keepPlace() {
    const content = $("page-content");
    const box = content.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 40), 4);
    const block = hit && content.contains(hit) ? (hit.closest(BLOCKS) || hit) : null;
    place = { width: window.innerWidth, height: window.innerHeight,
              ratio: window.devicePixelRatio, block: block,
              into: block ? (-block.getBoundingClientRect().top) / Math.max(1, block.offsetHeight) : 0,
              y: window.scrollY };
  }

  // Chromium sometimes scrolls the page to the top just before it delivers the "resize" of
  // a note column whose edges moved (the tree folded, the video moved under the note): a
  // scroll becomes the place only once it has settled without a resize, so that the resize
  // can undo such a jump. A zoom counts as a re-flow even when the column then widens back
  // to the same width in CSS pixels (the window keeps 40 em): the pixel ratio tells it.
  // After a re-flow the place is held for HOLD_MS, put back on every frame: the layout
  // goes on moving after the "resize" (the column widens in a second step, text wraps anew)
  // and a single put-back left the reader paragraphs away. The reader's own wheel, keys,
  // clicks or touch end the hold at once.
  const PLACE_SETTLE_MS = 100;
  const HOLD_MS = 500;
  let placeTimer = 0;
  let holdUntil = 0;
  let holding = false;

  window.addEventListener("scroll", function () {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(reportScroll, 150);
    if (place && (place.width !== window.innerWidth || place.height !== window.innerHeight)) {
      return;  // a re-flow is under way: "resize" puts the place back, then notes it anew
    }
    if (place && place.ratio !== window.devicePixelRatio) {
      reflowed();  // zoomed, and back to the same size: no "resize" may follow
      return;
    }
    if (holding && performance.now() < holdUntil + 1000) {
      return;  // our own put-back, or the layout still moving
    }
    holding = false;
    clearTimeout(placeTimer);
    placeTimer = setTimeout(keepPlace, PLACE_SETTLE_MS);
  }, { passive: true });

  window.addEventListener("resize", reflowed);
  for (const kind of ["wheel", "keydown", "mousedown", "touchstart"]) {
    window.addEventListener(kind, function () { holding = false; },
                            { passive: true, capture: true });
  }

  function reflowed() {
    clearTimeout(placeTimer);
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(reportScroll, 150);
    if (!(place && place.block && place.block.isConnected && place.y > 0)) {
      keepPlace();
      return;
    }
    place.width = window.innerWidth;
    place.height = window.innerHeight;
    place.ratio = window.devicePixelRatio;
    putBack();
    holdUntil = performance.now() + HOLD_MS;
    if (!holding) {
      holding = true;
      requestAnimationFrame(hold);
    }
  }

  function putBack() {
    const off = place.block.getBoundingClientRect().top + place.into * place.block.offsetHeight;
    if (Math.abs(off) >= 1) window.scrollBy(0, off);
  }

  function hold() {
    if (!holding) {
      keepPlace();
      return;
    }
    if (!place.block.isConnected || performance.now() >= holdUntil) {
      holding = false;
      keepPlace();
      return;
    }
    putBack();
    requestAnimationFrame(hold);
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

  // Follow mode highlights the stretch a timestamp stands for: from the chip to the end of
  // its sentence (or to the next chip), or the sentence the chip closes; a list item with
  // one chip is the item. Not the whole paragraph, which may be 25 sentences long.
  const SENTENCE_END = /[.!?…]+["'»”’)\]]*(?=\s|$)/;
  const CHIP = "\u0001";

  function blockText(block) {
    const parts = [];
    let text = "";
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
      acceptNode: function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          if (node !== block && node.matches("ul, ol")) return NodeFilter.FILTER_REJECT;
          return node.matches("a.ts") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        }
        return node.parentElement.closest("a.ts") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      parts.push({ node: node, at: text.length });
      text += node.nodeType === Node.ELEMENT_NODE ? CHIP : node.data;
    }
    return { parts: parts, text: text };
  }

  function point(range, parts, pos, end) {
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = parts[i];
      if (part.at > pos || (end && part.at === pos && i > 0)) continue;
      if (part.node.nodeType === Node.ELEMENT_NODE) {
        if (end) range.setEndAfter(part.node); else range.setStartBefore(part.node);
      } else {
        const offset = Math.min(pos - part.at, part.node.data.length);
        if (end) range.setEnd(part.node, offset); else range.setStart(part.node, offset);
      }
      return;
    }
  }

  function stretchOf(chip) {
    const block = passageOf(chip);
    const range = document.createRange();
    if (block === chip) { range.selectNode(chip); return range; }
    const found = blockText(block);
    const text = found.text;
    const chipAt = found.parts.findIndex(function (p) { return p.node === chip; });
    if (chipAt < 0) { range.selectNodeContents(block); return range; }
    const at = found.parts[chipAt].at;
    if (block.matches("li") && text.indexOf(CHIP, at + 1) < 0 && text.lastIndexOf(CHIP, at - 1) < 0) {
      range.selectNodeContents(block);  // the item (its sub-list, if any, is its own)
      const sub = block.querySelector(":scope > ul, :scope > ol");
      if (sub) range.setEndBefore(sub);
      return range;
    }
    let next = text.indexOf(CHIP, at + 1);
    if (next < 0) next = text.length;
    const after = text.slice(at + 1, next);
    const stop = SENTENCE_END.exec(after);
    const end = at + 1 + (stop ? stop.index + stop[0].length : after.length);
    let start = at;
    if (!/[\p{L}\p{N}]/u.test(stop ? after.slice(0, stop.index) : after)) {
      // The chip closes its sentence: highlight that sentence.
      const prevChip = text.lastIndexOf(CHIP, at - 1);
      const before = text.slice(prevChip + 1, at);
      let cut = -1;
      const ends = new RegExp(SENTENCE_END.source, "g");
      for (let m = ends.exec(before); m; m = ends.exec(before)) {
        if (m.index + m[0].length < before.length) cut = m.index + m[0].length;
      }
      start = prevChip + 1 + (cut < 0 ? 0 : cut);
      while (start < at && /\s/.test(text[start])) start++;
    }
    point(range, found.parts, start, false);
    point(range, found.parts, end, true);
    return range;
  }

  const canHighlight = typeof Highlight === "function" && typeof CSS !== "undefined" && CSS.highlights;

  function clearHighlight() {
    if (canHighlight) CSS.highlights.delete("lectern-passage");
    document.documentElement.removeAttribute("data-passage");
  }

  function highlight(index, scroll) {
    if (activePassage) activePassage.classList.remove("passage-active");
    activePassage = null;
    clearHighlight();
    if (index < 0) return;
    const chip = document.querySelector('a.ts[data-ts="' + Number(index) + '"]');
    if (!chip) return;
    activePassage = passageOf(chip);
    activePassage.classList.add("passage-active");  // marks the block; the stretch is coloured
    const range = stretchOf(chip);
    if (canHighlight) CSS.highlights.set("lectern-passage", new Highlight(range));
    else activePassage.classList.add("passage-whole");
    document.documentElement.setAttribute("data-passage", range.toString().slice(0, 2000));
    if (scroll) keepInView(range);
  }

  function keepInView(range) {
    const rect = range.getBoundingClientRect();
    const margin = window.innerHeight / 6;
    if (rect.top >= margin && rect.bottom <= window.innerHeight - margin) return;
    // The stretch's top a third down the view (its start, if it is taller than the view).
    window.scrollBy({ top: rect.top - window.innerHeight / 3, behavior: "smooth" });
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

  // A search hit (search_panel.py): the first `text` in the block holding the passage
  // `context` (else anywhere) is wrapped in <mark class="search-hit"> and centred.
  const MATCH_BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, td, th, pre, blockquote, dt, dd";

  function clearMatch() {
    document.querySelectorAll("mark.search-hit").forEach(function (mark) {
      const parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  function markIn(root, needle) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.toLowerCase().indexOf(needle);
      if (at < 0 || node.parentElement.closest("a.ts")) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const mark = document.createElement("mark");
      mark.className = "search-hit";
      range.surroundContents(mark);
      return mark;
    }
    return null;
  }

  function highlightMatch(text, context) {
    clearMatch();
    const needle = (text || "").toLowerCase();
    if (!needle) return;
    const content = $("page-content");
    const key = (context || "").split(/[…\n.;:!?()\[\]]+/)
      .map(function (part) { return part.trim().toLowerCase(); })
      .sort(function (a, b) { return b.length - a.length; })[0] || "";
    let mark = null;
    if (key.length >= 8) {
      const blocks = content.querySelectorAll(MATCH_BLOCKS);
      for (let i = 0; i < blocks.length && !mark; i++) {
        if (blocks[i].textContent.toLowerCase().indexOf(key) >= 0) mark = markIn(blocks[i], needle);
      }
    }
    if (!mark) mark = markIn(content, needle) || markIn($("page-header"), needle);
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  new QWebChannel(qt.webChannelTransport, function (channel) {
    bridge = channel.objects.bridge;
    bridge.render_requested.connect(render);
    bridge.highlight_requested.connect(function (index, scroll) { highlight(index, scroll); });
    bridge.scroll_requested.connect(function (anchor) { scrollToAnchor(anchor, true); });
    bridge.theme_requested.connect(setTheme);
    bridge.duration_requested.connect(flagPast);
    bridge.match_requested.connect(highlightMatch);
    bridge.page_ready();
  });
})();
