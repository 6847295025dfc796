"""The shared matcher on the shipped glossary and on hand-made terms."""

import unicodedata

from dipterm.glossary import load_glossary
from dipterm.matcher import Matcher, base_forms, nationality_forms, number_forms
from dipterm.model import Status, Term
from dipterm.normalize import spelling_variants
from tests.conftest import DATA, GLOSSARY, SEEDS

SEED_LINE_4 = (
    "We have established diplomatic relations with 194 countries, upgraded relations to "
    "Comprehensive Strategic Partnership with Australia, France and Malaysia, upgraded to "
    "Strategic Partnership with Brazil"
)


def make(*terms: tuple[str, str, str, Status]) -> Matcher:
    return Matcher((cid, Term(text, lang, status)) for cid, text, lang, status in terms)


P, A, D = Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED
TIERS = make(
    ("csp", "Comprehensive Strategic Partnership", "en", P),
    ("sp", "Strategic Partnership", "en", P),
    ("fta", "free trade agreement", "en", P),
    ("fta", "FTA", "en", A),
    ("pd", "people's diplomacy", "en", P),
    ("ap", "Asia-Pacific", "en", P),
    ("hb", "hòa bình", "vi", P),
    ("qt", "quan trọng, thường xuyên", "vi", P),
)


def spans(text: str, lang: str = "en", matcher: Matcher = TIERS) -> list[tuple[str, str]]:
    return [(m.text, m.concept) for m in matcher.find(text, lang)]


def test_longest_match_wins_and_matches_do_not_overlap():
    assert spans(SEED_LINE_4) == [
        ("Comprehensive Strategic Partnership", "csp"),
        ("Strategic Partnership", "sp"),
    ]


def test_english_inflections_and_apostrophes():
    assert spans("17 Free Trade Agreements (FTAs) and people’s diplomacy") == [
        ("Free Trade Agreements", "fta"),
        ("FTAs", "fta"),
        ("people’s diplomacy", "pd"),
    ]
    assert base_forms("agreements") == ("agreement",)
    assert "policy" in base_forms("policies")
    assert base_forms("class") == ()


def test_hyphen_space_and_dash_variants():
    assert spans("Asia Pacific, Asia–Pacific and Asia-Pacific") == [
        ("Asia Pacific", "ap"),
        ("Asia–Pacific", "ap"),
        ("Asia-Pacific", "ap"),
    ]


def test_vietnamese_blind_to_nfd_and_tone_placement_but_not_letters():
    text = unicodedata.normalize("NFD", "vì hoà bình và hòa bình, không phải hoa bình")
    found = TIERS.find(text, "vi")
    assert [m.concept for m in found] == ["hb", "hb"]
    assert text[found[0].start : found[0].end] == found[0].text


def test_punctuation_inside_terms():
    assert spans("nhiệm vụ “quan trọng, thường xuyên” của", "vi") == [("quan trọng, thường xuyên", "qt")]
    assert spans("quan trọng thường xuyên", "vi") == []


def test_case_is_reported_not_required():
    (match,) = TIERS.find("the fta was signed", "en")
    assert match.concept == "fta" and not match.case_matches()
    (match,) = TIERS.find("the FTAs were signed", "en")
    assert match.inflected and match.case_matches()


def test_exact_case_variant_ranked_first_on_shipped_glossary():
    matcher = Matcher.from_glossary(load_glossary(GLOSSARY))
    first, second = matcher.find("Doi Moi began; doi moi continues", "en")
    assert (first.term.text, second.term.text) == ("Doi Moi", "doi moi")
    assert first.concept == second.concept == "doi-moi"


def test_tokens_keep_offsets_into_original_text():
    from dipterm.normalize import token_key, tokens

    text = "Ủy ban “Hoà bình”"
    assert [(text[a:b], token_key(text[a:b])) for a, b in tokens(text)] == [
        ("Ủy", "ủy"),
        ("ban", "ban"),
        ("“", '"'),
        ("Hoà", "hòa"),
        ("bình", "bình"),
        ("”", '"'),
    ]


def test_control_characters_after_a_term_do_not_break_matching():
    found = TIERS.find("Strategic Partnership \x01\x00 FTA \x01", "en")
    assert [m.concept for m in found] == ["sp", "fta"]


def test_fast_and_full_token_patterns_agree_on_bmp_text():
    from dipterm.normalize import _token_re

    text = "Ủy ban “Hoà bình” – people’s diplomacy... FTAs (APEC) 1982 e\u0301\u20dd x\u0591y"
    fast = [m.span() for m in _token_re(False).finditer(text)]
    full = [m.span() for m in _token_re(True).finditer(text)]
    assert fast == full and len(fast) > 10


