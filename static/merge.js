// "Use the saved one" in a save conflict: puts the value someone else saved
// into this person's form field, as text. Loaded only on a page that shows a conflict.
(function () {
  "use strict";

  document.addEventListener("click", function (e) {
    var btn = e.target instanceof Element && e.target.closest("[data-use-saved]");
    if (!btn) return;
    var field = document.getElementById(btn.getAttribute("data-use-saved"));
    if (!field) return;
    var value = btn.getAttribute("data-value");
    // A list built around this person's choice may lack the saved one: add it, or the field would go blank.
    if (field instanceof HTMLSelectElement && !Array.from(field.options).some(function (o) { return o.value === value; })) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      field.append(option);
    }
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
    btn.textContent = "Saved one in the form";
    btn.disabled = true;
  });
})();
