"""The HTML export: the page's content and safety read with lxml, and its search driven in real
headless Chromium (selenium + chromedriver; skipped with the reason where they are missing)."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest

from dipterm.cli import main
from dipterm.export import export
from dipterm.formats import ExportOptions
from dipterm.formats.html import key_words
from dipterm.glossary import load_glossary
from dipterm.model import Status
from tests.conftest import GLOSSARY

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def shipped():
    return load_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def site(shipped, tmp_path_factory) -> Path:
    """The shipped glossary's page, proposed concepts included (they are marked)."""
    folder = tmp_path_factory.mktemp("site")
    return export(shipped, "html", folder, ExportOptions(include_proposed=True))


@pytest.fixture(scope="module")
def tree(site: Path):
    return lxml.html.fromstring(site.read_bytes())


def _paired(concept) -> bool:
    return concept.preferred("en") is not None and concept.preferred("vi") is not None


def test_every_exported_concept_is_one_card_under_its_subject(shipped, tree):
    cards = tree.xpath("//article[@data-concept]")
    expected = sorted(c.id for c in shipped if _paired(c))
    assert sorted(c.get("data-concept") for c in cards) == expected
    for card in cards:
        section = card.getparent()
        assert section.tag == "section" and section.get("data-subject") == card.get("data-subject")
    subjects = [s.get("data-subject") for s in tree.xpath("//section[@data-subject]")]
    assert subjects == sorted(subjects) and len(subjects) == len(set(subjects)) >= 10


def test_a_card_shows_both_languages_statuses_note_sources_and_links(shipped, tree):
    concept = next(
        c
        for c in shipped
        if c.references
        and c.sources
        and c.note
        and any(t.status is Status.DEPRECATED and t.note for t in c.terms)
    )
    [card] = tree.xpath(f'//article[@data-concept="{concept.id}"]')
    assert card.xpath("string(.//h3/span[@lang='en'])") == concept.preferred("en").text
    assert card.xpath("string(.//h3/span[@lang='vi'])") == concept.preferred("vi").text
    deprecated = next(t for t in concept.terms if t.status is Status.DEPRECATED and t.note)
    [struck] = card.xpath(f'.//li[@class="deprecated"][del[@lang="{deprecated.lang}"]]/del')
    assert struck.text == deprecated.text
    assert deprecated.note in struck.getparent().text_content()
    assert " ".join(concept.note.split()) in " ".join(card.xpath("string(.//p[@class='note'])").split())
    refs = [a.get("href") for a in card.xpath(".//ul[@class='refs']//a")]
    assert refs == list(concept.references)
    assert all("noopener" in a.get("rel") for a in card.xpath(".//a"))
    quoted = card.xpath(".//ul[@class='sources']/li")
    assert [li.findtext("code") for li in quoted] == [str(s) for s in concept.sources]
    assert any(li.find("q") is not None and li.find("q").text for li in quoted)


def test_proposed_concepts_are_marked_and_only_exported_when_asked(shipped, tree, tmp_path: Path):
    proposed = [c.id for c in shipped if c.proposed and _paired(c)]
    marked = tree.xpath("//article[contains(@class, 'proposed')]/@data-concept")
    assert sorted(marked) == sorted(proposed) and proposed
    assert all(
        "proposed — not reviewed" in c.text_content()
        for c in tree.xpath("//article[contains(@class, 'proposed')]")
    )
    plain = export(shipped, "html", tmp_path)
    assert plain == tmp_path / "index.html"
    assert b'class="concept proposed"' not in plain.read_bytes()


