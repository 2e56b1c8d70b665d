/*
 * The role-play player, enhanced. Without this script everything still works:
 * each reply is a plain form POST that redirects back to the run.
 * - After a reply, bring the latest feedback and the customer's next line into view
 *   and move focus to that line, so screen readers read on from there.
 * - Send a reply only once, even after a double click; show which one was sent.
 */
(function () {
  "use strict";

  var player = document.querySelector("[data-roleplay]");
  if (!player) {
    return;
  }

  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var current = player.querySelector("#current");
  var latest = player.querySelector(".rp-msg--latest");

  if (current && latest) {
    latest.scrollIntoView({
      behavior: reduceMotion ? "auto" : "smooth",
      block: "start",
    });
    current.focus({ preventScroll: true });
  }

  var form = player.querySelector("[data-replies]");
  if (!form) {
    return;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest(".rp-reply");
    if (button) {
      form.querySelectorAll(".rp-reply").forEach(function (other) {
        other.classList.toggle("is-chosen", other === button);
      });
    }
  });

  form.addEventListener("submit", function (event) {
    if (form.classList.contains("is-sending")) {
      event.preventDefault();
      return;
    }
    form.classList.add("is-sending");
    form.setAttribute("aria-busy", "true");
    // Buttons are marked, not disabled: a disabled button would not send its value.
    form.querySelectorAll(".rp-reply").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });

  // Coming back through the browser's history restores the page as it was left:
  // let the learner answer again (the server says if the step has moved on).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      form.classList.remove("is-sending");
      form.removeAttribute("aria-busy");
      form.querySelectorAll(".rp-reply").forEach(function (button) {
        button.removeAttribute("aria-disabled");
      });
    }
  });
})();
