/* Small helpers for the simple pages: ask before a form that removes something is sent. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
