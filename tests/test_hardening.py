"""Hostile and broken input through the real readers and the importer: any bytes give a result or a
DiptermError with path and line; entity attacks are refused quickly in bounded memory; every
encoding is read right or refused by name; exports survive import and export unchanged."""

import codecs
import contextlib
import difflib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipterm.config import Config
from dipterm.export import export
from dipterm.findings import DiptermError
from dipterm.formats import DRAFTS as DRAFT_FORMATS
from dipterm.formats import READABLE, WRITABLE, ExportOptions, po, read_draft
from dipterm.glossary import load_glossary
from dipterm.importer import Diff, import_file
from dipterm.incoming import read_concepts
from dipterm.model import Glossary
from tests.conftest import DATA, GLOSSARY, ROOT, SEEDS, hanoi_csv

HOSTILE = DATA / "hostile"
DRAFTS = DATA / "drafts"
SAMPLES = {
    "text": "clean.vi.txt",
    "po": "T201.po",
    "tmx": "T201.tmx",
    "xliff": "T201.xlf",
    "pairs": "T201.tsv",
}
EXPORTS = {
    "tmx": ".tmx",
    "po": ".po",
    "tbx": ".tbx",
    "tbx2008": ".tbx",
    "csv": ".csv",
    "tsv": ".tsv",
    "xlsx": ".xlsx",
    "omegat": ".txt",
    "xliff": ".xlf",
    "pairs": ".tsv",
}


def _import_seed(fmt: str, folder: Path) -> Path:
    """A valid file to import in ``fmt``: the shipped glossary's export, or a sample bilingual draft
    for the formats dipterm reads but does not write."""
    if fmt in WRITABLE:
        return export(load_glossary(GLOSSARY), fmt, folder / f"seed{EXPORTS[fmt]}")
    seed = folder / f"seed{EXPORTS[fmt]}"
    shutil.copy(DRAFTS / SAMPLES[fmt], seed)
    return seed


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _documented(error: DiptermError, path: str) -> None:
    assert error.path == path and error.line and error.line >= 1, (error.path, error.line, error.message)


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """Bytes near a valid file: cut, spliced with random bytes, or random altogether."""
    cut = st.integers(0, len(seed))
    return st.one_of(
        st.binary(max_size=400),
        st.tuples(cut, st.binary(max_size=40), cut).map(lambda t: seed[: t[0]] + t[1] + seed[t[2] :]),
        st.tuples(cut, st.sampled_from([b"\x00", b"\xff", b"\r", b"<", b"&", b'"', b"\n\n", b"msgid "])).map(
            lambda t: seed[: t[0]] + t[1] + seed[t[0] :]
        ),
    )


@pytest.mark.parametrize("fmt", list(DRAFT_FORMATS))
def test_every_lint_reader_gives_a_draft_or_a_documented_error(fmt: str):
    seed = (DRAFTS / SAMPLES[fmt]).read_bytes()

    @FUZZ
    @given(_mutations(seed))
    def check(data: bytes) -> None:
        try:
            DRAFT_FORMATS[fmt].units("draft", data, None)
        except DiptermError as error:
            _documented(error, "draft")

    check()


@pytest.mark.parametrize("fmt", list(READABLE))
def test_every_import_format_gives_concepts_or_a_documented_error(fmt: str, tmp_path: Path):
    seed = _import_seed(fmt, tmp_path).read_bytes()[:3000]
    path = tmp_path / f"input{EXPORTS[fmt]}"

    @FUZZ
    @given(_mutations(seed))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        try:
            import_file(fmt, path, tmp_path / "into.toml", dry_run=True)
        except DiptermError as error:
            _documented(error, str(path))

    check()


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_export_import_export_is_stable_for_any_subset(fmt: str, tmp_path: Path):
    shipped = [c for c in load_glossary(GLOSSARY) if not c.proposed]

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(shipped), min_size=1, max_size=12, unique_by=lambda c: c.id))
    def check(concepts) -> None:
        folder = tmp_path / "run"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(SEEDS, folder / "seeds")  # where the source references resolve
        first = export(Glossary(sorted(concepts, key=lambda c: c.id)), fmt, folder / f"first{EXPORTS[fmt]}")
        import_file(fmt, first, folder / "glossary" / "in.toml")
        second = export(
            load_glossary(folder / "glossary"),
            fmt,
            folder / f"second{EXPORTS[fmt]}",
            ExportOptions(include_proposed=True),
        )
        assert second.read_bytes() == first.read_bytes()

    check()


