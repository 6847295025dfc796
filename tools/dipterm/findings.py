"""Findings (what checks report) and the project's own errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Severity(StrEnum):
    """How serious a finding is; mapped to SARIF levels by the SARIF renderer."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class ExitCode(IntEnum):
    """Process exit codes, as ruff: clean, findings, usage or unreadable input."""

    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. Lines and columns are 1-based; sorting is by place then code."""

    path: str
    line: int
    column: int
    code: str
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.WARNING, compare=False)
    concept: str | None = field(default=None, compare=False)
    expected: tuple[str, ...] = field(default=(), compare=False)
    found: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "concept": self.concept,
            "expected": list(self.expected),
            "found": self.found,
        }


class DiptermError(Exception):
    """Unreadable or invalid input, with the place it was found. The CLI turns it into exit 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.path, self.line = message, path, line

    def __str__(self) -> str:
        where = (
            f"{self.path}:{self.line}: "
            if self.path and self.line
            else (f"{self.path}: " if self.path else "")
        )
        return f"{where}{self.message}"


def select_findings(
    findings: list[Finding], select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> list[Finding]:
    """Keep findings whose code starts with a selected prefix and with no ignored prefix."""
    return sorted(
        f
        for f in findings
        if (not select or f.code.startswith(tuple(select))) and not f.code.startswith(tuple(ignore))
    )
