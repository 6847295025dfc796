"""HTML: the glossary as one self-contained, offline web page (``index.html``) to open or host.

Every exported concept is a card (``<article data-concept="ID">``) under its subject: the English
and Vietnamese terms with their status (a deprecated term struck through, with its note as the
reason), the note, each source with the sentence that uses the term, the references as links, and
"proposed" on concepts not yet reviewed. Its style sheet and script (``site/``) are inlined, a
Content-Security-Policy allows nothing else (no request leaves the page), and the page works from
``file://`` as from any static host. Without JavaScript every card is shown.

Search: the page carries its search keys, computed here by dipterm's normaliser — each word of
``loose_key`` of every term (case, diacritics, tone placement and quote styles folded), English
words also under the plurals ``matcher.base_forms`` takes back to them — with the cards each word
is in, and each card's term keys. The script folds a query the same way, takes the cards holding
a word each query word begins (or, when no word begins with it, one within a typo or two) and
shows copies of them best first: a term whose key is the query, one starting with it, one with
the query's words in a row, then the rest in page order (200, and a button for all). Without a
query the page shows the catalogue by subject. The query lives in the URL fragment
(``index.html#q=doi%20tac&subject=diplomacy``), so a search can be shared as a link.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import BinaryIO

from dipterm.formats.base import ExportOptions, Format, selected
from dipterm.matcher import base_forms
from dipterm.model import Concept, Glossary, Status, Term
from dipterm.normalize import lang_of, loose_key

PAGE = "index.html"
NO_SUBJECT = "other"
_LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt"}


def _asset(name: str) -> str:
    return files("dipterm.formats.site").joinpath(name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def key_words(term: Term) -> list[str]:
    """The words of a term's ``loose_key``, punctuation left out: its key on the page."""
    return [w for w in loose_key(term.text).split(" ") if any(c.isalnum() for c in w)]


def plurals(term: Term, words: list[str]) -> dict[str, str]:
    """For an inflecting English term of ``key_words`` ``words``, each plural ``base_forms`` takes
    back to one of them, with that word: the term is found under them too (``partnerships`` finds
    ``partnership``)."""
    if term.lang != "en" or not term.inflect:
        return {}
    found = {}
    for word in filter(str.isalpha, words):
        for plural in (word + "s", word + "es", word[:-1] + "ies", word + "'s"):
            if word in base_forms(plural):
                found[plural] = word
    return found


def _terms(concept: Concept, lang: str, code: str) -> str:
    items = []
    for term in concept.terms_in(lang):
        text = escape(term.text)
        status = f'<span class="st">{term.status.value}</span>'
        pos = f' <span class="pos">{escape(term.pos)}</span>' if term.pos else ""
        if term.status is Status.DEPRECATED:
            why = f' <span class="why">— {escape(term.note)}</span>' if term.note else ""
            items.append(f'<li class="deprecated"><del lang="{code}">{text}</del>{status}{pos}{why}</li>')
        else:
            note = f' <span class="tnote">— {escape(term.note)}</span>' if term.note else ""
            items.append(
                f'<li class="{term.status.value}"><span lang="{code}">{text}</span>{status}{pos}{note}</li>'
            )
    return (
        f'<div><h4>{_LANGUAGE_NAMES[lang]}</h4><ul class="terms">{"".join(items)}</ul></div>' if items else ""
    )


def _sources(quoted: list[dict]) -> str:
    items = []
    for source in quoted:
        text = source["text"]
        sentence = f' <q lang="{lang_of(text, "en")}">{escape(text)}</q>' if text else ""
        items.append(f"<li><code>{escape(source['ref'])}</code>{sentence}</li>")
    return f'<ul class="sources" aria-label="Sources">{"".join(items)}</ul>' if items else ""


def _references(concept: Concept) -> str:
    links = [
        f'<li><a href="{escape(url)}" rel="external noopener noreferrer">{escape(shown)}</a></li>'
        for url in concept.references
        for scheme, _, shown in [url.partition("://")]
        if scheme in ("https", "http")
    ]
    return f'<ul class="refs" aria-label="References">{"".join(links)}</ul>' if links else ""


