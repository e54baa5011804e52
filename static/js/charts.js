// Draws every <canvas data-chart="ID"> from the JSON the view gives in #chart-data.
(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const charts = Object.fromEntries(
    JSON.parse(source.textContent).map((chart) => [chart.id, chart]),
  );
  const palette = ["#1f5f8b", "#e07a5f", "#3d9970", "#f2c14e", "#8e7dbe", "#5bc0de", "#b5b5b5"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const chart = charts[canvas.dataset.chart];
    if (!chart) return;
    if (chart.kind === "line") {
      new Chart(canvas, {
        type: "line",
        data: {
          labels: chart.labels,
          datasets: chart.datasets.map((line, i) => ({
            label: line.label,
            data: line.values,
            borderColor: palette[i % palette.length],
            backgroundColor: palette[i % palette.length],
            spanGaps: true,
          })),
        },
        options: { responsive: true, plugins: { legend: { position: "bottom" } } },
      });
      return;
    }
    const pie = chart.kind === "doughnut";
    new Chart(canvas, {
      type: pie ? "doughnut" : "bar",
      data: {
        labels: chart.labels,
        datasets: [{ data: chart.values, backgroundColor: pie ? palette : palette[0] }],
      },
      options: {
        responsive: true,
        plugins: { legend: { display: pie, position: "bottom" } },
      },
    });
  });
})();
