// Fills each dashboard card's sparkline slot (<div data-sparkline="CODE">) with
// the SVG drawn on the server, fetched in one request once the page is shown
// from the URL of the element marked data-sparklines. Without script, or if
// the request fails, the slots stay empty and the page is complete without them.
(function () {
  const holder = document.querySelector("[data-sparklines]");
  if (!holder || !window.fetch) return;
  fetch(holder.dataset.sparklines, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.text() : ""))
    .then((html) => {
      const fragment = new DOMParser().parseFromString(html, "text/html");
      const slots = Object.fromEntries(
        [...holder.querySelectorAll("[data-sparkline]")].map((slot) => [
          slot.dataset.sparkline,
          slot,
        ]),
      );
      fragment.querySelectorAll("[data-sparkline-for]").forEach((line) => {
        const slot = slots[line.dataset.sparklineFor];
        if (slot) slot.replaceChildren(...line.childNodes);
      });
    })
    .catch(() => {});
})();
