// Live preview of ./inv serve: the preview server adds this script to every page it
// serves (never to the built files). It follows the server's event stream: after a
// rebuild the page reloads; when the rebuild failed, a banner lists the problems
// (file, line, what to do) and the page keeps showing the last good version.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var BANNER_ID = "vnp-xem-truoc-loi";

  function showProblems(problems) {
    var banner = document.getElementById(BANNER_ID);
    if (!problems.length) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = document.createElement("section");
      banner.id = BANNER_ID;
      banner.setAttribute("role", "alert");
      banner.setAttribute("aria-label", "Lỗi khi dựng trang xem trước");
      // Styles through the CSSOM: the content security policy forbids inline style attributes.
      var s = banner.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
      s.maxHeight = "50vh"; s.overflow = "auto"; s.padding = "1rem 1.25rem";
      s.background = "#fff4f4"; s.color = "#3d0000"; s.borderTop = "4px solid #b00020";
      s.font = "1rem/1.5 system-ui, sans-serif"; s.boxShadow = "0 -2px 8px rgba(0,0,0,.25)";
      document.body.appendChild(banner);
    }
    banner.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = "Chưa cập nhật được trang xem trước: " + problems.length + " lỗi. Trang đang hiện là bản dựng thành công gần nhất.";
    heading.style.fontSize = "1.1rem";
    heading.style.margin = "0 0 .5rem";
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem; // text only: a file name or a title can never become markup
      list.appendChild(item);
    });
    banner.appendChild(heading);
    banner.appendChild(list);
  }

  var source = new EventSource("/__xem-truoc/su-kien");
  source.addEventListener("state", function (event) {
    showProblems(JSON.parse(event.data).problems || []);
  });
  source.addEventListener("problems", function (event) {
    showProblems(JSON.parse(event.data).problems || []);
  });
  source.addEventListener("reload", function () {
    source.close();
    window.location.reload();
  });
})();
