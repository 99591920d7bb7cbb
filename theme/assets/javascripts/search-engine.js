/* The search engine of the search page: reads the static index written by search_index.py
   (its docstring describes the files), fetching one small term file per query word and the
   cards of the results shown, nothing else.

   Matching: the query is folded like the index (dhFold: marks removed, đ→d, lower case) and cut
   into words at anything but a–z and 0–9. A record matches when it holds every word; the last
   word, from two letters on, matches as a prefix ("nguyen th" finds "Nguyễn Thị"). Ranking: a
   title equal to the query first; then, for words typed with marks ("Đông"), records holding
   them exactly as typed (lower case, NFC) before those holding them only folded ("động",
   "đồng"), and in their titles before elsewhere; then more query words in the title (a word
   typed in full counts more than a title word it only begins); then newer first (records are
   numbered newest first). A word typed without marks ranks every way of writing it alike.
   Facets: a value's count is the number of results it would leave, given the query and the
   selected values of the other facets. */

const TERM = /[a-z0-9]+/g;
const TERM_ONLY = /^[a-z0-9]+$/;
const SPACE = /\s/;
const INVISIBLE = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;
const PREFIX_FROM = 2;

/* Text as word forms are compared: as vietnamese.clean_text publishes it (no invisible
   characters, Đ for its look-alikes, NFC), in lower case. */
function markedText(text) {
  return text.replace(INVISIBLE, "").normalize("NFC").replace(/[ðɖ]/g, "đ").replace(/[ÐƉ]/g, "Đ")
    .toLowerCase().normalize("NFC");
}

/* [term, form] of each word of a text, cut as search_index.forms cuts it: the term folded, the
   form the same letters as written. A character belongs to a word when it folds to a–z or 0–9;
   a mark that folding drops belongs to the word it follows. Where that cut differs from the
   folded one, a word's form is its term (it ranks as if typed without marks). */
export function wordForms(text, fold) {
  const terms = fold(text).match(TERM) || [];
  const pairs = [];
  let term = "";
  let form = "";
  for (const char of markedText(text)) {
    const piece = SPACE.test(char) ? " " : fold(char);
    if (piece === "") {
      if (form) form += char;
    } else if (TERM_ONLY.test(piece)) {
      term += piece;
      form += char;
    } else if (term) {
      pairs.push([term, form.normalize("NFC")]);
      term = form = "";
    }
  }
  if (term) pairs.push([term, form.normalize("NFC")]);
  const same = pairs.length === terms.length && pairs.every(([t], i) => t === terms[i]);
  return terms.map((t, i) => [t, same ? pairs[i][1] : t]);
}

/* The words of a query, each word's form when typed with marks ("" when not), and the word
   matched as a prefix ("" when none). */
export function queryWords(query, fold) {
  const pairs = wordForms(query, fold);
  const words = pairs.map(([term]) => term);
  const forms = pairs.map(([term, form]) => (form === term ? "" : form));
  const last = words[words.length - 1] || "";
  return { words, forms, prefix: last.length >= PREFIX_FROM ? last : "" };
}

/* Whether a word of some text (as written, with its marks) matches one of the query's words:
   for marking matches in result cards. */
export function matcher(query, fold) {
  const exact = new Set(query.words);
  const matches = (term) => exact.has(term) || (query.prefix !== "" && term.startsWith(query.prefix));
  return (word) => (fold(word).match(TERM) || []).some(matches);
}

function undelta(gaps) {
  const numbers = new Int32Array(gaps.length);
  let previous = -1;
  for (let i = 0; i < gaps.length; i++) {
    previous += gaps[i] + 1;
    numbers[i] = previous;
  }
  return numbers;
}

/* The numbers of `list` but those at `positions` (sorted). */
function except(list, positions) {
  const kept = [];
  let next = 0;
  for (let i = 0; i < list.length; i++) {
    if (next < positions.length && positions[next] === i) next++;
    else kept.push(list[i]);
  }
  return kept;
}

/* A term's entry of a term file: its records, those holding it in the title, and its forms
   with the records (titles) holding each, as search_index.py writes them. */
function decodeTerm([recordGaps, titleGaps = [], written = []]) {
  const records = undelta(recordGaps);
  const inTitle = undelta(titleGaps);
  const forms = written.map(([form, gaps = [], titleGapsOfForm = []], rank) => {
    const at = undelta(gaps);
    const titleAt = undelta(titleGapsOfForm);
    return rank === 0
      ? { form, records: except(records, at), inTitle: except(inTitle, titleAt) }
      : { form, records: Array.from(at, (p) => records[p]), inTitle: Array.from(titleAt, (p) => inTitle[p]) };
  });
  return { records, inTitle, forms };
}

