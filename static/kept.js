// Restores a form kept across a sign-out: loaded only on the page that
// offers one back. Values are set as text, never as HTML.
(function () {
  "use strict";

  function elementOf(event) {
    return event.target instanceof Element ? event.target : null;
  }

  // The banner holds what was sent, in order; each value goes into the next
  // field of that name in the page's form, hidden ones too, so an editor's
  // base version comes back with the text and a colleague's newer save shows
  // as a conflict instead of being overwritten. Values with no field left
  // stay listed in the banner, so nothing is lost.
  document.addEventListener("click", function (e) {
    var btn = elementOf(e) && e.target.closest("[data-kept-restore]");
    var banner = btn && btn.closest("[data-kept-action]");
    if (!banner) return;
    var form = document.querySelector('form[action="' + CSS.escape(banner.getAttribute("data-kept-action")) + '"]');
    var first = restoreKept(form, banner.querySelectorAll("[data-kept-fields] input"));
    var note = banner.querySelector("p");
    if (!first) {
      note.textContent = "This page has no form to put your text back into; it is below to copy.";
      banner.querySelector("details").open = true;
      return;
    }
    note.textContent = "Your text is back in the form. Check it, then save.";
    btn.remove();
    first.focus();
  });

  function restoreKept(form, kept) {
    if (!form) return null;
    var used = {};
    var first = null;
    kept.forEach(function (k) {
      var fields = Array.from(form.elements).filter(function (el) { return el.name === k.name && el.type !== "file"; });
      var el;
      if (fields.length && (fields[0].type === "checkbox" || fields[0].type === "radio")) {
        el = fields.find(function (f) { return f.value === k.value; });
        if (el) el.checked = true;
      } else {
        var i = used[k.name] || 0;
        el = fields[i];
        used[k.name] = i + 1;
        if (el) el.value = k.value;
      }
      if (!el || el.type === "hidden") return;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
      if (!first) first = el;
    });
    return first;
  }

})();
