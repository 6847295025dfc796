"""The finding renderers: text, JSON and SARIF 2.1.0."""

import io
import json

from dipterm.findings import Finding, Severity
from dipterm.report import RENDERERS
from dipterm.rules import RULES

FINDINGS = [
    Finding(
        "drafts/b.po",
        8,
        9,
        "T201",
        "'three pillars' has no glossary translation",
        Severity.ERROR,
        "three-pillars-of-diplomacy",
        ("ba trụ cột",),
        "three pillars",
    ),
    Finding(
        "drafts/a.md",
        4,
        1,
        "T102",
        "'Doi Moi' is another variant",
        Severity.INFO,
        "doi-moi",
        ("doi moi",),
        "Doi Moi",
    ),
    Finding("drafts/a.md", 2, 5, "T104", "text is not in Unicode NFC", Severity.ERROR),
    Finding("drafts/a.md", 3, 1, "T101", "deprecated term", Severity.WARNING, "doi-moi"),
]


def render(name: str, findings=FINDINGS) -> str:
    stream = io.StringIO()
    RENDERERS[name](findings, stream)
    return stream.getvalue()


def test_text_is_gcc_style_with_concept():
    assert render("text", FINDINGS[:1]) == (
        "drafts/b.po:8:9: T201 'three pillars' has no glossary translation [three-pillars-of-diplomacy]\n"
    )


def test_json_carries_expected_terms():
    [item] = json.loads(render("json", FINDINGS[:1]))
    assert item["expected"] == ["ba trụ cột"] and item["found"] == "three pillars"


def test_sarif_rules_sorted_levels_and_locations():
    log = json.loads(render("sarif"))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["T101", "T102", "T104", "T201"]
    assert rules[3]["fullDescription"]["text"] == RULES["T201"].explanation
    assert rules[1]["name"] == "inconsistent-variants"
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("T104", "error"),
        ("T101", "warning"),
        ("T102", "note"),
        ("T201", "error"),
    ]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    region = results[0]["locations"][0]["physicalLocation"]
    assert region == {
        "artifactLocation": {"uri": "drafts/a.md"},
        "region": {"startLine": 2, "startColumn": 5},
    }
    assert results[3]["properties"] == {
        "concept": "three-pillars-of-diplomacy",
        "expected": ["ba trụ cột"],
        "found": "three pillars",
    }


def test_sarif_is_deterministic_and_empty_run_is_valid():
    assert render("sarif") == render("sarif", list(reversed(FINDINGS)))
    empty = json.loads(render("sarif", []))
    assert empty["runs"][0]["results"] == [] and empty["runs"][0]["tool"]["driver"]["rules"] == []
