/* The monthly meeting form: the online platform shown only for online meetings. (The attendance and vote
   figures come from the server's check, form.js: the browser never re-counts by rules of its own.) */
(function () {
  "use strict";
  var form = document.getElementById("document-form");
  if (!form) return;

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
})();
