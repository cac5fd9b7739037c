/* Draws every <canvas data-chart="ID"> with the JSON in <script id="ID" type="application/json">
 * (written by Django's json_script): {horizontal, labels, datasets: [{label, data}]}.
 * A null value is a hidden figure ("fewer than 5"): no bar; the table beside the chart says so.
 * Loaded as a file (no inline script), after the vendored Chart.js. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var palette = ["#0b5cad", "#b3261e", "#1e6b35", "#8a5a00", "#5b3f9e"];
  var canvases = document.querySelectorAll("canvas[data-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: palette[index % palette.length],
        borderWidth: 0
      };
    });
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  });
})();
