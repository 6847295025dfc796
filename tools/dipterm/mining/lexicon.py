"""Closed word lists the miner's generators use (English function words and frequent non-term
openers), and the shape tests on single tokens. Lower-case; compare with ``str.lower()``."""

from __future__ import annotations

import re
import unicodedata

from dipterm.demonyms import DEMONYMS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words("""
a about above across after again against all almost along already also although always am amid among
an and another any are around as at be because been before being below between both but by can cannot
could despite did do does doing done down during each either else etc even ever every few for from further
had has have having he her here hers herself him himself his how however i if in into is it its
itself just least less let like many may me might mine more most much must my myself neither no nor not
now of off on once one only onto or other others otherwise our ours ourselves out over own per
rather same shall she should since so some still such than that the their theirs them themselves
then there thereby therefore these they this those though through throughout thus to together too
toward towards under until up upon us very via was we well were what whatever when where whether
which while who whom whose why will with within without would yet you your yours yourself yourselves
mr mrs ms dr vs i.e. e.g. ie eg
first second third fourth fifth sixth seventh eighth ninth tenth firstly secondly thirdly lastly
two three four five six seven eight nine ten hundred thousand million billion
""")

# Words that open many phrases but no terms: quantifiers and evaluations. A candidate that starts
# with one (or with an adjective ending in -ful, -ous or -ive that is not a domain modifier) is
# weakened, not dropped, and does not hide the term after it ("cooperative land border").
WEAK_OPENERS = _words("""
various several certain specific particular different whole entire total main major key great
good better best important new high higher highest large larger largest strong stronger deep deeper
close closely active positive effective practical real right true full clear further next last
previous recent current following above-mentioned outstanding remarkable valuable worthy
common solid stable fair equal responsible sustainable favorable favourable professional profound
significant prominent excellent rapid timely pivotal expected prosperous happy broad wide extensive
""")
EVALUATIVE_SUFFIXES = ("ful", "ous", "ive")
DEGREE_PREFIXES = (
    "multi-",
    "high-",
    "long-",
    "short-",
    "far-",
    "wide-",
    "well-",
    "all-",
    "full-",
    "large-",
    "small-",
    "mid-",
    "top-",
    "low-",
)

# Nouns that head phrases without naming anything ("foreign affairs activities", "common issues"):
# such a phrase is weakened and does not hide the term it extends.
GENERIC_HEADS = _words("""
activity issue process situation level task effort result achievement goal factor impact aspect
field area matter thing way time year period today work role importance manner form trend number
""")

# Head nouns and modifiers of diplomatic, political and economic terminology (general domain
# knowledge, singular forms as ``fold_key`` leaves them): a phrase headed by one is more likely a term.
DOMAIN_HEADS = _words("""
diplomacy partnership cooperation integration agreement convention treaty charter protocol
declaration memorandum council committee commission conference summit forum dialogue mechanism
community organization organisation institution union association alliance bloc movement group
assembly congress parliament ministry embassy consulate delegation mission office agency sector
policy relation affair order border boundary sovereignty security defense defence interest
protection integrity unity reunification independence stability peace rights law resolution
strategy framework initiative program programme plan investment trade economy industry market
export import turnover recovery development transformation revolution resource partner friend
member country nation state government leader cadre citizen compatriot prestige position power
environment pandemic change control information service era reform renovation
""")
DOMAIN_MODIFIERS = _words("""
diplomatic foreign external internal domestic international multilateral bilateral regional global
national political economic cultural strategic comprehensive territorial maritime sovereign
socioeconomic socio-economic legal military defense defence security trade investment overseas
people's party state government public cyber digital green climate representative high-level
consular
""")

# Participles in -ing that name rather than act, in diplomatic terms: "neighbouring countries",
# "developing countries", "standing committee", "working visit", "ruling party".
ING_MODIFIERS = _words("""
neighboring neighbouring developing emerging ruling governing founding standing visiting working
leading existing
""")

COMMON_VERBS = _words("""
achieve achieved affirm affirmed attract boost bring build built carry carried combine conduct connect
consolidate continue continued contribute contributed create defend deliver deploy develop enhance
ensure establish established expand foster fostered generate grasp help improve increase maintain
maintained make made meet mobilize open organize promote promoted protect protected raise raised
realize reach serve share strengthen support supported take taken uphold upgraded upgrade
""")

