"""SARIF from `dipterm lint`: URIs are valid URI references whatever the file name, and inputs
that could not be read are reported in the log, not only on stderr."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dipterm.cli import main
from tests.conftest import small_project

# RFC 3986 relative-ref: unreserved, sub-delims, ":", "@", "/" and percent-encodings only
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


def sarif(capsys, folder: Path, *paths: Path) -> tuple[int, dict]:
    code = main(["--glossary", str(folder), "lint", "--output-format", "sarif", *map(str, paths)])
    return code, json.loads(capsys.readouterr().out)


def uris(run: dict) -> list[str]:
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]


def test_uris_are_percent_encoded(tmp_path: Path, capsys, monkeypatch):
    folder = small_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    draft = Path("my drafts") / "notes #1 50%.en.txt"
    draft.parent.mkdir()
    draft.write_text("A truce was signed.\n", "utf-8")
    code, log = sarif(capsys, folder, draft)
    [uri] = uris(log["runs"][0])
    assert code == 1 and uri == "my%20drafts/notes%20%231%2050%25.en.txt"
    assert URI_REFERENCE.fullmatch(uri) and urlsplit(uri).fragment == ""
    assert unquote(uri) == draft.as_posix()


def test_unreadable_input_is_a_notification_of_an_unsuccessful_run(tmp_path: Path, capsys):
    folder = small_project(tmp_path / "project")
    good = tmp_path / "good.en.txt"
    good.write_text("A truce was signed.\n", "utf-8")
    bad = tmp_path / "bad #2.en.txt"
    bad.write_bytes(b"fine\nbroken \xff byte\n")
    code, log = sarif(capsys, folder, good, bad)
    [invocation] = log["runs"][0]["invocations"]
    assert code == 2 and invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["associatedRule"] == {"id": "T100"}
    assert "0xFF" in note["message"]["text"]
    location = note["locations"][0]["physicalLocation"]
    assert unquote(location["artifactLocation"]["uri"]).endswith("bad #2.en.txt")
    assert "%23" in location["artifactLocation"]["uri"] and location["region"] == {"startLine": 2}
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["T101"]  # the readable file is still linted


def test_successful_run_says_so(tmp_path: Path, capsys):
    folder = small_project(tmp_path / "project")
    draft = tmp_path / "clean.en.txt"
    draft.write_text("We want peace.\n", "utf-8")
    code, log = sarif(capsys, folder, draft)
    assert code == 0
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
