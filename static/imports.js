// qcadmin imports: files dropped on or picked in the upload form are checked
// here (type and size) and then sent one request each, in turn, with their
// own progress bar and result, so a batch shows how far it got and a refused
// file does not stop the others. Without this script the form posts every file
// at once and the server checks the same things. Text goes in with
// textContent; only the server's own rendered rows are inserted as markup.
(function () {
  "use strict";

  var queue = Promise.resolve();

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  // checkFile says why a file is not sent, or "" when it may go.
  function checkFile(form, file) {
    var accepted = (form.getAttribute("data-accept") || "").split(",");
    var max = parseInt(form.getAttribute("data-max-bytes"), 10);
    if (accepted.indexOf(extensionOf(file.name)) < 0) {
      return "Not sent: \u201c" + file.name + "\u201d is not a " + form.getAttribute("data-types") + " file.";
    }
    if (file.size === 0) return "Not sent: the file is empty.";
    if (max > 0 && file.size > max) {
      return "Not sent: the file is larger than " + form.getAttribute("data-max-label") + ", the most this console sends.";
    }
    return "";
  }

  function resultList(form) {
    var section = form.closest("section");
    return section && section.querySelector("#upload-results");
  }

  // A row for a file on its way: its name, a progress bar and what is happening.
  function pendingRow(name) {
    var li = document.createElement("li");
    li.className = "upload-result upload-pending";
    li.setAttribute("data-testid", "upload-result");
    li.setAttribute("data-status", "pending");
    var label = document.createElement("span");
    label.className = "upload-name";
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + name);
    var status = document.createElement("span");
    status.className = "subtle upload-status";
    status.textContent = "Queued";
    li.append(label, bar, status);
    return li;
  }

  function refuse(li, message) {
    li.className = "upload-result upload-refused";
    li.setAttribute("data-status", "refused");
    var msg = document.createElement("span");
    msg.className = "field-error";
    msg.setAttribute("role", "alert");
    msg.textContent = message;
    li.replaceChildren(li.querySelector(".upload-name"), msg);
  }

  // The server answers with the file's row, rendered like the rows of a plain upload.
  function replaceWithRows(li, html) {
    var doc = new DOMParser().parseFromString("<ul>" + html + "</ul>", "text/html");
    var rows = Array.from(doc.querySelectorAll("li.upload-result"));
    if (!rows.length) {
      refuse(li, "The console sent back no result for this file. Look in the article list before sending it again.");
      return;
    }
    li.replaceWith.apply(li, rows.map(function (r) { return document.importNode(r, true); }));
  }

  function send(form, file, li) {
    return new Promise(function (done) {
      var bar = li.querySelector("progress");
      var status = li.querySelector(".upload-status");
      var body = new FormData();
      body.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("HX-Request", "true");
      status.textContent = "Sending";
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.upload.addEventListener("load", function () {
        bar.value = 100;
        status.textContent = "Importing, or waiting for Quickchat's import budget\u2026";
      });
      xhr.addEventListener("load", function () {
        var to = xhr.getResponseHeader("HX-Redirect");
        if (to) {
          window.location.assign(to); // the session ended: sign in again
        } else if (xhr.status === 200) {
          replaceWithRows(li, xhr.responseText);
        } else {
          refuse(li, "The console answered " + xhr.status + "; the file may not have been imported. Try again.");
        }
        done();
      });
      xhr.addEventListener("error", function () {
        refuse(li, "The upload was interrupted; the file may not have been imported. Try again.");
        done();
      });
      xhr.send(body);
    });
  }

  function upload(form, files) {
    var list = resultList(form);
    if (!list) return;
    Array.prototype.forEach.call(files, function (file) {
      var li = pendingRow(file.name);
      list.append(li);
      var why = checkFile(form, file);
      if (why) {
        refuse(li, why);
        return;
      }
      // One file at a time: each is its own HEAVY request against the agent's budget.
      queue = queue.then(function () { return send(form, file, li); });
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload-form")) return;
    var input = form.querySelector("input[type=file]");
    if (!input || !input.files.length) return; // the browser's own "required" message
    e.preventDefault();
    upload(form, input.files);
    input.value = "";
  });

  function zoneOf(e) {
    var el = e.target instanceof Element ? e.target : null;
    var zone = el && el.closest("[data-drop-zone]");
    return zone && zone.closest("form[data-upload-form]") ? zone : null;
  }

  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var zone = zoneOf(e);
      if (!zone) return;
      e.preventDefault(); // allows the drop
      zone.classList.add("drop-active");
    });
  });

  document.addEventListener("dragleave", function (e) {
    var zone = zoneOf(e);
    if (zone && !zone.contains(e.relatedTarget)) zone.classList.remove("drop-active");
  });

  document.addEventListener("drop", function (e) {
    var zone = zoneOf(e);
    if (!zone) return;
    e.preventDefault();
    zone.classList.remove("drop-active");
    if (e.dataTransfer && e.dataTransfer.files.length) upload(zone.closest("form"), e.dataTransfer.files);
  });
})();
