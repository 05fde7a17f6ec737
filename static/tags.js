// The article editor's tags field as removable chips, with suggestions.
// Loaded only by the editor; without it the field is the plain
// comma-separated text it always is.
(function () {
  "use strict";

  function splitTags(value) {
    var seen = new Set();
    return value.split(",").map(function (t) { return t.trim(); }).filter(function (t) {
      if (!t || seen.has(t)) return false;
      seen.add(t);
      return true;
    });
  }

  function setupTagInput(field) {
    if (field.dataset.tagReady) return;
    field.dataset.tagReady = "1";
    var box = document.createElement("div");
    box.className = "tag-editor";
    var chips = document.createElement("span");
    chips.className = "chips";
    var entry = document.createElement("input");
    entry.type = "text";
    entry.id = field.id + "-entry";
    entry.className = "tag-entry";
    entry.autocomplete = "off";
    entry.placeholder = "Add a tag";
    if (field.getAttribute("list")) entry.setAttribute("list", field.getAttribute("list"));
    entry.disabled = field.disabled;
    box.append(chips, entry);
    field.after(box);
    field.type = "hidden";
    var label = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
    if (label) label.htmlFor = entry.id;

    function render(tags) {
      field.value = tags.join(", ");
      chips.replaceChildren.apply(chips, tags.map(function (t) {
        var chip = document.createElement("span");
        chip.className = "chip";
        chip.textContent = t;
        if (!field.disabled) {
          var x = document.createElement("button");
          x.type = "button";
          x.className = "chip-remove";
          x.setAttribute("aria-label", "Remove tag " + t);
          x.textContent = "\u00d7";
          x.addEventListener("click", function () {
            render(splitTags(field.value).filter(function (o) { return o !== t; }));
            field.dispatchEvent(new Event("input", { bubbles: true }));
            entry.focus();
          });
          chip.append(x);
        }
        return chip;
      }));
    }
    function commit() {
      var added = splitTags(entry.value);
      if (!added.length) return;
      render(splitTags(field.value + "," + added.join(",")));
      entry.value = "";
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    entry.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === ",") {
        e.preventDefault(); // Enter would submit the form; a comma separates tags
        commit();
      } else if (e.key === "Backspace" && entry.value === "") {
        var tags = splitTags(field.value);
        tags.pop();
        render(tags);
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    // Picking a suggestion replaces the text without a key press.
    entry.addEventListener("input", function (e) {
      if (!e.inputType || e.inputType === "insertReplacementText") commit();
    });
    entry.addEventListener("blur", commit);
    // Text still in the entry when the form is sent is a tag too.
    if (field.form) field.form.addEventListener("submit", commit, true);
    render(splitTags(field.value));
  }

  function init(root) {
    var found = root.querySelectorAll ? Array.from(root.querySelectorAll("input[data-tag-input]")) : [];
    if (root.matches && root.matches("input[data-tag-input]")) found.unshift(root);
    found.forEach(setupTagInput);
  }

  document.addEventListener("htmx:load", function (e) { init(e.target); });
  init(document.body);
})();
