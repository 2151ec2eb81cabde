"""Findings formats: text, JSON fields, SARIF 2.1.0 required fields, GitHub annotations."""

from __future__ import annotations

import json
from dataclasses import replace

from align.models import Finding
from align.review.findings import (
    RuleInfo,
    at_least,
    github_line,
    render,
    sarif_log,
    summary_line,
    text_line,
)

FINDING = Finding(
    rule="deprecated-term",
    severity="warning",
    path="docs/ko.txt",
    line=31,
    column=35,
    end_line=31,
    end_column=44,
    message="'적기지 공격능력' is deprecated for concept counterstrike",
    concept="counterstrike",
    found="적기지 공격능력",
    suggestion="반격 능력",
)
ODD = Finding(
    rule="forbidden-term",
    severity="error",
    path="a dir/x:y,z.txt",
    line=2,
    column=1,
    end_line=3,
    end_column=5,
    message="100% wrong,\r\nreally: yes",
    concept="c",
    found="x",
)
INFO = Finding(
    rule="mixed-forms",
    severity="info",
    path="a.txt",
    line=1,
    column=1,
    end_line=1,
    end_column=5,
    message="m",
)


def test_text_line() -> None:
    assert text_line(FINDING) == (
        "docs/ko.txt:31:35: warning: deprecated-term '적기지 공격능력' is "
        "deprecated for concept counterstrike (suggestion: 반격 능력)"
    )
    assert "\n" not in text_line(ODD)


def test_text_ends_with_a_summary_by_severity() -> None:
    """Each finding shows its severity, and a summary counts them (issue 15, item 15)."""
    error = replace(FINDING, severity="error")
    assert summary_line([FINDING, error, FINDING, replace(FINDING, severity="info")], 2) == (
        "1 error, 2 warnings, 1 info in 2 files"
    )
    assert summary_line([], 1) == "no findings in 1 file"
    assert text_line(error).startswith("docs/ko.txt:31:35: error: deprecated-term ")


def test_the_summary_counts_what_severity_left_out() -> None:
    """``run``'s check.txt holds every severity and its summary counts them; ``check`` and
    ``lint`` at their default ``--severity warning`` say what they left out, and how to see
    it, instead of seeming to find less."""
    info = replace(FINDING, severity="info")
    error = replace(FINDING, severity="error")
    assert summary_line([error], 2, [info, info]) == (
        "1 error in 2 files (2 info not shown: --severity info)"
    )
    assert summary_line([], 1, [info]) == (
        "no errors or warnings in 1 file (1 info not shown: --severity info)"
    )
    assert summary_line([], 1, [FINDING, info]) == (
        "no errors in 1 file (1 warning, 1 info not shown: --severity info)"
    )
    assert summary_line([error], 1, [FINDING]) == (
        "1 error in 1 file (1 warning not shown: --severity warning)"
    )


def test_json_has_the_contract_fields() -> None:
    [record] = json.loads(render([FINDING], "json"))
    for key in (
        "rule",
        "severity",
        "concept",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "found",
        "suggestion",
        "message",
    ):
        assert key in record
    assert (record["column"], record["end_column"], record["found"]) == (35, 44, "적기지 공격능력")
    assert "source_path" not in record


def test_sarif_has_every_required_field_of_the_schema() -> None:
    rules = [RuleInfo("deprecated-term", "A deprecated term is used.", "warning")]
    log = json.loads(render([FINDING, ODD, INFO], "sarif", rules=rules, version="1.2"))
    # sarifLog requires version and runs; run requires tool; tool requires driver;
    # toolComponent requires name; reportingDescriptor requires id; result requires message
    # (with text); region line/column numbers are >= 1.
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "align" and driver["version"] == "1.2"
    assert [rule["id"] for rule in driver["rules"]] == [
        "deprecated-term",
        "forbidden-term",
        "mixed-forms",
    ]
    assert driver["rules"][0]["shortDescription"]["text"] == "A deprecated term is used."
    levels = [result["level"] for result in run["results"]]
    assert levels == ["warning", "error", "note"]
    for result in run["results"]:
        assert result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        [location] = result["locations"]
        region = location["physicalLocation"]["region"]
        assert min(region.values()) >= 1
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
    assert (
        run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "a%20dir/x%3Ay%2Cz.txt"
    )
    assert sarif_log([])["runs"][0]["results"] == []  # type: ignore[index]


def test_github_annotation_escapes_as_the_runner_expects() -> None:
    assert github_line(FINDING) == (
        "::warning file=docs/ko.txt,line=31,col=35,endLine=31,endColumn=44,"
        "title=deprecated-term::'적기지 공격능력' is deprecated for concept counterstrike "
        "(suggestion: 반격 능력)"
    )
    line = github_line(ODD)
    assert line.startswith("::error file=a dir/x%3Ay%2Cz.txt,line=2,")
    assert line.endswith("::100%25 wrong,%0D%0Areally: yes")
    assert github_line(INFO).startswith("::notice ")


def test_severity_floor() -> None:
    assert at_least([FINDING, ODD, INFO], "warning") == [FINDING, ODD]
    assert at_least([FINDING, ODD, INFO], "error") == [ODD]
    assert at_least([FINDING, ODD, INFO], "info") == [FINDING, ODD, INFO]


QA = Finding(
    rule="inconsistent-target",
    severity="warning",
    path="ko.xlf",
    line=12,
    column=9,
    end_line=12,
    end_column=20,
    message="the same source is translated 'counterstrike' in 1 segment (u1)",
    segment="u7",
    side="target",
    related=("u1",),
)


def test_segment_fields_appear_only_on_findings_of_bilingual_files() -> None:
    [plain] = json.loads(render([FINDING], "json"))
    assert not {"segment", "side", "related"} & set(plain)
    [record] = json.loads(render([QA], "json"))
    assert (record["segment"], record["side"], record["related"]) == ("u7", "target", ["u1"])
    [alone] = json.loads(render([replace(QA, related=())], "json"))
    assert "related" not in alone and alone["segment"] == "u7"


def test_segment_in_text_github_and_sarif() -> None:
    assert text_line(QA).endswith(" [segment u7]")
    assert "\n" not in text_line(replace(QA, segment="a\nb"))
    assert github_line(QA).endswith("[segment u7]")
    [result] = sarif_log([QA])["runs"][0]["results"]  # type: ignore[index]
    assert result["properties"] == {"segment": "u7", "side": "target", "related": ["u1"]}
