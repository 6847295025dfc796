"""``dipterm align`` on real translations: published joint statements (seeds/parallel), Debian's
Vietnamese catalogs and other tools' files (tests/data/real), read through the format modules."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from dipterm.align import Composer, Pair, align_pairs, read_pairs
from dipterm.cli import main
from dipterm.findings import DiptermError
from dipterm.glossary import load_glossary, read_file
from dipterm.normalize import match_key
from dipterm.sentences import align_sentences, split_sentences
from dipterm.vi_words import WordBoundaries
from tests.conftest import DATA, GLOSSARY, SEEDS

PAIRS = SEEDS / "parallel" / "pairs.tsv"
REAL = DATA / "real"


@cache
def glossary():
    return load_glossary(GLOSSARY)


@cache
def joint_statements() -> list[Pair]:
    return read_pairs([str(PAIRS)])[0]


def best(term: str, pairs: list[Pair], with_glossary: bool = True) -> list[str]:
    [found] = align_pairs(pairs, [term], glossary() if with_glossary else None)
    return [c.vi for c in found.candidates]


def test_every_bilingual_format_gives_english_vietnamese_pairs():
    for name in ("symfony/validators.vi.xlf", "debian-vi/sed.vi.po", "gnome/gnome-clocks.vi.po"):
        pairs, notes = read_pairs([str(REAL / name)])
        assert pairs and not notes
        assert all(p.en and p.vi and p.where.startswith(str(REAL / name) + ":") for p in pairs)
    assert len(joint_statements()) == 86


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("xz/de.po", "no English and Vietnamese segment pairs; languages found: de, en"),
        ("tmx-missing", None),
    ],
)
def test_a_file_without_english_and_vietnamese_sides_is_refused(
    name: str, message: str | None, tmp_path: Path
):
    if message is None:  # a monolingual draft is no translation
        path = tmp_path / "notes.en.txt"
        path.write_text("the Comprehensive Strategic Partnership\n", "utf-8")
        message = "is not a translation"
    else:
        path = REAL / name
    with pytest.raises(DiptermError, match=message):
        read_pairs([str(path)])


def test_glossary_concepts_get_their_published_rendering_first():
    pairs = joint_statements()
    assert best("Prime Minister", pairs)[0] == "Thủ tướng"
    assert best("territorial integrity", pairs)[0] == "toàn vẹn lãnh thổ"
    assert best("Comprehensive Strategic Partnership", pairs)[0] == "Đối tác Chiến lược Toàn diện"


def test_statistics_alone_find_recurring_terms():
    """With an empty glossary, what recurs across the joint statements is found by association."""
    pairs = joint_statements()
    assert "Tổng Bí thư" in best("General Secretary", pairs, with_glossary=False)[:3]
    assert "Đối tác Chiến lược" in best("Strategic Partnership", pairs, with_glossary=False)[:3]
    assert best("international law", pairs, with_glossary=False)[0] == "luật pháp quốc tế"


def test_composition_from_glossary_parts_in_vietnamese_order():
    composer = Composer(glossary())
    assert "Thủ tướng Malaysia" in composer.compose("Prime Minister of Malaysia")
    assert composer.compose("strategic partnership")[0] == "Đối tác Chiến lược"
    assert composer.compose("a phrase the glossary lacks") == []
    assert best("Prime Minister of Malaysia", joint_statements())[0] == "Thủ tướng Malaysia"
    # an adjective of nationality is its country: the published rendering, seeds/parallel/pairs.tsv
    wanted = "Người Phát ngôn Bộ Ngoại giao Trung Quốc"
    assert composer.compose("Chinese Foreign Ministry spokesperson")[0] == wanted
    assert best("Chinese Foreign Ministry spokesperson", joint_statements())[0] == wanted
    assert best("President of India", joint_statements())[0] == "Tổng thống Ấn Độ"
    # a homonym composes with each of its concepts; a form of state has its Vietnamese
    assert "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam" in composer.compose(
        "President of the Socialist Republic of Viet Nam"
    )
    assert best("President of the Republic of France", joint_statements())[0] == "Tổng thống Cộng hòa Pháp"


def test_glossary_renderings_across_commas_and_glossary_words_left_whole():
    pairs = joint_statements()
    # known renderings are looked for across punctuation, edge words and the span limit
    assert (
        best("peace, security and stability in the region", pairs)[0]
        == "hòa bình, an ninh và ổn định ở khu vực"
    )
    assert best("At the invitation of", pairs)[0] == "Nhận lời mời của"
    assert best("1982 United Nations Convention on the Law of the Sea", pairs)[0] == (
        "Công ước Liên hợp quốc năm 1982 về luật biển"
    )
    # a span ending inside a glossary term ("Liên" of "Liên hợp quốc") is not proposed first
    assert best("United Nations Charter", pairs)[0] == "Hiến chương Liên hợp quốc"
    assert best("United Nations Charter", pairs, with_glossary=False)[0] != "Hiến chương Liên hợp quốc"


def test_a_debian_catalog_aligns_software_terms():
    """Real EN->VI UI translations: the catalog's own recurring words get their Vietnamese."""
    pairs, _ = read_pairs([str(REAL / "debian-vi" / "apt.vi.po")])
    assert match_key("gói") in {match_key(v) for v in best("package", pairs, with_glossary=False)[:3]}


