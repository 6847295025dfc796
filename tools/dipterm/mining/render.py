"""Output of ``dipterm mine``: an aligned table, TSV (the review queue) or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

from dipterm.mining import Candidate

TSV_COLUMNS = (
    "term",
    "score",
    "count",
    "docs",
    "kind",
    "acronym",
    "expansion",
    "in_glossary",
    "context",
    "parts",
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\n", " ")


def render_tsv(candidates: list[Candidate]) -> str:
    """Header row, then one candidate a line in rank order (ties by term); deterministic."""
    rows = ["\t".join(TSV_COLUMNS)]
    for c in candidates:
        first = c.contexts[0].to_dict()["where"] if c.contexts else ""
        rows.append(
            "\t".join(
                _cell(v)
                for v in (
                    c.term,
                    f"{c.score:.2f}",
                    c.count,
                    c.docs,
                    c.kind,
                    c.acronym,
                    c.expansion,
                    c.in_glossary,
                    first,
                    "; ".join(c.parts),
                )
            )
        )
    return "\n".join(rows) + "\n"


def render_json(candidates: list[Candidate]) -> str:
    """A JSON list, best first (see ``Candidate.to_dict``)."""
    return json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2) + "\n"


def render_text(candidates: list[Candidate]) -> str:
    """An aligned table for a terminal."""
    header = ("#", "score", "count", "docs", "kind", "term", "acronym / gloss", "glossary", "parts")
    rows = [header] + [
        (
            str(i),
            f"{c.score:.2f}",
            str(c.count),
            str(c.docs),
            c.kind,
            c.term,
            c.acronym if c.acronym and c.acronym != c.term else (f"({c.gloss})" if c.gloss else ""),
            c.in_glossary or "",
            "; ".join(c.parts),
        )
        for i, c in enumerate(candidates, 1)
    ]
    widths = [max(len(row[k]) for row in rows) for k in range(len(header))]
    right = {0, 1, 2, 3}
    return "".join(
        "  ".join(
            cell.rjust(w) if k in right else cell.ljust(w)
            for k, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        + "\n"
        for row in rows
    )


RENDERERS: dict[str, Callable[[list[Candidate]], str]] = {
    "text": render_text,
    "tsv": render_tsv,
    "json": render_json,
}
