/* The search page: query box, facets with counts, result cards with the matched words marked.
   The engine (search-engine.js) reads the static index; this file only builds the page, with DOM
   methods: indexed text is never parsed as HTML. */

import { matcher, openIndex, queryWords } from "./search-engine.js";

const box = document.getElementById("dh-search");
const siteRoot = new URL(box.dataset.root, window.location.href);
const input = document.getElementById("dh-q");
const status = document.getElementById("dh-status");
const list = document.getElementById("dh-results");
const more = document.getElementById("dh-more");
const clear = document.getElementById("dh-clear");
const PAGE = 10;
const EXCERPT_BEFORE = 60;
const EXCERPT_AFTER = 160;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const selected = {};
let found = { results: [] };
let shown = 0;
let generation = 0;

const fold = window.dhFold; /* dienhinh.js, loaded on every page before this module runs */
const number = (value) => value.toLocaleString("vi-VN");

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

/* The text with every matched word wrapped in <mark>; `matched` tells whether any was. */
function marked(value, isMatch) {
  const fragment = document.createDocumentFragment();
  let from = 0;
  let matched = false;
  for (const word of value.matchAll(WORD)) {
    if (!isMatch(word[0])) continue;
    fragment.append(value.slice(from, word.index), text("mark", "", word[0]));
    from = word.index + word[0].length;
    matched = true;
  }
  fragment.append(value.slice(from));
  return { fragment, matched };
}

/* A short passage of the record's other text around its first matched word. */
function excerpt(value, isMatch) {
  const first = [...value.matchAll(WORD)].find((word) => isMatch(word[0]));
  if (!first) return null;
  let start = Math.max(0, first.index - EXCERPT_BEFORE);
  let end = Math.min(value.length, first.index + EXCERPT_AFTER);
  if (start > 0) start = Math.min(first.index, value.indexOf(" ", start) + 1 || first.index);
  if (end < value.length) end = Math.max(value.lastIndexOf(" ", end), first.index + first[0].length);
  const passage = (start > 0 ? "…" : "") + value.slice(start, end).trim() + (end < value.length ? "…" : "");
  return marked(passage, isMatch).fragment;
}

function renderFacets(counts) {
  document.querySelectorAll(".dh-facet").forEach((fieldset) => {
    const facet = fieldset.dataset.facet;
    const chosen = selected[facet] || [];
    const values = Object.entries(counts[facet] || {}).filter(([value, count]) => count > 0 || chosen.includes(value));
    chosen.filter((value) => !(value in (counts[facet] || {}))).forEach((value) => values.push([value, 0]));
    values.sort((a, b) => (facet === "year" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0], "vi")));
    const holder = fieldset.querySelector(".dh-facet__values");
    holder.replaceChildren();
    values.forEach(([value, count]) => {
      const label = document.createElement("label");
      label.className = "dh-facet__value";
      const check = document.createElement("input");
      check.type = "checkbox";
      check.value = value;
      check.checked = chosen.includes(value);
      check.addEventListener("change", () => {
        const list = (selected[facet] ||= []);
        if (check.checked) list.push(value); else list.splice(list.indexOf(value), 1);
        if (!list.length) delete selected[facet];
        search();
      });
      label.append(check, text("span", "dh-facet__name", value), text("span", "dh-facet__count", number(count)));
      holder.append(label);
    });
    fieldset.hidden = values.length === 0;
  });
  clear.hidden = Object.keys(selected).length === 0;
}

const CARD_FIELDS = [["unit", "dh-card__unit"], ["summary", "dh-card__summary"]];

/* Whether the card shows a matched word (else it gets a passage of the record's other text). */
function showsMatch(item, isMatch) {
  return ["title", ...CARD_FIELDS.map(([field]) => field)].some((field) => item[field] && marked(item[field], isMatch).matched);
}

