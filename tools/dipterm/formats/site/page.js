"use strict";
// The search of dipterm's HTML glossary. The search keys (every word of every term, diacritics
// folded by dipterm's own normaliser, English plurals added) and the cards each word is in are
// written by the export into #dipterm-index; here a query is folded the same way (fold below,
// tested against the normaliser on every term of the shipped glossary) and looked up.
(function () {
  const index = JSON.parse(document.getElementById("dipterm-index").textContent);
  const words = index.words; // sorted by UTF-16 code units, as JavaScript compares strings
  const postings = index.cards; // postings[i]: the cards (in page order) holding words[i]
  const plurals = index.plurals; // an English plural -> the term word it stands for
  const cards = Array.from(document.querySelectorAll("article.concept"));
  const sections = Array.from(document.querySelectorAll("section.subject"));
  const spans = sections.map((s) => s.querySelectorAll("article.concept").length);
  const subjectOf = cards.map((c) => c.dataset.subject || "");
  const keys = index.keys; // keys[card]: the card's term keys (loose keys, punctuation left out)
  const LIMIT = 200; // cards a search shows before "show all"
  const catalogue = document.getElementById("catalogue");
  const found = document.getElementById("found");
  const more = document.getElementById("more");
  const moreButton = more.querySelector("button");
  const input = document.getElementById("q");
  const select = document.getElementById("subject");
  const count = document.getElementById("count");
  const none = document.getElementById("none");
  const WORD = /[\p{L}\p{N}_]+(?:'[\p{L}\p{N}_]+)*/gu;

  function fold(text) {
    return text
      .replace(/[đĐ]/g, "d")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .normalize("NFC")
      .toLowerCase()
      .replace(/[‘’ʼ`´]/g, "'");
  }

  function queryWords(query) {
    return fold(query).match(WORD) || [];
  }

  function lowerBound(word) {
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Edit distance (insertions, deletions, substitutions, adjacent swaps), or limit + 1 beyond it.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, before[j - 2] + 1);
        }
        row.push(d);
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
      before = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // The words a query word stands for: those it begins; with none, those within a typo or two.
  const memo = new Map();
  function wordsFor(word) {
    if (memo.has(word)) return memo.get(word);
    const found = [];
    for (let i = lowerBound(word); i < words.length && words[i].startsWith(word); i++) found.push(i);
    if (!found.length && word.length >= 4) {
      const limit = word.length <= 6 ? 1 : 2;
      for (let i = 0; i < words.length; i++) {
        if (distance(word, words[i], limit) <= limit) found.push(i);
      }
    }
    if (memo.size > 500) memo.clear();
    memo.set(word, found);
    return found;
  }

  // The cards every query word is in (null: no query, every card).
  function matching(query) {
    const wanted = queryWords(query);
    if (!wanted.length) return null;
    let result = null;
    for (const word of wanted) {
      const hit = new Uint8Array(cards.length);
      for (const w of wordsFor(word)) for (const c of postings[w]) hit[c] = 1;
      if (result === null) result = hit;
      else for (let i = 0; i < result.length; i++) result[i] &= hit[i];
    }
    return result;
  }

  function fragment() {
    const parts = [];
    if (input.value) parts.push("q=" + encodeURIComponent(input.value));
    if (select.value) parts.push("subject=" + encodeURIComponent(select.value));
    return parts.length ? "#" + parts.join("&") : "";
  }

  // 0: a term's key is the query; 1: a key starts with it; 2: has its words in a row; 3: the rest.
  function rank(card, phrases) {
    let best = 3;
    for (const key of keys[card]) {
      for (const phrase of phrases) {
        if (key === phrase) return 0;
        if (key.startsWith(phrase)) best = Math.min(best, 1);
        else if ((" " + key).includes(" " + phrase)) best = Math.min(best, 2);
      }
    }
    return best;
  }

  // A search shows copies of the matching cards, best first, in #found (the first LIMIT unless
  // asked for all) and hides the catalogue: a keystroke touches the few cards it shows, never
  // the thousands it hides. No query: the catalogue, its sections filtered by subject.
  let showAll = false;
  let last = null;
  function apply() {
    const query = input.value;
    const subject = select.value;
    if (last && (last[0] !== query || last[1] !== subject)) showAll = false;
    last = [query, subject];
    const hit = matching(query);
    let total = 0;
    if (hit === null) {
      found.replaceChildren();
      found.hidden = true;
      more.hidden = true;
      sections.forEach((section, k) => {
        const on = !subject || section.dataset.subject === subject;
        section.hidden = !on;
        if (on) total += spans[k];
      });
      catalogue.classList.remove("away");
    } else {
      const wanted = queryWords(query);
      const based = wanted.map((w) => (Object.hasOwn(plurals, w) ? plurals[w] : w));
      const phrases = [wanted.join(" "), based.join(" ")];
      const ranked = [];
      for (let i = 0; i < cards.length; i++) {
        if (hit[i] && (!subject || subjectOf[i] === subject)) ranked.push([rank(i, phrases), i]);
      }
      ranked.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      total = ranked.length;
      const limit = showAll ? total : Math.min(total, LIMIT);
      const copies = [];
      for (let k = 0; k < limit; k++) {
        const copy = cards[ranked[k][1]].cloneNode(true);
        copy.removeAttribute("id");
        copies.push(copy);
      }
      found.replaceChildren(...copies);
      found.hidden = false;
      catalogue.classList.add("away"); // kept rendered, so clearing the search is instant
      more.hidden = limit >= total;
      moreButton.textContent = `Show all ${total} (${total - limit} more)`;
    }
    count.textContent = total === cards.length ? `${total} concepts` : `${total} of ${cards.length} concepts`;
    none.hidden = total > 0;
    const url = location.href.split("#")[0] + fragment();
    if (url !== location.href) {
      try {
        history.replaceState(null, "", url);
      } catch (e) {
        // a browser that refuses history on file:// keeps the query out of the address
      }
    }
  }

  function fromFragment() {
    const params = new Map();
    for (const part of location.hash.replace(/^#/, "").split("&")) {
      const at = part.indexOf("=");
      if (at > 0) {
        try {
          params.set(part.slice(0, at), decodeURIComponent(part.slice(at + 1).replace(/\+/g, " ")));
        } catch (e) {
          // a malformed escape: that parameter is ignored
        }
      }
    }
    input.value = params.get("q") || "";
    const subject = params.get("subject") || "";
    select.value = Array.from(select.options).some((o) => o.value === subject) ? subject : "";
    apply();
  }

  document.getElementById("search").addEventListener("submit", (event) => event.preventDefault());
  moreButton.addEventListener("click", () => {
    showAll = true;
    apply();
  });
  input.addEventListener("input", apply);
  select.addEventListener("change", apply);
  window.addEventListener("hashchange", fromFragment);
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== input && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === "Escape" && document.activeElement === input && input.value) {
      input.value = "";
      apply();
    }
  });
  window.dipterm = { fold, queryWords, matching, apply };
  fromFragment();
})();
