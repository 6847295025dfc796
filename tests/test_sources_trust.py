"""Source references from a shared glossary: only regular files inside the project are read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_GLOSSARY, small_project

SECRET = "peace treaty secret 7f3a"  # names the concept's term, so G402 alone would not object
TIMEOUT = 60  # seconds: a run that takes this long hangs (a FIFO opened for reading blocks)


def project_with_source(tmp_path: Path, ref: str) -> Path:
    """A cloned project whose one concept cites ``ref``; a secret file lies next to the project."""
    (tmp_path / "secret.txt").write_text(SECRET + "\n", "utf-8")
    glossary = SMALL_GLOSSARY.replace('sources = ["seeds/s.txt:1"]', f"sources = [{json.dumps(ref)}]")
    return small_project(tmp_path / "clone", glossary)


def dipterm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dipterm", *args], capture_output=True, text=True, timeout=TIMEOUT
    )


def check_and_lookup(folder: Path) -> tuple[subprocess.CompletedProcess, dict]:
    checked = dipterm("check", str(folder), "--output-format", "json")
    looked = dipterm("--glossary", str(folder), "lookup", "peace", "--format", "json")
    assert looked.returncode == 0 and "Traceback" not in looked.stderr, looked.stderr
    return checked, json.loads(looked.stdout)[0]


def codes(checked: subprocess.CompletedProcess) -> list[str]:
    return [f["code"] for f in json.loads(checked.stdout)]


@pytest.mark.parametrize("ref", ["../secret.txt:1", "../../clone/../secret.txt:1", "{tmp}/secret.txt:1"])
def test_paths_out_of_the_project_are_g403_and_never_printed(tmp_path: Path, ref: str):
    folder = project_with_source(tmp_path, ref.format(tmp=tmp_path))
    checked, hit = check_and_lookup(folder)
    assert checked.returncode == 1 and codes(checked) == ["G403"]
    assert "outside the project" in checked.stdout
    assert hit["sources"] == [{"ref": ref.format(tmp=tmp_path), "text": None}]
    assert "7f3a" not in json.dumps(hit)


def test_etc_passwd_is_g403(tmp_path: Path):
    folder = project_with_source(tmp_path, "../../../../../../../../../../etc/passwd:1")
    checked, hit = check_and_lookup(folder)
    assert codes(checked) == ["G403"] and hit["sources"][0]["text"] is None


def test_symlink_pointing_out_is_g403_pointing_in_is_fine(tmp_path: Path):
    folder = project_with_source(tmp_path, "seeds/link.txt:1")
    (folder.parent / "seeds" / "link.txt").symlink_to(tmp_path / "secret.txt")
    checked, hit = check_and_lookup(folder)
    assert codes(checked) == ["G403"] and "7f3a" not in json.dumps(hit)
    (folder.parent / "seeds" / "link.txt").unlink()
    (folder.parent / "seeds" / "link.txt").symlink_to(folder.parent / "seeds" / "s.txt")
    checked, hit = check_and_lookup(folder)
    assert checked.returncode == 0 and hit["sources"][0]["text"] == "We want peace."


def test_fifo_is_g403_and_never_opened(tmp_path: Path):
    folder = project_with_source(tmp_path, "seeds/pipe.txt:1")
    os.mkfifo(folder.parent / "seeds" / "pipe.txt")
    checked, hit = check_and_lookup(folder)  # opening the FIFO would block until the timeout
    assert codes(checked) == ["G403"] and "is a FIFO" in checked.stdout
    assert hit["sources"][0]["text"] is None


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_zero_device_is_g403(tmp_path: Path):
    folder = project_with_source(tmp_path, "seeds/zero:1")
    (folder.parent / "seeds" / "zero").symlink_to("/dev/zero")
    checked, hit = check_and_lookup(folder)
    assert codes(checked) == ["G403"] and hit["sources"][0]["text"] is None
    (tmp_path / "abs").mkdir()
    checked = dipterm("check", str(project_with_source(tmp_path / "abs", "/dev/zero:1")))
    assert checked.returncode == 1 and "G403" in checked.stdout


def test_folder_is_g403(tmp_path: Path):
    folder = project_with_source(tmp_path, "seeds:1")
    checked, _ = check_and_lookup(folder)
    assert codes(checked) == ["G403"] and "is a folder" in checked.stdout


def test_absolute_path_inside_the_project_is_g403(tmp_path: Path):
    folder = project_with_source(tmp_path, str(tmp_path / "clone" / "seeds" / "s.txt") + ":1")
    checked, _ = check_and_lookup(folder)
    assert codes(checked) == ["G403"]
