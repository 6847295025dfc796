"""Fuzz the normaliser and the matcher: keys are idempotent, matches lie inside the text, and the
NFC/NFD and old/new tone-placement forms of a text find the same concepts."""

from __future__ import annotations

import unicodedata

import atheris

with atheris.instrument_imports():
    from tests.fuzz._common import ROOT

    from dipterm.glossary import load_glossary
    from dipterm.matcher import Matcher
    from dipterm.normalize import loose_key, match_key, nfc, to_tone_style

MATCHER = Matcher.from_glossary(load_glossary(ROOT / "glossary"))
SEEDS = [
    "Đối tác chiến lược toàn diện",
    "hoà bình và ổn định",
    "Ủy ban Thường vụ Quốc hội",
    "strategic partnerships",
    "ASEAN Regional Forum (ARF)",
]
SEEDS = [text.encode() for text in SEEDS]


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    assert match_key(match_key(text)) == match_key(text)
    assert loose_key(loose_key(text)) == loose_key(text)
    assert nfc(nfc(text)) == nfc(text)
    for style in ("old", "new"):
        assert to_tone_style(to_tone_style(text, style), style) == to_tone_style(text, style)
    for lang in ("en", "vi"):
        found = MATCHER.find(text, lang)
        for match in found:
            assert 0 <= match.start < match.end <= len(text) and text[match.start : match.end] == match.text
        concepts = sorted({m.concept for m in found})
        for variant in (
            unicodedata.normalize("NFD", text),
            to_tone_style(text, "new"),
            to_tone_style(text, "old"),
        ):
            assert sorted({m.concept for m in MATCHER.find(variant, lang)}) == concepts, (text, variant)
