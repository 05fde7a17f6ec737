// qcadmin widget page: the preview's colours and size, and the colour fields.
// The CSP forbids inline styles, so the server puts the preview's colours in
// data attributes and this script sets them as CSS custom properties. It also
// keeps each colour picker and its rgb(r, g, b) text in step, and recolours the
// preview at once while the server redraws the rest. Without it the preview
// shows the texts and the console's own colours.
(function () {
  "use strict";

  function within(root, sel) {
    var found = root.querySelectorAll ? Array.from(root.querySelectorAll(sel)) : [];
    if (root.matches && root.matches(sel)) found.unshift(root);
    return found;
  }

  var VARS = { primaryColor: "--wp-primary", headerColor: "--wp-header" };

  // The properties go on the preview's column, which htmx never swaps: on the
  // preview itself they would be a style attribute, which htmx copies across a
  // swap with setAttribute (an inline style the CSP refuses) and then drops.
  function host(preview) {
    return preview.closest(".widget-preview-column") || preview.parentElement || preview;
  }

  function setColour(preview, key, value) {
    var style = host(preview).style;
    if (value) style.setProperty(VARS[key], value);
    else style.removeProperty(VARS[key]);
  }

  function apply(preview) {
    var d = preview.dataset, style = host(preview).style;
    setColour(preview, "primaryColor", d.primaryColor);
    setColour(preview, "headerColor", d.headerColor);
    var w = parseInt(d.width, 10), h = parseInt(d.height, 10);
    if (w > 0) style.setProperty("--wp-width", w + "px");
    if (h > 0) style.setProperty("--wp-height", h + "px");
  }

  // "#rrggbb" or "#rgb" → [r, g, b]; null for anything else.
  function fromHex(s) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s.trim());
    if (!m) return null;
    var hex = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  }

  // "rgb(r, g, b)" as Quickchat writes it → [r, g, b]; null for anything else.
  function fromRGB(s) {
    var m = /^rgb\s*\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/i.exec(s.trim());
    if (!m) return null;
    var c = m.slice(1).map(Number);
    return c.every(function (n) { return n <= 255; }) ? c : null;
  }

  function toHex(c) {
    return "#" + c.map(function (n) { return ("0" + n.toString(16)).slice(-2); }).join("");
  }

  function toRGB(c) { return "rgb(" + c.join(", ") + ")"; }

  // The preview data key a colour field drives: primary_color → primaryColor.
  function keyOf(field) {
    return field.replace(/_([a-z])/g, function (_, ch) { return ch.toUpperCase(); });
  }

  function recolour(field, colour) {
    document.querySelectorAll("[data-widget-preview]").forEach(function (preview) {
      var key = keyOf(field);
      if (!(key in VARS)) return;
      preview.dataset[key] = colour ? toRGB(colour) : "";
      setColour(preview, key, preview.dataset[key]);
    });
  }

  document.addEventListener("input", function (e) {
    var el = e.target instanceof Element ? e.target : null;
    if (!el) return;
    if (el.hasAttribute("data-colour-picker")) {
      var colour = fromHex(el.value);
      var text = document.getElementById(el.getAttribute("data-colour-picker"));
      if (colour && text) text.value = toRGB(colour);
      recolour(el.name, colour);
    } else if (el.hasAttribute("data-colour-text")) {
      var typed = fromRGB(el.value) || fromHex(el.value);
      var picker = document.getElementById(el.getAttribute("data-colour-text"));
      if (typed && picker) picker.value = toHex(typed);
      if (picker) recolour(picker.name, typed);
    }
  });

  // Other pages' previews (the greeting on Settings › Chatbot) take the widget's
  // colours from their own column, so both previews look like the chat window.
  function applyColours(el) {
    var d = el.dataset;
    if (d.primaryColor) el.style.setProperty("--wp-primary", d.primaryColor);
    if (d.headerColor) el.style.setProperty("--wp-header", d.headerColor);
  }

  document.addEventListener("htmx:load", function (e) {
    within(e.target, "[data-widget-preview]").forEach(apply);
    within(e.target, "[data-widget-colours]").forEach(applyColours);
  });
  within(document.body, "[data-widget-preview]").forEach(apply);
  within(document.body, "[data-widget-colours]").forEach(applyColours);
})();