# Base-form verbs that open clauses, not terms ("discuss bilateral cooperation", "respect
# international law", "work harder"): a lower-case candidate opening with one is weakened.
VERB_OPENERS = _words("""
accelerate accept adopt agree apply assess attend call consider deepen discuss elevate emphasise
emphasize encourage exchange express facilitate highlight hold implement intensify invite join note
offer pledge present pursue reaffirm receive reiterate respect review seek sign stress tap thank
urge utilise utilize vow welcome work
""")

# Endings of compound modifiers: a phrase that ends with one has no head ("ASEAN-led").
MODIFIER_ENDINGS = (
    "-led",
    "-based",
    "-oriented",
    "-centred",
    "-centered",
    "-driven",
    "-related",
    "-owned",
    "-funded",
    "-level",
    "-wide",
    "-term",
    "-scale",
)

# Currency codes and units: acronym-shaped, never terms ("USD 1 billion").
UNITS = _words("""
usd eur vnd jpy cny rmb gbp krw aud cad sgd thb inr rub chf km kg kw mw gw kwh mwh twh ha teu
""")

# One-word compounds of international relations: "self-reliance", "peacekeeping", "nation-building".
_COMPOUND = re.compile(
    r"^(?:self-[a-z]+(?:ance|ence|ment|tion|sion|ity|ism|ness|cy)"
    r"|[a-z]+-?(?:keeping|building|making)"
    r"|[a-z]{5,}(?:isation|ization|ification))$"
)

# Places written as capitalised Vietnamese syllables: a name word, not a person ("Communist Party of
# Viet Nam", "Truong Sa archipelago").
SYLLABLE_PLACES = frozenset(
    {
        ("viet", "nam"),
        ("ha", "noi"),
        ("ho", "chi", "minh"),
        ("hoang", "sa"),
        ("truong", "sa"),
        ("da", "nang"),
        ("hai", "phong"),
        ("can", "tho"),
        ("quang", "ninh"),
        ("khanh", "hoa"),
    }
)

NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# Plural heads that count people, places, bodies or time ("the two sides", "the three countries"),
# not a named set of ideas ("the three pillars", "the two centenary goals").
REFERENT_HEADS = _words("""
side country nation leader party minister agency people economy government delegation state member
organisation organization body city province region locality day week month year decade time
""")

# Inner words a capitalised name may contain: "Convention on the Law of the Sea".
NAME_INNER = frozenset({"of", "on", "the", "for", "against", "in", "de", "du", "des", "la", "le"})

# Bodies that belong to a body, named with its possessive: "N.A.'s Committee for Foreign Affairs".
BODY_HEADS = _words("commission committee department secretariat office board council bureau")

# Titles a person's name may follow ("President Joseph Biden"), and the words that go on a title or
# a body's name rather than name a person ("Ambassador Extraordinary and Plenipotentiary").
TITLE_WORDS = _words("""
president minister secretary envoy ambassador chairman chairwoman chair speaker king queen prince
princess sultan emperor governor director counsellor counselor spokesperson spokesman premier
""")
NAME_PARTS = (
    TITLE_WORDS
    | DOMAIN_HEADS
    | DOMAIN_MODIFIERS
    | _words("""
general deputy vice chief permanent special standing extraordinary plenipotentiary elect
foreign affairs republic kingdom people's socialist democratic federal united nations national
central executive senior first prime
""")
)


def holder_at(words: list[str], i: int) -> bool:
    """A person's name at ``i``, right after a title: "President | Joseph Biden", "Envoy | Louise
    Mushikiwabo" (two words that name no body, office or nationality; the caller checks their case)."""
    return (
        0 < i < len(words) - 1
        and words[i - 1].lower() in TITLE_WORDS
        and all(w.lower() not in NAME_PARTS and not is_demonym(w) for w in words[i : i + 2])
    )


def holder_start(words: list[str]) -> int:
    """Where a title's holder begins in ``words`` when the words from there on are capitalised:
    2 in "Special Envoy Louise Mushikiwabo"; 0 when no holder ends them."""
    return next(
        (i for i in range(1, len(words)) if holder_at(words, i) and all(w[:1].isupper() for w in words[i:])),
        0,
    )


# Heads of documents' names, which may go on "in the ...": "Code of Conduct in the East Sea".
# The nouns after a quoted name of an award: the "For the cause of diplomacy" insignia.
AWARD_HEADS = _words("medal insignia badge award prize order decoration")

