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
const selects = Object.create(null);
const PAGE_SIZE = 20;
const FIRST_PAINT = 10; // results drawn before the other languages have joined a search
const own = (document.documentElement.getAttribute("lang") || "").toLowerCase();
let bundle = "";
let languages = []; // the languages Pagefind indexed, the reader's first
const instances = new Map(); // language -> Pagefind instance, once loaded
const opening = new Map(); // language -> Promise of its instance
let generation = 0;
let current = null; // the search whose results are shown (see newSearch)

// Names and values come from the URL, so every lookup by them is of an own property: never
// `constructor`, `__proto__` or another name every object inherits.
function ownValue(object, key) {
  return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function text(key) {
  const value = ownValue(config.text, key);
  return typeof value === "string" ? value : key;
}

function label(filter, value) {
  const name = ownValue(ownValue(config.labels, filter), value);
  return typeof name === "string" ? name : String(value);
}

// A filter value from the URL is used only if the site knows it: one of the filter's labelled
// values (types, themes, organisations ...), or a four-digit year. Everything else in the URL,
// whatever its name or value, is ignored.
function knownValue(filter, value) {
  const vocabulary = ownValue(config.labels, filter);
  if (vocabulary) return typeof ownValue(vocabulary, value) === "string";
  return filter === "year" ? /^[0-9]{4}$/.test(value) : false;
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const filters = Object.create(null);
  for (const name of FILTERS) {
    const values = [...new Set(params.getAll(name))].filter((value) => value && knownValue(name, value));
    if (values.length) filters[name] = values;
  }
  return { query: params.get("q") || "", filters };
}

function writeUrl(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const name of FILTERS) for (const value of ownValue(filters, name) || []) params.append(name, value);
  const search = params.toString();
  const url = window.location.pathname + (search ? "?" + search : "");
  window.history.replaceState(null, "", url);
}

function currentFilters() {
  const filters = Object.create(null);
  for (const name of FILTERS) {
    const select = selects[name];
    if (select && select.value) filters[name] = [select.value];
  }
  return filters;
}

