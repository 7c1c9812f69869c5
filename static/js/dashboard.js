/* Draws the dashboard's charts from the JSON the page carries; each chart has a data table
   beside it for screen readers and for printing. No inline script (Content-Security-Policy). */
(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const green = "#1b6b3a", gold = "#c99a06", grey = "#8a8f98";
  const make = (name, config) => {
    const canvas = document.querySelector(`canvas[data-chart="${name}"]`);
    if (!canvas) return;
    // vi-VN: numbers with the decimal comma, as in the tables beside the charts.
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
                                     locale: "vi-VN" }, config.options || {});
    new Chart(canvas, config);
  };
  const r = data.recognitions;
  make("recognitions", {
    type: "bar",
    data: { labels: r.labels, datasets: [
      { type: "bar", label: "Công nhận lần đầu (từ 3★)", data: r.per_year, backgroundColor: green },
      { type: "bar", label: "Đánh giá lại, nâng hạng", data: r.renewed, backgroundColor: grey },
      { type: "line", label: "Lũy kế từ 2022 (chỉ tiêu 1)", data: r.cumulative, borderColor: gold },
      { type: "line", label: "Lộ trình 100", data: r.path, borderColor: grey, borderDash: [6, 4] },
    ] },
  });
  make("districts", {
    type: "bar",
    data: { labels: data.districts.map((d) => d.name), datasets: [3, 4, 5].map((s, i) => ({
      label: `${s}★`, data: data.districts.map((d) => d[`s${s}`]),
      backgroundColor: [grey, green, gold][i] })) },
    options: { indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } } },
  });
  make("legal_forms", { type: "doughnut", data: { labels: data.legal_forms.labels,
    datasets: [{ data: data.legal_forms.values }] } });
  make("sectors", { type: "doughnut", data: { labels: data.sectors.labels,
    datasets: [{ data: data.sectors.values }] } });
  make("expiring", { type: "bar", data: { labels: data.expiring.map((e) => e.month),
    datasets: [{ label: "Hết hạn", data: data.expiring.map((e) => e.count), backgroundColor: gold }] } });
})();
