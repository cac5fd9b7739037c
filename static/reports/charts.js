/* Draws every <canvas data-chart="ID"> with the JSON in <script id="ID" type="application/json">
 * (written by Django's json_script): {horizontal, labels, suppressed_label,
 * datasets: [{label, data, suppressed}]}.
 * A hidden figure ("fewer than 5") is drawn as a hatched bar with the words beside it; the
 * table beside the chart says the same. Loaded as a file (no inline script), after the
 * vendored Chart.js, and only on pages that have a chart. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var palette = ["#0b5cad", "#b3261e", "#1e6b35", "#8a5a00", "#5b3f9e"];

  function hatch(color) {
    var tile = document.createElement("canvas");
    tile.width = 8;
    tile.height = 8;
    var pen = tile.getContext("2d");
    pen.fillStyle = "#ffffff";
    pen.fillRect(0, 0, 8, 8);
    pen.strokeStyle = color;
    pen.lineWidth = 2;
    pen.beginPath();
    pen.moveTo(0, 8);
    pen.lineTo(8, 0);
    pen.moveTo(-2, 2);
    pen.lineTo(2, -2);
    pen.moveTo(6, 10);
    pen.lineTo(10, 6);
    pen.stroke();
    return pen.createPattern(tile, "repeat");
  }

  // The words beside each hatched bar ("fewer than 5"), after its end.
  var besideHidden = {
    id: "besideHidden",
    afterDatasetsDraw: function (chart) {
      var words = chart.config.options.suppressedLabel;
      var pen = chart.ctx;
      pen.save();
      pen.fillStyle = "#1b1f24";
      pen.font = "12px system-ui, sans-serif";
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        (dataset.suppressed || []).forEach(function (hidden, position) {
          var bar = meta.data[position];
          if (!hidden || !bar) {
            return;
          }
          if (chart.config.options.indexAxis === "y") {
            pen.textBaseline = "middle";
            pen.fillText(words, bar.x + 6, bar.y);
          } else {
            pen.textAlign = "center";
            pen.textBaseline = "bottom";
            pen.fillText(words, bar.x, bar.y - 4);
          }
        });
      });
      pen.restore();
    }
  };

  var canvases = document.querySelectorAll("canvas[data-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      var color = palette[index % palette.length];
      var pattern = hatch(color);
      return {
        label: dataset.label,
        data: dataset.data,
        suppressed: dataset.suppressed || [],
        backgroundColor: (dataset.suppressed || []).map(function (hidden) {
          return hidden ? pattern : color;
        }),
        borderColor: color,
        borderWidth: (dataset.suppressed || []).map(function (hidden) {
          return hidden ? 1 : 0;
        })
      };
    });
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      plugins: [besideHidden],
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        suppressedLabel: spec.suppressed_label,
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { right: spec.horizontal ? 90 : 0, top: spec.horizontal ? 0 : 18 } },
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (item) {
                var hidden = item.dataset.suppressed[item.dataIndex];
                var value = hidden ? spec.suppressed_label : item.formattedValue;
                return item.dataset.label + ": " + value;
              }
            }
          }
        },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  });
})();
