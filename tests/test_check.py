"""Bilingual term check: each rule, particles, spacing, numbers, precision traps, the seed pair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli
from align.jobs import checkrun
from align.models import Finding, Glossary, Link
from align.review import check
from align.terms.table import parse_table
from tests.conftest import CORPUS, ROOT
from tests.sides import aligned_side

GLOSSARY = parse_table(
    "concept\tlang\tterm\tstatus\tcase\n"
    "counterstrike\tko\t반격 능력\tpreferred\t\n"
    "counterstrike\tko\t적기지 공격 능력\tdeprecated\t\n"
    "counterstrike\ten\tcounterstrike capabilities\tpreferred\t\n"
    "counterstrike\ten\tenemy base strike capabilities\tdeprecated\t\n"
    "ability\tko\t능력\tpreferred\t\n"
    "ability\ten\tability\tpreferred\t\n"
    "indopacom\tko\t인도태평양사령부\tpreferred\t\n"
    "indopacom\tko\t태평양사령부\tdeprecated\t\n"
    "indopacom\ten\tIndo-Pacific Command\tpreferred\t\n"
    "indopacom\ten\tPacific Command\tdeprecated\t\n"
    "msdf\tko\t해상자위대\tpreferred\t\n"
    "msdf\ten\tMaritime Self-Defense Force\tpreferred\t\n"
    "msdf\ten\tMaritime Defense Force\tforbidden\t\n"
    "usfj\tko\t주일미군\tpreferred\t\n"
    "usfj\ten\tUS Forces Japan\tpreferred\t\n"
    "usfj\ten\tU.S. Forces Japan\tadmitted\t\n"
    "usfj\ten\tUSFJ\tadmitted\tsensitive\n"
    "jsdf\tko\t자위대\tpreferred\t\n"
    "jsdf\ten\tJapan Self-Defense Forces\tpreferred\t\n"
    "jsdf\ten\tJSDF\tadmitted\tsensitive\n",
    "test.tsv",
)


def _side(path: str, lang: str, lines: list[str], glossary: Glossary) -> check.CheckSide:
    return checkrun.check_side(aligned_side(path, lang, lines), None, glossary)


def _check(
    ko: list[str], en: list[str], links: list[Link] | None = None, glossary: Glossary = GLOSSARY
) -> list[Finding]:
    if links is None:
        assert len(ko) == len(en)
        links = [Link((i,), (i,), 0.9) for i in range(len(ko))]
    source = _side("ko.txt", "ko", ko, glossary)
    target = _side("en.txt", "en", en, glossary)
    return [item.finding for item in check.check(source, target, links, glossary)]


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_missing_rendering_points_at_the_target_sentence_and_the_source_term() -> None:
    findings = _check(
        ["첫 문장이다.", "일본은 반격 능력을 보유하기로 했다."],
        ["First sentence.", "Japan decided to acquire strike power."],
    )
    assert _rules(findings) == ["missing-term"]
    finding = findings[0]
    assert (finding.path, finding.line, finding.column) == ("en.txt", 2, 1)
    assert (finding.source_path, finding.source_line, finding.source_column) == ("ko.txt", 2, 5)
    assert finding.suggestion == "counterstrike capabilities"
    assert finding.concept == "counterstrike"


@pytest.mark.parametrize(
    "korean", ["반격 능력을", "반격능력을", "반격 능력이", "반격능력과", "반격 능력으로"]
)
def test_particles_and_spacing_variants_are_found_and_satisfied(korean: str) -> None:
    findings = _check(
        [f"일본은 {korean} 보유한다."], ["Japan will have counterstrike capabilities."]
    )
    assert findings == []


def test_forbidden_rendering_is_an_error_at_the_term() -> None:
    findings = _check(
        ["미 해군과 해상자위대가 훈련했다."], ["US and Japan’s Maritime Defense Force trained."]
    )
    assert _rules(findings) == ["forbidden-term"]
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.found == "Maritime Defense Force"
    assert (finding.line, finding.column, finding.end_column) == (1, 16, 38)
    assert (finding.source_line, finding.source_column) == (1, 7)


def test_deprecated_rendering_is_reported_not_missing() -> None:
    findings = _check(
        ["일본은 반격 능력을 갖는다."], ["Japan gets enemy base strike capabilities."]
    )
    assert _rules(findings) == ["deprecated-term"]
    # The glossary's preferred rendering, as align lint suggests it, though the target has
    # it nowhere: a translator told what not to write is told what to write.
    assert findings[0].suggestion == "counterstrike capabilities"


def test_forbidden_rendering_suggests_the_preferred_one_as_lint_does() -> None:
    findings = _check(
        ["미 해군과 해상자위대가 훈련했다."], ["US and Japan’s Maritime Defense Force trained."]
    )
    assert [(f.rule, f.suggestion) for f in findings] == [
        ("forbidden-term", "Maritime Self-Defense Force")
    ]


def test_inconsistent_approved_variants_reported_at_the_minority() -> None:
    findings = _check(
        ["주일미군이 왔다.", "주일미군이 갔다.", "주일미군이 남았다."],
        ["US Forces Japan came.", "U.S. Forces Japan left.", "US Forces Japan stayed."],
    )
    assert _rules(findings) == ["inconsistent-term"]
    assert findings[0].line == 2 and findings[0].found == "U.S. Forces Japan"
    assert findings[0].suggestion == "US Forces Japan"


def test_abbreviation_after_the_full_name_is_consistent() -> None:
    findings = _check(
        ["자위대가 왔다.", "자위대가 갔다.", "자위대가 남았다."],
        ["The Japan Self-Defense Forces came.", "The JSDF left.", "The JSDF stayed."],
    )
    assert findings == []


def test_compound_does_not_match_a_shorter_term() -> None:
    # 능력 must not fire inside 초능력, so nothing is expected from the target.
    assert _check(["그는 초능력을 믿는다."], ["He believes in superpowers."]) == []


def test_longest_term_wins_on_both_sides() -> None:
    # 인도태평양사령부 is not the deprecated 태평양사령부; Indo-Pacific Command is not the
    # deprecated Pacific Command.
    assert (
        _check(
            ["하와이의 인도태평양사령부에 위임돼 있다."],
            ["It was delegated to the Indo-Pacific Command in Hawaii."],
        )
        == []
    )


def test_deprecated_on_both_sides_is_still_a_target_finding() -> None:
    findings = _check(
        ["하와이의 태평양사령부에 위임돼 있다."],
        ["It was delegated to the Pacific Command in Hawaii."],
    )
    assert _rules(findings) == ["deprecated-term"]
    assert "태평양사령부" in findings[0].message


def test_omitted_sentence_is_info_only() -> None:
    findings = _check(
        ["주일미군이 왔다.", "주일미군이 갔다."],
        ["US Forces Japan came."],
        links=[Link((0,), (0,), 0.9), Link((1,), (), 0.8)],
    )
    assert _rules(findings) == ["untranslated-term"]
    assert findings[0].severity == "info"


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("약 6200㎞ 떨어져 있다.", "It is some 6,200 kilometers away."),
        ("5만4000명이 모였다.", "54,000 people gathered."),
        ("예산은 1조 2천억 원이다.", "The budget is 1.2 trillion won."),
        ("FT는 24일 보도했다.", "The FT reported on Sunday."),
        ("FT는 24일 보도했다.", "The FT reported on the 24th."),
        ("2023년 9월 훈련했다.", "They trained in September 2023."),
        ("3성 장군이 지휘한다.", "A three-star general commands."),
        ("미 해군 7함대가 있다.", "The US Seventh Fleet is there."),
        ("70년 동안 유지했다.", "It held for seven decades."),
        ("300명이 모였다.", "Three hundred people gathered."),
        ("12척이 출항했다.", "A dozen ships sailed."),
        ("3.5% 올랐다.", "It rose 3.5 percent."),
    ],
)
def test_numbers_in_korean_and_english_forms_agree(ko: str, en: str) -> None:
    assert _check([ko], [en]) == []


def test_different_number_is_reported_at_the_target_number() -> None:
    findings = _check(["5만4000명이 모였다."], ["45,000 people gathered."])
    assert _rules(findings) == ["number-mismatch"]
    assert findings[0].found == "45,000" and findings[0].column == 1
    assert findings[0].suggestion == "54,000"


def test_missing_number_is_reported_at_the_sentence() -> None:
    findings = _check(["약 6200㎞ 떨어져 있다."], ["It is far away."])
    assert _rules(findings) == ["number-mismatch"]
    assert "6200㎞" in findings[0].message


def test_day_dropped_without_a_weekday_is_not_flooded_but_other_numbers_are() -> None:
    findings = _check(["그는 24일 3명을 만났다."], ["He met two people."])
    assert _rules(findings) == ["number-mismatch", "number-mismatch"]


# --- the seed pair -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> checkrun.Checked:
    return checkrun.check_files(
        str(CORPUS / "ko.txt"),
        str(CORPUS / "en.txt"),
        str(ROOT / "glossaries" / "defence-diplomacy.tsv"),
    )


def test_seed_reports_the_forbidden_caption_term(seed: checkrun.Checked) -> None:
    forbidden = [f for f in seed.findings if f.rule == "forbidden-term"]
    assert forbidden and all(f.found == "Maritime Defense Force" for f in forbidden)
    text = (CORPUS / "en.txt").read_text(encoding="utf-8").splitlines()
    first = forbidden[0]
    assert text[first.line - 1][first.column - 1 : first.end_column - 1] == "Maritime Defense Force"
    assert first.source_path is not None and first.source_line is not None
    ko_line = (CORPUS / "ko.txt").read_text(encoding="utf-8").splitlines()[first.source_line - 1]
    assert ko_line[first.source_column - 1 :].startswith("해상자위대")  # type: ignore[operator]


def test_seed_reports_terms_rendered_differently(seed: checkrun.Checked) -> None:
    reported = checkrun.reported(seed)
    concepts = {(f.rule, f.concept) for f in reported}
    assert concepts == {
        ("deprecated-term", "counterstrike-capabilities"),
        ("forbidden-term", "maritime-self-defense-force"),
        ("missing-term", "combined-exercise"),  # 연합훈련 → "training exercises"
        ("missing-term", "four-star-general"),
        ("missing-term", "us-forces-japan"),
        ("missing-term", "us-forces-japan-headquarters"),
        ("number-mismatch", None),
    }


def test_seed_number_rule_does_not_flood(seed: checkrun.Checked) -> None:
    numbers = [f for f in seed.findings if f.rule == "number-mismatch"]
    assert [f.message for f in numbers] == [
        "'64년' (64) in the source is missing from the aligned target",
        "'1960년' (1960) in the source; the aligned target has '60'",
    ]
    # 24일 → "On Sunday", 25일 → "on Monday", 6200㎞ → 6,200 kilometers are not errors.
    assert not any(
        "24일" in f.message or "25일" in f.message or "6200" in f.message for f in numbers
    )


def test_cli_check_formats_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    glossary = str(ROOT / "glossaries" / "defence-diplomacy.tsv")
    args = ["check", str(CORPUS / "ko.txt"), str(CORPUS / "en.txt"), "--glossary", glossary]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 1, result.output
    records = json.loads(result.output)
    assert {
        "rule",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "found",
        "suggestion",
        "message",
        "concept",
        "source_path",
        "source_line",
        "source_column",
    } == set(records[0])
    sarif = json.loads(runner.invoke(cli, [*args, "--format", "sarif"]).output)
    result_0 = sarif["runs"][0]["results"][0]
    assert result_0["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "ko.txt"
    )
    github = runner.invoke(cli, [*args, "--format", "github"]).output
    assert github.startswith("::") and "[source: " in github
    text = runner.invoke(cli, [*args, "--severity", "error"])
    assert text.exit_code == 1
    lines = text.stdout.splitlines()  # the two errors, the warnings left out
    assert len(lines) == 2 and all(
        ": error: forbidden-term 'Maritime Defense Force' " in line for line in lines
    )
    # the counts of run's summary table (2 errors, 12 warnings, 1 info), the rest not shown
    assert text.stderr.splitlines()[-1] == (
        "2 errors in 2 files (12 warnings, 1 info not shown: --severity info)"
    )
    (tmp_path / "ko.txt").write_text("주일미군이 6200㎞를 왔다.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("US Forces Japan came 6,200 km.\n", encoding="utf-8")
    none = runner.invoke(
        cli, ["check", str(tmp_path / "ko.txt"), str(tmp_path / "en.txt"), "--glossary", glossary]
    )
    assert none.exit_code == 0 and none.stdout == "" and none.stderr == "no findings in 2 files\n"


def test_cli_check_missing_glossary_exits_2(tmp_path: Path) -> None:
    from align.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "check",
                str(CORPUS / "ko.txt"),
                str(CORPUS / "en.txt"),
                "--glossary",
                str(tmp_path / "nope.tsv"),
            ]
        )
    assert exit_info.value.code == 2


def test_align_run_writes_check_score_and_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(CORPUS), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / CORPUS.name
    records = json.loads((folder / "check.json").read_text(encoding="utf-8"))
    assert any(r["rule"] == "forbidden-term" for r in records)
    assert "forbidden-term" in (folder / "check.txt").read_text(encoding="utf-8")
    assert "term_accuracy" in json.loads((folder / "score.json").read_text(encoding="utf-8"))
    assert (folder / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- number-mismatch, English source and Korean translation ------------------------------------


def _check_en_ko(en: str, ko: str) -> list[Finding]:
    source = _side("en.txt", "en", [en], GLOSSARY)
    target = _side("ko.txt", "ko", [ko], GLOSSARY)
    links = [Link((0,), (0,), 0.9)]
    return [item.finding for item in check.check(source, target, links, GLOSSARY)]


@pytest.mark.parametrize(
    ("en", "ko"),
    [
        ("He came at 4.40 am Thursday.", "그는 목요일 오전 4시 40분에 왔다."),
        ("It ends at 4:40 p.m.", "오후 4시 40분에 끝난다."),
        ("It ends at 16:40.", "오후 4시 40분에 끝난다."),
        ("It ends at 4:40 p.m.", "4시 40분에 끝난다."),
        ("With 77,000 views.", "조회 수가 7만 7천을 넘었다."),
        ("A 15 million won fine.", "1천500만 원의 벌금."),
        ("In the 1950 movie.", "출연한1950년 영화."),
        ("Talks start on 14 May.", "회담은 5월 14일 시작된다."),
        ("Talks start on May 14.", "회담은 14일 시작된다."),
        ("Talks start on Sept. 5.", "회담은 9월 5일 시작된다."),
        ("In the 1990s.", "1990년대에."),
        ("The 21st century.", "21세기."),
        ("He sold 15 pigs.", "그는 돼지 열 다섯 마리를 팔았다."),
        ("It cost $3.6bn.", "36억 달러가 들었다."),
        ("The September 11 attacks.", "9/11 테러."),
        ("John 3:16 says so.", "요한복음 3장 16절이 그렇게 말한다."),
    ],
)
def test_numbers_dates_and_times_that_agree_are_not_reported(en: str, ko: str) -> None:
    assert _check_en_ko(en, ko) == []


@pytest.mark.parametrize(
    ("en", "ko", "found"),
    [
        ("Talks start on 14 May.", "회담은 6월 14일 시작된다.", "6월 14일"),
        ("Talks start on May 14.", "회담은 5월 4일 시작된다.", "5월 4일"),
        ("It ends at 4:40 p.m.", "오전 4시 40분에 끝난다.", "오전 4시 40분"),
        ("It ends at 16:40.", "오후 5시 40분에 끝난다.", "오후 5시 40분"),
        ("With 77,000 views.", "조회 수가 7만 천을 넘었다.", "7만 천"),
        ("In the 1990s.", "1980년대에.", "1980년"),
        ("It cost $3.6bn.", "360억 달러가 들었다.", "360억 달러"),
    ],
)
def test_dates_times_and_amounts_that_differ_are_reported(en: str, ko: str, found: str) -> None:
    findings = _check_en_ko(en, ko)
    assert _rules(findings) == ["number-mismatch"]
    assert findings[0].found == found


@pytest.mark.parametrize(
    ("en", "ko", "rules"),
    [
        ("34-50 people came.", "34~51명이 왔다.", ["number-mismatch"]),
        ("34-50 people came.", "34~50명이 왔다.", []),
        ("In the 2019-20 season.", "2019~2020 시즌에.", []),
        ("In the 2019-20 season.", "2019-20 시즌에.", []),
        ("In the 2019-2020 season.", "2019~20 시즌에.", []),
        ("In the 2019-20 season.", "2019~2021 시즌에.", ["number-mismatch"]),
        ("In the 2019-20 season.", "2018-19 시즌에.", ["number-mismatch"]),
        ("In the 1999-00 season.", "1999~2000 시즌에.", []),
        ("On 2024-03-25 it ended.", "2024년 3월 25일 끝났다.", []),
        ("On 2024-03-25 it ended.", "2024. 3. 25. 끝났다.", []),
        ("On 2024/03/25 it ended.", "2024년 3월 25일 끝났다.", []),
        ("It ended on March 25, 2024.", "2024-03-25에 끝났다.", []),
        ("On 2024-03-25 it ended.", "2024년 3월 26일 끝났다.", ["number-mismatch"]),
        ("On 2024-03-25 it ended.", "2024년 4월 25일 끝났다.", ["number-mismatch"]),
        ("On 2024-03-25 it ended.", "2023년 3월 25일 끝났다.", ["number-mismatch"]),
        ("It ended on March 25, 2024.", "2024-03-26에 끝났다.", ["number-mismatch"]),
    ],
)
def test_the_end_of_a_range_year_spans_and_iso_dates_are_checked(
    en: str, ko: str, rules: list[str]
) -> None:
    assert _rules(_check_en_ko(en, ko)) == rules


@pytest.mark.parametrize(
    ("en", "ko", "found"),
    [
        ("It began in March 2024.", "2024년 3월에 시작됐다.", None),
        ("It began in Mar. 2024.", "2024-03에 시작됐다.", None),
        ("It began in 3/2024.", "2024년 3월에 시작됐다.", None),
        ("It began in 2024, in March.", "2024년 3월에 시작됐다.", None),
        ("It began in March 2024.", "2024년에, 3월에 시작됐다.", None),
        ("It began on March 14, 2024.", "2024년 3월 14일에 시작됐다.", None),
        ("Pages 2024-2030 say so.", "2024~2030쪽이 그렇게 말한다.", None),
        ("3 2024 votes were cast.", "2024표 중 3표가 나왔다.", None),
        ("It took 1/2000 of a second.", "2000분의 1초가 걸렸다.", None),
        ("It began in March 2024.", "2024년 4월에 시작됐다.", "2024년 4월"),
        ("It began in March 2024.", "2023년 3월에 시작됐다.", "2023년 3월"),
        ("It began in 2024-03.", "2024년 4월에 시작됐다.", "2024년 4월"),
        ("It began in March 2024.", "2024년 4월, 3명이 시작했다.", "2024년 4월"),
    ],
)
def test_year_months_compare_whole_in_both_directions(en: str, ko: str, found: str | None) -> None:
    """``March 2024`` and ``2024년 3월`` are one value, 2024-03; a wrong month or year is a
    ``number-mismatch`` whichever side is the source."""
    for findings in (_check_en_ko(en, ko), _check([ko], [en])):
        assert _rules(findings) == ([] if found is None else ["number-mismatch"])
    if found:
        (finding,) = _check_en_ko(en, ko)
        assert finding.found == found and finding.suggestion == "March 2024"


@pytest.mark.parametrize(
    ("en", "ko", "found"),
    [
        # 2010-12: December 2010 in a table, the 2010-2012 period in a sentence; either agrees.
        ("It began in 2010-12.", "2010년 12월에 시작됐다.", None),
        ("In the 2011-12 season, he led.", "2011~2012 시즌에 그가 이끌었다.", None),
        ("In the 2011-12 season, he led.", "2011-12 시즌에 그가 이끌었다.", None),
        ("In the 2011-12 season, he led.", "2011~2013 시즌에 그가 이끌었다.", "2013"),
        ("It began in 2010-12.", "2010년 11월에 시작됐다.", "2010년 11월"),
        # Korean writes March 2024 as 2024.03; a stock index may close at 2024.03 too.
        ("It began in March 2024.", "2024.03에 시작됐다.", None),
        ("It began in March 2024.", "2024.04에 시작됐다.", "2024.04"),
        ("The index closed at 2,024.03.", "지수는 2024.03에 마감했다.", None),
        ("The index closed at $2024.30.", "지수는 2024.03에 마감했다.", "2024.03"),
    ],
)
def test_a_year_and_two_figures_read_as_a_month_or_a_span(
    en: str, ko: str, found: str | None
) -> None:
    """``2010-12`` may be a year-month (ISO 8601) or a span (English news: the 2011-12
    season): a translation with either reading agrees, one with neither is reported; Korean
    ``2024.03`` is March 2024, or the decimal a stock index closes at."""
    for findings in (_check_en_ko(en, ko), _check([ko], [en])):
        assert _rules(findings) == ([] if found is None else ["number-mismatch"]), findings
    if found:
        (finding,) = _check_en_ko(en, ko)
        assert finding.found == found


def test_a_month_dropped_from_a_year_month_is_missing() -> None:
    (finding,) = _check_en_ko("It began in March 2024.", "2024년에 시작됐다.")
    assert finding.rule == "number-mismatch" and "missing" in finding.message
    assert finding.suggestion == "March 2024"
    # The other way nothing is missing: the English has the 2024 the Korean gives.
    assert _check(["2024년에 시작됐다."], ["It began in March 2024."]) == []


def test_a_latin_term_kept_as_it_is_in_korean_is_not_missing() -> None:
    assert _check_en_ko("USFJ said so.", "USFJ는 그렇게 말했다.") == []
    assert _rules(_check_en_ko("USFJ said so.", "그들은 그렇게 말했다.")) == ["missing-term"]
    # Only as a whole word, and only the term itself: "USFJX" is not it.
    assert _rules(_check_en_ko("USFJ said so.", "USFJX는 그렇게 말했다.")) == ["missing-term"]


def test_a_unit_of_time_with_the_article_is_one(tmp_path: Path) -> None:
    """Issue 15 item 5: "a year" is 1년, "twice" 두 번; neither is a number-mismatch."""
    source, target = tmp_path / "ko.txt", tmp_path / "en.txt"
    source.write_text("회의는 1년에 두 번 열린다.\n그는 1시간 뒤 떠났다.\n", encoding="utf-8")
    target.write_text("The meeting is held twice a year.\nHe left an hour later.\n", "utf-8")
    args = ["check", str(source), str(target), "--encoder", "none", "--format", "json"]
    (tmp_path / "none.tsv").write_text("concept\tlang\tterm\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "--glossary", str(tmp_path / "none.tsv")])
    assert result.exit_code == 0, result.output
    wrong = target.read_text(encoding="utf-8").replace("an hour", "two hours")
    target.write_text(wrong, encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "--glossary", str(tmp_path / "none.tsv")])
    assert [f["rule"] for f in json.loads(result.output)] == ["number-mismatch"]


def test_a_number_in_a_saved_page_ends_after_its_reference_and_before_the_tag(
    tmp_path: Path,
) -> None:
    """check's region in an HTML target ends after the reference that writes the number's
    last digit (``170&#48;``), not one column into it, and before the ``</b>`` after it:
    JSON's ``end_column`` and SARIF's exclusive ``endColumn`` underline ``170&#48;``."""
    source = tmp_path / "ko.txt"
    source.write_text("장비 가격은 1500달러였다고 국방부가 밝혔다.\n", encoding="utf-8")
    page = tmp_path / "en.html"
    page.write_text(
        '<html lang="en"><body><article>\n'
        "<p>The ministry said the equipment cost <b>170&#48;</b>, it said.</p>\n"
        "</article></body></html>\n",
        encoding="utf-8",
    )
    line = page.read_text(encoding="utf-8").splitlines()[1]
    glossary = str(ROOT / "glossaries" / "defence-diplomacy.tsv")
    args = ["check", str(source), str(page), "--glossary", glossary]
    args += ["--src-lang", "ko", "--tgt-lang", "en", "--format"]
    result = CliRunner().invoke(cli, [*args, "json"])
    [finding] = [f for f in json.loads(result.stdout) if f["rule"] == "number-mismatch"]
    assert finding["found"] == "1700" and finding["line"] == finding["end_line"] == 2
    assert line[finding["column"] - 1 : finding["end_column"] - 1] == "170&#48;"
    result = CliRunner().invoke(cli, [*args, "sarif"])
    hit = next(
        r
        for r in json.loads(result.stdout)["runs"][0]["results"]
        if r["ruleId"] == "number-mismatch"
    )
    place = hit["locations"][0]["physicalLocation"]["region"]
    assert line[place["startColumn"] - 1 : place["endColumn"] - 1] == "170&#48;"
