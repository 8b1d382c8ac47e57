// Buttons marked data-print-page open the browser's print dialog (inline handlers are not allowed by the CSP).
document.querySelectorAll('[data-print-page]').forEach((button) => {
  button.addEventListener('click', () => window.print());
});
