/* The printed footer (static/css/screen-print.css) carries the moment of printing, not of
   loading, and the address as it is now (filters and sort included after an htmx refresh). */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  window.addEventListener("beforeprint", function () {
    var now = new Date();
    document.querySelectorAll("[data-print-date]").forEach(function (el) {
      el.textContent = pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear() +
        " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
    });
    document.querySelectorAll(".print-footer [data-print-url]").forEach(function (el) {
      el.textContent = window.location.href;
    });
  });
})();
