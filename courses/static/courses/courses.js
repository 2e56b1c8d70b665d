// Lesson pages: practice questions answered in place, personal checklists, the
// lesson outline and the "on this page" list. Every feature also works, more
// plainly, without this script.
(() => {
  "use strict";

  const WIDE = window.matchMedia("(min-width: 60em)");

  // Practice questions -------------------------------------------------------
  // The page holds only the question and the choices' text; the server says
  // which choice is right once the learner has answered.

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  const tag = (text, modifier) =>
    element("span", `practice__tag${modifier ? ` practice__tag--${modifier}` : ""}`, text);

  function showResult(form, picked, result) {
    const text = form.dataset;
    const correct = new Set(result.correct_choices || []);
    form.classList.add("is-answered");
    form.querySelectorAll("[data-choice]").forEach((item) => {
      const index = Number(item.dataset.choice);
      const verdict = item.querySelector("[data-verdict]");
      verdict.replaceChildren();
      if (index === picked) {
        item.classList.add("is-picked");
        verdict.append(tag(text.textYourAnswer, correct.has(index) ? "correct" : "incorrect"));
      }
      if (correct.has(index)) {
        item.classList.add("is-correct");
        if (index !== picked) verdict.append(tag(text.textRightAnswer, "correct"));
      } else if (index === picked) {
        item.classList.add("is-incorrect");
      }
    });
    form.querySelectorAll("input[type=radio], [data-practice-submit]").forEach((control) => {
      control.disabled = true;
    });
    form.querySelector(".practice__actions")?.setAttribute("hidden", "");

    const box = element("div", "practice__feedback");
    const outcome = element(
      "p",
      `practice__outcome practice__outcome--${result.correct ? "correct" : "incorrect"}`,
      result.correct ? text.textCorrect : text.textIncorrect,
    );
    const icon = form
      .querySelector("template[data-practice-icons]")
      ?.content.querySelector(`.practice__outcome-icon--${result.correct ? "correct" : "incorrect"}`);
    if (icon) outcome.prepend(icon.cloneNode(true));
    box.append(outcome);
    if (result.feedback) box.append(element("p", "practice__feedback-text", result.feedback));
    if (result.explanation) {
      const explanation = element("div", "practice__explanation");
      explanation.append(element("p", "practice__explanation-title", text.textExplanation));
      result.explanation
        .split(/\n{2,}/)
        .filter((paragraph) => paragraph.trim())
        .forEach((paragraph) => explanation.append(element("p", "", paragraph.trim())));
      box.append(explanation);
    }
    form.querySelector("[data-practice-result]").replaceChildren(box);
  }

  function showError(form, message) {
    form.querySelector("[data-practice-result]").replaceChildren(
      element("p", "practice__error", message),
    );
  }

  document.querySelectorAll("form[data-practice]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const chosen = form.querySelector("input[name=choice]:checked");
      if (!chosen) {
        showError(form, form.dataset.textPick);
        return;
      }
      const button = form.querySelector("[data-practice-submit]");
      const label = button.textContent;
      button.disabled = true;
      button.textContent = form.dataset.textChecking;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: {
            Accept: "application/json",
            "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
          },
          credentials: "same-origin",
        });
        const result = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(result.error || form.dataset.textError);
        showResult(form, Number(chosen.value), result);
      } catch (error) {
        button.disabled = false;
        button.textContent = label;
        showError(form, error instanceof TypeError ? form.dataset.textError : error.message);
      }
    });
  });

  // Checklists ---------------------------------------------------------------
  // Ticks are the learner's own notes: kept in this browser, never sent.

  const storage = (() => {
    try {
      const probe = "courses:probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch {
      return null;
    }
  })();

  document.querySelectorAll("[data-checklist]").forEach((list) => {
    const key = `courses:checklist:${list.dataset.checklist}`;
    const boxes = [...list.querySelectorAll("input[type=checkbox][data-index]")];
    const counter = list.querySelector("[data-checklist-count]");
    let saved = [];
    if (storage && list.dataset.checklist) {
      try {
        saved = JSON.parse(storage.getItem(key) || "[]");
      } catch {
        saved = [];
      }
      list.querySelector("[data-checklist-note]")?.removeAttribute("hidden");
    }
    boxes.forEach((box) => {
      box.checked = saved.includes(Number(box.dataset.index));
    });

    const update = () => {
      const done = boxes.filter((box) => box.checked).length;
      counter.textContent = (list.dataset.countText || "{done}/{total}")
        .replace("{done}", done)
        .replace("{total}", boxes.length);
      counter.hidden = false;
      list.classList.toggle("is-complete", boxes.length > 0 && done === boxes.length);
    };
    update();

    list.addEventListener("change", () => {
      update();
      if (!storage || !list.dataset.checklist) return;
      const ticked = boxes.filter((box) => box.checked).map((box) => Number(box.dataset.index));
      if (ticked.length) storage.setItem(key, JSON.stringify(ticked));
      else storage.removeItem(key);
    });
  });

  // Lesson outline: open beside the lesson on wide screens, folded on phones.

  const outline = document.querySelector("[data-lesson-outline]");
  if (outline) {
    const fit = () => {
      outline.open = WIDE.matches;
    };
    fit();
    WIDE.addEventListener("change", fit);
    outline.querySelector("summary").addEventListener("click", (event) => {
      if (WIDE.matches) event.preventDefault();
    });
  }

  // "On this page": highlight the section being read.

  const tocLinks = [...document.querySelectorAll(".lesson-toc__list a[href^='#']")];
  if (tocLinks.length && "IntersectionObserver" in window) {
    const byId = new Map(tocLinks.map((link) => [decodeURIComponent(link.hash.slice(1)), link]));
    const headings = [...byId.keys()].map((id) => document.getElementById(id)).filter(Boolean);
    const visible = new Set();
    const highlight = () => {
      const current = headings.find((heading) => visible.has(heading)) ||
        headings.filter((heading) => heading.getBoundingClientRect().top < 0).pop();
      tocLinks.forEach((link) => link.classList.remove("is-active"));
      if (current) byId.get(current.id)?.classList.add("is-active");
    };
    const observer = new IntersectionObserver((entries) => {
      entries.forEach((entry) => {
        if (entry.isIntersecting) visible.add(entry.target);
        else visible.delete(entry.target);
      });
      highlight();
    }, { rootMargin: "0px 0px -60% 0px" });
    headings.forEach((heading) => observer.observe(heading));
  }

  // "Mark as done": one click is enough.

  document.querySelectorAll("form[data-complete-form]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      // Disable after the browser has taken the submission.
      window.setTimeout(() => {
        button.disabled = true;
      }, 0);
    });
  });
})();