function resultCard(item, isMatch) {
  const li = document.createElement("li");
  li.className = "dh-result";
  if (item.image) {
    const image = document.createElement("img");
    image.src = new URL(item.image, siteRoot).href;
    image.alt = "";
    image.width = 96;
    image.height = 96;
    image.loading = "lazy";
    li.append(image);
  }
  const body = document.createElement("div");
  body.className = "dh-result__body";
  body.append(text("p", "dh-card__kind", item.kind || ""));
  const heading = document.createElement("h2");
  heading.className = "dh-result__title";
  const link = document.createElement("a");
  link.href = new URL(item.url, siteRoot).href;
  link.append(marked(item.title, isMatch).fragment);
  heading.append(link);
  body.append(heading);
  for (const [field, className] of CARD_FIELDS) {
    if (!item[field]) continue;
    const paragraph = text("p", className, "");
    paragraph.append(marked(item[field], isMatch).fragment);
    body.append(paragraph);
  }
  const lines = item.text && !showsMatch(item, isMatch) ? excerpt(item.text, isMatch) : null;
  if (lines) {
    const paragraph = text("p", "dh-result__excerpt", "");
    paragraph.append(lines);
    body.append(paragraph);
  }
  li.append(body);
  return li;
}

/* The cards of the page of results from `from` on, fetched before any is shown: a page is put in
   at once, so the list never empties or grows card by card while they arrive. */
async function cards(engine, results, from) {
  const isMatch = matcher(results.query, fold);
  const items = await Promise.all(results.results.slice(from, from + PAGE).map((n) => engine.card(n)));
  return items.map((item) => resultCard(item, isMatch));
}

function countText() {
  return found.results.length ? `${number(found.results.length)} ${box.dataset.results}` : box.dataset.none;
}

let opening;
/* The index, opened once (again after a failure, e.g. the network was down). */
function index() {
  opening ||= openIndex(new URL(box.dataset.index, window.location.href), fold);
  return opening;
}

async function search() {
  const mine = ++generation;
  writeUrl();
  const empty = !queryWords(input.value, fold).words.length && !Object.keys(selected).length;
  if (!empty) status.textContent = box.dataset.loading;
  let result;
  let page;
  try {
    const engine = await index();
    result = await engine.search(input.value, selected);
    page = empty ? [] : await cards(engine, result, 0);
  } catch (error) {
    opening = null; /* the next search opens the index again */
    if (mine === generation) status.textContent = box.dataset.error;
    throw error;
  }
  if (mine !== generation) return;
  /* Facets, count, cards and button change together, in one frame. */
  found = empty ? { results: [] } : result;
  renderFacets(result.counts);
  list.replaceChildren(...page);
  shown = page.length;
  status.textContent = empty ? box.dataset.prompt : countText();
  more.hidden = shown >= found.results.length;
}

/* The next page of results, below those shown. The button stays where it is while the cards
   load (aria-disabled, not disabled: it keeps the keyboard focus), and goes when nothing more is
   left, handing the focus to the first card it brought. */
async function showMore() {
  if (more.getAttribute("aria-disabled") === "true") return;
  const mine = generation;
  const results = found;
  more.setAttribute("aria-disabled", "true");
  try {
    const page = await cards(await index(), results, shown);
    if (mine !== generation || results !== found) return;
    const focused = document.activeElement === more;
    list.append(...page);
    shown += page.length;
    if (status.textContent !== countText()) status.textContent = countText(); /* after an error */
    more.hidden = shown >= found.results.length;
    if (more.hidden && focused && page.length) page[0].querySelector("a").focus();
  } catch (error) {
    if (mine === generation) status.textContent = box.dataset.error;
    throw error;
  } finally {
    more.removeAttribute("aria-disabled");
  }
}

let timer;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 150); });
document.querySelector(".dh-search__form").addEventListener("submit", (event) => { event.preventDefault(); search(); });
more.addEventListener("click", showMore);
clear.addEventListener("click", () => { Object.keys(selected).forEach((k) => delete selected[k]); search(); });
readUrl();
search();