def test_the_page_allows_no_request_and_its_inline_code_is_pinned_by_hash(site: Path, tree):
    [policy] = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy.startswith("default-src 'none'; ")
    for tag in ("style", "script"):
        element = tree.xpath(f"//{tag}[not(@type)]")[0]
        digest = base64.b64encode(hashlib.sha256(element.text.encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in policy
    assert not tree.xpath("//*[@src] | //link | //iframe | //object | //@*[starts-with(name(), 'on')]")
    assert all(a.get("href").startswith(("https://", "http://", "#")) for a in tree.xpath("//a"))
    assert "</script" not in tree.xpath("string(//script[@id='dipterm-index'])")


def test_the_search_keys_are_the_normalisers(shipped, tree):
    """The page's word index holds exactly the words of the terms' loose keys (plus plurals)."""
    index = json.loads(tree.xpath("string(//script[@id='dipterm-index'])"))
    words = set(index["words"])
    exported = [c for c in shipped if _paired(c)]
    expected = {w for c in exported for t in c.terms for w in key_words(t)}
    assert expected <= words and words - expected <= set(index["plurals"]) <= words
    assert index["plurals"]["partnerships"] == "partnership" and "partnerships" in expected
    card = {c.get("data-concept"): n for n, c in enumerate(tree.xpath("//article[@data-concept]"))}
    at = index["words"].index("chien")
    assert card["comprehensive-strategic-partnership"] in index["cards"][at]


def test_same_glossary_same_bytes_and_export_all_writes_the_site(shipped, site: Path, tmp_path: Path, capsys):
    again = export(shipped, "html", tmp_path / "again.html", ExportOptions(include_proposed=True))
    assert again.read_bytes() == site.read_bytes()
    assert main(["--glossary", str(GLOSSARY), "export", "all", "-o", str(tmp_path / "all")]) == 0
    assert (tmp_path / "all" / "html" / "index.html").is_file()
    assert "wrote" in capsys.readouterr().err


# --- in a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM or not DRIVER:
        pytest.skip("headless Chromium and chromedriver not installed (Debian chromium, chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument("--window-size=1200,900")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def _open(browser, site: Path, fragment: str = "") -> None:
    browser.get(site.as_uri() + fragment)
    browser.execute_script("return document.readyState")


def _type(browser, query: str) -> None:
    field = browser.find_element("id", "q")
    field.clear()
    field.send_keys(query)


def _shown(browser) -> list[str]:
    """The concept ids of the cards shown (a search's copies or the catalogue's), top to bottom."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('article.concept'))"
        ".filter(a => a.checkVisibility())"
        ".map(a => [a.getBoundingClientRect().top, a.dataset.concept])"
        ".sort((x, y) => x[0] - y[0]).map(x => x[1]);"
    )


def _count(browser) -> str:
    return browser.find_element("id", "count").text


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("doi tac chien luoc toan dien", "comprehensive-strategic-partnership"),  # unaccented Vietnamese
        ("Đối tác Chiến lược Toàn diện", "comprehensive-strategic-partnership"),  # Vietnamese
        ("đối tác chiến lược toàn diện", "comprehensive-strategic-partnership"),  # case
        ("Comprehensive Strategic Partnerships", "comprehensive-strategic-partnership"),  # English plural
        ("three pillars", "three-pillars-of-diplomacy"),
    ],
)
def test_typing_a_query_shows_the_concept_first(browser, site: Path, query: str, first: str):
    _open(browser, site)
    _type(browser, query)
    shown = _shown(browser)
    assert shown[0] == first, shown[:5]
    assert len(shown) < 40 and _count(browser).endswith("concepts") and " of " in _count(browser)


def test_typos_and_tone_placement_are_forgiven(browser, site: Path):
    _open(browser, site)
    _type(browser, "comprehensive strategic partnership")
    exact = set(_shown(browser))
    _type(browser, "comprehensiv stratgic partnrship")
    assert set(_shown(browser)) == exact
    _type(browser, "hòa bình")
    new_style = _shown(browser)
    _type(browser, "hoà bình")
    assert _shown(browser) == new_style and new_style


def test_a_shared_link_shows_the_same_results(browser, site: Path):
    _open(browser, site)
    _type(browser, "doi moi")
    typed, count = _shown(browser), _count(browser)
    assert browser.execute_script("return location.hash") == "#q=doi%20moi"
    _open(browser, site, "#q=" + quote("đổi mới"))
    assert browser.find_element("id", "q").get_attribute("value") == "đổi mới"
    assert _shown(browser) == typed and _count(browser) == count


def test_the_subject_filter_and_the_count(browser, site: Path, tree):
    _open(browser, site, "#subject=title")
    total = len(tree.xpath("//article[@data-subject='title']"))
    shown = _shown(browser)
    assert len(shown) == total and _count(browser) == f"{total} of {len(tree.xpath('//article'))} concepts"
    assert set(shown) == set(tree.xpath("//article[@data-subject='title']/@data-concept"))
    _type(browser, "zzqxw")
    assert _shown(browser) == [] and browser.find_element("id", "none").is_displayed()


def test_keyboard_slash_focuses_the_search_and_escape_clears_it(browser, site: Path):
    from selenium.webdriver.common.keys import Keys

    _open(browser, site)
    body = browser.find_element("tag name", "body")
    body.send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    browser.switch_to.active_element.send_keys("asean")
    shown = _shown(browser)
    assert shown[0] == "asean" and len(shown) < 200
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert browser.find_element("id", "q").get_attribute("value") == ""
    assert _count(browser) == f"{len(_shown(browser))} concepts"


def test_the_page_folds_a_query_as_the_normaliser_folds_every_term(browser, site: Path, shipped):
    terms = [t for c in shipped if _paired(c) for t in c.terms]
    _open(browser, site)
    folded = browser.execute_script(
        "return arguments[0].map(t => window.dipterm.queryWords(t).join(' '))", [t.text for t in terms]
    )
    wrong = [(t.text, f) for t, f in zip(terms, folded, strict=True) if f != " ".join(key_words(t))]
    assert wrong == [] and len(terms) > 4000


def test_no_network_request_phone_width_and_print(browser, site: Path):
    _open(browser, site, "#q=asean")
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    browser.set_window_size(390, 844)
    try:
        _open(browser, site)
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        browser.set_window_size(1200, 900)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element("id", "q").is_displayed()
        assert browser.find_element("css selector", "article.concept").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_hostile_text_stays_text(tmp_path: Path):
    """Markup in terms, notes and subjects is escaped everywhere: in the cards, the subject list,
    and the search index inside its script element."""
    from dipterm.model import Concept, Glossary, Term

    evil = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    glossary = Glossary(
        [
            Concept(
                "evil",
                (Term(f"joint {evil}", "en"), Term(f"chung {evil}", "vi")),
                subject=f"s{evil}",
                note=f"note {evil} & more",
                references=('https://example.org/"onmouseover="alert(3)',),
            )
        ]
    )
    page = export(glossary, "html", tmp_path)
    tree = lxml.html.fromstring(page.read_bytes())
    assert not tree.xpath("//img | //@onerror | //@onmouseover")
    assert len(tree.xpath("//script")) == 2  # the index and the page's own script
    assert evil in tree.xpath("string(//article//h3/span[@lang='en'])")
    index = json.loads(tree.xpath("string(//script[@id='dipterm-index'])"))
    assert "joint" in index["words"]
    [link] = tree.xpath("//ul[@class='refs']//a")
    assert link.get("href") == 'https://example.org/"onmouseover="alert(3)'
