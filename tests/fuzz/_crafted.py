"""Crafted TOML that once broke the readers: nesting 100,000 deep, a 100,000-digit integer."""

from __future__ import annotations

DEPTH = 100_000


def crafted(key: str) -> list[bytes]:
    """Seed inputs setting ``key`` to deeply nested arrays and tables and to huge numbers."""
    return [
        f"{key} = {'[' * DEPTH}{']' * DEPTH}\n".encode(),
        f"{key} = {'{ a = ' * DEPTH}1{' }' * DEPTH}\n".encode(),
        f"{key} = {'7' * DEPTH}\n".encode(),
        f"{key} = 0x{'f' * DEPTH}\n".encode(),
        f"{key} = {'9' * DEPTH}.5e{'9' * 400}\n".encode(),
    ]
