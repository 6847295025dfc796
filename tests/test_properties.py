"""Property-based tests (hypothesis) for the normaliser, the matcher and the glossary reader."""

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipterm.glossary import read_file
from dipterm.matcher import Matcher
from dipterm.model import Status, Term
from dipterm.normalize import loose_key, match_key, nfc, to_tone_style

VIET_WORDS = [
    "hòa",
    "hoà",
    "thủy",
    "thuỷ",
    "khỏe",
    "khoẻ",
    "Ủy",
    "Uỷ",
    "ban",
    "bình",
    "Đối",
    "tác",
    "chiến",
    "lược",
    "toàn",
    "diện",
    "đổi",
    "mới",
    "quý",
    "ngoài",
    "người",
]
viet_text = st.lists(st.sampled_from(VIET_WORDS), min_size=1, max_size=8).map(" ".join)
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
TERMS = Matcher(
    [
        ("hb", Term("hòa bình", "vi", Status.PREFERRED)),
        ("ub", Term("Ủy ban", "vi", Status.PREFERRED)),
        ("dm", Term("đổi mới", "vi", Status.PREFERRED)),
        ("tt", Term("tác chiến", "vi", Status.ADMITTED)),
    ]
)


@settings(deadline=None)
@given(any_text)
def test_normalisation_is_idempotent(text):
    assert match_key(match_key(text)) == match_key(text)
    assert loose_key(loose_key(text)) == loose_key(text)
    assert nfc(nfc(text)) == nfc(text)
    for style in ("old", "new"):
        assert to_tone_style(to_tone_style(text, style), style) == to_tone_style(text, style)


@given(viet_text)
def test_tone_styles_round_trip(text):
    old = to_tone_style(text, "old")
    assert to_tone_style(to_tone_style(old, "new"), "old") == old


@given(viet_text, st.sampled_from(["NFC", "NFD"]), st.sampled_from(["old", "new"]))
def test_form_and_tone_variants_give_the_same_matches(text, form, style):
    variant = unicodedata.normalize(form, to_tone_style(text, style))
    expected = [(m.concept, m.text) for m in TERMS.find(text, "vi")]
    found = TERMS.find(variant, "vi")
    assert [(m.concept, nfc(to_tone_style(m.text, "old"))) for m in found] == [
        (c, nfc(to_tone_style(t, "old"))) for c, t in expected
    ]
    for m in found:
        assert variant[m.start : m.end] == m.text


@settings(deadline=None)
@given(any_text)
def test_matcher_never_fails_on_any_text(text):
    for lang in ("en", "vi"):
        for m in TERMS.find(text, lang):
            assert 0 <= m.start < m.end <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | any_text.map(lambda t: ("[[concept]]\nid = " + t).encode()))
def test_glossary_reader_gives_concepts_or_findings_never_a_traceback(tmp_path: Path, data):
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    concepts, findings = read_file(path)
    assert all(f.line >= 1 and f.code.startswith("G1") for f in findings)
    assert concepts or findings or not data.strip() or b"[[concept]]" not in data
