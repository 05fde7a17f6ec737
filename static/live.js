// Live pages (see handlers' /events): while the page's event stream is open,
// the server says when the inbox changed, so the list's own 30-second
// refresh stands down; it refreshes on its timer again when the stream drops.
(function () {
  "use strict";

  function frameOf(event) {
    return event.target instanceof Element ? event.target.closest(".live") : null;
  }

  document.addEventListener("htmx:sseOpen", function (e) {
    var frame = frameOf(e);
    if (frame) frame.classList.add("live-open");
  });
  document.addEventListener("htmx:sseError", function (e) {
    var frame = frameOf(e);
    if (frame) frame.classList.remove("live-open");
  });

  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    if (!elt || elt.id !== "conversation-results") return;
    if (e.detail.requestConfig && e.detail.requestConfig.triggeringEvent) return; // asked for, or pushed
    var frame = elt.closest(".live.live-open");
    if (frame && (frame.getAttribute("sse-connect") || "").indexOf("watch=inbox") >= 0) e.preventDefault();
  });
})();