def _card(concept: Concept, quoted: list[dict], options: ExportOptions) -> str:
    en, vi = concept.preferred("en"), concept.preferred("vi")
    code = options.code("vi")
    title = ' <span class="sep">·</span> '.join(
        f'<span lang="{options.code(t.lang)}">{escape(t.text)}</span>' for t in (en, vi) if t
    )
    note = (
        f'<p class="note" lang="{lang_of(concept.note, "en")}">{escape(concept.note)}</p>'
        if concept.note
        else ""
    )
    proposed = ' <span class="proposed-badge">proposed — not reviewed</span>' if concept.proposed else ""
    subject = escape(concept.subject or NO_SUBJECT)
    return (
        f'<article class="concept{" proposed" if concept.proposed else ""}" id="c-{escape(concept.id)}" '
        f'data-concept="{escape(concept.id)}" data-subject="{subject}">'
        f"<h3>{title}</h3>"
        f'<div class="langs">{_terms(concept, "en", "en")}{_terms(concept, "vi", code)}</div>'
        f"{note}{_sources(quoted)}{_references(concept)}"
        f'<p class="meta"><span class="id">{escape(concept.id)}</span> · {subject}{proposed}</p>'
        "</article>\n"
    )


def _index(concepts: list[Concept]) -> str:
    """The search index as JSON safe inside a ``<script>``: the sorted words, the cards each word
    is in, and the plurals with the word each stands for (taken as that word when ranking)."""
    cards: dict[str, set[int]] = defaultdict(set)
    plural: dict[str, str] = {}
    keys: list[list[str]] = []  # each card's term keys
    for number, concept in enumerate(concepts):
        own: dict[str, None] = {}
        for term in concept.terms:
            found = key_words(term)
            extra = plurals(term, found)
            plural.update(extra)
            for word in [*found, *extra]:
                cards[word].add(number)
            own[" ".join(found)] = None
        keys.append(list(own))
    words = sorted(cards, key=lambda w: w.encode("utf-16-be"))  # JavaScript's string order
    bases = dict(sorted(plural.items()))
    data = {"words": words, "cards": [sorted(cards[w]) for w in words], "plurals": bases, "keys": keys}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(glossary: Glossary, options: ExportOptions) -> str:
    """The whole page of the concepts ``selected`` for export, grouped by subject."""
    from dipterm.index import quoted_sources

    groups: dict[str, list[Concept]] = defaultdict(list)
    for concept in selected(glossary, options):
        groups[concept.subject or NO_SUBJECT].append(concept)
    order = sorted(groups, key=lambda s: (s == NO_SUBJECT, s))
    concepts = [c for subject in order for c in groups[subject]]
    root, seeds = Path(glossary.root), {}
    sections = []
    for subject in order:
        cards = "".join(_card(c, quoted_sources(c, root, seeds), options) for c in groups[subject])
        anchor = escape(subject)
        sections.append(
            f'<section class="subject" id="s-{anchor}" data-subject="{anchor}">'
            f'<h2>{anchor} <span class="n">({len(groups[subject])})</span></h2>\n{cards}</section>\n'
        )
    choices = "".join(f'<option value="{escape(s)}">{escape(s)} ({len(groups[s])})</option>' for s in order)
    style, script = _asset("page.css"), _asset("page.js")
    policy = (
        f"default-src 'none'; style-src {_sha256(style)}; script-src {_sha256(script)}; form-action 'none'"
    )
    count = f"{len(concepts)} concepts"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="generator" content="dipterm">\n'
        "<title>dipterm — English–Vietnamese diplomatic glossary</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#results">Skip to the concepts</a>\n'
        "<header>\n<h1>English–Vietnamese diplomatic glossary "
        '<span lang="vi">· Thuật ngữ ngoại giao Anh–Việt</span></h1>\n'
        '<form role="search" id="search">\n'
        '<label for="q">Search, either language</label>\n'
        '<input type="search" id="q" name="q" autocomplete="off" spellcheck="false" '
        'placeholder="doi tac chien luoc, strategic partnership … (press /)" aria-controls="results">\n'
        '<label for="subject">Subject</label>\n'
        f'<select id="subject" name="subject" aria-controls="results"><option value="">all subjects</option>'
        f"{choices}</select>\n"
        f'<output id="count" for="q subject" aria-live="polite">{count}</output>\n'
        "</form>\n</header>\n"
        '<main id="results">\n<div id="found" aria-label="Search results" hidden></div>\n'
        '<p id="more" hidden><button type="button">Show all</button></p>\n'
        '<p id="none" hidden>No concept matches: try fewer words, or English.</p>\n'
        f'<div id="catalogue">\n{"".join(sections)}</div>\n</main>\n'
        f"<footer>{count}, exported by dipterm from the curated glossary; offline, no request leaves "
        "this page.</footer>\n"
        f'<script type="application/json" id="dipterm-index">{_index(concepts)}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def write(glossary: Glossary, stream: BinaryIO, options: ExportOptions) -> None:
    """The page of ``glossary`` (UTF-8)."""
    stream.write(page(glossary, options).encode("utf-8"))


FORMATS = (
    Format(
        "html",
        ".html",
        "offline web page with search (one self-contained index.html)",
        write=write,
        page=PAGE,
    ),
)
