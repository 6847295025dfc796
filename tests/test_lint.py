"""The terminology linter on hand-made drafts with planted findings (tests/data/drafts/)."""

import json
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from dipterm.cli import main
from dipterm.findings import DiptermError
from dipterm.formats import Draft, Lines, Segment, Unit, detect_format, read_draft
from dipterm.glossary import load_glossary
from dipterm.lint import LintOptions, Terms, lint_draft, lint_paths
from dipterm.normalize import lang_of, match_key, segment_key, segment_tone_words, tone_styled_words
from dipterm.rules import RULES
from tests.conftest import DATA, GLOSSARY, SEEDS

DRAFTS = DATA / "drafts"
LINT_GLOSSARY = DATA / "lint_glossary" / "glossary"
TERMS = load_glossary(LINT_GLOSSARY)

# fixture -> every (line, column, code, concept) it must yield, in order.
EXPECTED = {
    "T101.en.txt": [(3, 14, "T101", "people-to-people-diplomacy")],
    "T101.vi.txt": [(1, 25, "T101", "comprehensive-strategic-partnership")],
    "T102.en.md": [(4, 1, "T102", "doi-moi"), (5, 9, "T102", "doi-moi")],
    "T103.en.txt": [
        (1, 49, "T103", "comprehensive-strategic-partnership"),
        (2, 23, "T103", "free-trade-agreement"),
    ],
    "T104.vi.txt": [(1, 12, "T104", None)],
    "T105.vi.txt": [(3, 22, "T105", None), (3, 34, "T105", None)],
    "T201.po": [(8, 9, "T201", "three-pillars-of-diplomacy")],
    "T201.tmx": [(8, 31, "T201", "free-trade-agreement")],
    "T201.xlf": [(7, 17, "T201", "people-to-people-diplomacy")],
    "T201.tsv": [(3, 35, "T201", "strategic-partnership")],
    "T202.po": [
        (7, 9, "T202", "comprehensive-strategic-partnership"),
        (11, 2, "T202", "people-to-people-diplomacy"),
    ],
    "T203.xlf": [(13, 17, "T203", None)],
    "T204.tsv": [(2, 37, "T201", "comprehensive-strategic-partnership"), (2, 37, "T204", None)],
    "suppressed.en.txt": [(4, 11, "T101", "people-to-people-diplomacy")],
    "suppressed.po": [(10, 9, "T201", "three-pillars-of-diplomacy")],
}
CLEAN = ["clean.en.md", "clean.vi.txt", "clean.po", "clean.tmx", "clean.xlf", "clean.tsv"]
UNREADABLE = {"T100.po": 3, "T100.tmx": 4}


def lint(*names: str, glossary=TERMS, **options):
    result = lint_paths([str(DRAFTS / n) for n in names], glossary, LintOptions(**options))
    return result.findings, result.errors


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_planted_findings_exactly(name):
    findings, errors = lint(name)
    assert errors == []
    assert [(f.line, f.column, f.code, f.concept) for f in findings] == EXPECTED[name]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_drafts_have_no_findings(name):
    assert lint(name) == ([], [])


def test_missing_target_term_names_the_expected_vietnamese_terms():
    [finding] = lint("T201.po")[0]
    assert finding.expected == ("ba trụ cột", "ba trụ cột đối ngoại")
    assert finding.found == "three pillars"
    assert "looked for 'ba trụ cột', 'ba trụ cột đối ngoại'" in finding.message


def test_deprecated_term_suggests_preferred_and_variants_name_the_first():
    [deprecated] = lint("T101.vi.txt")[0]
    assert deprecated.expected[0] == "Đối tác Chiến lược Toàn diện"
    first, _ = lint("T102.en.md")[0]
    assert first.found == "Doi Moi" and "written 'doi moi' at line 1" in first.message


def test_tone_mix_and_nfc_messages_give_the_fix():
    tone = lint("T105.vi.txt")[0]
    assert [(f.found, f.expected) for f in tone] == [("hoà", ("hòa",)), ("thuỷ", ("thủy",))]
    [nfc] = lint("T104.vi.txt")[0]
    assert nfc.found == "ổ"


def test_parallel_pair_is_aligned_line_by_line():
    findings, errors = lint(source=str(DRAFTS / "T201-pair.en.txt"), target=str(DRAFTS / "T201-pair.vi.txt"))
    assert errors == []
    assert [(Path(f.path).name, f.line, f.code, f.concept) for f in findings] == [
        ("T201-pair.vi.txt", 1, "T201", "doi-moi")
    ]


def test_unreadable_files_are_errors_and_the_others_still_linted():
    findings, errors = lint("T100.po", "T101.en.txt", "T100.tmx")
    assert [f.code for f in findings] == ["T101"]
    assert [(Path(e.path).name, e.line) for e in errors] == sorted(UNREADABLE.items())


