"""The one normalisation module every match goes through.

* Unicode NFC;
* Vietnamese tone-mark placement in the open clusters oa/oe/uy: ``old`` style puts the mark on
  the first vowel (hòa, khỏe, thủy: state media, legal titles), ``new`` style on the second
  (hoà, khoẻ, thuỷ: the 2018 school rule);
* diacritic folding (``Đối tác`` -> ``doi tac``);
* English punctuation via sacremoses (’ -> ', “ ” -> "), hyphen/space variants, case.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice, product
from typing import TYPE_CHECKING, Literal

from dipterm._marks import MARK_RANGES

if TYPE_CHECKING:
    from sacremoses import MosesPunctNormalizer

ToneStyle = Literal["old", "new"]
TONE_STYLES: tuple[ToneStyle, ...] = ("old", "new")

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
_OPEN_CLUSTERS = ("oa", "oe", "uy")
_WORD = re.compile(r"[^\W\d_]+")


def nfc(text: str) -> str:
    """Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    """True when ``text`` is already NFC."""
    return unicodedata.is_normalized("NFC", text)


def _letters(word: str) -> tuple[list[str], int, str | None]:
    """Split a word into NFD letter clusters, the index of the toned letter and the tone mark."""
    letters: list[str] = []
    tone_at, tone = -1, None
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_MARKS and letters:
            tone_at, tone = len(letters) - 1, ch
        elif unicodedata.combining(ch) and letters:
            letters[-1] += ch
        else:
            letters.append(ch)
    return letters, tone_at, tone


def _open_cluster_end(letters: list[str]) -> bool:
    """True when the word ends in a bare oa/oe/uy not preceded by q or another vowel."""
    if len(letters) < 2:
        return False
    pair = (letters[-2] + letters[-1]).lower()
    if pair not in _OPEN_CLUSTERS:
        return False
    before = letters[-3].lower() if len(letters) > 2 else ""
    return before not in ("q", "a", "e", "i", "o", "u", "y")


@lru_cache(maxsize=65536)
def tone_style_of(word: str) -> ToneStyle | None:
    """The placement style a single word shows: ``old`` (hòa), ``new`` (hoà), or None (cached:
    a glossary or a draft repeats a few thousand syllables)."""
    if word.isascii():  # no tone mark
        return None
    letters, tone_at, tone = _letters(word)
    if tone is None or not _open_cluster_end(letters):
        return None
    if tone_at == len(letters) - 2:
        return "old"
    if tone_at == len(letters) - 1:
        return "new"
    return None


@lru_cache(maxsize=65536)
def _restyle_word(word: str, style: ToneStyle) -> str:
    if tone_style_of(word) in (None, style):
        return word
    letters, _, tone = _letters(word)
    target = len(letters) - 2 if style == "old" else len(letters) - 1
    letters[target] += tone or ""
    return nfc("".join(letters))


def to_tone_style(text: str, style: ToneStyle) -> str:
    """Move tone marks in oa/oe/uy clusters to ``style`` (``old``: hòa, ``new``: hoà); NFC out."""
    return _WORD.sub(lambda m: _restyle_word(m.group(), style), nfc(text))


def tone_styled_words(text: str) -> list[tuple[int, str, ToneStyle]]:
    """``(offset, word, style)`` for every word in ``text`` whose tone placement shows a style."""
    found = []
    for m in _WORD.finditer(nfc(text)):
        style = tone_style_of(m.group())
        if style:
            found.append((m.start(), m.group(), style))
    return found


