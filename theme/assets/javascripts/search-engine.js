/* The search engine of the search page: reads the static index written by search_index.py
   (its docstring describes the files), fetching one small term file per query word and the
   cards of the results shown, nothing else.

   Matching: the query is folded like the index (dhFold: marks removed, đ→d, lower case) and cut
   into words at anything but a–z and 0–9. A record matches when it holds every word; the last
   word, from two letters on, matches as a prefix ("nguyen th" finds "Nguyễn Thị"). Ranking: a
   title equal to the query first, then more query words in the title (a word typed in full
   counts more than a title word it only begins), then newer first (records are numbered newest
   first). Facets: a value's count is the number of results it
   would leave, given the query and the selected values of the other facets. */

const TERM = /[a-z0-9]+/g;
const PREFIX_FROM = 2;

/* The words of a query, and the word matched as a prefix ("" when none). */
export function queryWords(query, fold) {
  const words = fold(query).match(TERM) || [];
  const last = words[words.length - 1] || "";
  return { words, prefix: last.length >= PREFIX_FROM ? last : "" };
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

async function fetchJson(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

export async function openIndex(base, fold) {
  /* index.json is revalidated on every visit; every other file carries its hash in the URL. */
  const manifest = await fetchJson(new URL("index.json", base), { cache: "no-cache" });
  const version = "?v=" + manifest.hash;
  const get = (path) => fetchJson(new URL(path + version, base));
  const count = manifest.records;
  const shardKeys = new Set(manifest.shards);
  const shards = new Map();
  const chunks = new Map();
  /* The facet table loads while the first query's term files do. */
  let titleWords;
  const facets = {};
  const facetTable = get("loc.json").then((loc) => {
    titleWords = loc.title_words;
    for (const name of manifest.facets) {
      facets[name] = (loc.facets[name] || []).map(([value, gaps]) => ({ value, records: undelta(gaps) }));
    }
  });

  function shard(key) {
    if (!shardKeys.has(key)) return Promise.resolve(new Map());
    if (!shards.has(key)) {
      const loading = get(`tu/${key}.json`).then((terms) => {
        const decoded = new Map();
        for (const [term, lists] of Object.entries(terms)) decoded.set(term, lists);
        return decoded;
      });
      loading.catch(() => shards.delete(key));
      shards.set(key, loading);
    }
    return shards.get(key);
  }

  /* Masks (one byte per record) of the records holding a word, and holding it in the title;
     `exactTitle` only for the word itself, not its prefix matches. */
  async function wordMasks(word, asPrefix) {
    const terms = await shard(word.slice(0, 2));
    const all = new Uint8Array(count);
    const title = new Uint8Array(count);
    const exactTitle = new Uint8Array(count);
    const matching = asPrefix ? [...terms.keys()].filter((t) => t.startsWith(word)) : (terms.has(word) ? [word] : []);
    for (const term of matching) {
      const lists = terms.get(term);
      if (!(lists[0] instanceof Int32Array)) terms.set(term, lists.map(undelta));
      const [records, inTitle] = terms.get(term);
      for (const r of records) all[r] = 1;
      if (inTitle) {
        for (const r of inTitle) title[r] = 1;
        if (term === word) for (const r of inTitle) exactTitle[r] = 1;
      }
    }
    return { all, title, exactTitle };
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
    const distinct = [...new Set(query.words)];
    const [masks] = await Promise.all([Promise.all(distinct.map((w) => wordMasks(w, w === query.prefix))), facetTable]);
    const chosen = Object.entries(selected).filter(([name, values]) => facets[name] && values.length)
      .map(([name, values]) => [name, facetMask(name, values)]);
    const matches = new Uint8Array(count);
    for (let r = 0; r < count; r++) matches[r] = masks.every((m) => m.all[r]) ? 1 : 0;
    const passes = (r, except) => chosen.every(([name, mask]) => name === except || mask[r]);

    const results = [];
    const rank = new Map();
    for (let r = 0; r < count; r++) {
      if (!matches[r] || !passes(r, null)) continue;
      results.push(r);
      if (!masks.length) continue;
      /* A word in the title counts 2, a title word it only begins (the last word, typed) 1. */
      const inTitle = masks.reduce((sum, m) => sum + m.title[r] + m.exactTitle[r], 0);
      const exact = titleWords[r] === query.words.length && masks.every((m) => m.exactTitle[r]) ? 1 : 0;
      rank.set(r, exact * 1000 + inTitle);
    }
    if (masks.length) results.sort((a, b) => rank.get(b) - rank.get(a) || a - b);

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
    const key = `muc/${Math.floor(number / manifest.chunk)}.json`;
    if (!chunks.has(key)) {
      const loading = get(key);
      loading.catch(() => chunks.delete(key));
      chunks.set(key, loading);
    }
    return chunks.get(key).then((items) => items[number % manifest.chunk]);
  }

  return { records: count, search, card };
}
