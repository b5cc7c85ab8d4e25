// Opit's search page: Pagefind's JS API with filters, the query and filters kept in the URL
// (/search/?q=mentoring&type=case&theme=ai-ethics) so a search can be bookmarked and shared.
const FILTERS = ["type", "theme", "organisation", "year", "level", "stage", "language"];
const config = JSON.parse(document.getElementById("opit-search-config").textContent);
const form = document.getElementById("opit-search-form");
const input = document.getElementById("opit-q");
const filterBox = document.getElementById("opit-filters");
const status = document.getElementById("opit-status");
const list = document.getElementById("opit-results");
const selects = {};
let pagefind = null;
let generation = 0;

function text(key) {
  return config.text[key] || key;
}

function label(filter, value) {
  return (config.labels[filter] && config.labels[filter][value]) || value;
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) filters[name] = values;
  }
  return { query: params.get("q") || "", filters };
}

function writeUrl(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const name of FILTERS) for (const value of filters[name] || []) params.append(name, value);
  const search = params.toString();
  const url = window.location.pathname + (search ? "?" + search : "");
  window.history.replaceState(null, "", url);
}

function currentFilters() {
  const filters = {};
  for (const name of FILTERS) {
    const select = selects[name];
    if (select && select.value) filters[name] = [select.value];
  }
  return filters;
}

function buildFilters(available, chosen) {
  filterBox.replaceChildren();
  for (const name of FILTERS) {
    const values = Object.keys(available[name] || {});
    const wanted = (chosen[name] || [])[0] || "";
    if (!values.length && !wanted) continue;
    if (wanted && !values.includes(wanted)) values.push(wanted);
    values.sort((a, b) => (name === "year" ? b.localeCompare(a) : label(name, a).localeCompare(label(name, b))));
    const wrapper = document.createElement("div");
    const id = "opit-filter-" + name;
    const caption = document.createElement("label");
    caption.htmlFor = id;
    caption.textContent = text(name);
    const select = document.createElement("select");
    select.id = id;
    select.name = name;
    const any = new Option(text("any"), "");
    select.append(any);
    for (const value of values) {
      const count = (available[name] || {})[value];
      const option = new Option(label(name, value) + (count === undefined ? "" : ` (${count})`), value);
      select.append(option);
    }
    select.value = wanted;
    select.addEventListener("change", run);
    selects[name] = select;
    wrapper.append(caption, select);
    filterBox.append(wrapper);
  }
}

function excerptNodes(excerpt) {
  // Pagefind marks hits with <mark>; everything else is shown as text, never as HTML.
  const nodes = [];
  const parts = String(excerpt || "").split(/<\/?mark>/);
  parts.forEach((part, index) => {
    const decoder = document.createElement("textarea"); // RCDATA: entities decode, tags do not
    decoder.innerHTML = part;
    const plain = decoder.value;
    if (index % 2 === 1) {
      const mark = document.createElement("mark");
      mark.textContent = plain;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(plain));
    }
  });
  return nodes;
}

function renderResult(data) {
  const item = document.createElement("li");
  item.className = "opit-item";
  const heading = document.createElement("h2");
  heading.className = "opit-item__title";
  const anchor = document.createElement("a");
  anchor.href = data.url;
  anchor.textContent = data.meta.title || data.url;
  heading.append(anchor);
  const meta = document.createElement("p");
  meta.className = "opit-item__meta";
  const badge = document.createElement("span");
  badge.className = "opit-badge";
  badge.textContent = text("type_" + (data.meta.type || ""));
  meta.append(badge, " " + (data.meta.date || ""));
  const summary = document.createElement("p");
  summary.className = "opit-item__summary";
  summary.textContent = data.meta.summary || "";
  const excerpt = document.createElement("p");
  excerpt.className = "opit-item__excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(heading, meta, summary, excerpt);
  return item;
}

async function run(event) {
  if (event) event.preventDefault();
  const mine = ++generation;
  const query = input.value.trim();
  const filters = currentFilters();
  writeUrl(query, filters);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = text("loading");
  const pagefindFilters = {};
  for (const [name, values] of Object.entries(filters)) pagefindFilters[name] = { any: values };
  const search = await pagefind.search(query || null, { filters: pagefindFilters, sort: query ? undefined : { date: "desc" } });
  if (mine !== generation) return;
  const data = await Promise.all(search.results.slice(0, 50).map((result) => result.data()));
  if (mine !== generation) return;
  list.replaceChildren(...data.map(renderResult));
  status.textContent = search.results.length
    ? `${search.results.length} ${text("results")}`
    : text("no_results");
}

async function start() {
  const state = readUrl();
  input.value = state.query;
  pagefind = await import(new URL(config.bundle + "pagefind.js", document.baseURI).href);
  await pagefind.options({ excerptLength: 24 });
  await pagefind.init();
  buildFilters(await pagefind.filters(), state.filters);
  form.addEventListener("submit", run);
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  if (state.query || Object.keys(state.filters).length) await run();
  document.getElementById("opit-search").dataset.ready = "true";
}

start();
