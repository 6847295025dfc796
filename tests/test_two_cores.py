"""A large curated file is read on two cores (a forked child reads its second half): the concepts,
their places and the findings are exactly those of one process, whatever the child meets."""

from __future__ import annotations

import os
import threading

import pytest

from dipterm import _toml, glossary
from tests.conftest import GLOSSARY

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")


def _shipped_text() -> str:
    """Every shipped record in one file, several times over (ids made unique): about 2 MB."""
    records = "\n".join(path.read_text("utf-8") for path in sorted(GLOSSARY.glob("*.toml")))
    return "\n".join(records.replace('id = "', f'id = "r{n}-') for n in range(3))


def _dump(result: tuple[list, list]) -> tuple[list, list]:
    concepts, findings = result
    places = [(c, c.origin, [t.origin for t in c.terms], [s.origin for s in c.sources]) for c in concepts]
    return places, [(f, f.message, f.concept) for f in findings]


def _one_process(text: str, monkeypatch) -> tuple[list, list]:
    with monkeypatch.context() as patch:
        patch.setattr(glossary, "TWO_CORES_FROM", len(text) + 1)
        return _dump(glossary.read_records(text, "big.toml"))


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(_toml, "PIECE", 100_000)
    monkeypatch.setattr(glossary, "TWO_CORES_FROM", 1000)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    forks = []
    real_fork = os.fork

    def counting_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    return forks


def test_a_large_file_is_read_in_two_as_in_one(two_cores, monkeypatch):
    text = _shipped_text()
    expected = _one_process(text, monkeypatch)
    assert len(expected[0]) > 6000 and not expected[1]
    assert _dump(glossary.read_records(text, "big.toml")) == expected
    assert two_cores == [1]
    assert expected[0][-1][1].line == text.count("\n", 0, text.rfind("[[concept]]")) + 1


def test_a_problem_in_the_second_half_is_reported_as_by_one_process(two_cores, monkeypatch):
    text = _shipped_text()
    cut = text.rfind('status = "preferred"')  # the last records: the child's half
    text = text[:cut] + 'status = "favoured"' + text[cut + len('status = "preferred"') :]
    text = text.replace("[[concept]]\n", "[[concept]]\nbogus = 1\n", 1)  # and one in the parent's
    expected = _one_process(text, monkeypatch)
    assert {f.code for f, _, _ in expected[1]} == {"G101", "G103"}
    assert _dump(glossary.read_records(text, "big.toml")) == expected
    assert two_cores == [1]


@pytest.mark.parametrize(
    "extra",
    ['\ntitle = "a top-level key"\n', '\n[[concept]]\nid = "broken\nen = 1\n'],
    ids=["top-level key", "syntax error"],
)
def test_what_is_not_only_records_is_read_whole(extra, two_cores, monkeypatch):
    """A top-level key (which the other half might also set) or a syntax error in the child's half:
    the file is read whole, as one process reads it: the same findings, the same message."""
    text = _shipped_text() + extra
    expected = _one_process(text, monkeypatch)
    assert expected[1]
    assert _dump(glossary.read_records(text, "big.toml")) == expected
    assert two_cores == [1]


def test_one_process_reads_it_when_other_threads_run(two_cores):
    text = _shipped_text()
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        concepts, findings = glossary.read_records(text, "big.toml")
    finally:
        stop.set()
        worker.join()
    assert len(concepts) > 6000 and not findings
    assert two_cores == []


def _square_or_fail(n: int) -> int:
    if n < 0:
        raise ValueError("negative")
    return n * n


def test_the_helper_answers_in_order_and_reports_a_failure():
    from dipterm._fork import Helper

    helper = Helper(_square_or_fail)
    try:
        for n in range(5):
            helper.send(n)
        assert [helper.receive() for _ in range(5)] == [0, 1, 4, 9, 16]
        helper.send(-1)
        with pytest.raises(RuntimeError, match="ValueError: negative"):
            helper.receive()
        helper.send(3)
        assert helper.receive() == 9  # a failed job does not end the helper
    finally:
        helper.close()
    assert not helper._process.is_alive()


def test_a_large_file_is_cached_by_a_child_and_read_back(two_cores, tmp_path, monkeypatch):
    """The cache of a large file is written by a forked child while the command goes on; the next
    load waits for it and reads the same concepts, with their places, from it."""
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "big.toml").write_text(_shipped_text(), "utf-8")
    first = glossary.load_glossary(folder)
    assert len(two_cores) == 2  # the second half's reader, then the cache's writer

    def not_again(path):
        raise AssertionError(f"{path} read again: the cache was not used")

    monkeypatch.setattr(glossary, "read_file", not_again)
    again = glossary.load_glossary(folder)
    assert _dump((again.concepts, [])) == _dump((first.concepts, [])) and len(first) > 6000
    assert len(two_cores) == 2


