/* The roster on a form. Roll call: the toggles of each member fill the attendance figures and the absent list.
   One click fills a list of members, or a member's identity; a name picked brings its position. Conveniences:
   everything filled stays editable and the server checks it. */
(function () {
  "use strict";
  var form = document.getElementById("document-form");
  if (!form || !window.PartyForm) return;
  var roll = document.querySelector(".roll");

  function members() {
    return Array.prototype.map.call(roll.querySelectorAll("li[data-name]"), function (item) {
      return {
        name: item.dataset.name,
        official: item.dataset.official === "true",
        choice: item.querySelector("input[type=radio]:checked").value,
        reason: item.querySelector(".roll-reason input").value.trim(),
        item: item
      };
    });
  }

  function count(list, test) { return list.filter(test).length; }

  function put(pointer, value) {
    var input = form.querySelector('[name="' + pointer + '"]');
    if (input) input.value = String(value);
  }

  function showReasons(list) {
    list.forEach(function (m) { m.item.querySelector(".roll-reason").hidden = m.choice !== "excused"; });
  }

  function apply(quiet) {
    var list = members();
    showReasons(list);
    var present = function (m) { return m.choice === "present"; };
    put("/attendance/total", list.length);
    put("/attendance/official", count(list, function (m) { return m.official; }));
    put("/attendance/probationary", count(list, function (m) { return !m.official; }));
    put("/attendance/exempt", count(list, function (m) { return m.choice === "exempt"; }));
    put("/attendance/present", count(list, present));
    put("/attendance/present_official", count(list, function (m) { return present(m) && m.official; }));
    window.PartyForm.setRows("/attendance/absent", list.filter(function (m) {
      return m.choice === "excused" || m.choice === "unexcused";
    }).map(function (m) {
      return { name: m.name, excused: m.choice === "excused", reason: m.choice === "excused" ? m.reason : "" };
    }), quiet === true);
  }

  if (roll) {
    var timer = null;
    roll.addEventListener("change", function () { apply(false); });
    roll.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { apply(false); }, 300); });
    // Figures keep what was typed or sent back; a new form takes them from the roll at once.
    if (form.querySelector('[name="/attendance/total"]').value === "") apply(true);
    else showReasons(members());
  }

  /* ---------- one click: a list of members, a member's identity ---------- */

  var data = document.getElementById("roster-data");
  var facts = data ? JSON.parse(data.textContent) : [];

  // Only the keys a row of the list has are copied: a voting slip's row takes the name, not the birth date.
  function keysOf(pointer) {
    var template = form.querySelector('.rows[data-pointer="' + pointer + '"] > template');
    var names = Array.prototype.map.call(template.content.querySelectorAll("[name]"), function (el) { return el.name; });
    return function (key) { return names.indexOf(pointer + "/__i__/" + key) >= 0; };
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill-rows]");
    if (!button) return;
    var pointer = button.dataset.fillRows, has = keysOf(pointer);
    window.PartyForm.setRows(pointer, facts.map(function (member) {
      var row = {};
      Object.keys(member).forEach(function (key) { if (has(key)) row[key] = member[key]; });
      return row;
    }), false);
  });

  var pick = form.querySelector("[data-pick-member]");
  if (pick) pick.addEventListener("change", function () {
    var member = facts[parseInt(pick.value, 10)];
    if (!member) return;
    ["name", "birth_date", "party_position", "government_position", "unit"].forEach(function (key) {
      var input = form.querySelector('[name="/' + key + '"]:not([type=hidden])');
      if (input) { input.value = member[key]; window.PartyForm.changed(input); }
    });
  });

  // A name picked from the roster brings its position along. The position is replaced, never added to, and
  // follows a new name as long as the person has not typed it by hand (data-autofilled holds what was filled).
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.getAttribute("list") !== "roster-names") return;
    var position = form.querySelector('[name="' + CSS.escape(input.name.replace(/\/[^/]+$/, "/position")) + '"]');
    if (!position || position === input) return;
    var option = document.querySelector('#roster-names option[value="' + CSS.escape(input.value) + '"]');
    var filled = position.dataset.autofilled;
    if (position.value !== "" && position.value !== filled) return;
    var wanted = option ? option.dataset.position || "" : "";
    if (position.value === wanted) return;
    position.value = wanted;
    position.dataset.autofilled = wanted;
    window.PartyForm.changed(position);
  });
  form.addEventListener("input", function (event) {
    if (event.target.dataset.autofilled !== undefined) delete event.target.dataset.autofilled;
  });
})();
