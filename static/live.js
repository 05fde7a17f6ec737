// Live pages (see handlers' /events and the layout's liveBar): while the
// page's event stream is open, the server says when the inbox changed, so
// the list's own 30-second refresh stands down and the list refreshes when
// told; it refreshes on its timer again when the stream drops.
(function () {
  "use strict";

  function bar() {
    return document.getElementById("live");
  }

  document.addEventListener("htmx:sseOpen", function (e) {
    if (e.target === bar()) e.target.classList.add("live-open");
  });
  document.addEventListener("htmx:sseError", function (e) {
    if (e.target === bar()) e.target.classList.remove("live-open");
  });

  // The inbox changed: the list refreshes itself (its hx-trigger).
  document.addEventListener("htmx:sseMessage", function (e) {
    if (!(e.target instanceof Element) || !e.target.matches("[data-live-inbox]")) return;
    var list = document.getElementById("conversation-results");
    if (list) htmx.trigger(list, "live-inbox");
  });

  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    if (!elt || elt.id !== "conversation-results") return;
    if (e.detail.requestConfig && e.detail.requestConfig.triggeringEvent) return; // asked for, or told
    var live = bar();
    if (live && live.classList.contains("live-open") && live.hasAttribute("data-inbox")) e.preventDefault();
  });
})();
