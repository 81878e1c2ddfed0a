// Primer's search: the box in the site's header and the query side of the
// index that SearchIndex.swift writes (see there for the files). Every page
// loads this script; without JavaScript there is no box. Text becomes terms
// by the rules of SearchTokenizer.swift, rule for rule: the cases in
// Tests/Fixtures/search-terms.json are checked against both.
(() => {
  "use strict";
  const script = document.currentScript;
  const assets = new URL(".", script.src);
  const root = new URL("..", assets);
  const words = script.dataset;
  const pageLanguage = document.documentElement.lang;
  const maximumTermLength = 40;
  const pagesShown = 20;
  const sectionsShown = 3;

  // ---- Terms (SearchTokenizer.swift) ----

  const isIdeographic = (c) =>
    (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f);
  const letterOrDigit = /[\p{Alphabetic}\p{Nd}]/u;
  const isWordCharacter = (ch) => {
    const c = ch.codePointAt(0);
    if (c < 0x80) return /[a-zA-Z0-9]/.test(ch);
    return !isIdeographic(c) && letterOrDigit.test(ch);
  };
  const isDigit = (ch) => ch >= "0" && ch <= "9";
  // One character at a time, as SearchTokenizer.normalized(_:) does; ASCII
  // and the common ideographs are left as they are by NFKD.
  const normalizedCharacter = (character) => {
    const c = character.codePointAt(0);
    if (c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : character;
    if (c >= 0x4e00 && c <= 0x9fff) return character;
    return character.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\u03c2/g, "\u03c3");
  };
  const normalized = (text) => Array.from(text, normalizedCharacter).join("");

  function stem(word, isAcronymPlural) {
    if (isAcronymPlural) return word.slice(0, -1);
    for (const possessive of ["'s", "\u2019s"]) if (word.endsWith(possessive)) word = word.slice(0, -2);
    word = word.replace(/['\u2019]/g, "");
    if (!(word.length > 3 && /^[a-z]+$/.test(word))) return word;
    const ends = (...suffixes) => suffixes.some((suffix) => word.endsWith(suffix));
    if (ends("ies") && !ends("eies", "aies")) return word.slice(0, -3) + "y";
    if (ends("sses", "xes", "ches", "shes", "zzes")) return word.slice(0, -2);
    if (ends("es") && !ends("aes", "ees", "oes")) return word.slice(0, -1);
    if (ends("s") && !ends("ss", "us", "is", "ias")) return word.slice(0, -1);
    return word;
  }

  // The words (stemmed) and runs of ideographs of a text, each with where
  // it stands in the text as written (UTF-16 offsets), for highlighting.
  function tokens(text) {
    const characters = [];
    let offset = 0;
    for (const original of text) {
      const isCapital = original >= "A" && original <= "Z";
      for (const character of normalizedCharacter(original)) {
        characters.push({ character, isCapital, start: offset, end: offset + original.length });
      }
      offset += original.length;
    }
    const found = [];
    let word = [];
    let run = [];
    const endWord = () => {
      if (!word.length) return;
      const text = word.map((item) => item.character).join("");
      const [third, second, last] = word.slice(-3);
      const acronymPlural = word.length >= 3 && last.character === "s" && !last.isCapital && second.isCapital && third.isCapital;
      found.push({ kind: "word", value: stem(text, acronymPlural), start: word[0].start, end: word[word.length - 1].end });
      word = [];
    };
    const endRun = () => {
      if (!run.length) return;
      const text = run.map((item) => item.character).join("");
      found.push({ kind: "run", value: text, start: run[0].start, end: run[run.length - 1].end });
      run = [];
    };
    const joins = (character, previous, next) => {
      if (character === "'" || character === "\u2019") return isWordCharacter(next) && !isDigit(next) && !isDigit(previous);
      return character === "." && isDigit(previous) && isDigit(next);
    };
    characters.forEach((item, index) => {
      const { character } = item;
      if (isIdeographic(character.codePointAt(0))) {
        endWord();
        run.push(item);
        return;
      }
      endRun();
      const next = characters[index + 1];
      if (isWordCharacter(character)) {
        if (word.length < maximumTermLength) word.push(item);
      } else if (word.length && next && joins(character, word[word.length - 1].character, next.character)) {
        if (word.length < maximumTermLength) word.push(item);
      } else {
        endWord();
      }
    });
    endWord();
    endRun();
    return found;
  }

  // Texts' tokens and normal forms, kept: the sections' texts do not change.
  const remembered = (compute) => {
    const cache = new Map();
    return (text) => {
      let value = cache.get(text);
      if (value === undefined) cache.set(text, (value = compute(text)));
      return value;
    };
  };
  const tokensOf = remembered(tokens);
  const normalizedOf = remembered(normalized);

  const characters = (run) => Array.from(run);
  const bigrams = (run) => characters(run).slice(1).map((character, index) => characters(run)[index] + character);

  // The terms the index has for a text: words, and each ideograph of a run
  // with each pair of adjacent ones.
  function terms(text) {
    const result = [];
    for (const token of tokens(text)) {
      if (token.kind === "word") {
        result.push(token.value);
        continue;
      }
      const run = characters(token.value);
      run.forEach((character, index) => {
        result.push(character);
        if (index + 1 < run.length) result.push(character + run[index + 1]);
      });
    }
    return result;
  }

  // ---- The index (loaded on first use) ----

  let index = null;
  let indexLoading = null;
  const shards = new Map(); // key → {terms: Map(term → [[first section, "0*2,3"], …] or parsed), sorted}
  const shardsLoading = new Map();
  const texts = new Map();
  const textsLoading = new Map();

  function loadScript(url) {
    return new Promise((resolve) => {
      const element = document.createElement("script");
      element.src = url;
      element.onload = () => resolve(true);
      element.onerror = () => resolve(false);
      document.head.appendChild(element);
    });
  }

  function loadIndex() {
    indexLoading ||= loadScript(new URL("search/index.js", assets).href).then(() => index);
    return indexLoading;
  }

  function build(data) {
    const pages = [];
    const sections = [];
    const byPath = new Map();
    for (const [path, language, title, anchors, headings, lengths] of data.pages) {
      const page = { path, language, title, anchors, headings, first: sections.length };
      pages.push(page);
      byPath.set(path, page);
      anchors.forEach((anchor, number) => sections.push({ page, number, length: lengths[number] }));
    }
    const averageLength = sections.reduce((sum, section) => sum + section.length, 0) / Math.max(sections.length, 1);
    return { languages: data.languages, shards: new Set(data.shards), pages, byPath, sections, averageLength };
  }

  // The shard a term is in (SearchIndex.shard(of:)).
  const shardOf = (term) => {
    const c = term.codePointAt(0);
    if (/^[a-z0-9]/.test(term)) return term[0];
    return "x" + (c % 32).toString(16).padStart(2, "0");
  };

  function loadShards(keys) {
    return Promise.all([...new Set(keys)].filter((key) => index.shards.has(key)).map((key) => {
      if (!shardsLoading.has(key)) shardsLoading.set(key, loadScript(new URL(`search/terms/${key}.js`, assets).href));
      return shardsLoading.get(key);
    }));
  }

  // A shard's lines, kept as written until a query needs a term.
  function addShard(key, lines) {
    const terms = new Map();
    for (const [path, list] of lines) {
      const page = index.byPath.get(path);
      if (!page) continue;
      const parts = list.split(" ");
      for (let part = 0; part + 1 < parts.length; part += 2) {
        const entry = [page.first, parts[part + 1]];
        const existing = terms.get(parts[part]);
        if (existing) existing.push(entry);
        else terms.set(parts[part], [entry]);
      }
    }
    shards.set(key, { terms, sorted: [...terms.keys()].sort() });
  }

  // [[section, count], …] of a term, or undefined.
  function postings(term) {
    const shard = shards.get(shardOf(term));
    const raw = shard?.terms.get(term);
    if (!raw || raw.parsed) return raw;
    const parsed = [];
    for (const [first, list] of raw) {
      for (const entry of list.split(",")) {
        const star = entry.indexOf("*");
        parsed.push(star < 0 ? [first + Number(entry), 1] : [first + Number(entry.slice(0, star)), Number(entry.slice(star + 1))]);
      }
    }
    parsed.parsed = true;
    shard.terms.set(term, parsed);
    return parsed;
  }

  function loadTexts(page) {
    if (texts.has(page.path)) return Promise.resolve();
    if (!textsLoading.has(page.path)) {
      const file = "search/text/" + page.path.replace(/\.html$/, ".js");
      textsLoading.set(page.path, loadScript(new URL(file, assets).href));
    }
    return textsLoading.get(page.path);
  }

  // ---- Queries ----

  // A query's parts: each word (the last one, while typed, as a prefix)
  // and each run of ideographs (by its bigrams, or the one character).
  function parse(query) {
    const found = tokens(query);
    const open = !/\s$/.test(query);
    return found.map((token, number) => {
      if (token.kind === "word") {
        return { kind: "word", value: token.value, prefix: open && number === found.length - 1 };
      }
      const run = characters(token.value);
      return { kind: "run", value: token.value, terms: run.length === 1 ? run : bigrams(token.value) };
    });
  }

  // The index terms a word matches: itself, and while typed, the terms it
  // begins (at most 64, in order).
  function expansions(part) {
    if (!part.prefix) return postings(part.value) ? [part.value] : [];
    const terms = shards.get(shardOf(part.value))?.sorted ?? [];
    let low = 0;
    let high = terms.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (terms[middle] < part.value) low = middle + 1;
      else high = middle;
    }
    const matches = [];
    for (let at = low; at < terms.length && terms[at].startsWith(part.value) && matches.length < 64; at++) {
      matches.push(terms[at]);
    }
    return matches;
  }

  // BM25: a term counts for less the more sections have it, and the
  // longer the section is; repetitions count for less and less.
  const weight = (term) => Math.log(1 + index.sections.length / postings(term).length);
  const relevance = (term, section, count) => {
    const lengthFactor = 0.25 + (0.75 * index.sections[section].length) / index.averageLength;
    return (weight(term) * count * 2.2) / (count + 1.2 * lengthFactor);
  };

  // Each part's score in each section it matches: section → [scores by part].
  function scoreSections(parts) {
    const scores = new Map();
    parts.forEach((part, number) => {
      const add = (section, score) => {
        if (!scores.has(section)) scores.set(section, new Array(parts.length).fill(0));
        scores.get(section)[number] += score;
      };
      if (part.kind === "word") {
        for (const term of expansions(part)) {
          const factor = term === part.value ? 1 : 0.5;
          for (const [section, count] of postings(term)) add(section, factor * relevance(term, section, count));
        }
        return;
      }
      // A run: every one of its terms in the section.
      let common = null;
      for (const term of part.terms) {
        const counts = new Map((postings(term) || []).map(([section, count]) => [section, relevance(term, section, count)]));
        common = common === null ? counts : new Map([...common].filter(([section]) => counts.has(section))
          .map(([section, score]) => [section, Math.min(score, counts.get(section))]));
      }
      for (const [section, score] of common || []) add(section, score);
    });
    return scores;
  }

  // Whether a run of two or more ideographs stands together in the section
  // (its bigrams may be apart); known once the page's text is loaded.
  function runStandsTogether(part, section) {
    if (part.kind !== "run" || part.terms.length < 2) return true;
    const page = section.page;
    const text = texts.get(page.path)?.[section.number] ?? "";
    return normalizedOf(page.headings[section.number]).includes(part.value) || normalizedOf(text).includes(part.value);
  }

  // Whether a text has a part of a query.
  function inText(text, part) {
    if (part.kind !== "word") return normalizedOf(text).includes(part.value);
    return tokensOf(text).some((token) => token.kind === "word" && (token.value === part.value || (part.prefix && token.value.startsWith(part.value))));
  }

  // The pages with every part, best first, each with its best sections;
  // `adjacent`: once their texts are loaded, runs must stand together.
  function rank(parts, scores, adjacent) {
    const byPage = new Map();
    for (const [sectionNumber, partScores] of scores) {
      const section = index.sections[sectionNumber];
      if (!byPage.has(section.page)) byPage.set(section.page, []);
      byPage.get(section.page).push({ section, partScores });
    }
    const results = [];
    for (const [page, sections] of byPage) {
      const matched = sections.map((entry) => ({
        ...entry,
        partScores: entry.partScores.map((score, number) =>
          score > 0 && (!adjacent || runStandsTogether(parts[number], entry.section)) ? score : 0),
      })).filter((entry) => entry.partScores.some((score) => score > 0));
      const everyPart = parts.every((part, number) => matched.some((entry) => entry.partScores[number] > 0));
      if (!everyPart) continue;
      for (const entry of matched) {
        entry.parts = entry.partScores.filter((score) => score > 0).length;
        // A section whose heading has the words is about them.
        const inHeading = parts.filter((part) => inText(page.headings[entry.section.number], part)).length;
        entry.score = entry.partScores.reduce((sum, score) => sum + score, 0) * (1 + inHeading / parts.length);
      }
      matched.sort((a, b) => b.parts - a.parts || b.score - a.score || a.section.number - b.section.number);
      // The best section, and a little for each other one that matches;
      // a page whose title has the words is about them.
      const inTitle = parts.filter((part) => inText(page.title, part)).length;
      const sectionsScore = matched[0].score + 0.2 * matched.slice(1).reduce((sum, entry) => sum + entry.score, 0);
      const score = sectionsScore * (1 + inTitle / parts.length);
      results.push({ page, score, sections: matched.slice(0, sectionsShown).map((entry) => entry.section) });
    }
    const own = (result) => (result.page.language === pageLanguage ? 0 : 1);
    results.sort((a, b) => own(a) - own(b) || b.score - a.score || (a.page.path < b.page.path ? -1 : 1));
    return results.slice(0, pagesShown);
  }

  // The pages a query finds: [{page, score, sections}] — the reader's
  // language first. Loads what it needs.
  async function search(query) {
    await loadIndex();
    const parts = parse(query);
    if (!index || !parts.length) return { parts, results: [] };
    await loadShards(parts.flatMap((part) => (part.kind === "word" ? [shardOf(part.value)] : part.terms.map(shardOf))));
    const scores = scoreSections(parts);
    const candidates = rank(parts, scores, false);
    await Promise.all(candidates.map((result) => loadTexts(result.page)));
    return { parts, results: rank(parts, scores, true) };
  }

  // ---- Excerpts ----

  // Where the text has the query's parts: [start, end] ranges, in order.
  function matches(text, parts) {
    const ranges = [];
    for (const token of tokensOf(text)) {
      for (const part of parts) {
        if (part.kind === "word" && token.kind === "word") {
          if (token.value === part.value || (part.prefix && token.value.startsWith(part.value))) ranges.push([token.start, token.end]);
        }
      }
    }
    for (const part of parts) {
      if (part.kind !== "run") continue;
      // Ideographs have no case: the run stands in the text as typed.
      for (let at = text.indexOf(part.value); at >= 0; at = text.indexOf(part.value, at + part.value.length)) {
        ranges.push([at, at + part.value.length]);
      }
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  }

  const escaped = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  // The text from `start` to `end` as HTML, the matches in it marked.
  function marked(text, ranges, start, end) {
    let html = "";
    let at = start;
    for (const [from, to] of ranges) {
      if (from < at || to > end) continue;
      html += escaped(text.slice(at, from)) + "<mark>" + escaped(text.slice(from, to)) + "</mark>";
      at = to;
    }
    return html + escaped(text.slice(at, end));
  }

  // About 150 characters of the text around its first match, the matches marked.
  function excerpt(text, parts) {
    const ranges = matches(text, parts);
    const first = ranges.length ? ranges[0][0] : 0;
    let start = Math.max(0, first - 50);
    let end = Math.min(text.length, start + 150);
    if (start > 0) start = Math.max(text.lastIndexOf(" ", start) + 1, start - 15);
    if (end < text.length && text.indexOf(" ", end) > 0) end = Math.min(text.indexOf(" ", end), end + 15);
    return (start > 0 ? "… " : "") + marked(text, ranges, start, end) + (end < text.length ? " …" : "");
  }

  const highlighted = (text, parts) => marked(text, matches(text, parts), 0, text.length);

  // ---- The box ----

  const box = document.createElement("div");
  box.className = "site-search";
  box.setAttribute("role", "search");
  const input = document.createElement("input");
  input.type = "search";
  input.id = "site-search-input";
  input.placeholder = words.placeholder;
  input.setAttribute("aria-label", words.label);
  input.setAttribute("aria-controls", "site-search-results");
  input.autocomplete = "off";
  input.spellcheck = false;
  const panel = document.createElement("div");
  panel.className = "site-search-results";
  panel.id = "site-search-results";
  panel.hidden = true;
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", words.results);
  const status = document.createElement("p");
  status.className = "site-search-status";
  status.setAttribute("role", "status");
  const list = document.createElement("div");
  panel.append(status, list);
  box.append(input, panel);
  const header = document.querySelector(".site-header");
  header?.insertBefore(box, header.querySelector(".language-switch"));

  const href = (page, anchor) => new URL(page.path + (anchor ? "#" + encodeURIComponent(anchor) : ""), root).href;

  function show({ parts, results }) {
    const count = results.length;
    status.textContent = count === 0 ? words.none : count === 1 ? words.countOne : words.count.replace("{n}", count);
    let html = "";
    let language = null;
    for (const { page, sections } of results) {
      if (page.language !== language) {
        if (language !== null) html += "</ol>";
        if (page.language !== pageLanguage) {
          const name = index.languages[page.language] || page.language;
          html += `<p class="site-search-edition" lang="${escaped(page.language)}">${escaped(name)}</p>`;
        }
        html += "<ol>";
        language = page.language;
      }
      const pageText = texts.get(page.path) || [];
      html += `<li lang="${escaped(page.language)}"><a class="site-search-page" href="${escaped(href(page, ""))}">${highlighted(page.title, parts)}</a>`;
      html += "<ol>";
      for (const section of sections) {
        const heading = section.number === 0 ? "" : `<span class="site-search-heading">${highlighted(page.headings[section.number], parts)}</span>`;
        const text = pageText[section.number] || "";
        html += `<li><a href="${escaped(href(page, page.anchors[section.number]))}">${heading}`;
        html += `<span class="site-search-excerpt">${excerpt(text, parts)}</span></a></li>`;
      }
      html += "</ol></li>";
    }
    list.innerHTML = html + (language !== null ? "</ol>" : "");
    panel.dataset.query = input.value;
    panel.hidden = false;
  }

  let latest = 0;
  async function update() {
    const query = input.value;
    const ticket = ++latest;
    if (!query.trim()) {
      panel.hidden = true;
      return;
    }
    const found = await search(query);
    if (ticket === latest) show(found);
  }

  const links = () => [...list.querySelectorAll("a")];

  input.addEventListener("focus", loadIndex);
  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Enter") {
      const first = list.querySelector("ol ol a") || links()[0];
      if (first) window.location.href = first.href;
    } else if (event.key === "Escape") {
      panel.hidden = true;
    }
  });
  panel.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === "Escape") {
      panel.hidden = true;
      input.focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target)) panel.hidden = true;
  });

  // What the index files call, and what tests and benchmarks use.
  window.primerSearch = {
    index(data) {
      index = build(data);
    },
    terms: (key, lines) => addShard(key, lines),
    text(path, sections) {
      texts.set(path, sections);
    },
    tokenize: terms,
    search,
    async query(text) {
      input.value = text;
      await update();
      return links().map((link) => link.getAttribute("href"));
    },
  };
})();
