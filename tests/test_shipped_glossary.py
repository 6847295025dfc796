"""The shipped glossary/: size, house style, key entries, and its agreement with rejected.txt."""

import re
import unicodedata

import pytest

from dipterm.config import Config
from dipterm.glossary import load_glossary
from dipterm.matcher import Matcher
from dipterm.mining import load_rejected
from dipterm.mining.ranking import fold_key
from dipterm.model import Status
from dipterm.validate import check_glossary
from tests.conftest import GLOSSARY, SEEDS

GLOSSARY_DATA = load_glossary(GLOSSARY)
BY_ID = {c.id: c for c in GLOSSARY_DATA}
SUBJECTS = {
    "partnership-framework",
    "party-state",
    "title",
    "event",
    "diplomacy",
    "slogan",
    "multilateral",
    "international-law",
    "law-of-the-sea",
    "economic-diplomacy",
    "international-relations",
    "proper-name",
}
SEED_2025 = SEEDS / "2025-01_bao-thua-thien-hue_diplomacy-2024-new-era.txt"


def terms(concept_id: str, lang: str, status: Status) -> list[str]:
    return [t.text for t in BY_ID[concept_id].terms_in(lang, status)]


def test_concept_count_is_pinned():
    assert len(GLOSSARY_DATA) == 2261


def test_check_is_clean():
    assert check_glossary(GLOSSARY, Config()) == ([], False)


def test_subjects_are_the_documented_set_and_name_their_file():
    readme = (GLOSSARY / "README.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", readme, re.M))
    assert set(GLOSSARY_DATA.subjects()) == SUBJECTS == documented
    for concept in GLOSSARY_DATA:
        assert concept.origin.path.endswith(f"{concept.subject}.toml"), concept.id


def test_every_concept_has_a_note_and_every_text_is_nfc():
    for concept in GLOSSARY_DATA:
        assert concept.subject and concept.note, concept.id
        for term in concept.terms:
            assert unicodedata.is_normalized("NFC", term.text), term.text


def test_partnership_tiers_in_vietnamese_and_in_tier_order():
    assert terms("comprehensive-strategic-partnership", "vi", Status.PREFERRED) == [
        "Đối tác Chiến lược Toàn diện"
    ]
    assert terms("strategic-partnership", "vi", Status.PREFERRED) == ["Đối tác Chiến lược"]
    assert terms("comprehensive-partnership", "vi", Status.PREFERRED) == ["Đối tác Toàn diện"]
    lines = [
        BY_ID[cid].origin.line
        for cid in (
            "comprehensive-strategic-partnership",
            "strategic-partnership",
            "comprehensive-partnership",
        )
    ]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("concept_id", "lang", "deprecated"),
    [
        ("deputy-prime-minister", "en", "Vice Prime Minister"),
        ("fourth-industrial-revolution", "en", "4.0 Industrial Revolution"),
        ("unesco-executive-board", "en", "UNESCO Executive Council"),
        ("national-conference-on-external-affairs", "en", "20th National Foreign Affairs Conference"),
        ("party-diplomacy", "vi", "ngoại giao Đảng"),
        ("united-nations", "vi", "Liên Hiệp Quốc"),
        ("east-sea", "vi", "Biển Nam Trung Hoa"),
    ],
)
def test_deprecated_variants_translators_write(concept_id, lang, deprecated):
    assert deprecated in terms(concept_id, lang, Status.DEPRECATED)


def test_many_concepts_carry_deprecated_variants():
    with_deprecated = [
        c.id
        for c in GLOSSARY_DATA
        if c.terms_in("en", Status.DEPRECATED) or c.terms_in("vi", Status.DEPRECATED)
    ]
    assert len(with_deprecated) == 44


def test_house_decisions():
    assert terms("viet-nam", "en", Status.PREFERRED) == ["Viet Nam"]
    assert "Vietnam" in terms("viet-nam", "en", Status.ADMITTED)
    assert "South China Sea" in terms("east-sea", "en", Status.ADMITTED)
    assert terms("vital-and-regular-task", "vi", Status.PREFERRED) == ["trọng yếu, thường xuyên"]
    assert terms("innovation", "vi", Status.PREFERRED) == ["đổi mới sáng tạo"]
    assert terms("national-defence-and-security", "en", Status.PREFERRED) == ["national defence and security"]


def test_acronyms_are_admitted_and_case_sensitive():
    acronym = re.compile(r"^[A-Z][A-Z0-9]+$")
    found = [t for c in GLOSSARY_DATA for t in c.terms if acronym.match(t.text)]
    assert len(found) >= 25
    for term in found:
        assert term.case_sensitive, term.text


def test_seed_aipa_is_matched_to_aipa_not_asean():
    line = SEED_2025.read_text("utf-8").splitlines()[8]
    found = {m.text: m.concept for m in Matcher.from_glossary(GLOSSARY_DATA).find(line, "en")}
    assert found["AIPA"] == "aipa"
    assert found["Association of Southeast Asian Nations"] == "asean"
    assert "seeds/" + SEED_2025.name + ":9" in {str(s) for s in BY_ID["aipa"].sources}


def test_rejected_candidates_are_not_glossary_terms():
    rejected = load_rejected(GLOSSARY / "rejected.txt")
    assert len(rejected) > 300
    clashes = sorted(t.text for c in GLOSSARY_DATA for t in c.terms if fold_key(t.text) in rejected)
    assert clashes == []
