// Chronicle's static search (docs/search.md): runs the query of
// /search/?q=… in the browser over the prebuilt index under /search/index/,
// loading only the index files of the query's words and the display data
// of the results shown. No framework; nothing but this file and the index.
(() => {
  "use strict";
  const status = document.getElementById("search-status");
  if (!status) return;
  const base = status.dataset.index;
  const prefix = status.dataset.prefix || "";
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const box = document.getElementById("search-q");
  const pageSize = 10;
  const cache = new Map();

  const load = (path) => {
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then((r) => {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      }));
    }
    return cache.get(path);
  };

  // fold and words read text as the index does: accents removed, lower
  // case, split at anything but letters and digits.
  const fold = (s) => s.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
  const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const hex = (s) => Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, "0")).join("");

  // parse reads the query language of the server's search: words all
  // required, "phrases" (their words required), word* a prefix, OR between
  // two terms, -word or NOT word excluded.
  const parse = (q) => {
    const clauses = [];
    let or = false, not = false;
    for (let t of q.match(/-?"[^"]*"\*?|\S+/g) || []) {
      if (t === "OR") { or = clauses.length > 0; continue; }
      if (t === "AND") continue;
      if (t === "NOT") { not = true; continue; }
      let exclude = not;
      not = false;
      if (t.length > 1 && t[0] === "-") { exclude = true; t = t.slice(1); }
      const star = t.endsWith("*");
      const ws = words(star ? t.slice(0, -1) : t);
      if (ws.length === 0) continue;
      const alt = { words: ws, prefix: star && ws[ws.length - 1].length >= 2 };
      const last = clauses[clauses.length - 1];
      if (or && !exclude && last && !last.exclude) last.alts.push(alt);
      else clauses.push({ alts: [alt], exclude });
      or = false;
    }
    return clauses;
  };

  // shardsFor lists the index files that may hold the word: the one whose
  // key is the longest start of the word and, for a prefix, every file
  // whose key starts with it.
  const shardsFor = (word, isPrefix, keys) => {
    let best = "";
    const out = [];
    for (const k of keys) {
      if (word.startsWith(k)) { if (k.length > best.length) best = k; }
      else if (isPrefix && k.startsWith(word)) out.push(k);
    }
    if (best !== "") out.push(best);
    return out;
  };

  // postings maps each event holding the word (or a word it starts) to
  // its score.
  const postings = async (word, isPrefix, manifest) => {
    const shards = await Promise.all(shardsFor(word, isPrefix, manifest.shards).map((k) => load("t/" + hex(k) + ".json")));
    const out = new Map();
    for (const shard of shards) {
      for (const term in shard) {
        if (term !== word && !(isPrefix && term.startsWith(word))) continue;
        const l = shard[term];
        // BM25: the term's IDF times its stored weight in each event.
        const idf = Math.log(1 + (manifest.docs - l[0] + 0.5) / (l[0] + 0.5));
        let doc = 0;
        for (let i = 1; i < l.length; i += 2) {
          doc += l[i];
          const s = idf * l[i + 1];
          if (!(out.get(doc) >= s)) out.set(doc, s);
        }
      }
    }
    return out;
  };

  const intersect = (maps) => {
    maps.sort((a, b) => a.size - b.size);
    const out = new Map();
    for (const [doc, s] of maps[0]) {
      let sum = s;
      if (maps.every((m, i) => i === 0 || (m.has(doc) && (sum += m.get(doc), true)))) out.set(doc, sum);
    }
    return out;
  };

  const clauseDocs = async (c, manifest) => {
    const out = new Map();
    for (const alt of c.alts) {
      const maps = await Promise.all(alt.words.map((w, i) => postings(w, alt.prefix && i === alt.words.length - 1, manifest)));
      for (const [doc, s] of intersect(maps)) if (!(out.get(doc) >= s)) out.set(doc, s);
    }
    return out;
  };

  const run = async (q) => {
    const clauses = parse(q);
    const include = clauses.filter((c) => !c.exclude);
    if (include.length === 0) throw new Error("type a word to search for (a query of exclusions alone finds nothing)");
    const manifest = await load("manifest.json");
    const found = intersect(await Promise.all(include.map((c) => clauseDocs(c, manifest))));
    for (const c of clauses.filter((c) => c.exclude)) {
      for (const doc of (await clauseDocs(c, manifest)).keys()) found.delete(doc);
    }
    const ranked = Array.from(found).sort((a, b) => b[1] - a[1] || b[0] - a[0]).map((e) => e[0]);
    return { ranked, manifest, marks: clauses.filter((c) => !c.exclude).flatMap((c) => c.alts) };
  };

  const isMatch = (w, marks) => marks.some((a) => a.words.some((m, i) => w === m || (a.prefix && i === a.words.length - 1 && w.startsWith(m))));

  // headline writes the headline into el, the query's words in <mark>.
  const headline = (el, text, marks) => {
    let at = 0;
    for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      if (!isMatch(fold(m[0]), marks)) continue;
      el.append(text.slice(at, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      el.append(mark);
      at = m.index + m[0].length;
    }
    el.append(text.slice(at));
  };

  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  const show = async (res, from) => {
    const docs = res.ranked.slice(from, from + pageSize);
    const per = res.manifest.docsPerShard;
    const shards = new Map();
    for (const d of docs) shards.set(Math.floor(d / per), null);
    await Promise.all(Array.from(shards.keys(), async (n) => shards.set(n, await load("d/" + n + ".json"))));
    for (const d of docs) {
      const row = shards.get(Math.floor(d / per))[d % per];
      if (!row) continue;
      const [path, text] = row;
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = prefix + path + ".html";
      headline(a, text, res.marks);
      li.append(a, " ");
      const date = path.match(/^\/news\/(\d+)\/(\d+)\/(\d+)\//);
      if (date) {
        const t = document.createElement("time");
        t.dateTime = date[1] + "-" + date[2] + "-" + date[3].padStart(2, "0");
        t.textContent = +date[3] + " " + months[+date[2] - 1] + " " + date[1];
        const meta = document.createElement("span");
        meta.className = "meta";
        meta.append(t);
        li.append(meta);
      }
      list.append(li);
    }
    const shown = from + docs.length;
    status.textContent = res.ranked.length === 0 ? "No events match these words. Try fewer or other words, or a word's start followed by *." :
      "Results 1–" + shown.toLocaleString("en") + " of " + res.ranked.length.toLocaleString("en") + (res.ranked.length === 1 ? " event" : " events");
    more.hidden = shown >= res.ranked.length;
    more.onclick = () => show(res, shown);
  };

  // The server's search has filters and orders by date too; this index
  // holds words alone, ranked. A link from a served copy may carry them:
  // say they are left out.
  const noteFilters = (params) => {
    const given = ["from", "to", "category", "topic", "story"].filter((f) => (params.get(f) || "").trim() !== "");
    const order = { newest: "newest first", oldest: "oldest first" }[params.get("order")];
    const note = document.getElementById("search-filters");
    if ((given.length === 0 && !order) || !note) return;
    const left = [];
    if (given.length > 0) left.push("the filters of a served copy's search (" + given.join(", ") + ")");
    if (order) left.push((given.length > 0 ? "its" : "a served copy's") + " order (" + order + ")");
    note.textContent = "This copy of the archive searches in your browser by words alone: " + left.join(" and ") +
      (left.length > 1 ? " are" : " is") + " left out, and these results are for the words, the best match first.";
    note.hidden = false;
  };

  const params = new URLSearchParams(location.search);
  const q = params.get("q") || "";
  box.value = q;
  noteFilters(params);
  if (q.trim() === "") {
    status.textContent = "Type words to search the archive's events.";
    return;
  }
  status.textContent = "Searching…";
  run(q).then((res) => show(res, 0)).catch((err) => {
    status.textContent = "This search cannot be run: " + err.message;
  });
})();