# --- hostile XML -------------------------------------------------------------------------------

ATTACKS = sorted(p.name for p in HOSTILE.iterdir() if "external-dtd" not in p.name)
IMPORTS = {".tmx": ("tmx",), ".tbx": ("tbx",), ".xlf": ()}


def _attack_runs(name: str) -> list[tuple[str, object]]:
    """(what, callable) for every reader path that takes this attack file."""
    path = HOSTILE / name
    runs: list[tuple[str, object]] = []
    if path.suffix in (".tmx", ".xlf"):
        runs.append(("lint", lambda: read_draft(str(path))))
    runs += [
        (f"import {fmt}", lambda fmt=fmt: import_file(fmt, path, Path("/nonexistent/into.toml")))
        for fmt in IMPORTS[path.suffix]
    ]
    return runs


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_files_are_refused_quickly_with_a_clear_error(name: str):
    runs = _attack_runs(name)
    assert runs
    for what, run in runs:
        start = time.monotonic()
        with pytest.raises(DiptermError) as info:
            run()
        assert time.monotonic() - start < 2, what
        _documented(info.value, str(HOSTILE / name))
        message = info.value.message
        assert "root:" not in message
        if "nesting" in name:
            assert "malformed XML" in message and "depth" in message.lower(), message
        else:
            assert "refused" in message or "entity" in message.lower(), message


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in HOSTILE.iterdir()
        if "network" in p.name or "parameter" in p.name or "external-dtd" in p.name
    ),
)
def test_no_reader_ever_connects_to_the_network(name: str, tmp_path: Path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.3)
    port = server.getsockname()[1]
    path = tmp_path / name
    path.write_bytes((HOSTILE / name).read_bytes().replace(b"127.0.0.1:9/", f"127.0.0.1:{port}/".encode()))
    suffix = path.suffix
    attempts = [lambda: read_draft(str(path))] if suffix in (".tmx", ".xlf") else []
    attempts += [
        lambda fmt=fmt: import_file(fmt, path, tmp_path / "into.toml", dry_run=True)
        for fmt in IMPORTS[suffix]
    ]
    for attempt in attempts:
        with contextlib.suppress(DiptermError):
            attempt()
    with pytest.raises(TimeoutError):
        server.accept()
    server.close()


def test_huge_attribute_value_is_refused(tmp_path: Path):
    for suffix, fmt in ((".tmx", "tmx"), (".tbx", "tbx"), (".xlf", None)):
        path = tmp_path / f"huge{suffix}"
        attack = HOSTILE / f"{'xliff' if fmt is None else fmt}-xxe-file{suffix}"
        plain = attack.read_bytes().split(b"\n", 2)[2]
        path.write_bytes(plain.replace(b'xml:lang="en"', b'xml:lang="en" x="' + b"A" * 12_000_000 + b'"', 1))
        start = time.monotonic()
        with pytest.raises(DiptermError, match="malformed XML"):
            if fmt:
                import_file(fmt, path, tmp_path / "into.toml", dry_run=True)
            else:
                read_draft(str(path))
        assert time.monotonic() - start < 3


