// qcadmin console behaviour: small enhancements on top of server-rendered
// pages and htmx, on every page (pages with forms add forms.js). Every page
// still works without it. Nothing here reads or keeps secrets; messages are
// written with textContent, never as HTML.
(function () {
  "use strict";

  var TOAST_MS = 5000;
  var HTMX_VERBS = ["get", "post", "put", "patch", "delete"];

  // Elements that match sel: root itself and its descendants.
  function within(root, sel) {
    var found = root.querySelectorAll ? Array.from(root.querySelectorAll(sel)) : [];
    if (root.matches && root.matches(sel)) found.unshift(root);
    return found;
  }

  function elementOf(event) {
    return event.target instanceof Element ? event.target : null;
  }

  // --- Flashes and toasts ---

  document.addEventListener("click", function (e) {
    var close = elementOf(e) && e.target.closest(".flash-close");
    var box = close && close.closest(".flash, .toast");
    if (box) box.remove();
  });

  function expire(toast) {
    if (toast.dataset.expires) return;
    toast.dataset.expires = "1";
    setTimeout(function () { toast.remove(); }, TOAST_MS);
  }

  function showToast(level, message) {
    var box = document.getElementById("toasts");
    if (!box || !message) return;
    var toast = document.createElement("div");
    toast.className = "toast" + (level === "error" ? " toast-error" : level === "success" ? " toast-success" : "");
    toast.setAttribute("role", level === "error" ? "alert" : "status");
    var text = document.createElement("span");
    text.textContent = String(message);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "flash-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    toast.append(text, close);
    box.append(toast);
    expire(toast);
  }

  // The server sends HX-Trigger: {"showToast":{"level":"…","message":"…"}}.
  document.addEventListener("showToast", function (e) {
    var d = e.detail || {};
    showToast(d.level, d.message);
  });

  // htmx does not swap an error answer, so say what it was: the console's
  // error page carries its own words; the form keeps what was typed.
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail && e.detail.xhr;
    var message = "The console answered " + (xhr ? xhr.status : "with an error") + ".";
    if (xhr && xhr.responseText) {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html").querySelector("[data-testid=error-page]");
      var words = page && page.querySelector("h1 + p");
      if (words && words.textContent.trim()) message = words.textContent.trim();
    }
    showToast("error", message + " Nothing you typed has been lost.");
  });
  document.addEventListener("htmx:sendError", function () {
    showToast("error", "The console could not be reached. Nothing you typed has been lost: try again in a moment.");
  });

  // --- Confirmation before destructive plain-form actions ---

  // An element whose request htmx sends itself; those use hx-confirm instead.
  function sentByHtmx(el) {
    return !!el && HTMX_VERBS.some(function (v) {
      return el.hasAttribute("hx-" + v) || el.hasAttribute("data-hx-" + v);
    });
  }

  function confirmOrStop(e, el) {
    if (window.confirm(el.getAttribute("data-confirm"))) return true;
    e.preventDefault();
    e.stopImmediatePropagation(); // capture phase: htmx boost never sees it either
    return false;
  }

  // A pressed button asks even inside an htmx form: htmx reads hx-confirm from
  // the form, not from the button, so only an hx-confirm already covering it wins.
  function htmxAsks(el) {
    return !!el && (el.hasAttribute("hx-confirm") || el.hasAttribute("data-hx-confirm"));
  }

  document.addEventListener("click", function (e) {
    var btn = elementOf(e) && e.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (!btn || htmxAsks(btn) || htmxAsks(btn.form) || (sentByHtmx(btn) && !btn.form)) return;
    if (confirmOrStop(e, btn)) btn.dataset.confirmed = "1";
  }, true);

  document.addEventListener("submit", function (e) {
    var form = e.target;
    var submitter = e.submitter;
    // A button that asked already, or accepted, answers for the form.
    if (submitter && submitter.dataset.confirmed) { delete submitter.dataset.confirmed; return; }
    if (!form.hasAttribute("data-confirm") || sentByHtmx(form)) return;
    confirmOrStop(e, form);
  }, true);

  // --- A form larger than the console takes is not sent ---
  // The server refuses it too, with the same words; checking here first keeps
  // the person on the page with everything they typed.
  document.addEventListener("submit", function (e) {
    var form = elementOf(e);
    var limit = parseInt((document.querySelector('meta[name="qcadmin-body-limit"]') || {}).content, 10);
    if (!(form instanceof HTMLFormElement) || !(limit > 0) || (form.enctype || "").indexOf("multipart") === 0) return;
    var size = new Blob([new URLSearchParams(new FormData(form)).toString()]).size;
    if (size <= limit) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    showToast("error", "This form is " + Math.ceil(size / 1024) + " KiB, more than the " + Math.floor(limit / 1024) +
      " KiB the console accepts in one request. Nothing was sent, and your text is still here: make it shorter, then save again.");
  }, true);

  // --- Select all ---

  function idBoxes(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === "ids" && el.type === "checkbox" && !el.disabled;
    });
  }

  function syncSelection(form) {
    var boxes = idBoxes(form);
    var n = boxes.filter(function (b) { return b.checked; }).length;
    within(form, "input[data-select-all]").forEach(function (all) {
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    });
    within(form, "[data-selected-count]").forEach(function (out) { out.textContent = String(n); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.hasAttribute("data-requires-selection")) el.disabled = n === 0;
    });
  }

  document.addEventListener("change", function (e) {
    var el = elementOf(e);
    if (!el || !el.form) return;
    if (el.hasAttribute("data-select-all")) {
      idBoxes(el.form).forEach(function (b) { b.checked = el.checked; });
      syncSelection(el.form);
    } else if (el.name === "ids") {
      syncSelection(el.form);
    }
  });

  // A time Quickchat sent reads in the person's own time zone; the exact UTC time stays on hover.
  function localTime(el) {
    var d = new Date(el.getAttribute("datetime"));
    if (!isNaN(d)) el.textContent = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  // --- Setting up new content: the first page and every htmx swap ---

  function init(root) {
    within(root, "time[data-local-time]").forEach(localTime);
    within(root, ".toast").forEach(expire);
    var forms = new Set(within(root, "form"));
    var outer = root.closest && root.closest("form");
    if (outer) forms.add(outer);
    forms.forEach(function (form) {
      if (form.querySelector("[data-select-all], [data-requires-selection]")) syncSelection(form);
    });
  }

  // For the scripts of pages with forms (forms.js) and of single pages, loaded after this one.
  window.qcadmin = { within: within, elementOf: elementOf };

  document.addEventListener("htmx:load", function (e) { init(e.target); });
  init(document.body);
})();

