/* The search page: Pagefind's JS API with Vietnamese folding, facets with counts, result cards.
   Queries are folded like the index (marks removed, đ→d) so "dong" finds "Đông". */

const box = document.getElementById("dh-search");
const siteRoot = new URL(box.dataset.root, window.location.href);
const input = document.getElementById("dh-q");
const status = document.getElementById("dh-status");
const list = document.getElementById("dh-results");
const more = document.getElementById("dh-more");
const clear = document.getElementById("dh-clear");
const PAGE = 10;
const selected = {};
let results = [];
let shown = 0;
let generation = 0;

const fold = window.dhFold;  /* dienhinh.js, loaded on every page before this module runs */

let pagefind;
try {
  pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
} catch (error) {
  status.textContent = box.dataset.none;
  throw error;
}
await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 22 });
pagefind.init();
/* Facet counts of a search are only computed once the filter index is loaded. */
const allFilters = await pagefind.filters();

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  for (const [key, value] of params) {
    if (key.startsWith("loc-")) (selected[key.slice(4)] ||= []).push(value);
  }
}

function writeUrl() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const [facet, values] of Object.entries(selected)) values.forEach((v) => params.append("loc-" + facet, v));
  const query = params.toString();
  window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
}

function text(tag, className, value) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.textContent = value;
  return element;
}

function safeExcerpt(html) {
  /* Pagefind marks matches with <mark>; keep only those tags. */
  const holder = document.createElement("span");
  holder.innerHTML = html.replace(/<(?!\/?mark>)[^>]*>/g, "");
  return holder;
}

function renderFacets(counts) {
  document.querySelectorAll(".dh-facet").forEach((fieldset) => {
    const facet = fieldset.dataset.facet;
    const values = Object.entries(counts[facet] || {}).filter(([value, count]) => count > 0 || (selected[facet] || []).includes(value));
    values.sort((a, b) => (facet === "year" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0], "vi")));
    const holder = fieldset.querySelector(".dh-facet__values");
    holder.replaceChildren();
    values.forEach(([value, count]) => {
      const label = document.createElement("label");
      label.className = "dh-facet__value";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = value;
      box.checked = (selected[facet] || []).includes(value);
      box.addEventListener("change", () => {
        const chosen = (selected[facet] ||= []);
        if (box.checked) chosen.push(value); else chosen.splice(chosen.indexOf(value), 1);
        if (!chosen.length) delete selected[facet];
        search();
      });
      label.append(box, text("span", "dh-facet__name", value), text("span", "dh-facet__count", String(count)));
      holder.append(label);
    });
    fieldset.hidden = values.length === 0;
  });
  clear.hidden = Object.keys(selected).length === 0;
}

async function renderMore() {
  const batch = results.slice(shown, shown + PAGE);
  shown += batch.length;
  const data = await Promise.all(batch.map((r) => r.data()));
  for (const item of data) {
    const li = document.createElement("li");
    li.className = "dh-result";
    if (item.meta.image) {
      const image = document.createElement("img");
      image.src = new URL(item.meta.image.replace(/^\//, ""), siteRoot).href;
      image.alt = "";
      image.width = 96;
      image.height = 96;
      image.loading = "lazy";
      li.append(image);
    }
    const body = document.createElement("div");
    body.className = "dh-result__body";
    body.append(text("p", "dh-card__kind", item.meta.kind || ""));
    const heading = document.createElement("h2");
    heading.className = "dh-result__title";
    const link = text("a", "", item.meta.title || item.url);
    link.href = item.url;
    heading.append(link);
    body.append(heading);
    if (item.meta.unit) body.append(text("p", "dh-card__unit", item.meta.unit));
    if (item.meta.summary) body.append(text("p", "dh-card__summary", item.meta.summary));
    if (input.value.trim() && item.excerpt) {
      const excerpt = document.createElement("p");
      excerpt.className = "dh-result__excerpt";
      excerpt.append(safeExcerpt(item.excerpt));
      body.append(excerpt);
    }
    li.append(body);
    list.append(li);
  }
  more.hidden = shown >= results.length;
}

async function search() {
  const mine = ++generation;
  writeUrl();
  const term = fold(input.value);
  const filters = Object.fromEntries(Object.entries(selected).map(([k, v]) => [k, { any: v }]));
  if (!term && !Object.keys(filters).length) {
    renderFacets(allFilters);
    list.replaceChildren();
    results = [];
    more.hidden = true;
    status.textContent = box.dataset.prompt;
    return;
  }
  status.textContent = box.dataset.loading;
  const found = await pagefind.search(term || null, { filters, sort: term ? undefined : { date: "desc" } });
  if (mine !== generation) return;
  results = found.results;
  shown = 0;
  list.replaceChildren();
  renderFacets(found.filters);
  status.textContent = results.length ? `${results.length} ${box.dataset.results}` : box.dataset.none;
  await renderMore();
}

let timer;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 250); });
document.querySelector(".dh-search__form").addEventListener("submit", (event) => { event.preventDefault(); search(); });
more.addEventListener("click", renderMore);
clear.addEventListener("click", () => { Object.keys(selected).forEach((k) => delete selected[k]); search(); });
readUrl();
search();
/* Filters start open on wide screens, folded on phones so results come first. */
if (window.matchMedia("(min-width: 60em)").matches) document.getElementById("dh-facets-box").open = true;
