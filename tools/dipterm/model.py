"""The concept model: concepts with terms per language. No I/O here."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum

LANGUAGES = ("en", "vi")


class Status(StrEnum):
    """TBX normativeAuthorization of a term."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"

    @classmethod
    def parse(cls, written: str) -> Status | None:
        """The status a file writes in dipterm's words or TBX's (``preferredTerm-admn-sts``,
        ``admittedTerm``, ``supersededTerm-admn-sts``, ``legalTerm-admn-sts`` ...); None if unknown."""
        word = written.strip().removesuffix("-admn-sts").removesuffix("Term").lower()
        return _STATUS_WORDS.get(word)

    @property
    def rank(self) -> int:
        """0 for preferred, 1 admitted, 2 deprecated: the order candidates are offered in."""
        return _RANKS[self]


STATUSES = {s.value: s for s in Status}  # a status as curated files write it -> the Status
_STATUS_WORDS = {
    **STATUSES,
    "standardized": Status.PREFERRED,
    "legal": Status.PREFERRED,
    "regulated": Status.PREFERRED,
    "superseded": Status.DEPRECATED,
    "obsolete": Status.DEPRECATED,
    "notrecommended": Status.DEPRECATED,
}
_RANKS = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2}


def quick_init(cls: type) -> type:
    """Give a frozen, slotted dataclass an ``__init__`` that sets each slot through its descriptor.

    The generated one calls ``object.__setattr__`` by name for each field (how ``frozen`` is kept
    out of its own way), which makes building a term several times dearer; a large glossary
    builds hundreds of thousands. Same signature and defaults; assignment afterwards still raises
    FrozenInstanceError.
    """
    own = fields(cls)
    scope = {f"_set_{f.name}": getattr(cls, f.name).__set__ for f in own}
    scope |= {f"_default_{f.name}": f.default for f in own if f.default is not MISSING}
    params = ", ".join(f"{f.name}=_default_{f.name}" if f.default is not MISSING else f.name for f in own)
    body = "".join(f"\n    _set_{f.name}(self, {f.name})" for f in own)
    exec(f"def __init__(self, {params}):{body}", scope)  # the source: our own field names only
    scope["__init__"].__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = scope["__init__"]  # type: ignore[misc]
    return cls


@quick_init
@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A 1-based position in a file."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@quick_init
@dataclass(frozen=True, order=True, slots=True)
class SourceRef:
    """A reference to one line of a seed text, written ``seeds/<file>:<line>``."""

    path: str
    line: int
    origin: Location | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    @classmethod
    def parse(cls, text: str, origin: Location | None = None) -> SourceRef:
        """Parse ``path:line``; raise ValueError when it is not of that form."""
        path, sep, line = text.rpartition(":")
        if not sep or not path or not line.isdigit() or int(line) < 1:
            raise ValueError(f"source reference {text!r} is not of the form 'seeds/<file>:<line>'")
        return cls(path, int(line), origin)


@quick_init
@dataclass(frozen=True, slots=True)
class Term:
    """One designation of a concept in one language."""

    text: str
    lang: str
    status: Status = Status.PREFERRED
    pos: str | None = None
    case_sensitive: bool = False
    inflect: bool = True
    note: str | None = None
    origin: Location | None = field(default=None, compare=False)


@quick_init
@dataclass(frozen=True, slots=True)
class Concept:
    """A unit of meaning with its terms in each language."""

    id: str
    terms: tuple[Term, ...]
    subject: str | None = None
    note: str | None = None
    sources: tuple[SourceRef, ...] = ()
    proposed: bool = False
    origin: Location | None = field(default=None, compare=False)
    references: tuple[str, ...] = ()  # http(s) URLs of published pages that use the terms

    def terms_in(self, lang: str, *statuses: Status) -> list[Term]:
        """Terms in ``lang``, in file order, optionally only those with the given statuses."""
        return [t for t in self.terms if t.lang == lang and (not statuses or t.status in statuses)]

    def preferred(self, lang: str) -> Term | None:
        """The first preferred term in ``lang``, if any."""
        found = self.terms_in(lang, Status.PREFERRED)
        return found[0] if found else None


@dataclass
class Glossary:
    """All curated concepts, in a stable order (by id)."""

    concepts: list[Concept]
    root: str = "."

    def __post_init__(self) -> None:
        self.concepts.sort(key=lambda c: c.id)

    def __iter__(self):
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, concept_id: str) -> Concept | None:
        """The concept with this id, or None."""
        return next((c for c in self.concepts if c.id == concept_id), None)

    def subjects(self) -> list[str]:
        """Sorted distinct subjects."""
        return sorted({c.subject for c in self.concepts if c.subject})
