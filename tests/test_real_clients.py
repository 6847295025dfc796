"""Real clients accept the exports of the shipped glossary: xmllint, OmegaT, translate-toolkit, msgfmt.

Each test skips with a reason when its program or ../shared (the DTD and schemas) is missing.
"""

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from dipterm.export import export
from dipterm.glossary import load_glossary
from dipterm.model import Glossary
from dipterm.normalize import match_key
from tests.conftest import GLOSSARY, shared_path

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (tools/setup.sh installs it as root on Debian)")
    return path


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def pairs(glossary: Glossary) -> list[tuple[str, str]]:
    """(concept id, preferred EN, preferred VI) of every exported concept."""
    return [(c.id, c.preferred("en").text, c.preferred("vi").text) for c in glossary if not c.proposed]


@pytest.fixture(scope="module")
def exports(glossary: Glossary, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    return {
        fmt: export(glossary, fmt, folder / f"dipterm.{fmt}.{fmt}") for fmt in ("tmx", "po", "tbx", "tbx2008")
    }


def test_xmllint_validates_tmx_against_the_tmx14_dtd(exports):
    dtd = shared_path("dtd", "tmx14.dtd")
    result = subprocess.run(
        [
            program("xmllint"),
            "--noout",
            "--nonet",
            "--path",
            str(dtd.parent),
            "--dtdvalid",
            str(dtd),
            str(exports["tmx"]),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_xmllint_validates_tbx_against_the_core_rng(exports):
    rng = shared_path("dtd", "tbx", "TBXcoreStructV03.rng")
    result = subprocess.run(
        [program("xmllint"), "--noout", "--nonet", "--relaxng", str(rng), str(exports["tbx"])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("validates")


# TBX-Basic DCA rules (../shared/dtd/tbx/TBX-Basic_DCA.sch, dialect v1.2.1) restated in Python: the
# .sch has queryBinding="xslt2" and XPath-2 tests (matches(), ./local-name() in steps) that
# `xmllint --schematron` cannot compile; pyschematron can, but only on Python >= 3.12.
DCA_TYPES = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
    "termNote": {
        "administrativeStatus",
        "partOfSpeech",
        "geographicalUsage",
        "grammaticalGender",
        "termLocation",
        "termType",
    },
}
DCA_LEVELS = {
    ("descrip", "subjectField"): {"conceptEntry"},
    ("descrip", "definition"): {"conceptEntry", "langSec"},
    ("descrip", "context"): {"termSec"},
    ("admin", "source"): {"conceptEntry", "langSec", "termSec"},
}
DCA_PICKLISTS = {
    "administrativeStatus": {
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "supersededTerm-admn-sts",
        "preferredTerm-admn-sts",
    },
    "partOfSpeech": {"adjective", "noun", "other", "verb", "adverb"},
}


def dca_violations(root: etree._Element) -> list[str]:
    """What the TBX-Basic DCA Schematron would report, for the rules expressible without XPath 2."""
    found = []
    if (root.get("type"), root.get("style")) != ("TBX-Basic", "dca"):
        found.append("root must have type='TBX-Basic' style='dca'")
    for element in root.iter(etree.Element):
        namespace, name = etree.QName(element).namespace, etree.QName(element).localname
        where = f"line {element.sourceline}: <{name}>"
        if namespace != TBX_NS:
            found.append(f"{where} is not in the TBX namespace (DCT elements are not DCA)")
        kind = element.get("type")
        if name in DCA_TYPES and kind not in DCA_TYPES[name]:
            found.append(f"{where} type {kind!r} is not a TBX-Basic data category")
        parent = etree.QName(element.getparent()).localname if element.getparent() is not None else ""
        if parent.endswith("Grp") and parent != "transacGrp":
            parent = etree.QName(element.getparent().getparent()).localname
        if name == "termNote" and parent != "termSec":
            found.append(f"{where} termNote only allowed in termSec")
        if (name, kind) in DCA_LEVELS and parent not in DCA_LEVELS[(name, kind)]:
            found.append(f"{where} {kind} not allowed in {parent}")
        if name == "termNote" and kind in DCA_PICKLISTS and element.text not in DCA_PICKLISTS[kind]:
            found.append(f"{where} {kind} value {element.text!r} not in the picklist")
    return found


def test_tbx_follows_the_tbx_basic_dca_rules(exports, glossary: Glossary):
    root = etree.parse(str(exports["tbx"])).getroot()
    assert dca_violations(root) == []
    statuses = {e.text for e in root.iter(f"{{{TBX_NS}}}termNote") if e.get("type") == "administrativeStatus"}
    assert statuses == {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}


def test_dca_check_catches_planted_errors():
    bad = etree.fromstring(
        f"""<tbx xmlns="{TBX_NS}" type="TBX-Basic" style="dct"><text><body>
      <conceptEntry id="a"><langSec xml:lang="en"><descrip type="subjectField">x</descrip>
      <termSec><term>a</term><termNote type="administrativeStatus">preferred</termNote></termSec>
      </langSec></conceptEntry></body></text></tbx>""".encode()
    )
    found = dca_violations(bad)
    assert len(found) == 3
    assert "subjectField not allowed in langSec" in found[1] and "not in the picklist" in found[2]


def omegat_project(root: Path, tmx: Path, sources: list[str]) -> Path:
    """A throw-away OmegaT project: EN terms one per line, the TMX in tm/auto/."""
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / folder).mkdir(parents=True)
    (root / "omegat.project").write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<omegat><project version="1.0">
  <source_dir>source</source_dir><target_dir>target</target_dir><tm_dir>tm</tm_dir>
  <glossary_dir>glossary</glossary_dir><glossary_file>glossary/glossary.txt</glossary_file>
  <dictionary_dir>dictionary</dictionary_dir>
  <source_lang>en</source_lang><target_lang>vi</target_lang>
  <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
  <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
  <sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
  <remove_tags>false</remove_tags>
</project></omegat>
""",
        "utf-8",
    )
    (root / "omegat" / "filters.xml").write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="false" ignoreFileContext="false">
  <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
    <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}" sourceEncoding="UTF-8"
           targetEncoding="UTF-8"/>
    <option name="segmentOn" value="BREAKS"/>
    <option name="lineLength" value=""/>
    <option name="maxLineLength" value=""/>
  </filter>
</filters>
""",
        "utf-8",
    )
    (root / "source" / "terms.txt").write_text("".join(f"{s}\n" for s in sources), "utf-8")
    shutil.copy(tmx, root / "tm" / "auto" / "dipterm.tmx")
    return root


def test_omegat_fills_every_segment_with_the_preferred_vietnamese_term(exports, pairs, tmp_path: Path):
    omegat = program("omegat")
    project = omegat_project(tmp_path / "project", exports["tmx"], [en for _, en, _ in pairs])
    env = {**os.environ, "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true -Dfile.encoding=UTF-8"}
    result = subprocess.run(
        [
            omegat,
            str(project),
            "--mode=console-translate",
            f"--config-dir={tmp_path / 'config'}",
            "--disable-project-locking",
            "--no-team",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    log = result.stdout + result.stderr
    assert "TMXR_INFO_READING_COMPLETE" in log, log[-3000:]
    assert "TF_TM_LOAD_ERROR" not in log and "Exception" not in log, log[-3000:]
    translated = (project / "target" / "terms.txt").read_text("utf-8").splitlines()
    assert translated == [vi for _, _, vi in pairs]


def test_translate_toolkit_reads_every_tmx_unit_in_en_and_vi(exports, glossary: Glossary):
    from translate.storage import tmx

    store = tmx.tmxfile.parsefile(str(exports["tmx"]))
    exported = [c for c in glossary if not c.proposed]
    admitted = Counter(match_key(t.text) for c in exported for t in c.terms_in("en", "admitted"))
    preferred = {match_key(c.preferred("en").text) for c in exported}
    expected = {
        (t.text, c.preferred("vi").text)
        for c in exported
        for t in [c.preferred("en"), *c.terms_in("en", "admitted")]
        if t.status == "preferred"
        or (admitted[match_key(t.text)] == 1 and match_key(t.text) not in preferred)
    }
    # one target for each source: "President" is the State President's admitted term, and another
    # concept's preferred one, and so is in the memory once
    assert sum(1 for u in store.units if u.source == "President") == 1
    assert {(u.source, u.target) for u in store.units} == expected
    assert len(store.units) == len(expected)
    for unit in store.units:
        assert [node.get(XML_LANG) for node in unit.getlanguageNodes()] == ["en", "vi"]


def test_translate_toolkit_reads_the_tbx2008_export(exports, pairs):
    from translate.storage import tbx

    store = tbx.tbxfile.parsefile(str(exports["tbx2008"]))
    assert [(u.source, u.target) for u in store.units] == [(en, vi) for _, en, vi in pairs]


def test_msgfmt_accepts_the_po(exports, pairs):
    result = subprocess.run(
        [program("msgfmt"), "-c", "--statistics", "-o", "/dev/null", str(exports["po"])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert f"{len(pairs)} translated messages." in result.stderr
    assert "fatal" not in result.stderr and "error" not in result.stderr
