/* A batch's page: the progress bar follows the job's row until it is done, then offers the ZIP. */
(function () {
  "use strict";
  var box = document.getElementById("batch");
  if (!box) return;
  var RUNNING = ["queued", "running", "packaging"];
  var bar = box.querySelector("progress");

  function show(job) {
    bar.max = job.total || 1;
    bar.value = job.done + job.failed;
    box.querySelector(".batch-status").textContent = job.status_words;
    box.querySelector(".batch-count").textContent = job.done + "/" + job.total + " văn bản đã tạo" +
      (job.failed ? ", " + job.failed + " văn bản lỗi" : "") + ".";
    box.querySelector(".batch-download").hidden = !job.download;
    var error = box.querySelector(".batch-error");
    error.textContent = job.error || "";
    error.hidden = !job.error;
    // A finished batch cannot be cancelled: the button goes once the job does.
    var cancel = document.querySelector(".batch-cancel");
    if (cancel) cancel.hidden = RUNNING.indexOf(job.status) === -1;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" } }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (job) {
      if (!job) return;
      show(job);
      if (RUNNING.indexOf(job.status) !== -1) setTimeout(poll, 1000);
      // The page was drawn while the job ran: draw it again to list what failed.
      else if (job.failures && job.failures.length && RUNNING.indexOf(box.dataset.initialStatus) !== -1) location.reload();
    }).catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
