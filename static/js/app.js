// Small behaviours shared by every page (no inline script, CSP-friendly).
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
