// Alerts get a working close button only when this script runs.
document.querySelectorAll("[data-dismiss='alert']").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => {
    button.closest(".alert")?.remove();
    document.getElementById("main")?.focus();
  });
});