def test_attacks_stay_in_bounded_memory():
    script = f"""
import resource, sys
from pathlib import Path
from dipterm.findings import DiptermError
from dipterm.importer import import_file
from dipterm.formats import read_draft
for path in sorted(Path({str(HOSTILE)!r}).iterdir()):
    for run in ([lambda: read_draft(str(path))] if path.suffix != ".tbx" else []) + (
            [lambda: import_file(path.suffix[1:], path, "/nonexistent/x.toml", dry_run=True)]
            if path.suffix != ".xlf" else []):
        try:
            run()
        except DiptermError:
            pass
status = Path("/proc/self/status")
if status.exists():  # VmHWM: this program's own peak (ru_maxrss keeps a forking parent's)
    print(next(int(l.split()[1]) for l in status.read_text().splitlines() if l.startswith("VmHWM")) // 1024)
else:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert int(done.stdout) < 200, f"peak {done.stdout.strip()} MB"


# --- encodings through every reader path ---------------------------------------------------------

VNI = "Ñoái taùc Chieán löôïc\tñoåi môùi vaø hoäi nhaäp\n".encode("cp1252")
TCVN3 = b"\xae\xe8i t\xb8c Chi\xd5n l\xad\xeec\t\xae\xe9i m\xa5i\n"


def _units(draft) -> list[tuple[str, str, int]]:
    return [(u.source.text, u.target.text, u.target.line) for u in draft.units] + [
        (s.text, s.lang, s.line) for s in draft.segments
    ]


def _concepts(fmt: str, path: Path) -> list:
    """What import would take from ``path``: its concepts through the one shared place."""
    return list(read_concepts(fmt, path, str(ROOT), Config())[0])


def _xml_utf16(data: bytes) -> bytes:
    text = data.decode("utf-8")
    if text.startswith("<?xml"):
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


@pytest.mark.parametrize("fmt", list(DRAFT_FORMATS))
def test_bom_utf16_and_crlf_read_the_same_in_every_lint_reader(fmt: str):
    data = (DRAFTS / SAMPLES[fmt]).read_bytes()
    expected = _units(DRAFT_FORMATS[fmt].units("d", data, None))
    assert expected
    variants = {
        "utf-8 bom": codecs.BOM_UTF8 + data,
        "crlf": data.replace(b"\n", b"\r\n"),
        "utf-16": _xml_utf16(data) if fmt in ("tmx", "xliff") else data.decode().encode("utf-16"),
    }
    for name, variant in variants.items():
        assert _units(DRAFT_FORMATS[fmt].units("d", variant, None)) == expected, name


@pytest.mark.parametrize("fmt", list(DRAFT_FORMATS))
@pytest.mark.parametrize(
    ("bad", "named"), [(b"\xff", "not UTF-8"), (VNI, "looks like"), (TCVN3, "looks like")]
)
def test_broken_or_legacy_bytes_are_refused_by_name_and_line(fmt: str, bad: bytes, named: str):
    lines = (DRAFTS / SAMPLES[fmt]).read_bytes().splitlines(keepends=True)
    at = len(lines) // 2
    line = lines[at]
    spot = line.rfind(b"<") if fmt in ("tmx", "xliff") and b"<" in line else len(line.rstrip())
    lines[at] = line[:spot] + bad.rstrip(b"\n") + line[spot:]
    with pytest.raises(DiptermError) as info:
        DRAFT_FORMATS[fmt].units("d", b"".join(lines), None)
    assert info.value.line == at + 1 and named in info.value.message, info.value


@pytest.mark.parametrize("fmt", [f for f in READABLE if f != "xlsx"])  # a workbook is a ZIP archive
def test_imports_read_bom_utf16_crlf_and_refuse_legacy_bytes(fmt: str, tmp_path: Path):
    data = _import_seed(fmt, tmp_path).read_bytes()
    path = tmp_path / f"in{EXPORTS[fmt]}"
    xml = fmt in ("tmx", "tbx", "tbx2008")
    expected = _concepts(fmt, tmp_path / f"seed{EXPORTS[fmt]}")
    variants = [
        codecs.BOM_UTF8 + data,
        data.replace(b"\n", b"\r\n"),
        _xml_utf16(data) if xml else codecs.BOM_UTF16_LE + data.decode().encode("utf-16-le"),
    ]
    for variant in variants:
        path.write_bytes(variant)
        assert _concepts(fmt, path) == expected
    lines = data.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if "Đ".encode() in line or "đ".encode() in line)
    lines[at] = lines[at].replace("đ".encode(), b"\xf1", 1).replace("Đ".encode(), b"\xd1", 1)
    path.write_bytes(b"".join(lines))
    with pytest.raises(DiptermError) as info:
        _concepts(fmt, path)
    assert info.value.line == at + 1 and "UTF-8" in info.value.message


@pytest.mark.parametrize("fmt", ["tmx", "tbx"])
def test_mojibake_never_reaches_the_glossary(fmt: str, tmp_path: Path):
    """A UTF-8 file that claims to be Latin-1 decodes to 'Ä‘á»‘i tÃ¡c': refused, nothing written."""
    data = export(load_glossary(GLOSSARY), fmt, tmp_path / f"seed.{fmt}").read_bytes()
    path = tmp_path / f"latin.{fmt}"
    path.write_bytes(data.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1))
    into = tmp_path / "into.toml"
    with pytest.raises(DiptermError, match="mojibake") as info:
        import_file(fmt, path, into)
    assert info.value.path == str(path) and info.value.line and not into.exists()


def test_control_characters_are_refused_with_their_line():
    with pytest.raises(DiptermError, match="U\\+0000 at column 4") as info:
        DRAFT_FORMATS["text"].units("d.txt", b"fine\nbad\x00 text\n", None)
    assert info.value.line == 2


# --- no lost work ----------------------------------------------------------------------------------


def test_import_shows_the_diff_before_writing_and_writes_only_when_confirmed(project_copy: Path):
    csv = hanoi_csv(project_copy)
    into = project_copy / "glossary" / "party-state.toml"
    before = into.read_bytes()
    shown: list[str] = []

    def refuse(diff: Diff) -> bool:
        shown.append(str(diff))
        assert into.read_bytes() == before  # nothing written while the user reads the diff
        return False

    report = import_file("csv", csv, into, review=refuse)
    assert not report.written and into.read_bytes() == before
    assert len(shown) == 1 and '+id = "hanoi-capital"\n' in shown[0]
    report = import_file("csv", csv, into, dry_run=True, review=lambda diff: shown.append(str(diff)) or True)
    assert not report.written and into.read_bytes() == before and shown[1] == shown[0]
    report = import_file("csv", csv, into, review=lambda diff: True)
    assert report.written and into.read_bytes().startswith(before)
    assert into.read_bytes().decode() == before.decode() + "".join(
        line[1:] for line in shown[0].splitlines(keepends=True)[3:] if line.startswith("+")
    )


def test_import_diff_is_difflib_unified_diff():
    for old, added in [("", "a\n"), ("x\n", "\ny\n"), ("1\n2\n3\n4\n5\n", "\nz\n"), ("a\nb", "\n\nc\n")]:
        old_lines, new_lines = old.splitlines(True), (old + added).splitlines(True)
        expected = "".join(difflib.unified_diff(old_lines, new_lines, "f", "f"))
        lines = added.splitlines(True)
        assert str(Diff(old, lambda lines=lines: iter(lines), len(lines), "f")) == expected


def test_po_chunks_keep_line_numbers_and_header(tmp_path: Path):
    """A catalog bigger than one chunk reads as a whole: every unit at its own msgstr line."""
    entries = "".join(f'#. n{n}\nmsgid "term {n}"\nmsgstr ""\n"thuật ngữ {n}"\n\n' for n in range(4500))
    data = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n' + entries).encode()
    draft = po.read("big.po", data, None)
    assert len(draft.units) == 4500 and {u.target.lang for u in draft.units} == {"en"}
    lines = data.decode().split("\n")
    for n, unit in enumerate(draft.units):
        assert unit.target.text == f"thuật ngữ {n}"
        assert lines[unit.target.line - 1] == f'"thuật ngữ {n}"'
        assert lines[unit.source.line - 1] == f'msgid "term {n}"'


# --- inputs the fuzzers found --------------------------------------------------------------------


def test_truncated_utf16_is_refused_with_its_line():
    data = "một\tone\nhai\ttwo\n".encode("utf-16") + b"n"  # read as it streams: rows before it are fine
    for fmt in ("text", "po", "pairs"):
        with pytest.raises(DiptermError, match="invalid UTF-16") as info:
            DRAFT_FORMATS[fmt].units("d", data, None)
        assert info.value.line == 3


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        (
            "tmx",
            b'<tmx><:eader srclang="en"/><body><tu><tuv xml:lang="en"><seg>peace</seg></tuv>'
            b'<tuv xml:lang="vi"><seg>h\xc3\xb2a b\xc3\xacnh</seg></tuv></tu></body></tmx>',
        ),
        (
            "xliff",
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="vi"><file id="f">'
            b'<unit id="u"><segment><source>peace</source><:target>h\xc3\xb2a b\xc3\xacnh</:target>'
            b"<target>h\xc3\xb2a b\xc3\xacnh</target></segment></unit></file></xliff>",
        ),
    ],
)
def test_element_names_with_a_namespace_error_are_a_documented_error(fmt: str, data: bytes):
    """libxml2 streams ``<:eader>`` and reports the bad name only at the end of the document; the
    readers must not trip over the name first (lxml's QName raises ValueError on it)."""
    with pytest.raises(DiptermError, match="Failed to parse QName") as info:
        DRAFT_FORMATS[fmt].units("d", data, None)
    assert info.value.line == 1