def fold_diacritics(text: str) -> str:
    """Strip every diacritic, đ -> d: ``Đối tác`` -> ``Doi tac``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return nfc(stripped)


@lru_cache(maxsize=1)
def _punct() -> MosesPunctNormalizer:
    """The sacremoses normaliser, imported on first use (the import costs ~0.2 s of start-up)."""
    from sacremoses import MosesPunctNormalizer

    return MosesPunctNormalizer(lang="en")


# A toned final i or y after a consonant is one spelling choice: Liệt sỹ / Liệt sĩ, kỹ / kĩ, lý / lí.
_FINAL_Y = re.compile(r"^(?:[hklmst]|qu)[ỳýỷỹỵ]$", re.I)
_Y_TO_I = str.maketrans("ỳýỷỹỵỲÝỶỸỴ", "ìíỉĩịÌÍỈĨỊ")


def _own_keys(text: str) -> bool:
    """True when each token of ``text`` is its own key (lower-cased when case-blind): ASCII without
    a backtick is NFC, has no tone mark and is left alone by sacremoses."""
    return text.isascii() and "`" not in text


@lru_cache(maxsize=65536)
def token_key(token: str, *, case_sensitive: bool = False) -> str:
    """The key of one token: NFC, old tone style, one spelling of a toned final i/y (sỹ = sĩ),
    ASCII quotes/apostrophes (sacremoses), casefold."""
    if _own_keys(token):
        return token if case_sensitive else token.lower()
    key = to_tone_style(token, "old")
    if _FINAL_Y.match(key):
        key = key.translate(_Y_TO_I)
    if not key.isalnum() and not _own_keys(key):  # sacremoses keeps such ASCII
        key = _punct().normalize(key).replace(" ", "")
    return key if case_sensitive else key.casefold()


@lru_cache(maxsize=2)
def _token_re(astral: bool) -> re.Pattern[str]:
    """The token pattern (one group: the whole token), compiled on first use. Without ``astral``
    it leaves out the combining marks beyond U+FFFF: the same tokens for text that has no such
    characters, and several times faster (sre tests those ranges one by one at every gap)."""
    marks = "".join(f"{chr(a)}-{chr(b)}" for a, b in MARK_RANGES if astral or b < 0x10000)
    return re.compile(rf"(\.{{2,}}|(?:[\w{marks}])+(?:['’ʼ](?:[\w{marks}])+)*|[^\s\w{marks}\-‐‑‒–—−])")


def _tokeniser(text: str) -> re.Pattern[str]:
    return _token_re(not text.isascii() and max(text) > "\uffff")


def tokens(text: str) -> list[tuple[int, int]]:
    """Spans of word and punctuation tokens; hyphens, dashes and spaces separate them.

    Combining marks belong to words, so NFD text tokenises like NFC.
    """
    return [m.span() for m in _tokeniser(text).finditer(text)]


def token_texts(text: str) -> list[str]:
    """The text of each token of ``tokens(text)``."""
    return _tokeniser(text).findall(text)


def token_parts(text: str) -> list[str]:
    """``text`` cut into gap, token, gap, ..., token, gap: the tokens are ``[1::2]`` and the parts
    join back to ``text`` (offsets come from their lengths, with no per-token span objects)."""
    return _tokeniser(text).split(text)


class _TokenKeys(dict[str, str]):
    """token -> ``token_key(token)``, filled on first sight: a hit is one C-level dict look-up."""

    def __init__(self, case_sensitive: bool) -> None:
        super().__init__()
        self.case_sensitive = case_sensitive

    def __missing__(self, token: str) -> str:
        if len(self) >= 65536:
            self.clear()
        key = self[token] = token_key(token, case_sensitive=self.case_sensitive)
        return key


_KEYS, _CASE_KEYS = _TokenKeys(False), _TokenKeys(True)


def token_keys(texts: Iterable[str]) -> list[str]:
    """``token_key`` of each token text (case-blind), through a plain dict cache."""
    return list(map(_KEYS.__getitem__, texts))


def keyed_parts(text: str) -> tuple[list[str], list[str]]:
    """``token_parts(text)`` and the case-blind ``token_key`` of each of its tokens."""
    parts = token_parts(text)
    if _own_keys(text):
        return parts, list(map(str.lower, parts[1::2]))
    return parts, token_keys(parts[1::2])


def text_keys(text: str) -> list[str]:
    """The case-blind ``token_key`` of each token of ``text``, empty ones left out."""
    if _own_keys(text):
        return token_texts(text.lower())
    return list(filter(None, token_keys(token_texts(text))))


@lru_cache(maxsize=65536)
def match_key(text: str, *, case_sensitive: bool = False) -> str:
    """The exact-match key: token keys joined by one space (blind to form, tone, quotes, dashes)."""
    text = nfc(text) if case_sensitive else nfc(text).casefold()
    if _own_keys(text):
        return " ".join(token_texts(text))
    return " ".join(filter(None, map(_CASE_KEYS.__getitem__, token_texts(text))))


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """The forgiving key for look-up: ``match_key`` with diacritics folded, single-spaced."""
    return " ".join(fold_diacritics(match_key(fold_diacritics(text))).split())


_token_tone_words = lru_cache(maxsize=65536)(tone_styled_words)


def segment_key(text: str) -> str:
    """``match_key(text)`` for a long text seen once (a draft's segment), built from the cached keys
    of its tokens: segments seldom repeat, their tokens do."""
    return " ".join(filter(None, map(match_key, token_texts(nfc(text).casefold()))))


def segment_tone_words(text: str) -> Iterator[tuple[int, str, ToneStyle]]:
    """``tone_styled_words(text)`` for a long text seen once, token by token through a cache (words
    never cross tokens)."""
    offset = 0
    for number, part in enumerate(token_parts(nfc(text))):
        if number % 2:
            for start, word, style in _token_tone_words(part):
                yield offset + start, word, style
        offset += len(part)


# Languages: BCP 47 tags as files declare them, and what a text reads as when nothing is declared.

_TAG = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")
_VI_ONLY = frozenset("ăđơưẽĩũỹ")
_STACKED = re.compile("[\u0302\u0306][\u0300\u0301\u0303]")  # â ê ô ă carrying a tone mark
_STOPWORDS = {  # the commonest function words of the languages real files carry beside Vietnamese
    "en": "the of and to in is for on with that this are be by from as not or",
    "fr": "le la les de des du et est un une dans pour pas que qui sur au aux avec",
    "de": "der die das und ist nicht ein eine mit für den dem zu von auf sie",
    "es": "el la los las del y es una por para con que en se no al",
    "it": "il lo gli della di e è una per con che non del sono da",
    "pt": "o os da do das dos e é uma para com que não em por ao",
    "nl": "de het een en van is niet op voor met dat te zijn",
    "af": "die van en is nie het vir op met om wat kan jy ook word",
    "cs": "a je se na v ve že to s z do pro jako není jsou",
    "pl": "i w na nie się z do że to jest jak o dla są",
    "sv": "och att det är som en på för med inte av till den",
    "id": "dan yang di ke dari untuk ini itu dengan tidak adalah pada",
}
_STOPWORD_LANGS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_SCRIPTS = {
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "THAI": "th",
    "LAO": "lo",
    "KHMER": "km",
    "GREEK": "el",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "CYRILLIC": "",
    "ARABIC": "",
}
LANG_WORDS = 5000  # words ``lang_of`` looks at
# English names of the languages files beside Vietnamese hold most often -> their tags
LANGUAGE_NAMES = {
    name: code
    for code, names in {
        "vi": "vietnamese",
        "en": "english",
        "de": "german deutsch",
        "fr": "french français francais",
        "es": "spanish español",
        "it": "italian italiano",
        "pt": "portuguese português",
        "nl": "dutch",
        "ru": "russian",
        "be": "belarusian belarussian",
        "uk": "ukrainian",
        "pl": "polish",
        "cs": "czech",
        "zh": "chinese",
        "ja": "japanese",
        "ko": "korean",
        "th": "thai",
        "km": "khmer",
        "lo": "lao",
        "id": "indonesian",
        "ms": "malay",
        "af": "afrikaans",
        "sv": "swedish",
        "da": "danish",
        "fi": "finnish",
        "nb": "norwegian",
        "tr": "turkish",
        "el": "greek",
        "hu": "hungarian",
        "ar": "arabic",
    }.items()
    for name in names.split()
}
KNOWN_LANGS = frozenset(LANGUAGE_NAMES.values())


@lru_cache(maxsize=1024)
def lang_tag(code: str | None) -> str:
    """A declared language as a BCP 47 tag: ``VI_vn`` -> ``vi-VN``, ``en_us`` -> ``en-US``, ``*all*``
    or anything that is not a tag -> ``""``."""
    code = (code or "").strip()
    if not _TAG.match(code):
        return ""
    parts = code.replace("_", "-").split("-")
    rest = [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower() for p in parts[1:]]
    return "-".join([parts[0].lower(), *rest])


def known_lang(cell: str) -> str:
    """The language a table's header cell names when it is a tag of a language files commonly hold
    (``en``, ``vi-VN``, ``fr_FR``), else "": ``UN`` or ``LHQ`` in a data row is no header."""
    lang = base_lang(cell.strip())
    return lang if lang in KNOWN_LANGS else ""


@lru_cache(maxsize=1024)
def base_lang(code: str | None) -> str:
    """The primary language subtag of a declared language: ``vi-VN``, ``VI_vn`` -> ``vi``; ``""``
    when ``code`` is no language tag."""
    return lang_tag(code).split("-")[0]


def has_vietnamese_letters(word: str) -> bool:
    """True when ``word`` has a letter only Vietnamese writes among the Latin-script languages: ă đ ơ
    ư, a hook above or dot below, a tilde on e i u y, or a tone mark stacked on â ê ô ă (French,
    German or Portuguese accents alone are not enough)."""
    if not _VI_ONLY.isdisjoint(word.lower()):
        return True
    decomposed = unicodedata.normalize("NFD", word)
    return "\u0309" in decomposed or "\u0323" in decomposed or _STACKED.search(decomposed) is not None


def _script(text: str) -> str | None:
    """The language a text's letters tell by their script when most are not Latin (``ko``, ``ja``,
    ``zh``, ``th``, ``el`` ...), "" for a script several languages share (Cyrillic, Arabic), None
    when most letters are Latin."""
    counts: Counter[str] = Counter()
    for ch in text[:20000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            counts[
                next(
                    (s for s in _SCRIPTS if name.startswith(s)),
                    "LATIN" if ch.isascii() or name.startswith("LATIN") else "OTHER",
                )
            ] += 1
    if not counts or counts["LATIN"] * 2 >= sum(counts.values()):
        return None
    if counts["HIRAGANA"] or counts["KATAKANA"]:
        return "ja"
    return _SCRIPTS.get(counts.most_common(1)[0][0], "")


def lang_of(text: str, default: str = "en") -> str:
    """What ``text`` reads as: ``vi`` when at least a fifth of its words carry Vietnamese letters or
    tone marks; a language its script tells (Hangul: ``ko``); else the Latin-script language whose
    function words make up a twentieth of its words (``en``, ``fr``, ``de`` ...); ``default`` when
    nothing tells (a short term, a name, a script several languages share)."""
    words = text[: LANG_WORDS * 30].split()[:LANG_WORDS]  # never split a huge text whole
    if not words:
        return default
    if sum(map(has_vietnamese_letters, words)) * 5 >= len(words):
        return "vi"
    script = _script(text)
    if script is not None:
        return script or default
    lowered = [w.strip(".,;:!?()\"'«»“”").lower() for w in words]
    counts = {lang: sum(w in stop for w in lowered) for lang, stop in _STOPWORD_LANGS.items()}
    best = max(counts, key=lambda lang: (counts[lang], lang == default))
    return best if counts[best] >= max(2, len(words) / 20) else default


_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$"
)


def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case, with or without diacritics) is spelt as a Vietnamese syllable:
    an onset, one to three vowels and a final consonant Vietnamese allows (``Ai``, ``Eu`` of
    ``Eu-rô``, ``Cập``), so that an acronym written in that case is a word, not a miswritten acronym
    (``Asean``, ``Apec`` are not syllables)."""
    return bool(_SYLLABLE.match(fold_diacritics(word).lower()))


