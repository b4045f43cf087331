/* The result page: load each document's page images as soon as the page opens. */
(function () {
  "use strict";
  document.querySelectorAll(".preview[data-preview-url]").forEach(function (box) {
    var waiting = document.createElement("p");
    waiting.className = "loading";
    waiting.setAttribute("role", "status");
    waiting.textContent = "Đang chuẩn bị hình ảnh các trang để xem trước…";
    box.appendChild(waiting);
    fetch(box.dataset.previewUrl).then(function (response) {
      return response.text();
    }).then(function (html) {
      box.innerHTML = html;
    }).catch(function () {
      waiting.textContent = "Chưa tải được bản xem trước; bấm “Xem trước các trang” để thử lại.";
    });
  });
})();
