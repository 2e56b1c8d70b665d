// Taking a quiz: answers saved as the learner goes, ordering with up and down
// buttons, the countdown, and the essay character count. Without this script
// every page still works: the buttons post the whole form and the server saves.
(() => {
  "use strict";

  const form = document.querySelector("form[data-quiz-form]");
  if (!form) return;

  const autosaveUrl = form.dataset.autosaveUrl;
  const token = form.querySelector("[name=csrfmiddlewaretoken]")?.value;
  const AUTOSAVE_DELAY = 800;
  const RETRY_DELAY = 5000;

  // Autosave ------------------------------------------------------------------
  // Each question saves on its own: at once for clicks and selects, after a
  // short pause while typing. A save that fails for want of a connection or a
  // server error is retried; nothing the server has saved is lost by a reload.

  const questions = new Map();

  function fieldsOf(section) {
    const prefix = `q${section.dataset.question}-`;
    const data = new FormData();
    if (token) data.append("csrfmiddlewaretoken", token);
    data.append("position", section.dataset.question);
    section.querySelectorAll("input, select, textarea").forEach((field) => {
      if (!field.name || !field.name.startsWith(prefix) || field.disabled) return;
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      data.append(field.name, field.value);
    });
    return data;
  }

  function setStatus(state, kind, text) {
    const status = state.status;
    if (!status) return;
    status.dataset.state = kind;
    status.textContent = text;
  }

  function updateProgress(answered, total) {
    const bar = document.querySelector("[data-progress]");
    if (!bar) return;
    const percent = total ? Math.round((100 * answered) / total) : 0;
    const fill = (template) =>
      (template || "").replace("{answered}", answered).replace("{total}", total);
    bar.setAttribute("aria-valuenow", answered);
    bar.setAttribute("aria-valuetext", fill(bar.dataset.valuetextTemplate));
    bar.classList.toggle("progress--success", answered === total);
    bar.querySelector(".progress__bar").style.width = `${percent}%`;
    const text = document.querySelector("[data-progress-text]");
    if (text) text.textContent = fill(bar.dataset.textTemplate);
  }

  function updateNav(position, answered) {
    const item = document.querySelector(`[data-nav-position="${position}"]`);
    if (!item) return;
    item.classList.toggle("is-answered", answered);
    const nav = item.closest("[data-text-answered]");
    const state = item.querySelector("[data-nav-state]");
    if (nav && state) {
      state.textContent = answered ? nav.dataset.textAnswered : nav.dataset.textUnanswered;
    }
  }

  async function save(state) {
    window.clearTimeout(state.timer);
    state.timer = null;
    if (state.busy) {
      state.again = true;
      return;
    }
    state.busy = true;
    state.dirty = false;
    const text = state.status?.dataset || {};
    setStatus(state, "saving", text.textSaving);
    try {
      state.inflight = fetch(autosaveUrl, {
        method: "POST",
        body: fieldsOf(state.section),
        headers: { Accept: "application/json", "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      const response = await state.inflight;
      const result = await response.json().catch(() => ({}));
      if (result.redirect) {
        window.location.assign(result.redirect);
        return;
      }
      if (response.status >= 500) {
        // The server could not save it this time: keep it and try again.
        throw new Error(response.statusText);
      } else if (!response.ok) {
        setStatus(state, "error", `${text.textError} ${result.error || response.statusText}`);
      } else {
        setStatus(state, "saved", result.answered ? text.textSaved : "");
        updateProgress(result.answered_count, result.total);
        updateNav(result.position, result.answered);
      }
    } catch {
      state.dirty = true;
      setStatus(state, "offline", text.textOffline);
      state.timer = window.setTimeout(() => save(state), RETRY_DELAY);
    } finally {
      state.busy = false;
      if (state.again) {
        state.again = false;
        save(state);
      }
    }
  }

  function schedule(state, delay) {
    state.dirty = true;
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(() => save(state), delay);
  }

  function flush() {
    questions.forEach((state) => {
      if (state.dirty) save(state);
    });
  }

  if (autosaveUrl) {
    form.querySelectorAll("[data-question]").forEach((section) => {
      const state = {
        section,
        status: section.querySelector("[data-save-status]"),
        timer: null,
        busy: false,
        again: false,
        dirty: false,
      };
      questions.set(section.dataset.question, state);
      // "change" also fires when a text box loses focus: save at once then.
      section.addEventListener("change", () => save(state));
      section.addEventListener("input", (event) => {
        if (event.target.matches("input[type=text], textarea")) {
          schedule(state, AUTOSAVE_DELAY);
        }
      });
    });

    window.addEventListener("online", flush);

    // Leaving the page: send what is still waiting without holding the page up.
    window.addEventListener("pagehide", () => {
      questions.forEach((state) => {
        if (state.dirty && navigator.sendBeacon) {
          window.clearTimeout(state.timer);
          navigator.sendBeacon(autosaveUrl, fieldsOf(state.section));
          state.dirty = false;
        }
      });
    });

    // The buttons post every answer on the page, so waiting saves are dropped.
    // A save already on its way is waited for: arriving after this post, it
    // would put back an older answer.
    form.addEventListener("submit", (event) => {
      const inflight = [];
      questions.forEach((state) => {
        window.clearTimeout(state.timer);
        state.dirty = false;
        state.again = false;
        if (state.busy && state.inflight) inflight.push(state.inflight);
      });
      if (!inflight.length || form.dataset.savesSettled) return;
      event.preventDefault();
      form.dataset.savesSettled = "true";
      Promise.allSettled(inflight).then(() => form.requestSubmit(event.submitter));
    });
  }

  // Ordering --------------------------------------------------------------------
  // Up and down buttons move an item; the place selects (the version without
  // the script) follow, and choosing a place moves the item there.

  function renumber(list) {
    const items = [...list.querySelectorAll("[data-order-item]")];
    items.forEach((item, index) => {
      const select = item.querySelector("select");
      if (select) select.value = String(index + 1);
      const [up, down] = item.querySelectorAll("[data-move]");
      up.disabled = index === 0;
      down.disabled = index === items.length - 1;
    });
  }

  function announce(list, item) {
    const items = [...list.querySelectorAll("[data-order-item]")];
    const region = list.parentElement.querySelector("[data-order-announce]");
    if (!region) return;
    region.textContent = (list.dataset.textMoved || "")
      .replace("{item}", item.querySelector(".q-order__text").textContent.trim())
      .replace("{place}", items.indexOf(item) + 1)
      .replace("{total}", items.length);
  }

  function orderChanged(list) {
    renumber(list);
    list.parentElement.querySelector("[data-order-keep]")?.setAttribute("hidden", "");
    const section = list.closest("[data-question]");
    const state = section && questions.get(section.dataset.question);
    if (state) save(state);
  }

  form.querySelectorAll("[data-ordering]").forEach((list) => {
    list.querySelectorAll("[data-move]").forEach((button) => {
      button.hidden = false;
    });
    const answered = [...list.querySelectorAll("select")].every((s) => s.value);
    if (answered) renumber(list);
    else {
      list.querySelectorAll("[data-order-item]").forEach((item, index, all) => {
        const [up, down] = item.querySelectorAll("[data-move]");
        up.disabled = index === 0;
        down.disabled = index === all.length - 1;
      });
      list.parentElement.querySelector("[data-order-keep]")?.removeAttribute("hidden");
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest("[data-move]");
      if (!button) return;
      const item = button.closest("[data-order-item]");
      const step = Number(button.dataset.move);
      const sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
      if (!sibling) return;
      if (step < 0) sibling.before(item);
      else sibling.after(item);
      orderChanged(list);
      const same = item.querySelector(`[data-move="${step}"]`);
      const other = item.querySelector(`[data-move="${-step}"]`);
      (same.disabled ? other : same).focus();
      announce(list, item);
    });

    list.addEventListener("change", (event) => {
      const select = event.target.closest("select");
      if (!select || !select.value) return;
      event.stopPropagation();
      const item = select.closest("[data-order-item]");
      const items = [...list.querySelectorAll("[data-order-item]")].filter((i) => i !== item);
      const place = Math.min(Number(select.value), items.length + 1);
      if (place > items.length) list.append(item);
      else items[place - 1].before(item);
      orderChanged(list);
      select.focus();
      announce(list, item);
    });

    list.parentElement.querySelector("[data-order-keep]")?.addEventListener("click", () => {
      orderChanged(list);
    });
  });

  // Character count of essays ------------------------------------------------------

  form.querySelectorAll("[data-count-for]").forEach((counter) => {
    const field = document.getElementById(counter.dataset.countFor);
    if (!field) return;
    const show = () => {
      counter.textContent = (counter.dataset.textTemplate || "")
        .replace("{count}", field.value.length.toLocaleString())
        .replace("{limit}", Number(counter.dataset.limit).toLocaleString());
    };
    field.addEventListener("input", show);
    show();
  });

  // Countdown -----------------------------------------------------------------------
  // The server holds the deadline. The page counts down from the seconds left
  // when it was served, sends what is waiting just before the end and then
  // reloads: the server closes and grades the attempt.

  const timer = document.querySelector("[data-timer]");
  if (timer) {
    const clock = timer.querySelector("[data-timer-clock]");
    const announcer = document.querySelector("[data-timer-announce]");
    const total = Number(timer.dataset.remaining);
    const started = performance.now();
    const said = new Set();
    const format = (seconds) => {
      const h = Math.floor(seconds / 3600);
      const m = Math.floor((seconds % 3600) / 60);
      const s = seconds % 60;
      const pad = (n) => String(n).padStart(2, "0");
      return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
    };
    const say = (key, text) => {
      if (said.has(key) || !announcer || !text) return;
      said.add(key);
      announcer.textContent = text;
    };
    let flushed = false;
    const tick = () => {
      const left = Math.max(0, Math.ceil(total - (performance.now() - started) / 1000));
      clock.textContent = format(left);
      timer.classList.toggle("q-timer--warning", left <= 300 && left > 60);
      timer.classList.toggle("q-timer--danger", left <= 60);
      if (left <= 300 && total > 300) say("warning", timer.dataset.textWarning);
      if (left <= 60 && total > 60) say("last", timer.dataset.textLast);
      if (left <= 3 && !flushed) {
        flushed = true;
        flush();
      }
      if (left === 0) {
        clock.textContent = timer.dataset.textEnded;
        say("ended", timer.dataset.textEnded);
        window.clearInterval(interval);
        if (timer.dataset.expiredUrl) {
          // A moment later, so that the server's clock has passed the deadline too.
          window.setTimeout(() => window.location.assign(timer.dataset.expiredUrl), 1500);
        }
      }
    };
    const interval = window.setInterval(tick, 1000);
    tick();
  }
})();
