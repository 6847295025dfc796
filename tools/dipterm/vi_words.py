"""Vietnamese word boundaries for ``dipterm align``: where a syllable span would cut a word.

Vietnamese writes a space between the syllables of one word ("bầu không khí", "suy thoái",
"chính quyền"), so a span of syllables can start or end inside a word. pyvi's word segmenter
(a CRF trained on the VLSP treebank) tells which neighbouring syllables belong together; no rule
written by hand can. Segmenting costs about 0.3 ms a sentence, so at most ``budget`` texts are
segmented; past it, the syllable pairs pyvi joined in most of the texts it read stand for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise

from dipterm.normalize import nfc, to_tone_style, token_key

Syllable = tuple[int, int, int]  # key id, start, end in the text


@cache
def _segmenter() -> Callable[[str], str]:
    """pyvi's tokenizer, imported on first use (the import costs ~2 s: scikit-learn)."""
    from pyvi import ViTokenizer

    return ViTokenizer.tokenize


class WordBoundaries:
    """Offsets of a text where a span must not start or end: between two syllables of one word."""

    def __init__(self, budget: int = 5_000) -> None:
        self.budget = budget
        self.segmented = 0
        self.joined: Counter[tuple[int, int]] = Counter()  # neighbours pyvi made one word
        self.seen: Counter[tuple[int, int]] = Counter()  # neighbours pyvi read

    def cuts(self, text: str, syllables: Sequence[Syllable]) -> frozenset[int]:
        """The offsets inside words of ``text`` (``syllables`` are its syllables in order)."""
        if self.segmented < self.budget:
            self.segmented += 1
            return self._segment(text, syllables)
        found: set[int] = set()
        for (a, _, end), (b, start, _) in pairwise(syllables):
            if end < start and text[end:start].isspace() and self.joined[a, b] * 2 > self.seen[a, b]:
                found.update((end, start))
        return frozenset(found)

    def _segment(self, text: str, syllables: Sequence[Syllable]) -> frozenset[int]:
        words = _segmenter()(to_tone_style(nfc(text), "old")).split()
        keys = [token_key(text[start:end]) for _, start, end in syllables]
        found: set[int] = set()
        joined: set[tuple[int, int]] = set()
        at = 0
        for word in words:
            parts = [token_key(p) for p in word.split("_")]
            i = at
            while i < len(keys) and keys[i] != parts[0]:
                i += 1
            if i == len(keys):
                continue
            if len(parts) > 1 and keys[i : i + len(parts)] == parts:
                for k in range(i, i + len(parts) - 1):
                    found.update((syllables[k][2], syllables[k + 1][1]))
                    joined.add((syllables[k][0], syllables[k + 1][0]))
                at = i + len(parts)
            else:
                at = i + 1
        for (a, _, end), (b, start, _) in pairwise(syllables):
            if end < start and text[end:start].isspace():
                self.seen[a, b] += 1
                self.joined[a, b] += (a, b) in joined
        return frozenset(found)
