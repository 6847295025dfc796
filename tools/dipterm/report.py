"""Renderers for findings: one function per output format, same signature."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from dipterm.findings import Finding, Severity
from dipterm.rules import RULES

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}


def render_text(findings: list[Finding], stream: TextIO, colour: bool = False) -> None:
    """gcc style: ``path:line:col: CODE message [concept]``."""
    for f in findings:
        code = f"{_COLOURS[f.severity]}{f.code}\033[0m" if colour else f.code
        suffix = f" [{f.concept}]" if f.concept else ""
        stream.write(f"{f.path}:{f.line}:{f.column}: {code} {f.message}{suffix}\n")


def render_json(findings: list[Finding], stream: TextIO, colour: bool = False) -> None:
    """A JSON list of findings (see README, 'JSON output')."""
    json.dump([f.to_dict() for f in findings], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


RENDERERS: dict[str, Callable[..., None]] = {"text": render_text, "json": render_json}


def explain(code: str) -> str:
    """The explanation of one rule code, or raise KeyError."""
    rule = RULES[code.upper()]
    return f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.explanation}"