_OUR_STEMS = frozenset(
    [
        "arm",
        "behavi",
        "clam",
        "col",
        "endeav",
        "fav",
        "flav",
        "harb",
        "hon",
        "hum",
        "lab",
        "neighb",
        "od",
        "parl",
        "rum",
        "savi",
        "splend",
        "val",
        "vap",
        "vig",
    ]
)
_ENCE_STEMS = frozenset(("def", "off", "lic", "pret"))
_RE_STEMS = frozenset(("cent", "theat", "met", "lit", "fib", "calib", "spect", "somb", "lust"))
_WHOLE_PAIRS = dict(
    pair
    for a, b in (
        ("programme", "program"),
        ("programmes", "programs"),
        ("judgement", "judgment"),
        ("acknowledgement", "acknowledgment"),
        ("ageing", "aging"),
        ("catalogue", "catalog"),
        ("fulfil", "fulfill"),
        ("fulfilment", "fulfillment"),
        ("enrolment", "enrollment"),
        ("skilful", "skillful"),
        ("instalment", "installment"),
        ("sceptical", "skeptical"),
        ("grey", "gray"),
        ("manoeuvre", "maneuver"),
    )
    for pair in ((a, b), (b, a))
)
_ISE = re.compile(r"^([a-z]{3,}[^aeiou])([iy])([sz])(e|es|ed|ing|er|ers|ation|ations|ational)$")
_OUR = re.compile(r"^([a-z]+?)(our|or)(s|ed|ing|er|ers|able|ably|ite|ites|hood|hoods|ful|less)?$")
_ENCE = re.compile(r"^([a-z]+)(ence|ense)(s)?$")
_RE = re.compile(r"^([a-z]+?)(re|er)(s|d|ed)?$")
_LL = re.compile(r"^([a-z]*[aeiou])(ll?)(ed|ing|er|ers|or|ors)$")