def test_a_document_pair_that_is_not_line_aligned_is_aligned_by_sentences(tmp_path: Path, capsys):
    rows = [line.split("\t") for line in PAIRS.read_text("utf-8").splitlines()[1:9]]
    english = tmp_path / "statement.en.txt"
    vietnamese = tmp_path / "statement.vi.txt"
    english.write_text(
        " ".join(r[0] for r in rows[:4]) + "\n" + "\n".join(r[0] for r in rows[4:]) + "\n", "utf-8"
    )
    vietnamese.write_text("\n".join(r[1] for r in rows) + "\n", "utf-8")
    sentences = align_sentences(
        split_sentences(english.read_text("utf-8").splitlines()),
        split_sentences(vietnamese.read_text("utf-8").splitlines()),
    )
    assert len(sentences) >= 6
    code = main(
        [
            "--glossary",
            str(GLOSSARY),
            "align",
            "--source",
            str(english),
            "--target",
            str(vietnamese),
            "--terms",
            str(_terms(tmp_path, ["Prime Minister"])),
            "--format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert f"note: {vietnamese}: not line-aligned with {english}" in err and "sentence-aligned into" in err
    [item] = json.loads(out)
    assert item["en"] == "Prime Minister" and item["concept"] == "prime-minister"
    assert item["candidates"][0]["vi"] == "Thủ tướng" and item["candidates"][0]["evidence"]


def _terms(folder: Path, terms: list[str]) -> Path:
    path = folder / "terms.txt"
    path.write_text("\n".join(terms) + "\n", "utf-8")
    return path


def test_into_appends_proposals_that_pass_check(project_copy: Path, capsys):
    into = project_copy / "glossary" / "proposed.toml"
    terms = _terms(
        project_copy, ["international challenges", "Governor of the state of Maharashtra", "Prime Minister"]
    )
    code = main(
        [
            "--glossary",
            str(project_copy / "glossary"),
            "align",
            str(PAIRS),
            "--terms",
            str(terms),
            "--into",
            str(into),
            "--yes",
        ]
    )
    assert code == 0
    concepts, findings = read_file(into)
    assert findings == [] and {c.id for c in concepts} == {
        "international-challenges",
        "governor-of-the-state-of-maharashtra",
    }
    assert all(c.proposed and "Proposed by dipterm align" in c.note for c in concepts)
    assert {c.preferred("vi").text for c in concepts} == {"thách thức quốc tế", "Thống đốc bang Maharashtra"}
    assert main(["check", str(project_copy / "glossary")]) == 0
    capsys.readouterr()


def test_the_output_is_the_same_bytes_whatever_the_hash_seed(tmp_path: Path):
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [
            sys.executable,
            "-m",
            "dipterm",
            "--glossary",
            str(GLOSSARY),
            "align",
            str(PAIRS),
            "--max-terms",
            "30",
            "--format",
            "tsv",
        ]
        outputs.add(subprocess.run(command, capture_output=True, env=env, check=True).stdout)
    assert len(outputs) == 1


def test_spans_do_not_cut_the_words_a_segmenter_finds():
    # Line 4 of the published pairs (the Viet Nam-Malaysia statement of 2024)
    vi = PAIRS.read_text("utf-8").splitlines()[3].split("\t")[1]
    syllables = [(i, m.start(), m.end()) for i, m in enumerate(re.finditer(r"\w+", vi))]
    cuts = WordBoundaries().cuts(vi, syllables)
    inside = [vi.index(w) + w.index(" ") for w in ("không khí", "chân thành", "tin cậy", "lãnh đạo")]
    assert all(offset in cuts for offset in inside)
    assert vi.index(" và tin") not in cuts  # "thành | và": between two words
    # past its budget it answers from the syllable pairs it has seen joined
    learned = WordBoundaries(budget=1)
    learned.cuts(vi, syllables)
    assert learned.cuts(vi, syllables) >= {vi.index("không khí") + len("không")}


def test_word_boundaries_give_the_published_rendering_first(monkeypatch):
    pairs = joint_statements()
    # statistics alone, five terms at once: without word boundaries the first candidates are
    # "Hoàng", "thống Ấn Độ", "quyền mới", "chính" and "vẻ nhận lời mời": each cuts a word
    published = {
        "Emperor": "Nhật Hoàng",
        "President of India": "Tổng thống Ấn Độ",
        "new administration": "chính quyền mới",
        "political parties": "chính đảng",
        "accepted the invitation": "nhận lời mời",
    }
    terms = [*published, "Look East Policy", "Friendship Monument"]

    def firsts() -> dict[str, str]:
        return {a.en: a.candidates[0].vi for a in align_pairs(pairs, terms) if a.en in published}

    assert firsts() == published
    monkeypatch.setattr(WordBoundaries, "cuts", lambda self, text, syllables: frozenset())
    assert all(firsts()[term] != vi for term, vi in published.items())


def test_one_term_in_several_cases_is_aligned_once():
    # the US-Viet Nam statement's title writes the tier in capitals; as rivals the three forms would
    # share out its renderings between them
    forms = ["Comprehensive Strategic Partnership", "COMPREHENSIVE STRATEGIC PARTNERSHIP"]
    found = align_pairs(joint_statements(), forms, glossary())
    assert [a.en for a in found] == forms
    assert found[0].candidates == found[1].candidates
    assert found[0].candidates[0].vi == "Đối tác Chiến lược Toàn diện"
