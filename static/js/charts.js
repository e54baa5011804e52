// Draws every <canvas data-chart="ID"> from the JSON the view gives in #chart-data.
// Each category's colour comes with the data (apps/indicators/colours.py), and
// numbers are written the way the page's language writes them ("18 000" in French).
(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const charts = Object.fromEntries(
    JSON.parse(source.textContent).map((chart) => [chart.id, chart]),
  );
  const language = document.documentElement.lang || "en";
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(language, {
    style: "percent",
    maximumFractionDigits: 1,
  });
  const write = (chart, value) =>
    chart.unit === "percent" ? percent.format(value / 100) : number.format(value);
  const tooltip = (chart) => ({
    callbacks: {
      label: (item) => {
        const name = item.dataset.label || item.label;
        const text = write(chart, item.parsed.y ?? item.parsed);
        if (!chart.percents || chart.percents[item.dataIndex] == null) {
          return `${name}: ${text}`;
        }
        return `${name}: ${text} (${percent.format(chart.percents[item.dataIndex] / 100)})`;
      },
    },
  });
  const axis = (chart) => ({ ticks: { callback: (value) => write(chart, value) } });

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const chart = charts[canvas.dataset.chart];
    if (!chart) return;
    if (chart.kind === "line") {
      new Chart(canvas, {
        type: "line",
        data: {
          labels: chart.labels,
          datasets: chart.datasets.map((line) => ({
            label: line.label,
            data: line.values,
            borderColor: line.colour,
            backgroundColor: line.colour,
            spanGaps: true,
            // A line of points (a target each year): marks, no line.
            ...(line.points ? { showLine: false, pointStyle: "rectRot", pointRadius: 6 } : {}),
          })),
        },
        options: {
          responsive: true,
          // The chart fills its box's fixed height (app.css), which leaves a
          // phone room for the lines under the legend and the dates.
          maintainAspectRatio: false,
          scales: {
            // The dates lie flat, as many as fit: tilted, they took the
            // drawing's height on a phone.
            x: { ticks: { maxRotation: 0, autoSkipPadding: 12 } },
            y: axis(chart),
          },
          plugins: { legend: { position: "bottom" }, tooltip: tooltip(chart) },
        },
      });
      return;
    }
    if (chart.kind === "doughnut") {
      // The value and its share stay written on each slice big enough to
      // hold them, without hovering (the table under the chart has them all).
      const plugins = typeof ChartDataLabels === "undefined" ? [] : [ChartDataLabels];
      new Chart(canvas, {
        type: "doughnut",
        plugins,
        data: {
          labels: chart.labels,
          datasets: [
            {
              data: chart.values,
              backgroundColor: chart.colours,
              borderColor: "#fff",
            },
          ],
        },
        options: {
          responsive: true,
          plugins: {
            legend: { position: "bottom" },
            tooltip: tooltip(chart),
            datalabels: {
              display: (context) => (chart.percents[context.dataIndex] ?? 0) >= 5,
              formatter: (value, context) =>
                chart.unit === "percent"
                  ? write(chart, value)
                  : `${write(chart, value)}\n${percent.format(chart.percents[context.dataIndex] / 100)}`,
              color: "#000",
              backgroundColor: "rgba(255, 255, 255, 0.85)",
              borderRadius: 3,
              padding: 3,
              textAlign: "center",
              font: { weight: "bold" },
            },
          },
        },
      });
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: [{ label: chart.title, data: chart.values, backgroundColor: chart.colours }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: axis(chart) },
        plugins: { legend: { display: false }, tooltip: tooltip(chart) },
      },
    });
  });
})();
