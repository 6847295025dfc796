"""dipterm lookup: the index, the ranks of hits, and the command, on the shipped glossary and a
small glossary with every partnership tier (tests/data/lookup_glossary)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from dipterm import index as index_module
from dipterm.cli import main
from dipterm.findings import DiptermError
from dipterm.glossary import load_glossary
from dipterm.index import build_index, cache_file, open_index
from dipterm.lookup import MATCH_KINDS, lookup, query_languages, suggest
from tests.conftest import DATA, GLOSSARY

TIERS = DATA / "lookup_glossary" / "glossary"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped glossary's index, kept in a temporary cache file."""
    return open_index(GLOSSARY, tmp_path_factory.mktemp("cache") / "index.sqlite")


@pytest.fixture(scope="module")
def tiers(tmp_path_factory):
    return open_index(TIERS, tmp_path_factory.mktemp("cache") / "index.sqlite")


@pytest.fixture
def tiers_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the small glossary and its seeds."""
    shutil.copytree(TIERS.parent, tmp_path / "project", ignore=shutil.ignore_patterns(".dipterm-cache"))
    return tmp_path / "project" / "glossary"


def first(index, query: str, **options) -> tuple[str, str, str]:
    hit = lookup(index, query, **options)[0]
    return hit.concept, hit.match, hit.term


def concepts(index, query: str, **options) -> list[str]:
    return [h.concept for h in lookup(index, query, **options)]


# --- ranks on the shipped glossary ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("doi moi", "doi moi"),
        ("Doi Moi", "Doi Moi"),
        ("đổi mới", "Đổi mới"),
        ("ĐỔI MỚI", "Đổi mới"),
        (unicodedata.normalize("NFD", "Đổi mới"), "Đổi mới"),
    ],
)
def test_doi_moi_in_any_case_form_and_language_is_exact(shipped, query, term):
    assert first(shipped, query) == ("doi-moi", "exact", term)


def test_unaccented_vietnamese_finds_the_accented_term(shipped):
    assert first(shipped, "doi tac chien luoc toan dien") == (
        "comprehensive-strategic-partnership",
        "folded",
        "Đối tác Chiến lược Toàn diện",
    )


def test_plural_and_singular_forms_are_exact_below_the_typed_form(shipped):
    hit = lookup(shipped, "Comprehensive Strategic Partnerships")[0]
    assert (hit.concept, hit.match, hit.term) == (
        "comprehensive-strategic-partnership",
        "exact",
        "Comprehensive Strategic Partnership",
    )
    assert 0.9 < hit.score < lookup(shipped, "Comprehensive Strategic Partnership")[0].score == 1.0
    assert first(shipped, "three pillar") == ("three-pillars-of-diplomacy", "exact", "three pillars")


def test_a_word_lists_the_terms_it_is_part_of(shipped):
    kinds = [(h.concept, h.match) for h in lookup(shipped, "strategic")]
    assert ("comprehensive-strategic-partnership", "substring") in kinds
    assert [k for _, k in kinds] == sorted((k for _, k in kinds), key=MATCH_KINDS.index)


def test_typos_are_forgiven_but_ranked_as_fuzzy(shipped):
    hits = lookup(shipped, "stratgic partnrship")
    assert "comprehensive-strategic-partnership" in [h.concept for h in hits]
    assert {h.match for h in hits} == {"fuzzy"} and max(h.score for h in hits) < 0.4


def test_hit_carries_both_languages_variants_and_seed_sentence(shipped):
    hit = lookup(shipped, "Đối tác Chiến lược Toàn diện")[0]
    assert hit.en["preferred"] == "Comprehensive Strategic Partnership"
    assert hit.vi == {
        "preferred": "Đối tác Chiến lược Toàn diện",
        "admitted": ["quan hệ Đối tác Chiến lược Toàn diện"],
        "deprecated": ["Quan hệ đối tác chiến lược toàn diện"],
    }
    assert hit.subject == "partnership-framework" and hit.note.startswith("Highest tier")
    ref = hit.sources[0]
    assert ref["ref"] == "seeds/2025-01_bao-thua-thien-hue_diplomacy-2024-new-era.txt:4"
    assert "Comprehensive Strategic Partnership with Australia" in ref["text"]
    assert len(ref["text"]) <= 205


def test_seed_sentence_is_the_one_naming_the_term(shipped):
    sources = lookup(shipped, "doi moi")[0].sources
    assert sources[0]["text"].startswith("During the doi moi (renovation) process")
    assert all("doi moi" in s["text"] or "renovation" in s["text"] for s in sources)


# --- ranks on a glossary with every partnership tier ------------------------------------------


def test_strategic_lists_every_strategic_tier_and_partnership_every_tier(tiers):
    strategic = {
        "comprehensive-strategic-partnership",
        "extensive-strategic-partnership",
        "strategic-partnership",
    }
    assert set(concepts(tiers, "strategic")) == strategic
    assert set(concepts(tiers, "partnership")) == strategic | {"comprehensive-partnership"}
    assert set(concepts(tiers, "chien luoc")) == strategic


def test_kinds_rank_exact_over_substring_and_scores_fall(tiers):
    hits = lookup(tiers, "strategic partnership")
    assert (hits[0].concept, hits[0].match) == ("strategic-partnership", "exact")
    assert [h.match for h in hits[1:]] == ["substring", "substring"]
    ranks = [MATCH_KINDS.index(h.match) for h in hits]
    assert ranks == sorted(ranks) and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_a_pasted_sentence_lists_the_terms_it_contains(tiers):
    text = "Japan upgraded ties to a Comprehensive Strategic Partnership; Brazil has a Strategic Partnership."
    hits = lookup(tiers, text)
    assert [(h.concept, h.match) for h in hits] == [
        ("comprehensive-strategic-partnership", "contains"),
        ("strategic-partnership", "contains"),
    ]


def test_new_style_tone_marks_and_typographic_apostrophes_are_exact(tiers):
    assert first(tiers, "hoà bình") == ("peace", "exact", "hòa bình")
    assert first(tiers, "hoa binh") == ("peace", "folded", "hòa bình")
    assert first(tiers, "people’s diplomacy") == ("peoples-diplomacy", "exact", "people's diplomacy")


def test_deprecated_variant_is_found_and_reported_as_such(tiers):
    hit = lookup(tiers, "quan hệ đối tác chiến lược toàn diện")[0]
    assert (hit.concept, hit.match, str(hit.status)) == (
        "comprehensive-strategic-partnership",
        "exact",
        "deprecated",
    )


def test_language_detection_and_from_option(tiers):
    assert query_languages("đối ngoại") == ("vi",)
    assert query_languages("doi ngoai") == ("en", "vi")
    assert query_languages("peace", "vi") == ("vi",)
    assert concepts(tiers, "peace", lang="vi") == []
    assert first(tiers, "peace", lang="en") == ("peace", "exact", "peace")


def test_subject_filter_and_unknown_subject(tiers):
    assert concepts(tiers, "strategic", subject="diplomacy") == []
    assert len(concepts(tiers, "strategic", subject="Partnership-Framework")) == 3
    with pytest.raises(DiptermError, match="subject 'trade'; known: diplomacy, partnership-framework"):
        lookup(tiers, "strategic", subject="trade")


def test_limit_and_no_hit_suggestions(tiers):
    assert len(lookup(tiers, "partnership", limit=2)) == 2
    assert lookup(tiers, "stratosfere") == []
    assert suggest(tiers, "stratosfere")[0] == "Strategic Partnership"
    assert suggest(tiers, "xyzzy") == []


def test_lookup_accepts_a_loaded_glossary_or_a_folder(tiers_copy: Path):
    assert first(load_glossary(tiers_copy), "doi tac toan dien")[0] == "comprehensive-partnership"
    assert first(tiers_copy, "doi tac toan dien")[0] == "comprehensive-partnership"
    assert cache_file(tiers_copy) == tiers_copy.parent / ".dipterm-cache" / "glossary.sqlite"
    assert cache_file(tiers_copy).is_file()


# --- the index file -----------------------------------------------------------------------------


def test_fresh_index_is_reused_without_reading_toml(tiers_copy: Path, monkeypatch):
    target = tiers_copy.parent / "index.sqlite"
    open_index(tiers_copy, target)
    built = target.stat().st_mtime_ns
    monkeypatch.setattr(index_module, "load_glossary", lambda folder: pytest.fail("TOML re-read"))
    assert first(open_index(tiers_copy, target), "peace")[0] == "peace"
    assert target.stat().st_mtime_ns == built


def test_index_rebuilt_when_a_curated_file_changes(tiers_copy: Path):
    target = tiers_copy.parent / "index.sqlite"
    path = tiers_copy / "diplomacy.toml"
    os.utime(path)  # saved just now, then indexed, then edited again within one clock tick:
    assert lookup(open_index(tiers_copy, target), "truce") == []
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace('term = "peace"', 'term = "truce"'), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert first(open_index(tiers_copy, target), "truce")[0] == "peace"
    (tiers_copy / "extra.toml").write_text(
        '[[concept]]\nid = "treaty"\nen = [{ term = "treaty", status = "preferred" }]\n'
        'vi = [{ term = "hiệp ước", status = "preferred" }]\n',
        "utf-8",
    )
    assert first(open_index(tiers_copy, target), "hiep uoc")[0] == "treaty"
    (tiers_copy / "extra.toml").unlink()
    assert lookup(open_index(tiers_copy, target), "hiep uoc") == []


def test_index_rebuilt_when_a_seed_changes(tiers_copy: Path):
    target = tiers_copy.parent / "index.sqlite"
    seed = tiers_copy.parent / "seeds" / "frameworks.txt"
    seed.write_text(seed.read_text("utf-8").replace("Brazil", "Mexico"), "utf-8")
    assert "Mexico" in lookup(open_index(tiers_copy, target), "Strategic Partnership")[0].sources[0]["text"]


def test_broken_curated_file_is_an_error_with_its_line(tiers_copy: Path):
    path = tiers_copy / "diplomacy.toml"
    path.write_text(path.read_text("utf-8").replace('id = "peace"', 'id = "peace'), "utf-8")
    with pytest.raises(DiptermError) as err:
        open_index(tiers_copy, tiers_copy.parent / "index.sqlite")
    assert err.value.path.endswith("diplomacy.toml") and err.value.line == 4


def _build(args: tuple[str, str]) -> int:
    build_index(Path(args[0]), Path(args[1]))
    return len(lookup(open_index(Path(args[0]), Path(args[1])), "strategic"))


def test_concurrent_builds_leave_a_whole_index(tiers_copy: Path):
    target = tiers_copy.parent / "cache" / "index.sqlite"
    with ProcessPoolExecutor(4) as pool:
        counts = list(pool.map(_build, [(str(tiers_copy), str(target))] * 8))
    threads = [threading.Thread(target=build_index, args=(tiers_copy, target)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counts == [3] * 8
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [p.name for p in target.parent.iterdir()] == ["index.sqlite"]  # no temporary files left


# --- the command --------------------------------------------------------------------------------


def run(capsys, folder: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--glossary", str(folder), "lookup", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_text_output(capsys, tiers_copy: Path):
    code, out, err = run(capsys, tiers_copy, "doi", "tac", "chien", "luoc", "toan", "dien")
    assert (code, err) == (0, "")
    assert out.splitlines()[:5] == [
        "comprehensive-strategic-partnership  folded 0.90  [partnership-framework]",
        "  en          Comprehensive Strategic Partnership",
        "  vi          Đối tác Chiến lược Toàn diện",
        "  deprecated  vi: Quan hệ đối tác chiến lược toàn diện",
        "  note        Highest tier of Vietnam's partnership frameworks.",
    ]
    assert "  source      seeds/frameworks.txt:2\n" in out
    assert "“In 2023 Vietnam and Japan upgraded their ties to a Comprehensive Strategic" in out


def test_cli_json_shape(capsys, tiers_copy: Path):
    code, out, _ = run(capsys, tiers_copy, "Strategic Partnerships", "--format", "json", "--limit", "1")
    [hit] = json.loads(out)
    assert code == 0
    assert list(hit) == [
        "concept",
        "en",
        "vi",
        "subject",
        "note",
        "sources",
        "references",
        "proposed",
        "score",
        "match",
        "term",
    ]
    assert hit["proposed"] is False
    assert hit["vi"] == {
        "preferred": "Đối tác Chiến lược",
        "admitted": ["quan hệ Đối tác Chiến lược"],
        "deprecated": [],
    }
    assert hit["sources"] == [
        {
            "ref": "seeds/frameworks.txt:3",
            "text": (
                "Vietnam set up a Strategic Partnership with Brazil and a Comprehensive Partnership "
                "with Mongolia."
            ),
        }
    ]
    assert (hit["match"], hit["score"]) == ("exact", 0.97)
    assert hit["term"] == {"text": "Strategic Partnership", "lang": "en", "status": "preferred"}


def test_a_proposed_concept_is_marked(capsys):
    code, out, _ = run(capsys, GLOSSARY, "ATIGA")
    status = "  status      proposed: not reviewed yet (a side lacks a published source)"
    assert code == 0 and out.splitlines()[1] == status
    _, out, _ = run(capsys, GLOSSARY, "ATIGA", "--format", "json", "--limit", "1")
    assert json.loads(out)[0]["proposed"] is True


def test_cli_no_hit_is_exit_1_with_did_you_mean(capsys, tiers_copy: Path):
    code, out, err = run(capsys, tiers_copy, "stratosfere")
    assert (code, out) == (1, "")
    assert err == (
        "dipterm: no entry for 'stratosfere'; did you mean: Strategic Partnership; "
        "Extensive Strategic Partnership; Comprehensive Strategic Partnership?\n"
    )
    code, out, err = run(capsys, tiers_copy, "xyzzy", "--format", "json")
    assert (code, out, err) == (1, "[]\n", "dipterm: no entry for 'xyzzy'; no close terms either\n")


def test_cli_errors_are_exit_2(capsys, tiers_copy: Path, tmp_path: Path):
    assert run(capsys, tiers_copy, "peace", "--subject", "trade")[0] == 2
    code, _, err = run(capsys, tiers_copy, "peace", "--from", "fr")
    assert code == 2 and "'fr' is not one of" in err
    code = main(["--glossary", str(tmp_path / "nope"), "lookup", "peace"])
    assert code == 2 and "does not exist" in capsys.readouterr().err


def test_token_key_skips_sacremoses_only_where_it_changes_nothing():
    """The lookup path avoids importing sacremoses for ASCII tokens; its result must not differ."""
    import string

    from sacremoses import MosesPunctNormalizer

    from dipterm.normalize import token_key

    moses = MosesPunctNormalizer(lang="en")
    for token in [*string.printable.strip(), "...", "people's", "o'clock", "a'b'c"]:
        assert token_key(token) == moses.normalize(token).strip().replace(" ", "").casefold(), token


def test_a_title_of_a_country_finds_its_demonym_form(shipped):
    # the published Malaysia joint statement writes "Prime Minister of Malaysia" (seeds/parallel)
    hit = lookup(shipped, "Prime Minister of Malaysia")[0]
    assert (hit.concept, hit.match) == ("malaysian-prime-minister", "exact") and 0.95 < hit.score < 1.0


def test_american_spelling_finds_the_oxford_term_just_below_an_exact_hit(shipped):
    # The glossary writes Oxford "defence" and "Labour"; VNA's English service often does not.
    hit = lookup(shipped, "national defense")[0]
    assert (hit.concept, hit.match, hit.term) == ("national-defence", "exact", "national defence")
    assert 0.95 < hit.score < 1.0
    assert first(shipped, "Minister of National Defense")[:2] == ("minister-of-national-defence", "exact")
    assert "national-defence" in [h.concept for h in lookup(shipped, "spending on national defense rose")]
