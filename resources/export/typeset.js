// Typesets the math of an exported note (viewer/export.py): each `.arithmatex` element
// holds `\(...\)` or `\[...\]`, as in the note pane (resources/page/note.js).
"use strict";
(function () {
  document.querySelectorAll(".arithmatex").forEach(function (el) {
    const display = el.tagName === "DIV";
    const tex = el.textContent.trim().replace(/^\\[(\[]/, "").replace(/\\[)\]]$/, "");
    try {
      katex.render(tex, el, { displayMode: display, throwOnError: false, maxExpand: 1000 });
    } catch (e) { /* left as written */ }
  });
  document.documentElement.dataset.typeset = "done";
})();
