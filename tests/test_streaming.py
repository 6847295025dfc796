"""Bounded memory: lines decoded a chunk at a time, a forward-only line window, document tables and
imported concepts that move to disk, and line numbers that only LF, CRLF and CR advance."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipterm import _spill
from dipterm._spill import SpillStore, SpillTable
from dipterm._text import decode_text, split_lines, stream_lines
from dipterm.findings import DiptermError
from dipterm.formats import DRAFTS as DRAFT_FORMATS
from dipterm.formats import Lines, read_draft
from dipterm.glossary import load_glossary
from dipterm.importer import import_file
from dipterm.lint import LintOptions, lint_paths
from tests.conftest import DATA

TERMS = load_glossary(DATA / "lint_glossary" / "glossary")
LINE_BREAKING = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"  # str.splitlines breaks here; editors do not


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("aZ đờ\r\n\u2028\x85")),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    st.integers(1, 9),
)
def test_stream_lines_reads_like_decode_text_in_any_chunks(text, encoding, chunk):
    data = text.encode(encoding)
    assert list(stream_lines(io.BytesIO(data), "f", chunk=chunk)) == split_lines(decode_text(data, "f"))


@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_stream_lines_names_a_bad_byte_as_decode_text_does(chunk):
    data = "một\nhai ba\n".encode() + b"b\xffn\nmore\n"
    with pytest.raises(DiptermError) as whole:
        decode_text(data, "f")
    with pytest.raises(DiptermError) as streamed:
        list(stream_lines(io.BytesIO(data), "f", chunk=chunk))
    assert streamed.value.line == whole.value.line == 3
    assert str(streamed.value).startswith("f:3: byte 0xFF at column 2 is not UTF-8; ")
    if chunk > len(data):  # the legacy-encoding guess looks at the chunk around the byte
        assert str(streamed.value) == str(whole.value)


def test_split_lines_counts_only_real_line_ends():
    assert split_lines(f"a{LINE_BREAKING}b\r\nc\rd\n") == [f"a{LINE_BREAKING}b", "c", "d"]
    assert split_lines("") == [] and split_lines("\n") == [""]


def test_lines_window_reads_forward_keeps_few_lines_and_every_directive():
    numbered = [f"line {n}" + (" dipterm: ignore" if n in (5, 900) else "") for n in range(1, 1001)]
    lines = Lines(iter(numbered))
    assert lines.get(3) == "line 3" and lines.count == 3
    assert lines.get(500) == "line 500" and lines.get(500 - Lines.KEEP + 1) == f"line {500 - Lines.KEEP + 1}"
    assert lines.get(10) == ""  # too far back: the window no longer holds it
    assert lines.directives() == [(5, "line 5 dipterm: ignore"), (900, "line 900 dipterm: ignore")]
    assert lines.count == 1000 and lines.get(2000) == ""


def test_spill_table_keeps_first_values_across_the_move_to_disk():
    table = SpillTable(limit=3)
    for key in range(6):
        assert table.setdefault(key, (key, f"v{key}")) == (key, f"v{key}")
    assert table.spilled and len(table) == 6
    assert table.setdefault(2, ("other",)) == (2, "v2")
    assert table.setdefault(-(2**63), frozenset({"a"})) == frozenset({"a"})
    assert table.setdefault(-(2**63), frozenset()) == frozenset({"a"})
    table.close()
    assert len(table) == 0


def test_document_checks_find_the_same_when_their_tables_spill(monkeypatch, tmp_path):
    rows = ["en\tvi"] + [f"Strategic Partnership {n}\tĐối tác Chiến lược {n}" for n in range(40)]
    rows += [
        "Strategic Partnership 7\tquan hệ đối tác 7",  # T203 against line 9
        "Comprehensive Strategic Partnership\tĐối tác Chiến lược 3",
    ]  # T204 against line 5
    draft = tmp_path / "many.tsv"
    draft.write_text("\n".join(rows) + "\n", "utf-8")
    result = lint_paths([str(draft)], TERMS, LintOptions(select=("T203", "T204")))
    in_memory, _ = result.findings, result.errors
    monkeypatch.setattr(_spill, "SPILL_AT", 5)
    result = lint_paths([str(draft)], TERMS, LintOptions(select=("T203", "T204")))
    spilled, _ = result.findings, result.errors
    assert [(f.line, f.code) for f in in_memory] == [(42, "T203"), (43, "T204")]
    assert [f.to_dict() for f in spilled] == [f.to_dict() for f in in_memory]
    assert "at line 9" in spilled[0].message and "at line 5" in spilled[1].message


DRIFT = {  # U+2028 and U+0085 inside text, then a deprecated term at a known (line, column)
    "d.tsv": (
        "Strategic\u2028Partnership\tĐối tác\x85Chiến lược\n"
        "people-to-people diplomacy\tngoại giao nhân dân\n"
        "Comprehensive Strategic Partnership\tQuan hệ đối tác chiến lược toàn diện\n",
        (3, 37),
    ),
    "d.po": (
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "Strategic\u2028Partnership"\n'
        'msgstr "Đối tác\x85Chiến lược"\n\nmsgid "Comprehensive Strategic Partnership"\n'
        'msgstr "Quan hệ đối tác chiến lược toàn diện"\n',
        (9, 9),
    ),
    "d.tmx": (
        '<tmx version="1.4"><header srclang="en"/><body>\n<tu><tuv xml:lang="en"><seg>Strategic'
        '\u2028Partnership</seg></tuv><tuv xml:lang="vi"><seg>Đối tác\x85Chiến lược</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en"><seg>Comprehensive Strategic Partnership</seg></tuv>\n'
        '<tuv xml:lang="vi"><seg>Quan hệ đối tác chiến lược toàn diện</seg></tuv></tu>\n'
        "</body></tmx>\n",
        (4, 25),
    ),
    "d.vi.txt": ("Đối tác\u2028Chiến lược và\x85hợp tác.\n\nQuan hệ đối tác chiến lược toàn diện.\n", (3, 1)),
}


@pytest.mark.parametrize("name", sorted(DRIFT))
def test_line_numbers_do_not_drift_after_unicode_line_separators(name, tmp_path):
    text, place = DRIFT[name]
    path = tmp_path / name
    path.write_text(text, "utf-8")
    result = lint_paths([str(path)], TERMS, LintOptions(select=("T202", "T101")))
    findings, errors = result.findings, result.errors
    assert not errors
    assert [(f.line, f.column) for f in findings] == [place]


def test_readers_stream_from_the_file(tmp_path, monkeypatch):
    """``read_draft`` never reads a whole file into memory: it reads the file at its path in chunks."""
    path = tmp_path / "d.tsv"
    path.write_text("en\tvi\n" + "Strategic Partnership\tĐối tác Chiến lược\n" * 10, "utf-8")
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read whole"))
    assert len(read_draft(str(path)).units) == 10
    assert len(DRAFT_FORMATS["pairs"].units(str(path)).units) == 10


def test_spill_store_keeps_changes_of_objects_moved_to_disk_and_gives_them_in_name_order():
    store = SpillStore(lambda name: [name], keep=2)
    for name in ["c", "a", "b", "a", "d"]:
        store.get(name).append(len(store))
    assert len(store) == 4 and "a" in store and "z" not in store
    assert list(store.values()) == [["a", 2, 3], ["b", 3], ["c", 1], ["d", 4]]
    assert len(store) == 0


def _tmx(units: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="vi"><seg>{vi}</seg></tuv></tu>\n'
        for en, vi in units
    )
    return f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body>\n{body}</body></tmx>\n'


def test_import_is_the_same_when_everything_waits_on_disk(monkeypatch, tmp_path):
    """Concepts merged across the file (a repeated English segment), a preferred term clashing with
    an earlier new concept, and id order: the same with tables spilled after three entries."""
    units = [(f"term {n}", f"thuật ngữ {n}") for n in range(12)]
    units += [("term 3", "thuật ngữ ba"), ("other 5", "thuật ngữ 5"), ("term 10", "mười")]
    source = tmp_path / "tm.tmx"
    source.write_text(_tmx(units), "utf-8")
    results = []
    for spill_at in (_spill.SPILL_AT, 3):
        monkeypatch.setattr(_spill, "SPILL_AT", spill_at)
        monkeypatch.setattr(_spill, "KEEP", min(spill_at, _spill.KEEP))
        into = tmp_path / f"into-{spill_at}.toml"
        report = import_file("tmx", source, into)
        results.append((report.new, [str(c) for c in report.conflicts], into.read_text("utf-8")))
    assert results[0] == results[1]
    new, conflicts, text = results[1]
    assert new == 12 and conflicts == [
        "term-5: preferred vi term 'thuật ngữ 5' is already preferred in concept 'other-5'"
    ]  # concepts come in id order
    ids = [line.split('"')[1] for line in text.splitlines() if line.startswith("id = ")]
    assert ids == sorted(ids) and len(ids) == 12
    assert 'term = "thuật ngữ ba", status = "admitted"' in text  # the repeated segment's second vi


def test_text_drafts_stream_paragraphs_and_read_ahead_only_for_the_language(tmp_path):
    data = "Đối tác chiến lược.\n\n".encode() * 60_000 + b"bad \xff byte\n"  # bad byte after 1.4 MB
    named, unnamed = tmp_path / "draft.vi.txt", tmp_path / "draft.txt"
    named.write_bytes(data)
    unnamed.write_bytes(data)
    with pytest.raises(DiptermError, match="byte 0xFF"):
        read_draft(str(named))
    assert next(read_draft(str(unnamed), lazy=True).stream()).lang == "vi"  # read ahead 5,000 words only
    stream = read_draft(str(named), lazy=True).stream()
    first = next(stream)
    assert (first.text, first.lang, first.line) == ("Đối tác chiến lược.", "vi", 1)
    with pytest.raises(DiptermError) as info:
        list(stream)
    assert info.value.line == 120_001