def test_select_and_ignore_by_prefix():
    assert [f.code for f in lint("T204.tsv", select=("T204", "T3"))[0]] == ["T204"]
    assert [f.code for f in lint("T204.tsv", ignore=("T204",))[0]] == ["T201"]


def test_format_and_language_detection():
    assert detect_format("draft", 'msgid ""\nmsgstr ""\n') == "po"
    assert detect_format("memory.xml", '<?xml version="1.0"?>\n<tmx version="1.4">') == "tmx"
    assert detect_format("notes", "three pillars") == "text"
    assert lang_of((DRAFTS / "clean.vi.txt").read_text("utf-8")) == "vi"
    assert lang_of((DRAFTS / "clean.en.md").read_text("utf-8")) == "en"
    assert read_draft(str(DRAFTS / "T101.en.txt"), lang="vi").segments[0].lang == "vi"


def test_lint_shipped_glossary_on_the_demo_draft():
    findings, _ = lint("demo.po", glossary=load_glossary(GLOSSARY))
    assert [(f.line, f.code, f.concept) for f in findings] == [
        (11, "T201", "three-pillars-of-diplomacy"),
        (14, "T201", "australia"),  # "Úc": MOFA and VNA write Australia
        (14, "T202", "comprehensive-strategic-partnership"),
    ]


def test_cli_text_json_and_exit_codes(capsys):
    glossary = ("--glossary", str(LINT_GLOSSARY), "lint")
    code, out, _ = run(capsys, *glossary, str(DRAFTS / "T101.en.txt"))
    assert code == 1
    assert out == (
        f"{DRAFTS / 'T101.en.txt'}:3:14: T101 deprecated term 'citizen diplomacy'; "
        "use 'people's diplomacy' [people-to-people-diplomacy]\n"
    )
    code, out, _ = run(capsys, *glossary, str(DRAFTS / "T201.tsv"), "--output-format", "json")
    [item] = json.loads(out)
    assert code == 1 and item["expected"] == ["Đối tác Chiến lược"] and item["severity"] == "error"
    assert set(item) == {
        "path",
        "line",
        "column",
        "code",
        "severity",
        "message",
        "concept",
        "expected",
        "found",
    }
    assert run(capsys, *glossary, str(DRAFTS / "clean.po")) == (0, "", "")
    code, out, err = run(capsys, *glossary, str(DRAFTS / "T100.po"), str(DRAFTS / "clean.tsv"))
    assert (code, out) == (2, "")
    assert err == f"{DRAFTS / 'T100.po'}:3: T100 malformed PO: Syntax error in po file\n"
    assert run(capsys, *glossary, "--source", str(DRAFTS / "T201-pair.en.txt"))[0] == 2