def test_british_and_american_spellings_match_each_other_on_a_published_sentence():
    # Line 86 of the published pairs writes "national defense"; the glossary writes Oxford
    # "national defence" (glossary/README.md) and lists no American variant of it.
    en = (SEEDS / "parallel" / "pairs.tsv").read_text("utf-8").splitlines()[85].split("\t")[0]
    matcher = Matcher.from_glossary(load_glossary(GLOSSARY))
    found = {m.text: m for m in matcher.find(en, "en")}
    assert found["national defense"].concept == "national-defence"
    assert found["national defense"].case_matches()
    # the other way round, and in derivations: a glossary term in -ize matches -ise text
    izer = make(("ind", "industrialization", "en", P), ("lab", "labour", "en", P))
    assert spans("industrialisation and labor", matcher=izer) == [
        ("industrialisation", "ind"),
        ("labor", "lab"),
    ]
    # the case check still sees case: "National Defense" is not "national defence"
    assert not matcher.find("National Defense policy", "en")[0].case_matches(
        Term("national defence", "en", P)
    )


def test_a_title_of_a_country_matches_its_demonym_form_on_a_published_sentence():
    # The Malaysia joint statement (seeds/parallel, line 2) writes "the Prime Minister of Malaysia";
    # the glossary has the concept as "Malaysian Prime Minister".
    en = (SEEDS / "parallel" / "pairs.tsv").read_text("utf-8").splitlines()[1].split("\t")[0]
    matcher = Matcher.from_glossary(load_glossary(GLOSSARY))
    found = {m.text: m.concept for m in matcher.find(en, "en")}
    assert found["Prime Minister of Malaysia"] == "malaysian-prime-minister"
    pm = make(
        ("uspres", "President of the United States", "en", P), ("jpm", "Japanese Prime Minister", "en", P)
    )
    assert spans("the American President met the Prime Minister of Japan", matcher=pm) == [
        ("American President", "uspres"),
        ("Prime Minister of Japan", "jpm"),
    ]
    # only a country's own name after "of": "Minister of Foreign Affairs" has no other order
    assert nationality_forms(["minister", "of", "foreign", "affairs"]) == [
        ["minister", "of", "foreign", "affairs"]
    ]
    assert ["vietnamese", "embassy"] in nationality_forms(["embassy", "of", "viet", "nam"])
    assert ["vietnamese", "embassy"] in nationality_forms(["embassy", "of", "vietnam"])


def test_spelling_variants_leave_other_words_alone():
    for word in ("four", "tour", "minister", "sector", "major", "rise", "size", "level", "hour"):
        assert spelling_variants(word) == ()
    assert spelling_variants("counsellors") == ("counselors",)
    assert spelling_variants("centred") == ("centered",)
    assert spelling_variants("programme") == ("program",)


def test_document_numbers_with_or_without_no_and_so():
    # The Communist Review's English edition (tests/data/mine/dev/05) writes "Resolution No 22-NQ/TW";
    # the glossary writes "Resolution No. 22-NQ/TW" and "Directive 25-CT/TW"; Vietnamese drops "số".
    matcher = Matcher.from_glossary(load_glossary(GLOSSARY))
    text = (DATA / "mine" / "dev" / "05_tapchicongsan_options-international-integration.txt").read_text(
        "utf-8"
    )
    assert "resolution-22" in {m.concept for m in matcher.find(text, "en")}
    assert spans("under Directive No. 25-CT/TW of", matcher=matcher)[0] == (
        "Directive No. 25-CT/TW",
        "directive-25",
    )
    assert matcher.whole("Chỉ thị 25-CT/TW", "vi").concept == "directive-25"
    # "No." is optional only after a document word
    assert number_forms(["people", "no", ".", "1"], "en") == [["people", "no", ".", "1"]]


def test_the_order_terms_are_indexed_in_does_not_change_what_is_found():
    """Chains (one next token), leaves and dict nodes turn into each other as terms sharing words
    are added: every order of adding them finds the same, on a published sentence."""
    import itertools

    terms = [
        ("csp", Term("Comprehensive Strategic Partnership", "en")),
        ("sp", Term("Strategic Partnership", "en")),
        ("spf", Term("strategic partnership framework", "en", inflect=False)),
        ("strategic", Term("strategic", "en")),
        ("cp", Term("comprehensive partnership", "en")),
        ("vi", Term("đối tác chiến lược", "vi")),
    ]
    text = (
        "Viet Nam and Australia upgraded their ties to a Comprehensive Strategic Partnership, and "
        "their strategic partnership frameworks, strategic partnerships and comprehensive "
        "partnerships with others."
    )

    def found(entries) -> list:
        matcher = Matcher(entries)
        return [
            (m.start, m.end, m.inflected, [c.concept for c in m.candidates])
            for every in (False, True)
            for m in matcher.find(text, "en", every=every)
        ]

    expected = found(terms)
    assert [concepts for *_, concepts in expected[:4]] == [["csp"], ["sp"], ["sp"], ["cp"]]
    assert all(found(list(order)) == expected for order in itertools.permutations(terms))
