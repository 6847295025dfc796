"""The fast TOML path (toml++) against the reference (tomllib): the same data on every document
toml++ accepts, tomllib's error and place on every document it refuses."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipterm import _toml
from tests.conftest import DATA, GLOSSARY

pytestmark = pytest.mark.skipif(
    _toml.fast_parser() is None, reason="pytomlpp not installed: only tomllib is used"
)

PIECES = [
    "[[concept]]\n",
    "[concept]\n",
    "[a.b]\n",
    'id = "x"\n',
    "id = 'x'\n",
    'note = """\nline\n"""\n',
    "note = '''raw\\n'''\n",
    'en = [\n  { term = "joint statement", status = "preferred" },\n]\n',
    'vi = [{ term = "tuyên bố chung" }]\n',
    "n = 1\n",
    "n = 99999999999999999999\n",
    "n = 0x1F\n",
    "f = 1e400\n",
    "f = nan\n",
    "d = 1979-05-27\n",
    "d = 1979-05-27T07:32:00Z\n",
    "t = 07:32\n",
    "b = true\n",
    "x = { a = 1, }\n",
    "x = { a = 1,\n b = 2 }\n",
    'e = "\\e"\n',
    'e = "\\x41"\n',
    'e = "\\uD800"\n',
    'e = "\\U0001F600"\n',
    "# comment\n",
    "\n",
    "\r\n",
    "\r",
    "a = 1\na = 2\n",
    "=",
    "[",
    "]",
    "{",
    '"',
    "\x00",
    "\x7f",
    "\t",
    "đối ngoại",
]


def _same(text: str) -> None:
    try:
        fast = _toml.fast_parser()(text)
    except Exception:
        return  # refused: ``loads`` asks tomllib, as test_refused_documents_report_tomllib_errors shows
    assert _canon(fast) == _canon(tomllib.loads(text)), text


def _canon(value):
    """``value`` with NaN made comparable (nan != nan), and the type of every leaf kept."""
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    return (type(value).__name__, value)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_whatever_toml_plus_plus_accepts_tomllib_reads_the_same(text: str):
    _same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab=[]{}\"'#.,\n \\0123x")), max_size=40))
def test_random_characters_agree_too(text: str):
    _same(text)


def test_every_curated_and_test_file_reads_the_same():
    files = sorted(GLOSSARY.glob("*.toml")) + sorted(DATA.rglob("*.toml"))
    assert len(files) > 12
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        try:
            expected = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            with pytest.raises(_toml.TomlError):
                _toml.loads(text)
            continue
        assert _toml.loads(text) == expected, path


@pytest.mark.parametrize(
    "text",
    [
        "x = { a = 1, }\n",  # TOML 1.1, which tomllib refuses
        'e = "\\e"\n',
        "a = 1\na = 2\n",
        "[[concept]]\nid = \n",
        "a = " + "[" * 5000 + "]" * 5000 + "\n",
    ],
)
def test_refused_documents_report_tomllib_errors(text: str, monkeypatch):
    monkeypatch.setattr(_toml, "FAST_FROM", 0)
    with pytest.raises(_toml.TomlError) as fast:
        _toml.loads(text)
    monkeypatch.setattr(_toml, "fast_parser", lambda: None)
    with pytest.raises(_toml.TomlError) as reference:
        _toml.loads(text)
    assert (fast.value.message, fast.value.line, fast.value.column) == (
        reference.value.message,
        reference.value.line,
        reference.value.column,
    )


def test_an_integer_beyond_64_bits_is_still_read(monkeypatch):
    monkeypatch.setattr(_toml, "FAST_FROM", 0)
    assert _toml.loads("n = 99999999999999999999\n") == {"n": 99999999999999999999}


def test_the_fast_path_is_used(monkeypatch):
    monkeypatch.setattr(tomllib, "loads", None)  # would fail if called
    assert _toml.loads(Path(GLOSSARY / "title.toml").read_text("utf-8"))["concept"]


RECORD_PIECES = [
    '[[concept]]\nid = "a"\nen = [{ term = "x" }]\n',
    '[[concept]]\nid = "b"\nnote = """\n[[concept]]\nid = "inside a string"\n"""\n',
    "[[concept]]\nid = 'c'\n[concept.extra]\nk = 1\n",
    "[[concept]]\n[[concept.en]]\nterm = 'nested'\n",
    "concept = []\n",
    'concept = [{ id = "static" }]\n',
    "concept.x = 1\n",
    "[concept]\nid = 'table'\n",
    "[other]\nk = 1\n",
    "[other.sub]\nk = 2\n",
    "top = 1\n",
    "[[concept]]\nid = \n",
    "\n",
]


def _pieces_joined(text: str) -> dict:
    """The data of ``_toml.record_pieces(text, "concept")`` joined, as the loader uses it: the
    records of every piece in order and the other keys; the whole text through ``loads`` when the
    pieces are not the document's (``Unsplit``)."""
    joined: dict = {}
    try:
        for _, _, data in _toml.record_pieces(text, "concept"):
            if "concept" in joined and "concept" in data:
                joined["concept"] += data.pop("concept")
            joined.update(data)
    except _toml.Unsplit:
        return _toml.loads(text)
    return joined


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(RECORD_PIECES), max_size=10).map("".join))
def test_records_read_in_pieces_are_the_whole_documents(text: str):
    """However a file of records is cut into pieces, the data is tomllib's, or the error is."""
    original = _toml.PIECE
    _toml.PIECE = 8  # a cut before nearly every record
    try:
        try:
            expected = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            with pytest.raises(_toml.TomlError):
                _pieces_joined(text)
            return
        assert _canon(_pieces_joined(text)) == _canon(expected), text
    finally:
        _toml.PIECE = original


def test_a_curated_file_read_in_pieces(monkeypatch):
    monkeypatch.setattr(_toml, "PIECE", 2000)
    for path in sorted(GLOSSARY.glob("*.toml")):
        text = path.read_text("utf-8")
        assert _pieces_joined(text) == tomllib.loads(text), path