def test_settings_from_pyproject(capsys, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.dipterm]\nignore = ["T102"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    args = ("--glossary", str(LINT_GLOSSARY), "lint", str(DRAFTS / "T203.xlf"), "--output-format", "json")
    code, out, _ = run(capsys, *args)
    assert code == 1 and [f["code"] for f in json.loads(out)] == ["T203"]


def test_every_lint_code_has_a_fixture_an_explanation_and_a_test():
    codes = {code for code in RULES if code.startswith("T")}
    tested = {code for rows in EXPECTED.values() for _, _, code, _ in rows} | {"T100"}
    assert codes == tested
    for code in codes:
        assert list(DRAFTS.glob(f"{code}*")), f"no fixture for {code}"
        assert all(part in RULES[code].explanation for part in ("What it does", "Why it matters", "Example"))
    assert {name[:4] for name in UNREADABLE} == {"T100"}


def test_pre_commit_hook_runs_dipterm_lint():
    hooks = (DATA.parent.parent / ".pre-commit-hooks.yaml").read_text("utf-8")
    assert "id: dipterm-lint" in hooks and "entry: dipterm lint" in hooks
    for ext in ("txt", "md", "po", "tmx", "xlf", "xliff", "tsv"):
        assert ext in hooks


def test_same_written_form_separates_spellings_from_synonyms():
    from dipterm.lint import same_written_form

    for a, b in [
        ("doi moi", "Doi Moi"),
        ("doi moi", "Đổi Mới"),
        ("Viet Nam", "Vietnam"),
        ("defence", "defense"),
        ("organisation", "organization"),
        ("socio-economic", "socioeconomic"),
    ]:
        assert same_written_form(a, b), (a, b)
    for a, b in [
        ("doi moi", "renovation"),
        ("APEC", "Asia-Pacific Economic Cooperation"),
        ("ba trụ cột", "ba trụ cột đối ngoại"),
        ("FTA", "FDI"),
    ]:
        assert not same_written_form(a, b), (a, b)


def test_acronyms_spelling_common_english_words_are_not_case_findings(tmp_path: Path):
    draft = tmp_path / "a.en.txt"
    draft.write_text("Tell us who spoke. The US and the WHO met Asean officials.\n", "utf-8")
    findings = lint_paths([draft], load_glossary(GLOSSARY)).findings
    assert [(f.code, f.found) for f in findings] == [("T103", "Asean")]


def test_a_case_sensitive_term_in_another_case_is_not_that_term():
    # apt's catalog says "apt" (the program) everywhere; 'APT' is ASEAN Plus Three only as written
    findings = lint_paths([DATA / "real" / "debian-vi" / "apt.vi.po"], load_glossary(GLOSSARY)).findings
    apt = [f for f in findings if f.concept == "asean-plus-three"]
    assert apt and all(f.found == "APT" for f in apt)


def test_seeds_lint_only_real_problems():
    """On the seed articles: the seeds' known mistakes (deprecated terms), no acronym/expansion or
    gloss noise, and nothing found inside the source URL."""
    result = lint_paths(sorted(SEEDS.glob("*.txt")), load_glossary(GLOSSARY))
    findings, errors = result.findings, result.errors
    assert not errors
    codes = sorted({f.code for f in findings})
    assert codes == ["T101"]
    assert {f.found for f in findings} >= {
        "UNESCO Executive Council",
        "celebrities",
        "4.0 Industrial Revolution",
    }


def test_lint_streams_units_and_keeps_none_of_them():
    """A lazy draft is checked unit by unit: a unit is gone once the next is read, yet the document
    checks still see across the file (T204 against a unit 2,999 lines back) and the findings are
    those of the same units held in a list."""
    rows = [
        ("Strategic Partnership", "Đối tác Chiến lược"),
        ("free trade agreement", "hiệp định thương mại tự do"),
    ]
    alive: list[weakref.ref[Unit]] = []

    def units(watch: bool) -> Iterator[Unit]:
        for line in range(1, 3001):
            assert not watch or sum(ref() is not None for ref in alive) <= 1, "earlier units are still held"
            source, target = rows[line % 2]
            unit = Unit(Segment(source, "en", line), Segment(target, "vi", line, len(source) + 2))
            if watch:
                alive.append(weakref.ref(unit))
            yield unit
        yield Unit(
            Segment("Comprehensive Strategic Partnership", "en", 3001), Segment(rows[0][1], "vi", 3001, 37)
        )

    terms = Terms(TERMS)
    streamed = lint_draft(Draft("d.tsv", Lines([]), units=units(watch=True)), terms)
    assert len(alive) == 3000
    held = lint_draft(Draft("d.tsv", Lines([]), units=list(units(watch=False))), terms)
    assert [f.to_dict() for f in streamed] == [f.to_dict() for f in held]
    [t204] = [f for f in streamed if f.code == "T204"]
    assert t204.line == 3001 and t204.message.endswith("naming strategic-partnership at line 2")


def test_malformed_file_read_lazily_is_an_error_without_findings(tmp_path: Path):
    """A file broken after some good units: ``read_draft`` raises at once; a lazy read raises while
    streaming, and lint reports the error and none of the file's findings."""
    good = (DRAFTS / "T201.tmx").read_text("utf-8")
    broken = tmp_path / "broken.tmx"
    broken.write_text(good.replace("</body>", "<tu><tuv xml:lang='en'><seg>x</tuv></tu></body>"), "utf-8")
    with pytest.raises(DiptermError, match="malformed XML"):
        read_draft(str(broken))
    draft = read_draft(str(broken), lazy=True)
    with pytest.raises(DiptermError):
        list(draft.stream())
    result = lint_paths([str(DRAFTS / "T201.tmx"), str(broken)], TERMS)
    findings, errors = result.findings, result.errors
    assert [f.path for f in findings] == [str(DRAFTS / "T201.tmx")]
    assert [Path(e.path).name for e in errors] == ["broken.tmx"]


def test_cached_keys_and_tone_words_equal_the_normalize_ones():
    """The token-cached ``segment_key``/``segment_tone_words`` the linter uses give exactly what
    ``match_key``/``tone_styled_words`` give, on every line of the drafts, seeds and glossary terms."""
    texts = [
        line
        for path in [*DRAFTS.iterdir(), *SEEDS.glob("*.txt")]
        for line in path.read_text("utf-8").splitlines()
    ]
    texts += [t.text for concept in load_glossary(GLOSSARY) for t in concept.terms]
    texts += ["HOÀ BÌNH hoà-bình Straße ﬁnal “thuỷ” ho\u0300a e\u0301", "İstanbul 1:hòa thủy…"]
    assert len(texts) > 900
    for text in texts:
        assert segment_key(text) == match_key(text), text
        assert list(segment_tone_words(text)) == tone_styled_words(text), text
