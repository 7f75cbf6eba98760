// Chronicle's mending of links that arrive mangled, on the static site's
// 404 page (docs/serve.md, "Paths"; docs/build.md): the address the link most
// likely meant, tried as chronicle serve tries it (event/mend.go), is opened
// when the site has it; an event's address cut short is looked up on its
// day's page, and leads to the one event whose address starts so, or the
// page lists those that do; the day, month and year a /news/ address names
// head the page's other links. No framework; nothing but this file.
(() => {
  "use strict";
  const box = document.getElementById("likely");
  if (!box) return;
  const prefix = box.dataset.prefix || "";
  const minCutSlug = 12; // event.MinCutSlug: a shorter slug is offered, not followed
  const maxLikely = 10;
  const pageExts = [".html", ".md", ".json", ".xml"];
  const eventPath = /^\/news\/\d{4}\/\d\d\/[1-9]\d?\/[a-z0-9-]+$/;

  let asked;
  try {
    asked = decodeURIComponent(location.pathname);
  } catch {
    return;
  }
  if (!asked.startsWith(prefix + "/")) return;
  asked = asked.slice(prefix.length);

  // splitExt splits the extension off the path's last segment.
  const splitExt = (p) => {
    const seg = p.slice(p.lastIndexOf("/") + 1);
    const dot = seg.lastIndexOf(".");
    return dot < 0 ? [p, ""] : [p.slice(0, p.length - seg.length + dot), seg.slice(dot)];
  };

  // canonicalDate writes a /news/ date as the site does: /news/2013/06/6/.
  const canonicalDate = (p) => p.replace(/^\/news\/(\d{4})\/(\d{1,2})\/(\d{1,2})(?=\/|$)/,
    (_, y, m, d) => `/news/${y}/${m.padStart(2, "0")}/${Number(d)}`);

  // trimJunk drops the punctuation and spaces a link took along at its end.
  const trimJunk = (p) => p.replace(/[\s.,;:!?)\]}>'"*_\-…”’»›]+$/u, "");

  // mendOnce is one round of event.MendPath: trailing punctuation and
  // spaces dropped, capitals lowered, the date made canonical, a page
  // written as a directory given back its name, an extension that starts
  // exactly one of the pages' completed.
  const mendOnce = (p) => {
    let m = canonicalDate(trimJunk(p).toLowerCase());
    if (m.endsWith("/")) {
      // The stem is tried without the junk the next round drops from it.
      const stem = m.slice(0, -1);
      const tried = trimJunk(stem);
      const [bare, ext] = splitExt(tried);
      if (eventPath.test(tried) || (pageExts.includes(ext) && bare.length > 1)) m = stem;
    }
    const [stem, ext] = splitExt(m);
    const completed = ext.length >= 2 ? pageExts.filter((e) => e.startsWith(ext)) : [];
    return completed.length === 1 ? stem + completed[0] : m;
  };

  // mend is event.MendPath: its rounds until nothing changes, since one
  // step may lay bare what another mends ("…/slug /": the slash, then the
  // space); bounded as there.
  const mend = (p) => {
    let m = p;
    for (let i = 0; i < p.length + 4; i++) {
      const next = mendOnce(m);
      if (next === m) break;
      m = next;
    }
    return m;
  };

  // file is the file a static host serves for the site path p.
  const file = (p) => {
    if (p.endsWith("/")) return p + "index.html";
    return eventPath.test(p) ? p + ".html" : p;
  };

  const go = (p) => location.replace(prefix + p + location.search + location.hash);

  const exists = (p) => fetch(prefix + p, { method: "HEAD" }).then((r) => r.ok, () => false);

  // eventsOfDay returns the events the day's page links to whose address
  // starts with stem: their paths, without extension, and headlines.
  const eventsOfDay = async (stem) => {
    const dayDir = stem.slice(0, stem.lastIndexOf("/") + 1);
    const r = await fetch(prefix + dayDir + "index.html");
    if (!r.ok) return [];
    const doc = new DOMParser().parseFromString(await r.text(), "text/html");
    const found = new Map();
    for (const a of doc.querySelectorAll("main a[href]")) {
      const href = a.getAttribute("href");
      if (!href.startsWith(prefix + stem) || !href.endsWith(".html")) continue;
      const p = href.slice(prefix.length, -".html".length);
      if (eventPath.test(p) && !found.has(p)) found.set(p, a.textContent.trim());
    }
    return [...found].map(([path, headline]) => ({ path, headline }));
  };

  const offer = (events) => {
    const intro = document.createElement("p");
    intro.textContent = "The address may have been cut short. These events of the day start the same way:";
    const list = document.createElement("ul");
    list.className = "suggest";
    for (const e of events.slice(0, maxLikely)) {
      const a = document.createElement("a");
      a.href = prefix + e.path + ".html";
      a.textContent = e.headline;
      const li = document.createElement("li");
      li.append(a);
      list.append(li);
    }
    box.replaceChildren(intro, list);
    box.hidden = false;
  };

  const monthNames = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  // suggestDates puts links to the day, month and year a /news/ address
  // names first in the page's list, as the server's 404 page has them
  // (render's dateSuggestions).
  const suggestDates = (p) => {
    const m = /^\/news\/(\d{4})(?:\/(\d\d)(?:\/(\d{1,2}))?)?(?:\/|$)/.exec(p);
    const list = document.querySelector("main > ul.suggest");
    if (!m || !list || Number(m[1]) < 1) return;
    const [year, month, day] = [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)];
    const links = [[`The year ${year}`, `/news/${year}/index.html`]];
    if (month >= 1 && month <= 12) {
      const mm = String(month).padStart(2, "0");
      links.unshift([`${monthNames[month - 1]} ${year}`, `/news/${year}/${mm}/index.html`]);
      const date = new Date(Date.UTC(year, month - 1, day));
      if (day >= 1 && date.getUTCDate() === day) {
        links.unshift([`The events of ${day} ${monthNames[month - 1]} ${year}`, `/news/${year}/${mm}/${day}/index.html`]);
      }
    }
    list.prepend(...links.map(([label, path]) => {
      const a = document.createElement("a");
      a.href = prefix + path;
      a.textContent = label;
      const li = document.createElement("li");
      li.append(a);
      return li;
    }));
  };

  (async () => {
    // A static host cannot choose a format: an event's address without
    // one opens its HTML page.
    const mended = mend(asked);
    if (file(mended) !== asked && await exists(file(mended))) {
      go(file(mended));
      return;
    }
    suggestDates(mended);
    const [stem, ext] = splitExt(mended);
    if (!eventPath.test(stem) || (ext !== "" && !pageExts.includes(ext))) return;
    const events = await eventsOfDay(stem);
    const slug = stem.slice(stem.lastIndexOf("/") + 1);
    if (events.length === 1 && slug.length >= minCutSlug) {
      go(events[0].path + (ext || ".html"));
    } else if (events.length > 0) {
      offer(events);
    }
  })();
})();
