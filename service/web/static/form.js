/* Document forms: rows that can be added and removed, a draft kept in this browser, the server's
   checks shown next to the fields as the person types, and the attendance and vote figures.
   Inputs are named by JSON pointers ("/attendance/absent/0/name"); ids are "f" + pointer with "-". */
(function () {
  "use strict";
  var form = document.getElementById("document-form");
  if (!form) return;

  var fid = function (pointer) { return "f" + pointer.replace(/\//g, "-"); };
  var PLACEHOLDER = "__i__";
  var MARKERS = ["_list", "_date", "_time"];

  /* ---------- rows ---------- */

  function movePrefix(value, from, to, separator) {
    if (value === from) return to;
    if (value.indexOf(from + separator) === 0) return to + value.slice(from.length);
    return value;
  }

  // Renames everything under pointer `from` to pointer `to` (names, ids, label targets), templates included.
  function rewrite(root, from, to) {
    var idFrom = fid(from), idTo = fid(to);
    var nodes = [root].concat(Array.prototype.slice.call(root.querySelectorAll("*")));
    nodes.forEach(function (el) {
      if (el.nodeType !== 1) return;
      // Markers ("_list", "_date", "_time") name a pointer in their value, every other input in its name.
      var marker = MARKERS.indexOf(el.name) >= 0;
      if (el.name && !marker) el.name = movePrefix(el.name, from, to, "/");
      if (marker) el.value = movePrefix(el.value, from, to, "/");
      if (el.dataset && el.dataset.pointer !== undefined) el.dataset.pointer = movePrefix(el.dataset.pointer, from, to, "/");
      if (el.id) el.id = movePrefix(el.id, idFrom, idTo, "-");
      if (el.htmlFor) el.htmlFor = movePrefix(el.htmlFor, idFrom, idTo, "-");
      ["aria-describedby", "aria-labelledby"].forEach(function (attr) {
        var ids = el.getAttribute(attr);
        if (ids) el.setAttribute(attr, ids.split(" ").map(function (id) { return movePrefix(id, idFrom, idTo, "-"); }).join(" "));
      });
      if (el.tagName === "TEMPLATE") rewrite(el.content, from, to);
    });
  }

  function listOf(rows) { return rows.querySelector(":scope > .rows-list"); }

  function renumber(rows) {
    var base = rows.dataset.pointer;
    var items = listOf(rows).children;
    Array.prototype.forEach.call(items, function (row, index) {
      var wanted = base + "/" + index;
      if (row.dataset.pointer !== wanted) rewrite(row, row.dataset.pointer, wanted);
      var button = row.querySelector(":scope > .remove-row");
      button.setAttribute("aria-label", "Xóa " + button.dataset.item + " thứ " + (index + 1));
    });
    var max = parseInt(rows.dataset.max || "0", 10);
    rows.querySelector(":scope > .add-row").hidden = max > 0 && items.length >= max;
  }

  function firstInput(el) { return el.querySelector("input:not([type=hidden]), textarea, select"); }

  function appendRow(rows) {
    var template = rows.querySelector(":scope > template");
    var row = document.importNode(template.content, true).firstElementChild;
    var index = listOf(rows).children.length;
    rewrite(row, rows.dataset.pointer + "/" + PLACEHOLDER, rows.dataset.pointer + "/" + index);
    listOf(rows).appendChild(row);
    renumber(rows);
    row.querySelectorAll(":scope .rows").forEach(renumber);
    return row;
  }

  function addRow(rows) {
    var input = firstInput(appendRow(rows));
    if (input) input.focus();
    changed();
  }

  // Replaces every row of a list: each item maps a key under the row ("name", "excused") to its value.
  // Quietly (a page filling itself in as it opens) it is not the person's change: no draft, no check.
  function setRows(pointer, items, quiet) {
    var rows = form.querySelector('.rows[data-pointer="' + pointer + '"]');
    listOf(rows).textContent = "";
    items.forEach(function (item) {
      var row = appendRow(rows);
      Object.keys(item).forEach(function (key) {
        row.querySelectorAll('[name="' + row.dataset.pointer + "/" + key + '"]').forEach(function (input) {
          if (input.type === "radio" || input.type === "checkbox") input.checked = input.value === String(item[key]);
          else if (input.type !== "hidden") input.value = item[key];
        });
      });
    });
    if (quiet) announceChange();
    else changed();
  }

  var undo = null;
  function removeRow(row) {
    var list = row.parentElement, rows = list.closest(".rows");
    var position = Array.prototype.indexOf.call(list.children, row);
    if (list.children.length <= parseInt(rows.dataset.min || "0", 10)) {
      // A list that needs a row keeps one: emptied instead of removed.
      row.querySelectorAll("input:not([type=hidden]):not([type=radio]), textarea").forEach(function (el) { el.value = ""; });
    } else {
      list.removeChild(row);
      undo = { rows: rows, row: row, position: position };
      renumber(rows);
      announce("Đã xóa một dòng.", true);
    }
    var next = list.children[Math.min(position, list.children.length - 1)];
    var focusTarget = next ? firstInput(next) : rows.querySelector(":scope > .add-row");
    if (focusTarget) focusTarget.focus();
    changed();
  }

  function undoRemove() {
    if (!undo) return;
    var list = listOf(undo.rows);
    list.insertBefore(undo.row, list.children[undo.position] || null);
    renumber(undo.rows);
    var input = firstInput(undo.row);
    undo = null;
    announce("Đã khôi phục dòng vừa xóa.", false);
    if (input) input.focus();
    changed();
  }

  var status = document.createElement("div");
  status.className = "banner status-line";
  status.setAttribute("role", "status");
  status.hidden = true;
  form.parentElement.insertBefore(status, form);
  function announce(text, offerUndo) {
    status.textContent = text + " ";
    if (offerUndo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = "Hoàn tác";
      button.addEventListener("click", undoRemove);
      status.appendChild(button);
    }
    status.hidden = false;
  }

  form.addEventListener("click", function (event) {
    var add = event.target.closest(".add-row");
    if (add) { addRow(add.closest(".rows")); return; }
    var remove = event.target.closest(".remove-row");
    if (remove) removeRow(remove.closest(".row"));
  });
  form.querySelectorAll(".rows").forEach(renumber);

  // Other scripts of the page (figures, roll call) redraw on this event: typing, rows added or removed.
  function announceChange() { form.dispatchEvent(new CustomEvent("partyform:change")); }

  /* ---------- draft kept in this browser ---------- */

  var draftKey = "partydocs:draft:" + form.dataset.formId;

  function pairs() {
    var result = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "_csrf" && name !== "_action") result.push([name, String(value)]);
    });
    return result;
  }

  function saveDraft() {
    try {
      localStorage.setItem(draftKey, JSON.stringify({ saved: Date.now(), pairs: pairs() }));
    } catch (error) { /* storage full or disabled: the form still works, only the draft is not kept */ }
  }

  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (error) { return null; }
  }

  function restoreDraft(draft) {
    var restore = document.createElement("form");
    restore.method = "post";
    restore.action = form.action;
    restore.hidden = true;
    var add = function (name, value) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      restore.appendChild(input);
    };
    add("_csrf", form.querySelector("input[name=_csrf]").value);
    add("_action", "restore");
    draft.pairs.forEach(function (pair) { add(pair[0], pair[1]); });
    document.body.appendChild(restore);
    restore.submit();
  }

  var banner = document.getElementById("draft-banner");
  var draft = loadDraft();
  if (banner && form.hasAttribute("data-fresh") && draft && JSON.stringify(draft.pairs) !== JSON.stringify(pairs())) {
    banner.querySelector(".draft-time").textContent = new Date(draft.saved).toLocaleString("vi-VN");
    banner.hidden = false;
    banner.querySelector(".draft-restore").addEventListener("click", function () { restoreDraft(draft); });
    banner.querySelector(".draft-discard").addEventListener("click", function () {
      localStorage.removeItem(draftKey);
      banner.hidden = true;
      var input = firstInput(form);
      if (input) input.focus();
    });
  }

  /* ---------- the server's checks, shown as the person types ---------- */

  var touched = {};
  var everything = form.querySelector(".has-error") !== null || document.getElementById("error-summary") !== null;
  var checkTimer = null, saveTimer = null;

  function changed(target) {
    if (target && target.name) touched[target.name] = true;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, 400);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 700);
    announceChange();
  }

  function isTouched(pointer) {
    if (everything) return true;
    return Object.keys(touched).some(function (name) { return name === pointer || name.indexOf(pointer + "/") === 0; });
  }

  function messagesFor(pointer) {
    for (var p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      var box = document.getElementById(fid(p) + "-msg");
      if (box) return box;
      if (!p) return null;
    }
  }

  function message(kind, text) {
    var p = document.createElement("p");
    p.className = "msg " + kind;
    var tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = kind === "error" ? "Lỗi:" : "Lưu ý:";
    p.appendChild(tag);
    p.appendChild(document.createTextNode(" " + text));
    return p;
  }

  function show(findings) {
    form.querySelectorAll(".messages").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var shown = findings.errors.filter(function (f) { return isTouched(f.pointer); });
    shown.forEach(function (f) {
      var box = messagesFor(f.pointer);
      if (box) box.appendChild(message("error", f.message));
      var control = form.querySelector('[name="' + CSS.escape(f.pointer) + '"]:not([type=hidden])');
      if (control) {
        control.setAttribute("aria-invalid", "true");
        control.closest(".field") && control.closest(".field").classList.add("has-error");
      }
    });
    findings.warnings.forEach(function (f) {
      var box = messagesFor(f.pointer);
      if (box) box.appendChild(message("warning", f.message));
    });
    updatePanel("live-warnings", findings.warnings);
    updatePanel("live-titles", findings.titles || []);
    updatePanel("live-months", findings.months || []);
    updateFigures(findings.figures || {});
    updateSummary(findings.errors);
  }

  // A panel listing lines (the titles the documents will print) or findings (the warnings, each a link to its
  // field, as in the summary), hidden when empty.
  function updatePanel(id, lines) {
    var panel = document.getElementById(id);
    if (!panel) return;
    var list = panel.querySelector("ul");
    list.textContent = "";
    lines.forEach(function (line) {
      var li = document.createElement("li");
      if (typeof line === "string" || !line.pointer) {
        li.textContent = typeof line === "string" ? line : line.summary || line.message;
      } else {
        var a = document.createElement("a");
        a.href = "#" + fid(line.pointer);
        a.dataset.pointer = line.pointer;
        a.textContent = line.summary || line.message;
        li.appendChild(a);
      }
      list.appendChild(li);
    });
    panel.hidden = lines.length === 0;
  }

  // The attendance and vote lines as the server reckons them; a panel is hidden while its figure is unknown.
  function updateFigures(figures) {
    form.querySelectorAll("[data-figure]").forEach(function (place) {
      var text = figures[place.dataset.figure];
      place.textContent = text || "";
      place.closest(".totals").hidden = !text;
    });
  }

  function updateSummary(errors) {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    var title = summary.querySelector("h2"), list = summary.querySelector("ul");
    list.textContent = "";
    if (errors.length === 0) {
      title.textContent = "Đã sửa hết các chỗ cần sửa: bấm “Kiểm tra và tạo văn bản” để tạo văn bản.";
      summary.classList.add("fixed");
      return;
    }
    title.textContent = "Chưa tạo được văn bản: còn " + errors.length + " chỗ cần sửa";
    errors.forEach(function (f) {
      var li = document.createElement("li");
      if (f.pointer) {
        var a = document.createElement("a");
        a.href = "#" + fid(f.pointer);
        a.dataset.pointer = f.pointer;
        a.textContent = f.summary || f.message;
        li.appendChild(a);
      } else {
        li.textContent = f.message;
      }
      list.appendChild(li);
    });
  }

  var pending = null;
  function check() {
    if (pending) pending.abort();
    pending = new AbortController();
    var body = new FormData(form);
    fetch(form.dataset.checkUrl, {
      method: "POST", body: body, signal: pending.signal,
      headers: { "X-CSRF-Token": body.get("_csrf"), "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (findings) {
      if (findings) show(findings);
    }).catch(function () { /* offline or aborted: the checks run again on submit */ });
  }

  // The titles and figures of what is already typed (a sample, a form sent back) show as the page opens.
  check();

  // Long texts grow their box instead of hiding lines behind a scroll bar (phones especially).
  function fit(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 4 + "px";
  }
  form.querySelectorAll("textarea").forEach(fit);

  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") fit(event.target);
    changed(event.target);
  });
  form.addEventListener("change", function (event) { changed(event.target); });
  form.addEventListener("submit", function () { saveDraft(); });

  /* ---------- links from a summary to the field ---------- */

  function focusPointer(pointer) {
    for (var p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      var control = form.querySelector('[name="' + CSS.escape(p) + '"]:not([type=hidden])');
      var target = control || document.getElementById(fid(p));
      if (target) {
        var details = target.closest("details");
        if (details) details.open = true;
        var focusable = control || firstInput(target) || target;
        focusable.focus();
        focusable.scrollIntoView({ block: "center" });
        return true;
      }
      if (!p) return false;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".summary a[data-pointer], .live-panel a[data-pointer]");
    if (link && focusPointer(link.dataset.pointer)) event.preventDefault();
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  else if (location.hash && location.hash.length > 2) focusPointer(location.hash.slice(2).replace(/-/g, "/"));

  // For the page's other scripts (roster.js): fill lists and report changes like typing does.
  window.PartyForm = { setRows: setRows, changed: changed };
})();
