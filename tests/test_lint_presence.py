"""A term inside a longer term is still there: T201 asks whether a concept occurs anywhere in the
translation (every occurrence, nested ones included), on hand-made units and on real published
EN/VI translations (seeds/parallel, URLs in its SOURCES.md)."""

from __future__ import annotations

import csv
from functools import cache

from dipterm.formats import Draft, Lines, Segment, Unit
from dipterm.glossary import load_glossary
from dipterm.lint import Terms, lint_draft, written_otherwise
from dipterm.matcher import Matcher
from dipterm.normalize import loose_key
from tests.conftest import GLOSSARY, SEEDS

PAIRS = SEEDS / "parallel" / "pairs.tsv"


@cache
def terms() -> Terms:
    return Terms(load_glossary(GLOSSARY))


def t201(source: str, target: str) -> list:
    unit = Unit(Segment(source, "en", 1), Segment(target, "vi", 1, len(source) + 2))
    return [f for f in lint_draft(Draft("d.tsv", Lines([]), units=[unit]), terms()) if f.code == "T201"]


def test_every_occurrence_includes_nested_terms_and_longest_picks_the_written_ones():
    matcher = terms().matcher
    text = "Hội đồng Bảo an Liên hợp quốc và Đối tác Chiến lược Toàn diện"
    every = matcher.find(text, "vi", every=True)
    assert [(m.text, m.concept) for m in every] == [
        ("Hội đồng Bảo an", "united-nations-security-council"),
        ("Hội đồng Bảo an Liên hợp quốc", "united-nations-security-council"),
        ("Liên hợp quốc", "united-nations"),
        ("Đối tác Chiến lược", "strategic-partnership"),
        ("Đối tác Chiến lược Toàn diện", "comprehensive-strategic-partnership"),
    ]
    assert Matcher.longest(every) == matcher.find(text, "vi")
    assert [m.text for m in Matcher.longest(every)] == [
        "Hội đồng Bảo an Liên hợp quốc",
        "Đối tác Chiến lược Toàn diện",
    ]


def test_a_target_term_inside_a_longer_one_is_present():
    assert (
        t201(
            "the Security Council of the United Nations, the United Nations", "Hội đồng Bảo an Liên hợp quốc"
        )
        == []
    )
    assert t201("a strategic partnership", "Đối tác Chiến lược Toàn diện") == []
    [missing] = t201("a strategic partnership", "quan hệ hữu nghị")
    assert missing.concept == "strategic-partnership" and "looked for" in missing.message


def test_a_term_written_in_another_form_is_said_so():
    [finding] = t201("the United Nations", "Lien hop quoc")
    assert finding.found == "Lien hop quoc" and finding.expected == ("Liên hợp quốc",)
    assert "another form of the glossary's 'Liên hợp quốc'" in finding.message
    assert finding.column == len("the United Nations") + 2
    spelt = written_otherwise("ủng hộ Liên hiệp quốc", ["Liên hợp quốc"])
    assert spelt == ("Liên hiệp quốc", "Liên hợp quốc")
    assert written_otherwise("quan hệ hữu nghị", ["Liên hợp quốc"]) is None


def test_no_t201_on_real_translations_where_the_term_is_present():
    """On real joint statements: a T201 never names a concept whose Vietnamese term the translation
    holds (a plain folded substring search decides), and nothing but T201/T102 is found."""
    with PAIRS.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    units = [Unit(Segment(en, "en", n), Segment(vi, "vi", n)) for n, (en, vi, *_) in enumerate(rows, 2)]
    assert len(units) >= 39
    findings = lint_draft(Draft(str(PAIRS), Lines([]), units=units), terms())
    targets = {u.target.line: u.target.text for u in units}
    t201s = [f for f in findings if f.code == "T201"]
    present = [
        f for f in t201s if any(f" {loose_key(t)} " in f" {loose_key(targets[f.line])} " for t in f.expected)
    ]
    assert present == []
    assert not [f for f in findings if f.code not in ("T201", "T102", "T105")], findings
