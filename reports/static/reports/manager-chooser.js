/* The manager filter: as one types, ask the server for a few matching managers
   (scoped to the viewer's reporting line) and offer them in a datalist; choosing
   one puts its id in the hidden field and tells the filter form it changed. */
(() => {
  const WAIT = 250; // ms after the last key before asking

  function setUp(chooser) {
    if (chooser.dataset.ready) return;
    chooser.dataset.ready = "true";
    const search = chooser.querySelector("[data-chooser-search]");
    const value = chooser.querySelector("[data-chooser-value]");
    const list = chooser.querySelector("datalist");
    const ids = new Map();
    let timer = null;
    let asked = null;

    function choose(id) {
      if (value.value === id) return;
      value.value = id;
      value.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      ids.clear();
      list.replaceChildren(
        ...results.map((result) => {
          ids.set(result.label, String(result.id));
          const option = document.createElement("option");
          option.value = result.label;
          return option;
        }),
      );
    }

    async function ask(query) {
      asked = query;
      const url = new URL(chooser.dataset.url, window.location.href);
      url.searchParams.set("q", query);
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok || asked !== query) return;
      show((await response.json()).results || []);
      if (ids.has(search.value)) choose(ids.get(search.value));
    }

    // Typing is not a filter change: only a chosen manager (or none) is.
    search.addEventListener("input", (event) => {
      event.stopPropagation();
      if (ids.has(search.value)) {
        choose(ids.get(search.value));
        return;
      }
      if (!search.value.trim()) choose("");
      clearTimeout(timer);
      timer = setTimeout(() => ask(search.value.trim()), WAIT);
    });
    search.addEventListener("change", (event) => event.stopPropagation());
  }

  function setUpAll() {
    document.querySelectorAll("[data-training-chooser]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", setUpAll);
  document.addEventListener("w-swap:success", setUpAll);
  setUpAll();
})();
