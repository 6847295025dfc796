"""One very long line is read in linear time: the unfinished line is kept in pieces, not copied
again with every chunk (the quadratic carry-and-decode that made a 50 MB line take 1.3 GB)."""

from __future__ import annotations

import io
import time

import pytest

from dipterm._text import stream_lines
from dipterm.findings import DiptermError

MB = 1_000_000


@pytest.mark.parametrize("text", ["x" * (16 * MB), "đ" * (8 * MB)], ids=["ascii", "two-byte-utf8"])
def test_a_16_mb_line_read_in_4_kb_chunks_takes_linear_time(text: str):
    data = text.encode()
    started = time.perf_counter()
    lines = list(stream_lines(io.BytesIO(data), "long.txt", chunk=4096))
    elapsed = time.perf_counter() - started
    assert lines == [text]
    assert elapsed < 5, f"{elapsed:.1f} s for {len(data) / MB:.0f} MB in 4 KB chunks: quadratic copying"


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_line_ends_across_chunk_boundaries(chunk: int):
    data = "a\r\nb\rc\n\r\nđ\r".encode()
    assert list(stream_lines(io.BytesIO(data), "t.txt", chunk=chunk)) == ["a", "b", "c", "", "đ"]


def test_bad_byte_after_a_long_line_keeps_its_line_and_column():
    data = b"x" * 100_000 + b"\nok\nab\xff\n"
    with pytest.raises(DiptermError) as raised:
        list(stream_lines(io.BytesIO(data), "t.txt", chunk=4096))
    assert raised.value.line == 3 and "0xFF at column 3" in raised.value.message


def test_a_segment_over_the_cap_is_checked_in_pieces_at_the_right_place(tmp_path):
    """A deprecated term 200 KB into one line is found at its own column, and a term cut by no piece
    boundary (pieces end at white space) is whole in one piece."""
    from dipterm.formats import read_draft
    from dipterm.formats._units import PIECE
    from dipterm.glossary import load_glossary
    from dipterm.lint import Terms, lint_draft
    from tests.conftest import GLOSSARY

    filler = "the ministers met and agreed on cooperation " * (3 * PIECE // 45)
    path = tmp_path / "long.en.txt"
    path.write_text(f"{filler}an expatriate community\n", "utf-8")
    [segment] = read_draft(str(path)).segments
    pieces = list(segment.pieces())
    assert len(pieces) == 3 and all(len(p.text) <= PIECE for p in pieces)
    assert "".join(p.text for p in pieces) == segment.text
    assert [p.column for p in pieces][:2] == [1, len(pieces[0].text) + 1]
    found = lint_draft(read_draft(str(path)), Terms(load_glossary(GLOSSARY)))
    findings = [f for f in found if f.code == "T101"]
    assert [(f.line, f.column, f.found) for f in findings] == [(1, len(filler) + 4, "expatriate")]


def test_a_long_paragraph_is_cut_after_sentences_so_its_terms_stay_whole(tmp_path):
    """A paragraph of 6,000 wrapped lines (no blank line: one segment of 400 KB) is checked in
    pieces that end after a sentence, so a term never straddles two: each of the 3,000 deprecated
    terms, one a sentence and wrapped across a line break in every other, is found."""
    from dipterm.formats import read_draft
    from dipterm.formats._units import PIECE
    from dipterm.glossary import load_glossary
    from dipterm.lint import Terms, lint_draft
    from tests.conftest import GLOSSARY

    wrapped = "Both sides met in Hanoi and agreed to support the expatriate\ncommunity in Europe."
    whole = "The ministers of both sides also agreed to\nsupport the expatriate community abroad."
    path = tmp_path / "paragraph.en.txt"
    path.write_text("\n".join(wrapped if n % 2 else whole for n in range(3000)) + "\n", "utf-8")
    [segment] = read_draft(str(path)).segments
    pieces = list(segment.pieces())
    assert len(segment.text) > 3 * PIECE and len(pieces) > 3
    assert all(p.text.endswith(".\n") for p in pieces[:-1])
    found = lint_draft(read_draft(str(path)), Terms(load_glossary(GLOSSARY)))
    assert len([f for f in found if f.code == "T101" and f.found.startswith("expatriate")]) == 3000