def spellings(keys: list[str], limit: int = 16) -> list[tuple[str, ...]]:
    """``keys`` (English token keys) in their British and American spellings, as written first,
    at most ``limit`` of them: ["national", "defence"] -> [(..., "defence"), (..., "defense")]."""
    variants = [spelling_variants(key) for key in keys]
    if not any(variants):  # most terms: one spelling
        return [tuple(keys)]
    return list(islice(product(*((key, *other) for key, other in zip(keys, variants, strict=True))), limit))


@lru_cache(maxsize=8192)
def spelling_variants(key: str) -> tuple[str, ...]:
    """The other British/American spellings of an English token key, ``key`` excluded:
    defence <-> defense, organisation <-> organization, labour <-> labor, centre <-> center,
    travelled <-> traveled, programme <-> program. Made for glossary terms (a matcher indexes
    them too), so a rule may also make a form no one writes; it never misses one of these."""
    found: list[str] = []
    if key in _WHOLE_PAIRS:
        found.append(_WHOLE_PAIRS[key])
    if m := _ISE.match(key):
        found.append(f"{m[1]}{m[2]}{'z' if m[3] == 's' else 's'}{m[4]}")
    if (m := _OUR.match(key)) and m[1] in _OUR_STEMS:
        found.append(f"{m[1]}{'or' if m[2] == 'our' else 'our'}{m[3] or ''}")
    if (m := _ENCE.match(key)) and m[1] in _ENCE_STEMS:
        found.append(f"{m[1]}{'ense' if m[2] == 'ence' else 'ence'}{m[3] or ''}")
    if (m := _RE.match(key)) and m[1] in _RE_STEMS:
        end = {"d": "ed", "ed": "d"}.get(m[3] or "", m[3] or "")
        found.append(f"{m[1]}{'er' if m[2] == 're' else 're'}{end}")
    if (m := _LL.match(key)) and len(m[1]) >= 3:
        found.append(f"{m[1]}{'l' if m[2] == 'll' else 'll'}{m[3]}")
    return tuple(dict.fromkeys(v for v in found if v != key))
