// The command palette (Ctrl/⌘+K): the pages, this page's actions, articles by title, conversations by number.
// app.js loads this file the first time someone opens the palette and calls window.qcPalette(typed)
// with what they typed while it loaded; the dialog is built here, so pages carry none of it.
(function () {
  "use strict";

  if (!document.getElementById("palette")) {
    document.body.insertAdjacentHTML("beforeend",
      '<dialog class="palette" id="palette" aria-label="Go to" data-testid="palette">' +
      '<label for="palette-input" class="visually-hidden">Go to a page, an article or an action</label>' +
      '<input type="text" id="palette-input" role="combobox" aria-controls="palette-list" aria-expanded="true"' +
      ' aria-autocomplete="list" autocomplete="off" spellcheck="false"' +
      ' placeholder="Go to a page, an article by title, or an action…" data-testid="palette-input">' +
      '<ul id="palette-list" class="palette-list" role="listbox" aria-label="Results" data-testid="palette-list"></ul>' +
      '<p class="palette-foot subtle small kbd-hint">↑ ↓ to choose · Enter to go · Esc to close</p></dialog>');
  }
  var dialog = document.getElementById("palette");
  if (typeof dialog.showModal !== "function") return;
  var input = document.getElementById("palette-input");
  var list = document.getElementById("palette-list");
  var MAX_ARTICLES = 8;
  var items = [], articles = [], conversations = [], active = 0, asked = 0, timer = 0;

  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  // The pages are the navigation's links; the actions are the page header's buttons and the form's Save.
  function fixed() {
    var out = Array.from(document.querySelectorAll("nav.nav a[href]")).map(function (a) {
      return { label: text(a), kind: "Page", href: a.getAttribute("href") };
    });
    document.querySelectorAll("main .page-header a.btn[href], main [data-save-default]:not([disabled])").forEach(function (el) {
      out.push({ label: text(el), kind: "Action", el: el });
    });
    return out;
  }

  function render() {
    var q = input.value.trim().toLowerCase();
    items = fixed().filter(function (it) { return it.label.toLowerCase().indexOf(q) !== -1; }).concat(conversations, articles);
    if (active >= items.length) active = 0;
    list.replaceChildren();
    items.forEach(function (it, i) {
      var li = document.createElement("li");
      li.id = "palette-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.dataset.index = String(i);
      var label = document.createElement("span");
      label.textContent = it.label;
      var kind = document.createElement("span");
      kind.className = "palette-kind";
      kind.textContent = it.kind;
      li.append(label, kind);
      list.append(li);
    });
    if (items.length === 0) {
      var none = document.createElement("li");
      none.className = "palette-none";
      none.textContent = q.length < 2 ? "Nothing matches." : "Nothing matches “" + input.value.trim() + "”.";
      list.append(none);
    }
    if (items.length) input.setAttribute("aria-activedescendant", "palette-opt-" + active);
    else input.removeAttribute("aria-activedescendant");
    var sel = document.getElementById("palette-opt-" + active);
    if (sel) sel.scrollIntoView({ block: "nearest" });
  }

  // Articles whose title holds the words, read from the article list the way htmx reads it.
  function findArticles() {
    var q = input.value.trim();
    var mine = ++asked;
    if (q.length < 2) { articles = []; render(); return; }
    fetch("/articles?title=" + encodeURIComponent(q), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.text() : ""; })
      .then(function (html) {
        if (mine !== asked) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        articles = Array.from(doc.querySelectorAll("[data-testid=article-row] td.title a[href]")).slice(0, MAX_ARTICLES).map(function (a) {
          return { label: text(a), kind: "Article", href: a.getAttribute("href") };
        });
        render();
      })
      .catch(function () {});
  }

  // A conversation by its number ("42" or "#42"), read from the inbox's list the way htmx reads it.
  function findConversation() {
    var m = /^#?(\d{1,9})$/.exec(input.value.trim());
    var mine = asked;
    if (!m) { conversations = []; render(); return; }
    var ord = String(Number(m[1]));
    fetch("/conversations?query=" + encodeURIComponent(ord), {
      headers: { "HX-Request": "true", "HX-Target": "conversation-results" }, credentials: "same-origin"
    })
      .then(function (res) { return res.ok ? res.text() : ""; })
      .then(function (html) {
        if (mine !== asked) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        conversations = Array.from(doc.querySelectorAll("[data-testid=conversation-row]")).filter(function (row) {
          return row.getAttribute("data-ord") === ord;
        }).slice(0, 1).map(function (row) {
          var a = row.querySelector("a.conversation-link[href]");
          var visitor = row.querySelector("[data-testid=visitor]");
          var title = row.querySelector("[data-testid=title]");
          return { label: "#" + ord + " " + text(visitor || row) + (title ? " · " + text(title) : ""), kind: "Conversation", href: a && a.getAttribute("href") };
        }).filter(function (it) { return it.href; });
        render();
      })
      .catch(function () {});
  }

  function open(typed) {
    input.value = typed || "";
    articles = [];
    conversations = [];
    active = 0;
    render();
    if (!dialog.open) dialog.showModal();
    input.focus();
    if (input.value) input.dispatchEvent(new Event("input"));
  }

  function go(it) {
    if (!it) return;
    dialog.close();
    if (it.el) it.el.click();
    else window.location.assign(it.href);
  }

  function move(by) {
    if (!items.length) return;
    active = (active + by + items.length) % items.length;
    render();
  }

  input.addEventListener("input", function () {
    active = 0;
    render();
    clearTimeout(timer);
    timer = setTimeout(function () { findArticles(); findConversation(); }, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter") { e.preventDefault(); go(items[active]); }
  });
  list.addEventListener("click", function (e) {
    var li = e.target instanceof Element && e.target.closest("li[data-index]");
    if (li) go(items[Number(li.dataset.index)]);
  });
  // A click on the backdrop (the dialog itself, outside its box) closes it.
  dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
  window.qcPalette = open;
})();
