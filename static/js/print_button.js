// The printable prompt list: a button that opens the browser's print dialog (no inline handlers under the CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