DRAFTS = GLOSSARY.parent / "tests" / "data" / "drafts"


def _long_draft(tmp_path, lang: str) -> str:
    """A draft of fixture texts with planted findings (deprecated terms, variants, case, NFC, tone
    placement) between real published paragraphs (seeds/), repeated: first uses in one run of
    segments, their variants in runs the helper checks."""
    fixtures = [p.read_text("utf-8") for p in sorted(DRAFTS.glob(f"T10*.{lang}.*"))]
    filler = (GLOSSARY.parent / "seeds" / "2025-01_bao-thua-thien-hue_diplomacy-2024-new-era.txt").read_text(
        "utf-8"
    )
    blocks = [fixtures[n % len(fixtures)] + "\n" + filler[: 1500 + 97 * n] for n in range(40)]
    path = tmp_path / f"long.{lang}.txt"
    path.write_text("\n\n".join(blocks), "utf-8")
    return str(path)


def _lint(path: str) -> list:
    from dipterm import lint

    findings = lint.lint_paths([path], glossary.load_glossary(DRAFTS.parent / "lint_glossary" / "glossary"))
    return [(f, f.message, f.concept, f.expected, f.found) for f in findings.findings]


@pytest.fixture
def lint_in_runs(two_cores, monkeypatch):
    from dipterm import lint

    monkeypatch.setattr(lint, "TWO_CORES_FROM", 5000)
    monkeypatch.setattr(lint, "_RUN", 4000)
    return two_cores


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_long_draft_is_linted_on_two_cores_as_in_one(lint_in_runs, tmp_path, monkeypatch, lang):
    from dipterm import lint

    path = _long_draft(tmp_path, lang)
    with monkeypatch.context() as patch:
        patch.setattr(lint, "TWO_CORES_FROM", 1 << 40)
        expected = _lint(path)
    forks = len(lint_in_runs)
    codes = {finding.code for finding, *_ in expected}
    assert codes == ({"T101", "T102", "T103"} if lang == "en" else {"T101", "T104", "T105"})
    assert len(expected) > 40
    assert _lint(path) == expected
    assert len(lint_in_runs) == forks + 1  # one helper for the draft


def test_a_failing_lint_helper_leaves_its_runs_to_the_caller(lint_in_runs, tmp_path, monkeypatch):
    from dipterm import lint

    path = _long_draft(tmp_path, "en")
    with monkeypatch.context() as patch:
        patch.setattr(lint, "TWO_CORES_FROM", 1 << 40)
        expected = _lint(path)
    parent, real = os.getpid(), lint.segment_checks

    def fails_in_the_child(*args):
        if os.getpid() != parent:
            raise MemoryError("planted")
        return real(*args)

    monkeypatch.setattr(lint, "segment_checks", fails_in_the_child)
    assert _lint(path) == expected


def test_a_large_tmx_export_is_written_on_two_cores_byte_for_byte(two_cores, tmp_path, monkeypatch):
    """The TUs of the second half come from a forked helper: the file is the one a single process
    writes, admitted terms shared between concepts included."""
    import io

    from dipterm.formats import ExportOptions, tmx
    from dipterm.model import Glossary

    concepts, findings = glossary.read_records(_shipped_text(), "big.toml")
    big = Glossary(concepts)
    assert not findings and any(t.status.value == "admitted" and t.lang == "en" for c in big for t in c.terms)

    def written() -> bytes:
        out = io.BytesIO()
        tmx.write(big, out, ExportOptions())
        return out.getvalue()

    with monkeypatch.context() as patch:
        patch.setattr(tmx, "TWO_CORES_FROM", 1 << 40)
        expected = written()
    forks = len(two_cores)
    monkeypatch.setattr(tmx, "TWO_CORES_FROM", 1000)
    assert written() == expected and expected.count(b"<tu ") > 6000
    assert len(two_cores) == forks + 1


def test_runs_with_many_findings_do_not_wedge_the_pipes(two_cores, tmp_path, monkeypatch):
    """Runs whose findings fill the pipe back (a deprecated term in every sentence): the helper is
    never sent a run while its last answer is unread, so neither process waits for ever."""
    import signal

    from dipterm import lint

    monkeypatch.setattr(glossary, "TWO_CORES_FROM", 1 << 40)  # the small glossary read in one

    sentence = (DRAFTS / "T101.en.txt").read_text("utf-8").splitlines()[-1] + " "
    path = tmp_path / "many.en.txt"
    path.write_text(sentence * 40_000, "utf-8")
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the lint wedged"))
    signal.alarm(120)
    try:
        found = _lint(str(path))
    finally:
        signal.alarm(0)
    assert len(found) == 40_000 and {f.code for f, *_ in found} == {"T101"}
    assert len(two_cores) == 1 and len(sentence) * 40_000 > lint.TWO_CORES_FROM