// --- The command palette (Ctrl/⌘+K) loads on first use: palette.js and palette.css, at the URLs its button gives ---
(function () {
  "use strict";

  var button = document.querySelector("[data-palette-open][data-script]");
  if (!button) return;
  var typed = null; // what was typed while the palette loads; null before a first open and once it has loaded

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      el.onload = resolve;
      el.onerror = reject;
      document.head.append(el);
    });
  }

  function open() {
    if (window.qcPalette) { window.qcPalette(); return; }
    if (typed !== null) return;
    typed = "";
    Promise.all([
      load("link", { rel: "stylesheet", href: button.dataset.style }),
      load("script", { src: button.dataset.script })
    ]).then(function () {
      var t = typed;
      typed = null;
      if (window.qcPalette) window.qcPalette(t);
    }, function () { typed = null; });
  }

  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
      e.preventDefault();
      open();
    }
  });
  // Characters typed before the palette shows go into its input once it does. keypress, not keydown:
  // a character whose keydown came before the palette opened and its keypress after lands in the input once.
  document.addEventListener("keypress", function (e) {
    if (typed === null || e.key.length !== 1 || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    typed += e.key;
  });
  document.addEventListener("click", function (e) {
    if (e.target instanceof Element && e.target.closest("[data-palette-open]")) open();
  });
})();
