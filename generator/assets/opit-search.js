// Opit's search page: Pagefind's JS API with filters, the query and filters kept in the URL
// (/search/?q=mentoring&type=case&theme=ai-ethics) so a search can be bookmarked and shared.
const FILTERS = ["type", "theme", "organisation", "year", "level", "stage", "language"];
const config = JSON.parse(document.getElementById("opit-search-config").textContent);
const form = document.getElementById("opit-search-form");
const input = document.getElementById("opit-q");
const filterBox = document.getElementById("opit-filters");
const status = document.getElementById("opit-status");
const list = document.getElementById("opit-results");
const more = document.getElementById("opit-more");
const selects = {};
const PAGE_SIZE = 20;
let indexes = []; // one Pagefind instance per indexed language
let generation = 0;
let current = null; // the search whose results are shown: { total, next }

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
  // The entry's language, shown in the reader's words; its own text is marked up in it.
  const language = ((data.filters || {}).language || [])[0];
  if (language) {
    const name = document.createElement("span");
    name.className = "opit-item__language";
    name.textContent = label("language", language);
    meta.append(" · ", name);
    if (language !== document.documentElement.lang) {
      for (const part of [anchor, summary, excerpt]) part.lang = language;
    }
  }
  item.append(heading, meta, summary, excerpt);
  return item;
}

// Pagefind builds one index per page language, and each language's WebAssembly carries that
// language's stemmer. One Pagefind module keeps a single WebAssembly instance (the first one it
// loads) and picks its index from <html lang>, so mergeIndex() or a second createInstance() would
// search the Finnish index with the stemmer of the page's language. Instead each language gets a
// module of its own (the same file under another URL is another module instance, with its own
// worker and WebAssembly), created while <html lang> names that language.
async function openIndexes(bundle) {
  const response = await fetch(bundle + "pagefind-entry.json");
  if (!response.ok) throw new Error(`${bundle}pagefind-entry.json: HTTP ${response.status}`);
  const languages = Object.keys((await response.json()).languages || {});
  const root = document.documentElement;
  const own = root.getAttribute("lang");
  return Promise.all(languages.map(async (language) => {
    const module = await import(`${bundle}pagefind.js?language=${encodeURIComponent(language)}`);
    let index;
    root.setAttribute("lang", language); // read synchronously by createInstance()
    try {
      index = module.createInstance({ basePath: bundle });
    } finally {
      if (own === null) root.removeAttribute("lang");
      else root.setAttribute("lang", own);
    }
    await index.options({ excerptLength: 24 });
    await index.init();
    return index;
  }));
}

// All languages' results in one order: by score for a query (as Pagefind merges indexes itself),
// else newest first, merging the languages' date-sorted lists. Only the results shown are loaded:
// `next()` loads the next PAGE_SIZE.
async function searchAll(query, filters) {
  const options = { filters, sort: query ? undefined : { date: "desc" } };
  const searches = await Promise.all(indexes.map((index) => index.search(query || null, options)));
  const total = searches.reduce((sum, search) => sum + search.results.length, 0);
  if (query) {
    const ordered = searches.flatMap((search) => search.results).sort((a, b) => b.score - a.score);
    let shown = 0;
    const next = async () => {
      const page = ordered.slice(shown, shown + PAGE_SIZE);
      shown += page.length;
      return { data: await Promise.all(page.map((result) => result.data())), done: shown >= total };
    };
    return { total, next };
  }
  const lists = searches.map((search) => ({ results: search.results, next: 0, head: null }));
  const advance = async (list) => {
    list.head = list.next < list.results.length ? await list.results[list.next++].data() : null;
  };
  let started = false;
  let shown = 0;
  const next = async () => {
    if (!started) {
      started = true;
      await Promise.all(lists.map(advance));
    }
    const data = [];
    while (data.length < PAGE_SIZE) {
      let newest = null;
      for (const list of lists) {
        if (list.head && (!newest || String(list.head.meta.date || "") > String(newest.head.meta.date || ""))) {
          newest = list;
        }
      }
      if (!newest) break;
      data.push(newest.head);
      await advance(newest);
    }
    shown += data.length;
    return { data, done: shown >= total };
  };
  return { total, next };
}

async function showMore(mine) {
  more.disabled = true;
  const { data, done } = await current.next();
  if (mine !== generation) return;
  list.append(...data.map(renderResult));
  more.hidden = done;
  more.disabled = false;
}

async function run(event) {
  if (event) event.preventDefault();
  const mine = ++generation;
  const query = input.value.trim();
  const filters = currentFilters();
  writeUrl(query, filters);
  more.hidden = true;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = text("loading");
  const pagefindFilters = {};
  for (const [name, values] of Object.entries(filters)) pagefindFilters[name] = { any: values };
  const search = await searchAll(query, pagefindFilters);
  if (mine !== generation) return;
  current = search;
  list.replaceChildren();
  await showMore(mine);
  if (mine !== generation) return;
  const total = search.total;
  status.textContent = total ? `${total} ${text(total === 1 ? "result" : "results")}` : text("no_results");
}

async function start() {
  const state = readUrl();
  input.value = state.query;
  indexes = await openIndexes(new URL(config.bundle, document.baseURI).href);
  buildFilters(config.counts, state.filters); // counted at build time: no filter index download
  form.addEventListener("submit", run);
  more.addEventListener("click", () => showMore(generation));
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  if (state.query || Object.keys(state.filters).length) await run();
  document.getElementById("opit-search").dataset.ready = "true";
}

start();
