/* The monthly meeting form: attendance and vote figures computed as the secretary types, and the online
   platform shown only for online meetings. A convenience: the server stays the judge of every figure. */
(function () {
  "use strict";
  var form = document.getElementById("document-form");
  if (!form) return;

  function number(pointer) {
    var input = form.querySelector('[name="' + pointer + '"]');
    var value = input ? parseInt(input.value, 10) : NaN;
    return isNaN(value) ? null : value;
  }

  // The way documents write a percentage: half-up on the exact fraction, "93,33%", "100%".
  function percent(part, whole) {
    var scaled = Math.floor(part * 10000 / whole), rest = part * 10000 - scaled * whole;
    if (2 * rest >= whole) scaled += 1;
    var units = Math.floor(scaled / 100), cents = scaled % 100;
    var text = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (cents ? text + "," + (cents < 10 ? "0" : "") + cents : text) + "%";
  }

  function put(box, name, text) { box.querySelector('[data-total="' + name + '"]').textContent = text; }

  function absentCount() {
    var names = form.querySelectorAll('input[name^="/attendance/absent/"][name$="/name"]');
    return Array.prototype.filter.call(names, function (input) { return input.value.trim() !== ""; }).length;
  }

  // Official members the chi ủy let miss the whole sitting are not summoned: they leave the denominator.
  function approvedOfficial() {
    var approved = form.querySelectorAll('input[name^="/attendance/absent/"][name$="/approved"][value="true"]:checked');
    return Array.prototype.filter.call(approved, function (input) {
      var status = form.querySelector('[name="' + input.name.replace(/approved$/, "status") + '"]');
      return status && status.value === "official";
    }).length;
  }

  function updateTotals() {
    var attendance = document.getElementById("attendance-totals");
    if (!attendance) return;
    var total = number("/attendance/total"), official = number("/attendance/official");
    var exempt = number("/attendance/exempt") || 0, away = number("/attendance/transferred_out") || 0;
    var present = number("/attendance/present"), presentOfficial = number("/attendance/present_official");
    var absent = absentCount();
    if (total !== null && present !== null) {
      var expected = total - exempt - away;
      put(attendance, "expected", expected);
      put(attendance, "present", present);
      put(attendance, "absent", absent);
      put(attendance, "sum", present + absent);
      var note = attendance.querySelector('[data-total="sum-note"]');
      note.textContent = present + absent === expected ? " — khớp" : " — chưa khớp với " + expected;
      note.className = present + absent === expected ? "" : "off";
      put(attendance, "rate", expected > 0 ? percent(present, expected) : "—");
      put(attendance, "probationary-present", presentOfficial !== null ? present - presentOfficial : "—");
      attendance.hidden = false;
    } else {
      attendance.hidden = true;
    }
    var vote = document.getElementById("vote-totals");
    var summoned = number("/attendance/summoned_official");
    var base = summoned !== null ? summoned : (official !== null ? official - exempt - away - approvedOfficial() : null);
    var inFavour = number("/vote/in_favour");
    if (vote && base && inFavour !== null) {
      put(vote, "denominator", base);
      put(vote, "in-favour-rate", inFavour + "/" + base + " = " + percent(inFavour, base));
      put(vote, "against-rate", percent(number("/vote/against") || 0, base));
      put(vote, "other-rate", percent(number("/vote/other") || 0, base));
      vote.hidden = false;
    } else if (vote) {
      vote.hidden = true;
    }
  }

  /* ---------- the online platform only matters for online meetings ---------- */

  var meetingForm = form.querySelector('[name="/meeting/form"]');
  var platform = form.querySelector('[name="/meeting/platform"]');
  function togglePlatform() {
    platform.closest(".field").hidden = meetingForm.value === "in_person" && platform.value === "";
  }
  if (meetingForm && platform) {
    meetingForm.addEventListener("change", togglePlatform);
    togglePlatform();
  }

  form.addEventListener("partyform:change", updateTotals);
  updateTotals();
})();
