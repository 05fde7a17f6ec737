// qcadmin: counts that follow what is typed, on the two pages that have them:
// Settings' total across the instruction list, and the Tags page's list that
// narrows as the person types. Loaded by those pages only; without it each
// count stays as the server drew it.
(function () {
  "use strict";

  var within = window.qcadmin.within;

  // The instruction list's total: every field of the form with that name, in code points as Quickchat counts.
  function updateTotal(out) {
    var form = out.closest("form");
    var max = parseInt(out.getAttribute("data-total-max"), 10);
    if (!form || !(max > 0)) return;
    var name = out.getAttribute("data-total-for");
    var n = 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name === name) n += Array.from(el.value).length;
    });
    out.textContent = n + " / " + max + " in total";
    out.classList.toggle("over", n > max);
  }

  // The tag list narrows as the person types; the server does the same for ?filter= without scripts.
  function applyFilter(input) {
    var id = input.getAttribute("data-filter-list");
    var list = document.getElementById(id);
    if (!list) return;
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(list.children, function (item) {
      var text = item.getAttribute("data-filter-text") || item.textContent;
      var match = text.toLowerCase().indexOf(q) !== -1;
      item.hidden = !match;
      if (match) shown++;
    });
    document.querySelectorAll('[data-filter-count="' + CSS.escape(id) + '"]').forEach(function (out) {
      out.textContent = shown + " of " + list.children.length + " " + (out.getAttribute("data-filter-noun") || "");
    });
    document.querySelectorAll('[data-filter-empty="' + CSS.escape(id) + '"]').forEach(function (p) {
      p.hidden = shown > 0;
    });
  }

  document.addEventListener("input", function (e) {
    var el = e.target instanceof Element ? e.target : null;
    if (!el) return;
    if (el.hasAttribute("data-filter-list")) applyFilter(el);
    if (el.form && el.name) {
      el.form.querySelectorAll('[data-total-for="' + CSS.escape(el.name) + '"]').forEach(updateTotal);
    }
  });

  function init(root) {
    within(root, "[data-total-for]").forEach(updateTotal);
  }

  document.addEventListener("htmx:load", function (e) { init(e.target); });
  init(document.body);
})();
