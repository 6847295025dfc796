"""Decoding of text inputs and atomic writes: never mojibake, never a half-written file."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dipterm._io import atomic_write
from dipterm._text import decode_text, read_text
from dipterm.findings import DiptermError

VIET = "Đối tác Chiến lược Toàn diện\nđổi mới\n"
# The same words as VNI-Windows and TCVN3 (ABC) bytes, as legacy Vietnamese editors wrote them.
VNI = "Ñoái taùc Chieán löôïc\nñoåi môùi vaø hoäi nhaäp\n".encode("cp1252")
TCVN3 = b"\xae\xe8i t\xb8c Chi\xd5n l\xad\xeec\n\xae\xe9i m\xa5i\n"


@pytest.mark.parametrize(
    "data",
    [
        VIET.encode("utf-8"),
        b"\xef\xbb\xbf" + VIET.encode("utf-8"),
        VIET.encode("utf-16"),
        VIET.encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
)
def test_utf8_bom_and_utf16_read_correctly(data):
    assert decode_text(data, "x.txt") == VIET


def test_crlf_is_kept_for_splitlines():
    assert decode_text(VIET.replace("\n", "\r\n").encode(), "x.txt").splitlines() == VIET.splitlines()


@pytest.mark.parametrize(
    ("data", "line", "guess"),
    [
        (VNI, 1, "VNI-Windows"),
        (TCVN3, 1, "TCVN3"),
        (b"fine\nalso fine \xff here\n", 2, "stray byte"),
    ],
)
def test_undecodable_input_names_line_and_encoding(data, line, guess):
    with pytest.raises(DiptermError) as info:
        decode_text(data, "draft.txt")
    assert info.value.path == "draft.txt" and info.value.line == line
    assert guess in str(info.value) and "not UTF-8" in str(info.value)


def test_read_text_missing_file(tmp_path: Path):
    with pytest.raises(DiptermError, match="cannot read"):
        read_text(tmp_path / "nope.txt")


def test_failed_write_leaves_previous_file(tmp_path: Path):
    target = tmp_path / "out.tmx"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["out.tmx"]


def test_killed_writer_leaves_previous_file(tmp_path: Path):
    target = tmp_path / "out.tmx"
    target.write_bytes(b"previous")
    script = (
        "import sys, time\nfrom dipterm._io import atomic_write\n"
        f"with atomic_write({str(target)!r}) as s:\n"
        "    s.write(b'x' * 100000); s.flush(); print('writing', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout.readline() == b"writing\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.05)
    assert target.read_bytes() == b"previous"


def test_atomic_write_gives_normal_permissions(tmp_path: Path):
    with atomic_write(tmp_path / "new.po") as stream:
        stream.write(b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.po").stat().st_mode & 0o777 == 0o666 & ~umask
    (tmp_path / "new.po").chmod(0o640)
    with atomic_write(tmp_path / "new.po") as stream:
        stream.write(b"y")
    assert (tmp_path / "new.po").stat().st_mode & 0o777 == 0o640
