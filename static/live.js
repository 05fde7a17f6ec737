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

// Bulk jobs (the jobs views' JobCard): a running job's card holds its own
// stream and reads its progress again when the server says the job moved
// on. Its every-2-s poll is the fallback: while the card's stream is open
// the poll stands down to one read every 10 s (which catches an event lost
// on the way); with no stream (refused, or a proxy that buffers) it polls
// every 2 s, so progress shows either way.
(function () {
  "use strict";

  var slowPoll = 10000;

  function liveCard(elt) {
    return elt instanceof Element && elt.matches("[data-job-live]") ? elt : null;
  }

  document.addEventListener("htmx:sseOpen", function (e) {
    var wrap = liveCard(e.target);
    if (!wrap) return;
    wrap.classList.add("live-open");
    // The job may have moved on while the stream was connecting: read it once.
    var card = wrap.querySelector("[data-job-progress]");
    if (card) htmx.trigger(card, "job-refresh");
  });
  ["htmx:sseError", "htmx:sseClose"].forEach(function (name) {
    document.addEventListener(name, function (e) {
      var wrap = liveCard(e.target);
      if (wrap) wrap.classList.remove("live-open");
    });
  });

  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    if (!(elt instanceof Element) || !elt.matches("[data-job-progress]")) return;
    var wrap = elt.closest("[data-job-live]");
    if (!wrap) return;
    var told = e.detail.requestConfig && e.detail.requestConfig.triggeringEvent; // by the stream, or on opening it
    var last = Number(wrap.dataset.jobRead || 0);
    if (!told && wrap.classList.contains("live-open") && Date.now() - last < slowPoll) {
      e.preventDefault();
      return;
    }
    wrap.dataset.jobRead = String(Date.now());
  });
})();
