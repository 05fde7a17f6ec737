// "Use the saved one" in a save conflict: puts the value someone else saved
// into this person's form field, as text. Loaded only on a page that shows a conflict.
(function () {
  "use strict";

  document.addEventListener("click", function (e) {
    var btn = e.target instanceof Element && e.target.closest("[data-use-saved]");
    if (!btn) return;
    var field = document.getElementById(btn.getAttribute("data-use-saved"));
    if (!field) return;
    field.value = btn.getAttribute("data-value");
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
    btn.textContent = "Saved one in the form";
    btn.disabled = true;
  });
})();