async function fetchJson(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

/* Every file but index.json is stored gzip-compressed. A server that labels .gz files as gzip-encoded
   has the browser decompress them already: their first bytes tell. */
async function fetchCompressed(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
  if (typeof DecompressionStream === "function") {
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
  }
  const { gunzip } = await import("./inflate.js");
  return JSON.parse(new TextDecoder().decode(gunzip(bytes)));
}

export async function openIndex(base, fold) {
  /* index.json is revalidated on every visit; every other file carries its hash in the URL. */
  const manifest = await fetchJson(new URL("index.json", base), { cache: "no-cache" });
  const version = "?v=" + manifest.hash;
  const get = (path) => fetchCompressed(new URL(path + ".json.gz" + version, base));
  const count = manifest.records;
  const shardKeys = new Set(manifest.shards);
  const shards = new Map();
  const chunks = new Map();
  /* The facet table loads while the first query's term files do. */
  let titleWords;
  const facets = {};
  const facetTable = get("loc").then((loc) => {
    titleWords = loc.title_words;
    for (const name of manifest.facets) {
      facets[name] = (loc.facets[name] || []).map(([value, gaps]) => ({ value, records: undelta(gaps) }));
    }
  });

  function shard(key) {
    if (!shardKeys.has(key)) return Promise.resolve(new Map());
    if (!shards.has(key)) {
      const loading = get(`tu/${key}`).then((terms) => new Map(Object.entries(terms)));
      loading.catch(() => shards.delete(key));
      shards.set(key, loading);
    }
    return shards.get(key);
  }

  /* Masks (one byte per record) of the records holding a word, and holding it in the title;
     `exactTitle` only for the word itself, not its prefix matches. For a word typed with marks
     (`form`), `marked` has the masks of the records holding it written so (a prefix: a form
     beginning so), and null otherwise. */
  async function wordMasks(word, asPrefix, form) {
    const terms = await shard(word.slice(0, 2));
    const all = new Uint8Array(count);
    const title = new Uint8Array(count);
    const exactTitle = new Uint8Array(count);
    const marked = form ? { all: new Uint8Array(count), title: new Uint8Array(count) } : null;
    const matching = asPrefix ? [...terms.keys()].filter((t) => t.startsWith(word)) : (terms.has(word) ? [word] : []);
    for (const term of matching) {
      let entry = terms.get(term);
      if (Array.isArray(entry)) terms.set(term, (entry = decodeTerm(entry))); /* decoded once, when first asked */
      const { records, inTitle, forms } = entry;
      for (const r of records) all[r] = 1;
      for (const r of inTitle) title[r] = 1;
      if (term === word) for (const r of inTitle) exactTitle[r] = 1;
      if (!marked) continue;
      for (const written of forms) {
        if (written.form !== form && !(asPrefix && written.form.startsWith(form))) continue;
        for (const r of written.records) marked.all[r] = 1;
        for (const r of written.inTitle) marked.title[r] = 1;
      }
    }
    return { all, title, exactTitle, marked };
  }

  function facetMask(name, values) {
    const mask = new Uint8Array(count);
    for (const item of facets[name]) {
      if (values.includes(item.value)) for (const r of item.records) mask[r] = 1;
    }
    return mask;
  }

  /* Ranked record numbers and facet counts for a query and the selected facet values. */
  async function search(text, selected) {
    const query = queryWords(text, fold);
    const distinct = new Map(query.words.map((word, i) => [word + "\u0000" + query.forms[i], [word, query.forms[i]]]));
    const [masks] = await Promise.all([
      Promise.all([...distinct.values()].map(([word, form]) => wordMasks(word, word === query.prefix, form))),
      facetTable]);
    const chosen = Object.entries(selected).filter(([name, values]) => facets[name] && values.length)
      .map(([name, values]) => [name, facetMask(name, values)]);
    const matches = new Uint8Array(count);
    for (let r = 0; r < count; r++) matches[r] = masks.every((m) => m.all[r]) ? 1 : 0;
    const passes = (r, except) => chosen.every(([name, mask]) => name === except || mask[r]);

    const results = [];
    const rank = new Map();
    const marked = masks.filter((m) => m.marked).map((m) => m.marked);
    for (let r = 0; r < count; r++) {
      if (!matches[r] || !passes(r, null)) continue;
      results.push(r);
      if (!masks.length) continue;
      /* A title equal to the query (its marked words written as typed); words typed with marks
         held as typed, then held so in the title; then query words in the title: a word counts
         2, a title word it only begins (the last word, typed) 1. */
      const equal = titleWords[r] === query.words.length
        && masks.every((m) => m.exactTitle[r] && (!m.marked || m.marked.title[r])) ? 1 : 0;
      const held = marked.reduce((sum, m) => sum + m.all[r], 0);
      const heldInTitle = marked.reduce((sum, m) => sum + m.title[r], 0);
      const inTitle = masks.reduce((sum, m) => sum + m.title[r] + m.exactTitle[r], 0);
      rank.set(r, [equal, held, heldInTitle, inTitle]);
    }
    const before = (a, b) => {
      const [x, y] = [rank.get(a), rank.get(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
      return a - b;
    };
    if (masks.length) results.sort(before);

    const counts = {};
    for (const [name, values] of Object.entries(facets)) {
      counts[name] = {};
      for (const item of values) {
        let n = 0;
        for (const r of item.records) if (matches[r] && passes(r, name)) n++;
        counts[name][item.value] = n;
      }
    }
    return { query, results, counts };
  }

  /* What a record's result card shows, and its other indexed text: files of manifest.chunk records. */
  function card(number) {
    const key = `muc/${Math.floor(number / manifest.chunk)}`;
    if (!chunks.has(key)) {
      const loading = get(key);
      loading.catch(() => chunks.delete(key));
      chunks.set(key, loading);
    }
    return chunks.get(key).then((items) => items[number % manifest.chunk]);
  }

  return { records: count, search, card };
}