DOCUMENT_HEADS = _words("code conduct declaration convention treaty agreement charter protocol guidelines")

# What "of the" may name inside a phrase of political English: "leadership of the Party".
POLITY = frozenset({"Party", "State", "People", "Government", "Fatherland", "Nation"})

# Inner words a statistical n-gram may contain: "prevention and control", "framework of relations".
NGRAM_INNER = frozenset({"of", "and"})

MONTHS = _words("""
january february march april may june july august september october november december
""")

SENTENCE_OPENERS = frozenset({".", "!", "?", ":", ";", '"', "(", "|", "-", "--", "...", "*", "#"})

_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_VERSION = re.compile(r"^\d+\.\d+$")
_NUMBER = re.compile(r"^[\d.,/%-]+$")
_VIET_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aeiouyăâêôơư]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)


def is_compound_term(token: str) -> bool:
    """A one-word term by its shape: ``self-reliance``, ``peacekeeping``, ``confidence-building``,
    ``multilateralisation``, ``diversification``."""
    return bool(_COMPOUND.match(token))


def is_evaluative(word: str) -> bool:
    """A lower-case opener that rates rather than names: ``important``, ``peaceful``, ``extensive``,
    ``multi-center``, ``long-term``."""
    return word not in DOMAIN_MODIFIERS and (
        word in WEAK_OPENERS
        or word.startswith(DEGREE_PREFIXES)
        or (word.endswith(EVALUATIVE_SUFFIXES) and len(word) > 5)
    )


def is_demonym(word: str) -> bool:
    """A capitalised adjective of nationality or region: ``Vietnamese``, ``Asian``, ``European``,
    ``Rwandan`` (one of ``demonyms.DEMONYMS``)."""
    return word in DEMONYMS or (
        word[:1].isupper() and word.lower().endswith(("ese", "ian", "ean", "ish")) and len(word) > 5
    )


_DOCUMENT_CODE = re.compile(r"\d+-[A-ZĐ]{1,4}/[A-Z]{1,4}")


def is_year(token: str) -> bool:
    """``2015``, ``1982``: a year, which ends a name it follows ("ASEAN Community in 2015")."""
    return len(token) == 4 and token.isdigit() and token[:2] in ("19", "20")


def is_ordinal(token: str) -> bool:
    """``13th``, ``31st``."""
    return bool(_ORDINAL.match(token))


def is_referent(plural: str) -> bool:
    """A plural head that counts things: "sides", "countries", "agencies"."""
    word = plural.lower()
    singular = word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")
    return singular in REFERENT_HEADS or word.removesuffix("s") in REFERENT_HEADS


def is_number(token: str) -> bool:
    """Digits and number punctuation only: ``2021``, ``1,000``, ``2020-2021``."""
    return bool(_NUMBER.match(token))


def is_document_code(token: str) -> bool:
    """A Party document's number: ``22-NQ/TW``, ``25-CT/TW`` (it ends the name it follows)."""
    return bool(_DOCUMENT_CODE.fullmatch(token))


def is_version(token: str) -> bool:
    """A version-like number that opens names: ``4.0`` (Industrial Revolution)."""
    return bool(_VERSION.match(token))


def is_acronym(token: str) -> bool:
    """An acronym shape: 2-10 characters, starts with a letter or digit, at least two capitals,
    otherwise letters/digits with an optional plural ``s``: ``APEC``, ``FTAs``, ``G20``, ``COP26``."""
    body = token[:-1] if token.endswith("s") else token
    return (
        2 <= len(token) <= 10
        and body.isalnum()
        and token[0].isalnum()
        and sum(c.isupper() for c in body) >= 2
        and not any(c.islower() for c in body)
    )


def is_vietnamese_syllable(token: str) -> bool:
    """A token shaped like one Vietnamese syllable (tone marks ignored): ``doi``, ``moi``, ``mới``."""
    bare = "".join(
        c
        for c in unicodedata.normalize("NFD", token.lower())
        if unicodedata.category(c) != "Mn" or c in "\u0306\u0302\u031b"
    )
    return bool(_VIET_SYLLABLE.match(unicodedata.normalize("NFC", bare)))


def has_vietnamese_marks(token: str) -> bool:
    """True when the token has letters only Vietnamese uses (đ, ơ, ư, ă, tone marks on vowels)."""
    return any(c in "đĐơƠưƯăĂ" or (c.isalpha() and not c.isascii()) for c in token)
