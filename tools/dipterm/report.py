"""Renderers for findings: one function per output format, same signature."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import TextIO
from urllib.parse import quote

from dipterm import __version__
from dipterm._chars import escape
from dipterm.findings import DiptermError, Finding, Severity
from dipterm.rules import RULES

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}


def render_text(findings: list[Finding], stream: TextIO, colour: bool = False) -> None:
    """gcc style: ``path:line:col: CODE message [concept]``, control characters escaped."""
    for f in findings:
        code = f"{_COLOURS[f.severity]}{f.code}\033[0m" if colour else f.code
        suffix = f" [{escape(f.concept)}]" if f.concept else ""
        stream.write(f"{escape(f.path)}:{f.line}:{f.column}: {code} {escape(f.message)}{suffix}\n")


def render_json(findings: list[Finding], stream: TextIO, colour: bool = False) -> None:
    """A JSON list of findings (see README, 'JSON output')."""
    json.dump([f.to_dict() for f in findings], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _sarif_rule(code: str) -> dict:
    rule = RULES[code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": rule.explanation, "markdown": rule.explanation},
        "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
    }


def _uri(path: str) -> str:
    """A path as a percent-encoded URI reference (a space is %20, ``#`` is %23)."""
    return quote(PurePath(path).as_posix(), safe="/")


def _notification(error: DiptermError) -> dict:
    """An input that could not be read, as a SARIF tool execution notification."""
    notification: dict = {
        "level": "error",
        "message": {"text": error.message},
        "associatedRule": {"id": "T100"},
    }
    if error.path:
        location: dict = {"artifactLocation": {"uri": _uri(error.path)}}
        if error.line:
            location["region"] = {"startLine": error.line}
        notification["locations"] = [{"physicalLocation": location}]
    return notification


def _sarif_result(f: Finding, index: int) -> dict:
    result = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": _SARIF_LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path)},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }
            }
        ],
    }
    properties = {
        k: v for k, v in (("concept", f.concept), ("expected", list(f.expected)), ("found", f.found)) if v
    }
    if properties:
        result["properties"] = properties
    return result


def render_sarif(
    findings: list[Finding], stream: TextIO, colour: bool = False, errors: Sequence[DiptermError] = ()
) -> None:
    """SARIF 2.1.0 for code scanning: one run, the rules used (sorted by code), one result each;
    inputs that could not be read (``errors``) as notifications of an unsuccessful invocation."""
    codes = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    log = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dipterm",
                        "version": __version__,
                        "rules": [_sarif_rule(code) for code in codes],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": [_notification(e) for e in errors],
                    }
                ],
                "results": [_sarif_result(f, index[f.code]) for f in sorted(findings)],
            }
        ],
    }
    json.dump(log, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


RENDERERS: dict[str, Callable[..., None]] = {"text": render_text, "json": render_json, "sarif": render_sarif}


def explain(code: str) -> str:
    """The explanation of one rule code, or raise KeyError."""
    rule = RULES[code.upper()]
    return f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.explanation}"
