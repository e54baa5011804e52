// Small behaviours shared by every page (no inline script, CSP-friendly).
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
document.querySelectorAll("select[data-navigate]").forEach((select) => {
  select.addEventListener("change", () => window.location.assign(select.value));
});
