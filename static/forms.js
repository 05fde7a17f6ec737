// qcadmin: what pages with forms need besides app.js: nothing typed is lost
// by leaving the page unasked, Ctrl/Cmd+S saves, counters follow what is
// typed, and Enter sends in a chat composer. Loaded, after app.js, by every
// page that links forms.css; every form still works without it.
(function () {
  "use strict";

  var within = window.qcadmin.within;
  var elementOf = window.qcadmin.elementOf;

  // --- Unsaved-changes guard ---

  var dirty = new Set();

  function markDirty(e) {
    var el = elementOf(e);
    var form = el && (el.form || el.closest("form"));
    if (form && form.hasAttribute("data-unsaved-warning") && el.name !== "ids") dirty.add(form);
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);

  // Capture phase, so the flag is cleared before htmx sends a boosted form.
  document.addEventListener("submit", function (e) { dirty.delete(e.target); }, true);

  function hasUnsaved() {
    var unsaved = false;
    dirty.forEach(function (form) {
      if (form.isConnected) unsaved = true; else dirty.delete(form);
    });
    return unsaved;
  }

  window.addEventListener("beforeunload", function (e) {
    if (!hasUnsaved()) return;
    e.preventDefault();
    e.returnValue = ""; // older browsers need it to show the prompt
  });

  // Boosted links, and htmx GETs that swap a region holding an edited form (the
  // inbox's next conversation, j/k), replace it without beforeunload: ask here.
  function replacesUnsaved(d) {
    if (d.boosted) return hasUnsaved();
    var verb = d.requestConfig && d.requestConfig.verb;
    if (verb !== "get" || !(d.target instanceof Element) || !hasUnsaved()) return false;
    var hit = false;
    dirty.forEach(function (form) { if (d.target.contains(form)) hit = true; });
    return hit;
  }
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (!e.detail || !replacesUnsaved(e.detail)) return;
    if (window.confirm("You have unsaved changes. Leave them?")) dirty.clear();
    else e.preventDefault();
  });

  // --- Ctrl/Cmd+S saves ---

  document.addEventListener("keydown", function (e) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || String(e.key).toLowerCase() !== "s") return;
    var el = elementOf(e);
    var form = el && (el.form || el.closest("form"));
    // Outside any form (say, after clicking the preview), the page's only editor saves.
    if (!form) {
      var forms = document.querySelectorAll("form[data-save-shortcut]");
      if (forms.length === 1) form = forms[0];
    }
    if (!form || !form.hasAttribute("data-save-shortcut")) return;
    e.preventDefault();
    if (e.repeat) return;
    var save = Array.prototype.find.call(form.elements, function (b) { return b.hasAttribute("data-save-default"); });
    if (save && !save.disabled) save.click();
  });

  // --- Character counters ---

  function updateCount(input) {
    var max = parseInt(input.getAttribute("data-maxlength"), 10);
    if (!input.id || !(max > 0)) return;
    var n = Array.from(input.value).length; // code points: an emoji counts once, not twice
    document.querySelectorAll('[data-count-for="' + CSS.escape(input.id) + '"]').forEach(function (out) {
      out.textContent = n + " / " + max;
      out.classList.toggle("over", n > max);
    });
  }

  document.addEventListener("input", function (e) {
    var el = elementOf(e);
    if (el && el.hasAttribute("data-maxlength")) updateCount(el);
  });

  // In a chat composer Enter sends, as in every chat; Shift+Enter (or an IME's Enter) still makes a new line.
  document.addEventListener("keydown", function (e) {
    var el = elementOf(e);
    if (!el || e.key !== "Enter" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    if (!el.hasAttribute("data-enter-sends") || !el.form) return;
    e.preventDefault();
    if (el.value.trim() === "") return;
    el.form.requestSubmit(el.form.querySelector("button[name=op][value=send]") || undefined);
  });

  // --- Setting up new content: the first page and every htmx swap ---

  function init(root) {
    within(root, "[data-maxlength]").forEach(updateCount);
    var forms = new Set(within(root, "form"));
    var outer = root.closest && root.closest("form");
    if (outer) forms.add(outer);
    forms.forEach(function (form) {
      if (!form.hasAttribute("data-unsaved-warning")) return;
      // A form re-rendered with errors (or a conflict) holds edits the API has not saved yet.
      if (form.hasAttribute("data-dirty") || form.querySelector(".has-error")) dirty.add(form);
      // The server changed the form's list without saving it (an instruction added or taken away):
      // leaving the page should ask first, and the guard above learns of edits from input events.
      if (form.hasAttribute("data-unsaved-pending")) {
        var field = form.querySelector("textarea:not([disabled]), input:not([type=hidden]):not([disabled])");
        if (field) field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }

  document.addEventListener("htmx:load", function (e) { init(e.target); });
  init(document.body);
})();
