// qcadmin conversation review: single-key shortcuts for people reviewing what
// the agent said. The server marks what each key does with data-shortcut:
//   j / k  the next / previous conversation (a link)
//   g / n  mark good / needs work (a submit button)
//   e      edit the review note (a field to focus)
//   u      the next conversation of the list without a review (a link)
// Keys are ignored while typing in a field or with Ctrl, Alt or Meta held.
// It also shows the times marked data-local-time in the reader's own time zone
// (the server writes UTC, which stays in the title).
(function () {
  "use strict";

  var KEYS = ["j", "k", "g", "n", "e", "u"];

  function typing(el) {
    if (!(el instanceof Element)) return false;
    return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  }

  function target(key) {
    var all = document.querySelectorAll('[data-shortcut="' + key + '"]');
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (!el.disabled && el.getClientRects().length > 0) return el;
    }
    return null;
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || typing(e.target)) return;
    var key = String(e.key).toLowerCase();
    if (KEYS.indexOf(key) < 0) return;
    var el = target(key);
    if (!el) return;
    e.preventDefault();
    if (key === "e") {
      el.focus();
      if (typeof el.select === "function") el.select();
    } else {
      el.click();
    }
  });

  function localTimes(root) {
    var all = (root || document).querySelectorAll("time[data-local-time]");
    for (var i = 0; i < all.length; i++) {
      var d = new Date(all[i].getAttribute("datetime"));
      if (isNaN(d.getTime())) continue;
      all[i].textContent = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { localTimes(document); });
  } else {
    localTimes(document);
  }
  document.addEventListener("htmx:load", function (e) { localTimes(e.target); });
})();