function buildFilters(available, chosen) {
  filterBox.replaceChildren();
  for (const name of FILTERS) {
    const counts = ownValue(available, name) || Object.create(null);
    const values = Object.keys(counts);
    const wanted = (ownValue(chosen, name) || [])[0] || "";
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
      const count = ownValue(counts, value);
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
// module of its own, created while <html lang> names that language: the same file under another
// URL is another module instance, with its own worker and WebAssembly. The URLs differ only in
// their fragment (pagefind.js#fi), which is never sent, so the file is downloaded once.
//
// The reader's language is loaded first and searched alone, so the first results need one
// language's files; the other languages are loaded after that and their results join the list.
async function readLanguages() {
  const response = await fetch(bundle + "pagefind-entry.json");
  if (!response.ok) throw new Error(`${bundle}pagefind-entry.json: HTTP ${response.status}`);
  const indexed = (await response.json()).languages || {};
  const names = Object.keys(indexed);
  const size = (name) => (ownValue(indexed, name) || {}).page_count || 0;
  // The reader's language first; without an index of its own, the largest.
  const first = names.includes(own) ? own : names.reduce((a, b) => (size(b) > size(a) ? b : a), names[0]);
  return first === undefined ? [] : [first, ...names.filter((name) => name !== first)];
}

function open(language) {
  if (!opening.has(language)) {
    opening.set(language, (async () => {
      const module = await import(`${bundle}pagefind.js#${encodeURIComponent(language)}`);
      const root = document.documentElement;
      const lang = root.getAttribute("lang");
      let index;
      root.setAttribute("lang", language); // read synchronously by createInstance()
      try {
        index = module.createInstance({ basePath: bundle });
      } finally {
        if (lang === null) root.removeAttribute("lang");
        else root.setAttribute("lang", lang);
      }
      await index.options({ excerptLength: 24 });
      await index.init();
      // init() returns before the WebAssembly and metadata are in; an empty search waits for them
      // (and loads nothing else), so a search is never held up by a language still loading.
      await index.search("");
      instances.set(language, index);
      return index;
    })());
  }
  return opening.get(language);
}

// The languages a search needs: all of them, or those its language filter names.
function wantedLanguages(filters) {
  const chosen = (ownValue(filters, "language") || {}).any;
  return chosen && chosen.length ? languages.filter((language) => chosen.includes(language)) : languages;
}

// A search over several languages' indexes, in one order: by score for a query (as Pagefind
// merges indexes itself), else newest first. Each language's results are already in that order,
// so the merged order is a k-way merge, ties going to the language listed first (the reader's).
// Only the results shown are loaded (for newest first, also the next one of each language).
//
// When the other languages join a search, the results of a query already on the page stay on
// top as they are (the reader may be reading them; scores are not shown, so no order is seen to
// break) and the rest follow by score. Newest first, the dates are shown: newer entries of the
// other languages take their place among them, and the oldest move below "Show more".
function newSearch(query, filters) {
  return {
    query,
    options: { filters, sort: query ? undefined : { date: "desc" } },
    wanted: wantedLanguages(filters),
    lists: [], // { language, results }, in the order of `languages`
    pinned: [], // a query's results shown before the other languages joined
    limit: 0, // how many results to show
    nodes: new Map(), // result -> its <li>
    chain: Promise.resolve(), // updates of this search, one at a time
  };
}

function complete(search) {
  return search.lists.length === search.wanted.length;
}

function total(search) {
  return search.lists.reduce((sum, list) => sum + list.results.length, 0);
}

const loadedData = new WeakMap();
function dataOf(result) {
  if (!loadedData.has(result)) loadedData.set(result, result.data());
  return loadedData.get(result);
}

async function keyOf(search, result) {
  return search.query ? result.score : String((await dataOf(result)).meta.date || "");
}

async function ordered(search, count) {
  const positions = search.lists.map(() => 0);
  const out = search.pinned.slice(0, count);
  const pinned = new Set(search.pinned);
  while (out.length < count) {
    let best = -1;
    let bestKey = null;
    for (let i = 0; i < search.lists.length; i++) {
      const results = search.lists[i].results;
      while (positions[i] < results.length && pinned.has(results[positions[i]])) positions[i]++;
      if (positions[i] >= results.length) continue;
      const key = await keyOf(search, results[positions[i]]);
      if (best < 0 || key > bestKey) {
        best = i;
        bestKey = key;
      }
    }
    if (best < 0) break;
    out.push(search.lists[best].results[positions[best]++]);
  }
  return out;
}

// Search the languages of `search` that are loaded and not searched yet.
async function searchLoaded(search) {
  const missing = search.wanted.filter((language) => instances.has(language)
    && !search.lists.some((list) => list.language === language));
  const found = await Promise.all(missing.map(async (language) => ({
    language, results: (await instances.get(language).search(search.query || null, search.options)).results,
  })));
  search.lists.push(...found);
  search.lists.sort((a, b) => languages.indexOf(a.language) - languages.indexOf(b.language));
}

// Changes to the shown search run one at a time; a failed one does not stop the later ones.
function update(search, change) {
  const next = search.chain.then(async () => {
    if (search !== current) return;
    await change();
    if (search !== current) return;
    await draw(search);
  });
  search.chain = next.catch(() => {});
  return next;
}

// Show the first `limit` results in order. Results already on the page keep their element (and
// focus): new ones are inserted between them; newest first, those pushed below the limit by
// another language's newer ones leave until "Show more".
async function draw(search) {
  const results = await ordered(search, search.limit);
  const data = await Promise.all(results.map(dataOf));
  if (search !== current) return;
  const keep = new Set(results);
  for (const [result, node] of search.nodes) {
    if (!keep.has(result)) {
      node.remove();
      search.nodes.delete(result);
    }
  }
  let cursor = list.firstElementChild;
  results.forEach((result, i) => {
    const node = search.nodes.get(result);
    if (node === cursor) {
      cursor = cursor.nextElementSibling;
      return;
    }
    if (node) {
      list.insertBefore(node, cursor);
      return;
    }
    const item = renderResult(data[i]);
    search.nodes.set(result, item);
    list.insertBefore(item, cursor);
  });
  const count = total(search);
  more.hidden = results.length >= count;
  more.disabled = false;
  const found = count ? `${count} ${text(count === 1 ? "result" : "results")}` : "";
  if (complete(search)) status.textContent = found || text("no_results");
  else status.textContent = found ? `${found} · ${text("loading")}` : text("loading");
  // Results are on the page (data-ready: every language has joined); bench/run.py and the tests
  // measure what was downloaded until then.
  document.getElementById("opit-search").dataset.firstResults = "true";
}

function showMore() {
  const search = current;
  if (!search) return;
  more.disabled = true;
  search.limit = (Math.floor(search.limit / PAGE_SIZE) + 1) * PAGE_SIZE;
  update(search, async () => {});
}

async function run(event) {
  if (event) event.preventDefault();
  const mine = ++generation;
  const query = input.value.trim();
  const filters = currentFilters();
  writeUrl(query, filters);
  more.hidden = true;
  if (!query && !Object.keys(filters).length) {
    current = null;
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = text("loading");
  const pagefindFilters = Object.create(null);
  for (const [name, values] of Object.entries(filters)) pagefindFilters[name] = { any: values };
  const search = newSearch(query, pagefindFilters);
  let ready = search.wanted.filter((language) => instances.has(language));
  if (!ready.length && search.wanted.length) {
    ready = search.wanted.includes(languages[0]) ? [languages[0]] : search.wanted;
    await Promise.all(ready.map(open));
  }
  await searchLoaded(search);
  if (mine !== generation) return;
  current = search;
  search.limit = complete(search) ? PAGE_SIZE : FIRST_PAINT;
  list.replaceChildren();
  await update(search, async () => {});
  if (complete(search)) return;
  // The first results are shown: now the other languages, whose results then join the list.
  await Promise.all(search.wanted.map(open));
  await update(search, async () => {
    if (search.query) search.pinned = await ordered(search, search.limit);
    await searchLoaded(search);
    search.limit = Math.max(search.limit, PAGE_SIZE);
  });
}

async function start() {
  const state = readUrl();
  input.value = state.query;
  bundle = new URL(config.bundle, document.baseURI).href;
  languages = await readLanguages();
  buildFilters(config.counts, state.filters); // counted at build time: no filter index download
  form.addEventListener("submit", run);
  more.addEventListener("click", showMore);
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  if (state.query || Object.keys(state.filters).length) await run();
  else if (languages.length) await open(languages[0]);
  document.getElementById("opit-search").dataset.ready = "true";
}

start();
