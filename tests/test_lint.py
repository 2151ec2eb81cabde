"""``align lint``: rules, suppression, --fix with Korean particles, exit codes, settings."""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli, main
from align.config import parse_settings
from align.errors import ConfigError, InputError
from align.jobs import lintrun
from align.review.lint import final_sound, particle_for, respell, suppressions

from .conftest import CORPUS, DATA, ROOT

GLOSSARY = str(ROOT / "glossaries" / "defence-diplomacy.tsv")


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    return result.exit_code, result.stdout


def test_seed_english_caption_has_the_forbidden_maritime_defense_force() -> None:
    code, output = _lint(str(CORPUS / "en.txt"), "--glossary", GLOSSARY, "--format", "json")
    assert code == 1
    findings = json.loads(output)
    forbidden = [f for f in findings if f["rule"] == "forbidden-term"]
    assert [(f["line"], f["column"], f["found"], f["suggestion"]) for f in forbidden] == [
        (5, 29, "Maritime Defense Force", "Maritime Self-Defense Force"),
        (6, 29, "Maritime Defense Force", "Maritime Self-Defense Force"),
    ]
    assert {f["severity"] for f in forbidden} == {"error"}
    # “enemy base strike capabilities” (counterstrike capabilities) glosses the old name with
    # the new one: a mention, not a use (issue #15 item 4), so below the default severity.
    assert not any(f["found"] == "enemy base strike capabilities" for f in findings)
    # Preferred usage is never a finding, and Indo-Pacific Command is not Pacific Command.
    assert not any(f["found"] in ("Indo-Pacific Command", "Pacific Command") for f in findings)


def test_seed_korean_spacing_and_deprecated_variants() -> None:
    code, output = _lint(str(CORPUS / "ko.txt"), "--glossary", GLOSSARY, "--format", "json")
    assert code == 1
    got = {(f["rule"], f["found"]) for f in json.loads(output)}
    assert ("deprecated-term", "적기지 공격능력") not in got  # glossed: '…'(반격능력)
    assert ("term-variant", "반격능력") in got
    assert not any(found in ("태평양사령부", "능력") for _rule, found in got)


def test_text_format_and_exit_codes(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("일본은 반격 능력을 보유하기로 했다.\n", encoding="utf-8")
    assert _lint(str(clean), "--glossary", GLOSSARY) == (0, "")
    dirty = tmp_path / "dirty.txt"
    dirty.write_text("첫 줄\n일본은 적기지 공격 능력을 보유한다.\n", encoding="utf-8")
    code, output = _lint(str(dirty), "--glossary", GLOSSARY)
    assert code == 1
    assert output.strip() == (
        f"{dirty}:2:5: warning: deprecated-term '적기지 공격 능력' is deprecated for "
        "concept counterstrike-capabilities (suggestion: 반격 능력)"
    )
    assert _lint(str(dirty), "--glossary", GLOSSARY, "--severity", "error")[0] == 0
    assert _main(["lint", str(tmp_path / "missing.txt"), "--glossary", GLOSSARY]) == 2
    assert _main(["lint", str(dirty), "--glossary", str(tmp_path / "none.tsv")]) == 2
    assert _lint(str(dirty), "--glossary", GLOSSARY, "--format", "xml")[0] == 2
    assert _lint("--glossary", GLOSSARY)[0] == 2


def _main(args: list[str]) -> int:
    from align.cli import main

    with pytest.raises(SystemExit) as caught:
        main(args)
    return int(caught.value.code or 0)


def test_exit_codes_through_main(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.txt"
    dirty.write_text("Japan's Maritime Defense Force\n", encoding="utf-8")
    assert _main(["lint", str(dirty), "--glossary", GLOSSARY]) == 1
    assert _main(["lint", str(tmp_path / "nope.txt"), "--glossary", GLOSSARY]) == 2
    bad = tmp_path / "bad.tsv"
    bad.write_text("concept\tlang\tword\n", encoding="utf-8")
    assert _main(["lint", str(dirty), "--glossary", str(bad)]) == 2


def test_list_rules_prints_each_rule_with_its_description() -> None:
    code, output = _lint("--list-rules")
    assert code == 0
    ids = [line.split()[0] for line in output.splitlines()]
    assert ids == [
        "forbidden-term",
        "deprecated-term",
        "term-variant",
        "mixed-forms",
        "unreadable-file",
    ]
    assert "A forbidden term is used" in output


def test_unreadable_file_is_listed_and_cannot_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SARIF and JSON report an ``unreadable-file`` finding, but ``--list-rules`` did not
    list it, and ``rules = { unreadable-file = false }`` was "unknown rule ... run 'align lint
    --list-rules'". It is listed now, and turning it off is refused by name: off, a folder
    with a file nobody can lint would pass as clean."""
    code, output = _lint("--list-rules")
    [line] = [line for line in output.splitlines() if line.startswith("unreadable-file ")]
    assert line.split()[1] == "error"
    assert line.endswith("Always on.")
    (tmp_path / "a.txt").write_text("Japan's Maritime Defense Force\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for on, expected in (("true", 1), ("false", 2)):
        (tmp_path / "pyproject.toml").write_text(
            f"[tool.align]\nrules = {{ unreadable-file = {on} }}\n", encoding="utf-8"
        )
        assert _main(["lint", "a.txt", "--glossary", GLOSSARY]) == expected
    result = CliRunner().invoke(cli, ["lint", "a.txt", "--glossary", GLOSSARY])
    assert isinstance(result.exception, ConfigError)
    assert "rule 'unreadable-file' in [tool.align] rules cannot be turned off" in str(
        result.exception
    )


def test_mixed_forms_is_info_and_never_reports_preferred_usage(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Japan Self-Defense Forces and the JSDF.\nThe JSDF again.\n", encoding="utf-8")
    assert _lint(str(path), "--glossary", GLOSSARY)[0] == 0
    code, output = _lint(
        str(path), "--glossary", GLOSSARY, "--severity", "info", "--format", "json"
    )
    assert code == 1
    findings = json.loads(output)
    assert [(f["rule"], f["found"], f["line"]) for f in findings] == [
        ("mixed-forms", "JSDF", 1),
        ("mixed-forms", "JSDF", 2),
    ]


def test_inline_suppression(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "<!-- align: ignore maritime-self-defense-force -->\n"
        "Japan's Maritime Defense Force\n"
        "Maritime Defense Force again  <!-- align: ignore * -->\n"
        "and the Maritime Defense Force here\n",
        encoding="utf-8",
    )
    code, output = _lint(str(path), "--glossary", GLOSSARY, "--format", "json")
    assert code == 1
    assert [f["line"] for f in json.loads(output)] == [4]
    assert suppressions("x # align: ignore a, b\n") == {1: {"a", "b"}}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("일본은 적기지 공격 능력을 보유한다.", "일본은 반격 능력을 보유한다."),
        ("일본은 적기지 공격능력이 있다.", "일본은 반격 능력이 있다."),
        ("합동 태스크포스를 만든다.", "합동임무부대를 만든다."),
        ("합동 태스크포스가 생긴다.", "합동임무부대가 생긴다."),
        ("합동 태스크포스는 크다.", "합동임무부대는 크다."),
        ("합동 태스크포스와 함께", "합동임무부대와 함께"),
        ("합동기동부대로 불린다.", "합동임무부대로 불린다."),
        ("옛 태평양사령부와 함께", "옛 인도태평양사령부와 함께"),
        ("옛 태평양사령부로 불렸다.", "옛 인도태평양사령부로 불렸다."),
        ("Japan's Maritime Defense Force sailed.", "Japan's Maritime Self-Defense Force sailed."),
        ("Enemy base strike capabilities matter.", "Counterstrike capabilities matter."),
        ("일본은 반격능력으로 대응한다.", "일본은 반격 능력으로 대응한다."),
    ],
)
def test_fix_rewrites_and_reselects_particles(tmp_path: Path, before: str, after: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(before + "\n", encoding="utf-8")
    code, _output = _lint(str(path), "--glossary", GLOSSARY, "--fix")
    assert path.read_text(encoding="utf-8") == after + "\n"
    assert code == 0  # nothing left to report


def test_fix_refuses_a_file_it_cannot_fix_safely(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "concept\tlang\tterm\tstatus\n"
        "a\ten\tPacific Command\tdeprecated\n"
        "b\ten\tcounter strike\tdeprecated\n"
        "b\ten\tcounterstrike\tpreferred\n",
        encoding="utf-8",
    )
    path = tmp_path / "a.txt"
    original = "The counter strike of Pacific Command.\n"
    path.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(path), "--glossary", str(glossary), "--fix"])
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == original  # 'a' has no preferred term
    assert "not fixed" in result.output


def test_particle_selection() -> None:
    assert [
        final_sound(w) for w in ("능력", "부대", "사령부", "서울", "USFJ", "NATO", "F-35", "7함대")
    ] == ["consonant", "vowel", "vowel", "rieul", "vowel", "vowel", "vowel", "vowel"]
    assert particle_for("서울", "으로") == "로"
    assert particle_for("반격 능력", "로서") == "으로서"
    assert particle_for("부대", "과의") == "와의"
    assert particle_for("능력", "이다") == "이다"  # the copula is left alone
    assert respell("counter-strike capability", "counterstrike capabilities") == (
        "counterstrike capability"
    )


def test_settings_from_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.align]\nglossary = "g.tsv"\nseverity = "error"\nrules = { term-variant = false }\n',
        encoding="utf-8",
    )
    (tmp_path / "g.tsv").write_text(
        "concept\tlang\tterm\tstatus\n"
        "a\tko\t반격 능력\tpreferred\n"
        "a\tko\t적기지 공격 능력\tforbidden\n",
        encoding="utf-8",
    )
    sub = tmp_path / "docs"
    sub.mkdir()
    (sub / "a.txt").write_text("반격능력과 적기지 공격 능력\n", encoding="utf-8")
    monkeypatch.chdir(sub)
    code, output = _lint("a.txt", "--format", "json")
    assert code == 1
    assert [f["rule"] for f in json.loads(output)] == ["forbidden-term"]
    with pytest.raises(ConfigError, match="unknown key 'glosary'") as refused:
        parse_settings({"glosary": "x"}, "pyproject.toml")
    assert "did you mean 'glossary'? known keys: glossary," in str(refused.value)
    with pytest.raises(ConfigError) as refused:
        parse_settings({"colour": "x"}, "pyproject.toml")
    assert "did you mean" not in str(refused.value)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.align]\nrules = { nope = true }\n", encoding="utf-8"
    )
    assert _main(["lint", "a.txt", "--glossary", str(tmp_path / "g.tsv")]) == 2


def test_html_findings_point_at_the_element_line(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<!doctype html>\n<html><head><title>t</title></head>\n<body>\n<article>\n"
        "<p>First paragraph about the alliance and its long history here.</p>\n"
        "<p>Japan's Maritime Defense Force sailed with the US Navy today.</p>\n"
        "</article>\n</body></html>\n",
        encoding="utf-8",
    )
    code, output = _lint(str(page), "--glossary", GLOSSARY, "--format", "json", "--lang", "en")
    findings = json.loads(output)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in findings] == [("forbidden-term", 6)]


def test_two_findings_in_one_html_element_are_both_reported() -> None:
    page = CORPUS / "html" / "ko.html"
    if not page.exists():
        pytest.skip("the seed HTML page is not present")
    code, output = _lint(
        str(page), "--glossary", GLOSSARY, "--format", "json", "--severity", "info"
    )
    found = [(f["rule"], f["found"], f["line"]) for f in json.loads(output)]
    assert code == 1
    assert found == [
        ("term-variant", "주일미군 사령부", 69),
        ("deprecated-term", "적기지 공격능력", 91),  # these two in one element (info: glossed)
        ("term-variant", "반격능력", 91),
    ]


# --- --fix: the user's file is rewritten safely or not at all (issue #17 items 3-5) ------------

_FIX_GLOSSARY = (
    "concept\tlang\tterm\tstatus\n"
    "counterstrike\ten\tcounterstrike capabilities\tpreferred\n"
    "counterstrike\ten\tenemy base strike capabilities\tdeprecated\n"
    "counterstrike\tko\t반격 능력\tpreferred\n"
    "counterstrike\tko\t적기지 공격 능력\tdeprecated\n"
    "usfj\tko\t주일 미군\tpreferred\n"
    "usfj\tko\t주일미군사령부\tdeprecated\n"
    "accent\ten\tcafé strike\tpreferred\n"
    "accent\ten\tcoffee strike\tforbidden\n"
)


def _fix_glossary(tmp_path: Path) -> str:
    path = tmp_path / "g.tsv"
    path.write_text(_FIX_GLOSSARY, encoding="utf-8")
    return str(path)


def _run_lint(*args: str) -> tuple[int, str, str]:
    """``align lint ARGS`` through the entry point, which turns user errors into exit 2."""
    runner = CliRunner()
    with runner.isolation() as (stdout, stderr, _output):
        try:
            main(["lint", *args])
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    return code, stdout.getvalue().decode(), stderr.getvalue().decode()


def test_fix_refuses_when_the_file_changes_while_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Japan has enemy base strike capabilities.\n", encoding="utf-8")
    real_fsync = os.fsync

    def edit_then_sync(fd: int) -> None:
        # The user saves a new line after align read the file, before it renames its fix in.
        if not (tmp_path / "edited").exists():
            (tmp_path / "edited").touch()
            with open(article, "a", encoding="utf-8") as stream:
                stream.write("A line typed meanwhile.\n")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", edit_then_sync)
    code, _out, err = _run_lint(str(article), "--glossary", _fix_glossary(tmp_path), "--fix")
    assert code == 2
    assert "changed while align was working on it" in err and len(err.splitlines()) == 1
    assert article.read_text(encoding="utf-8") == (
        "Japan has enemy base strike capabilities.\nA line typed meanwhile.\n"
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp949", b""),
    ],
)
def test_fix_writes_back_in_the_encoding_and_bom_it_read(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(bom + "일본은 적기지 공격 능력을 보유한다.\r\n".encode(encoding))
    code, _out, err = _run_lint(str(article), "--glossary", _fix_glossary(tmp_path), "--fix")
    assert code == 0, err
    assert article.read_bytes() == bom + "일본은 반격 능력을 보유한다.\r\n".encode(encoding)


def test_fix_refuses_a_replacement_the_encoding_cannot_hold(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    original = "한국어 기사입니다. 커피 파업 소식: The coffee strike began.\n".encode("cp949")
    article.write_bytes(original)
    code, _out, err = _run_lint(
        str(article), "--glossary", _fix_glossary(tmp_path), "--fix", "--lang", "en"
    )
    assert code == 2
    assert f"{article}:1:" in err and "cp949 cannot hold" in err and len(err.splitlines()) == 1
    assert article.read_bytes() == original


def test_fix_rewrites_the_file_a_symlink_names_and_keeps_its_mode(tmp_path: Path) -> None:
    real = tmp_path / "articles" / "a.txt"
    real.parent.mkdir()
    real.write_text("Japan has enemy base strike capabilities.\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    code, _out, err = _run_lint(str(link), "--glossary", _fix_glossary(tmp_path), "--fix")
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8") == "Japan has counterstrike capabilities.\n"
    assert real.stat().st_mode & 0o777 == 0o640


def test_fix_refuses_a_hard_linked_file(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    original = "Japan has enemy base strike capabilities.\n"
    article.write_text(original, encoding="utf-8")
    other = tmp_path / "b.txt"
    os.link(article, other)
    code, _out, err = _run_lint(str(article), "--glossary", _fix_glossary(tmp_path), "--fix")
    assert code == 2 and "2 hard links" in err and len(err.splitlines()) == 1
    assert article.read_text(encoding="utf-8") == original
    assert os.path.samefile(article, other)
    # The diff is still there to apply by hand.
    code, out, _err = _run_lint(str(article), "--glossary", _fix_glossary(tmp_path), "--diff")
    assert code == 1 and "+Japan has counterstrike capabilities." in out


# --- --fix: mentions, quotations, unsafe fixes, --diff (issue #15 item 4) ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Japan chose “enemy base strike capabilities” (counterstrike capabilities) in 2022.",
        "Japan chose enemy base strike capabilities — counterstrike capabilities — in 2022.",
        "일본은 '적기지 공격 능력'(반격 능력)을 보유하기로 했다.",
        "What Tokyo calls “enemy base strike capabilities” worries Beijing.",
        "“We need enemy base strike capabilities,” the minister said.",
        "일본 정부는 '적기지 공격 능력'이라고 불렀다.",
    ],
)
def test_glossed_or_attributed_mentions_are_info_and_never_fixed(tmp_path: Path, text: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(text + "\n", encoding="utf-8")
    glossary = _fix_glossary(tmp_path)
    assert _run_lint(str(article), "--glossary", glossary) == (
        0,
        "",
        "no errors or warnings in 1 file (1 info not shown: --severity info)\n",
    )
    code, out, _err = _run_lint(
        str(article), "--glossary", glossary, "--severity", "info", "--format", "json"
    )
    deprecated = [f for f in json.loads(out) if f["rule"] == "deprecated-term"]
    assert code == 1 and [f["severity"] for f in deprecated] == ["info"]
    _run_lint(str(article), "--glossary", glossary, "--severity", "info", "--fix", "--unsafe-fixes")
    assert article.read_text(encoding="utf-8") == text + "\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # In quotation marks nobody is said to have written: perhaps a title.
        (
            "The “enemy base strike capabilities” plan worries Beijing.",
            "The “counterstrike capabilities” plan worries Beijing.",
        ),
        # Not written as the glossary writes it.
        ("ENEMY BASE STRIKE CAPABILITIES", "Counterstrike capabilities"),
        # 주일미군사령부 ends in a vowel, 주일 미군 in a consonant: is 입니다 still right?
        ("그곳은 주일미군사령부입니다.", "그곳은 주일 미군입니다."),
    ],
)
def test_uncertain_fixes_wait_for_unsafe_fixes(tmp_path: Path, before: str, after: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(before + "\n", encoding="utf-8")
    glossary = _fix_glossary(tmp_path)
    code, _out, err = _run_lint(str(article), "--glossary", glossary, "--fix")
    assert code == 1 and "more with --unsafe-fixes" in err
    assert article.read_text(encoding="utf-8") == before + "\n"
    code, _out, _err = _run_lint(str(article), "--glossary", glossary, "--fix", "--unsafe-fixes")
    assert article.read_text(encoding="utf-8") == after + "\n"


def test_a_certain_particle_change_is_a_safe_fix(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("주일미군사령부가 있고 주일미군사령부를 본다.\n", encoding="utf-8")
    code, _out, err = _run_lint(str(article), "--glossary", _fix_glossary(tmp_path), "--fix")
    assert code == 0, err
    assert article.read_text(encoding="utf-8") == "주일 미군이 있고 주일 미군을 본다.\n"


def test_diff_shows_the_fix_and_changes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    original = "First line.\nJapan has enemy base strike capabilities."  # no final newline
    article.write_text(original, encoding="utf-8")
    glossary = _fix_glossary(tmp_path)
    code, out, _err = _run_lint(str(article), "--glossary", glossary, "--diff")
    assert code == 1
    assert out == (
        f"--- {article}\n+++ {article}\n@@ -1,2 +1,2 @@\n First line.\n"
        "-Japan has enemy base strike capabilities.\n\\ No newline at end of file\n"
        "+Japan has counterstrike capabilities.\n\\ No newline at end of file\n"
    )
    assert article.read_text(encoding="utf-8") == original
    clean = tmp_path / "clean.txt"
    clean.write_text("Japan has counterstrike capabilities.\n", encoding="utf-8")
    assert _run_lint(str(clean), "--glossary", glossary, "--diff")[:2] == (0, "")
    assert _run_lint(str(clean), "--glossary", glossary, "--unsafe-fixes")[0] == 2


def _apply(text: str, edits: list[tuple[int, int, int, int, str]]) -> str:
    """``text`` with each (line, column, end line, end column, replacement) made, last first."""
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    for line, column, end_line, end_column, replacement in sorted(edits, reverse=True):
        start, end = starts[line - 1] + column - 1, starts[end_line - 1] + end_column - 1
        text = text[:start] + replacement + text[end:]
    return text


def test_diff_in_json_and_sarif_gives_the_edits_fix_makes(tmp_path: Path) -> None:
    """A machine applying ``--diff --format json|sarif``'s edits writes what ``--fix`` does,
    the Korean particle re-selected with the term (주일 미군이, not 미군가)."""
    article = tmp_path / "a.txt"
    original = "일본은 적기지 공격 능력을 갖는다.\n주일미군사령부가 있다.\n"
    article.write_text(original, encoding="utf-8")
    glossary = _fix_glossary(tmp_path)
    code, out, _err = _run_lint(str(article), "--glossary", glossary, "--diff", "--format", "json")
    assert code == 1
    records = json.loads(out)
    assert [r["found"] for r in records] == ["적기지 공격 능력", "주일미군사령부"]
    from_json = _apply(original, [tuple(r["fix"].values()) for r in records])
    code, out, _err = _run_lint(str(article), "--glossary", glossary, "--diff", "--format", "sarif")
    assert code == 1
    replacements = [
        replacement
        for result in json.loads(out)["runs"][0]["results"]
        for fix in result["fixes"]
        for change in fix["artifactChanges"]
        for replacement in change["replacements"]
    ]
    from_sarif = _apply(
        original,
        [(*r["deletedRegion"].values(), r["insertedContent"]["text"]) for r in replacements],
    )
    assert article.read_text(encoding="utf-8") == original
    assert _run_lint(str(article), "--glossary", glossary, "--fix")[0] == 0
    assert from_json == from_sarif == article.read_text(encoding="utf-8")
    assert from_json == "일본은 반격 능력을 갖는다.\n주일 미군이 있다.\n"
    # Nothing to fix: an empty array, exit 0, as the text diff is empty.
    assert _run_lint(str(article), "--glossary", glossary, "--diff", "--format", "json")[:2] == (
        0,
        "[]\n",
    )


def test_text_output_shows_severity_and_ends_with_a_summary(tmp_path: Path) -> None:
    """As ruff and Vale do (issue 15, item 15): each finding its severity, then a count on
    stderr; machine formats stay as they were."""
    english, korean = tmp_path / "en.txt", tmp_path / "ko.txt"
    english.write_text("Japan's Maritime Defense Force\n", encoding="utf-8")
    korean.write_text("일본은 적기지 공격 능력을 보유한다.\n", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("일본은 반격 능력을 보유하기로 했다.\n", encoding="utf-8")
    files = [str(english), str(korean), str(clean)]
    result = CliRunner().invoke(cli, ["lint", *files, "--glossary", GLOSSARY])
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["error", "warning"]
    assert result.stderr.splitlines()[-1] == "1 error, 1 warning in 3 files"
    quiet = CliRunner().invoke(cli, ["lint", str(clean), "--glossary", GLOSSARY, "-q"])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    as_json = CliRunner().invoke(cli, ["lint", *files, "--glossary", GLOSSARY, "--format", "json"])
    assert as_json.exit_code == 1 and as_json.stderr == ""
    assert [f["severity"] for f in json.loads(as_json.stdout)] == ["error", "warning"]
    errors = CliRunner().invoke(
        cli, ["lint", *files, "--glossary", GLOSSARY, "--severity", "error"]
    )
    assert [line.split(": ")[1] for line in errors.stdout.splitlines()] == ["error"]
    assert errors.stderr.splitlines()[-1] == (
        "1 error in 3 files (1 warning not shown: --severity warning)"
    )


def test_an_unreadable_file_in_a_folder_is_an_error_and_the_rest_is_linted(
    tmp_path: Path,
) -> None:
    """``align lint .`` stopped at the first file it could not read (exit 2, later files never
    linted), where ``pair`` and ``corpus build`` skip one with a warning. As ruff and ESLint
    do, the file is an ``unreadable-file`` error naming the reason, every other file is
    linted, and the exit status says an input could not be checked (2); one file named alone
    is still the one-line error every command gives."""
    dirty = "Japan's Maritime Defense Force\n"
    (tmp_path / "a.txt").write_text(dirty, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00\xd8broken")  # a lone UTF-16 surrogate
    (tmp_path / "c.xlf").write_text('<xliff version="1.2"><file\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(dirty, encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path), "--glossary", GLOSSARY])
    assert result.exit_code == 2
    lines = [line.removeprefix(str(tmp_path) + os.sep) for line in result.stdout.splitlines()]
    assert [line.split(": ")[0] + " " + line.split(": ")[2].split()[0] for line in lines] == [
        "a.txt:1:9 forbidden-term",
        "b.txt:1:3 unreadable-file",
        "c.xlf:2:1 unreadable-file",
        "d.txt:1:9 forbidden-term",
    ]
    assert all(line.split(": ")[1] == "error" for line in lines)
    assert "cannot decode as utf-16-le" in lines[1] and "not well-formed XML" in lines[2]
    assert "re-save it as UTF-8" in lines[1]
    assert result.stderr.splitlines()[-1] == "4 errors in 4 files"
    as_json = CliRunner().invoke(
        cli, ["lint", str(tmp_path), "--glossary", GLOSSARY, "--format", "json"]
    )
    assert as_json.exit_code == 2
    assert [f["rule"] for f in json.loads(as_json.stdout)][1:3] == ["unreadable-file"] * 2
    alone = CliRunner().invoke(cli, ["lint", str(tmp_path / "b.txt"), "--glossary", GLOSSARY])
    assert isinstance(alone.exception, InputError) and alone.stdout == ""  # main: exit 2
    assert str(alone.exception).startswith(f"{tmp_path / 'b.txt'}:1:3: cannot decode")


def test_diff_shows_an_unreadable_file_under_quiet(tmp_path: Path) -> None:
    """``lint --diff`` prints an unreadable file's error on stderr, as a note, so ``-q`` hid
    it: ``align lint docs --diff -q`` printed nothing and exited 2, an error without a word
    about which file or why. ``-q`` keeps results, warnings and errors."""
    (tmp_path / "a.txt").write_text("Japan's Maritime Defense Force\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00\xd8broken")  # a lone UTF-16 surrogate
    args = ["lint", str(tmp_path), "--glossary", GLOSSARY, "--diff"]
    for quiet in ([], ["-q"]):
        result = CliRunner().invoke(cli, [*args, *quiet])
        assert result.exit_code == 2
        assert "-Japan's Maritime Defense Force" in result.stdout
        [error] = [line for line in result.stderr.splitlines() if "unreadable-file" in line]
        assert error.startswith(f"{tmp_path / 'b.txt'}:1:3: error: unreadable-file cannot decode")


def test_color_follows_the_flag_and_no_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirty = tmp_path / "dirty.txt"
    dirty.write_text("Japan's Maritime Defense Force\n", encoding="utf-8")
    args = ["lint", str(dirty), "--glossary", GLOSSARY]
    always = CliRunner().invoke(cli, [*args, "--color", "always"]).stdout
    assert "\x1b[31m\x1b[1merror:" in always and "\x1b[35mforbidden-term" in always
    assert "\x1b[" not in CliRunner().invoke(cli, [*args, "--color", "never"]).stdout
    # auto: a terminal gets colour, unless NO_COLOR is set (https://no-color.org).
    assert "\x1b[" in CliRunner().invoke(cli, args, color=True).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in CliRunner().invoke(cli, args, color=True).stdout


def test_lint_a_folder_respects_excludes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """lint DIR lints the articles under it, less [tool.align] exclude (issue 15, item 15)."""
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.align]\nglossary = "{GLOSSARY}"\nexclude = ["drafts/", "*.old.txt"]\n',
        encoding="utf-8",
    )
    bad = "Japan's Maritime Defense Force\n"
    for name in (
        "docs/a.txt",
        "docs/sub/b.html",
        "docs/drafts/c.txt",
        "docs/d.old.txt",
        "docs/.hidden/e.txt",
        "docs/notes.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(bad, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lint", "docs", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert sorted({f["path"] for f in json.loads(result.stdout)}) == [
        str(Path("docs/a.txt")),
        str(Path("docs/sub/b.html")),
    ]
    text = CliRunner().invoke(cli, ["lint", "docs"])
    assert text.stderr.splitlines()[-1] == "2 errors in 2 files"


def test_a_folder_with_nothing_to_lint_gives_a_warning(tmp_path: Path) -> None:
    """'align lint docs/' on a folder of .md files said 'no findings in 0 files', exit 0: a
    CI job linting a moved or misnamed folder passed for ever."""
    from click.testing import CliRunner

    from align.cli import cli

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("US Forces Japan\n", encoding="utf-8")
    glossary = str(DATA / "glossary" / "basic.tsv")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "docs"), "--glossary", glossary])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"align: {tmp_path / 'docs'}: warning: no files to lint under this folder (.txt, "
    )


def test_the_pre_commit_hook_lints_what_a_folder_lint_does() -> None:
    """The hook selected every text file but a few (stylesheets, scripts, SVG drawings were
    linted as articles); it now names the files `align lint DIR` lints, and Markdown."""
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    found = re.search(r"^  files: (.+)$", hooks, re.MULTILINE)
    assert found is not None
    files = re.compile(found.group(1))
    for suffix in lintrun.LINTED_SUFFIXES:
        assert files.search(f"articles/a{suffix.upper()}"), suffix
    assert files.search("drafts/article.md")
    for name in ("site.css", "logo.svg", "app.js", "glossary.tsv", "pyproject.toml"):
        assert not files.search(name), name


def test_a_term_in_bold_in_a_saved_page_ends_before_the_closing_tag(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><body><article><p>Japan's <b>Maritime Defense Force</b> sailed.</p>"
        "</article></body></html>\n",
        encoding="utf-8",
    )
    code, out = _lint(str(page), "--glossary", GLOSSARY, "--format", "json")
    [finding] = [f for f in json.loads(out) if f["found"] == "Maritime Defense Force"]
    line = page.read_text(encoding="utf-8").splitlines()[finding["line"] - 1]
    assert line[finding["column"] - 1 : finding["end_column"] - 1] == "Maritime Defense Force"


def test_force_exclude_skips_excluded_files_named_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit names every file a commit touches, so a draft [tool.align] exclude names
    was linted and blocked the commit; the hook's --force-exclude skips it, as a folder lint
    does (ruff's flag of that name). Without the flag a file named is linted, as before."""
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.align]\nglossary = "{Path(GLOSSARY).as_posix()}"\nexclude = ["drafts/"]\n',
        encoding="utf-8",
    )
    for folder in ("drafts", "articles"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(
            "Japan's Maritime Defense Force\n", encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)
    named = ["drafts/a.txt", "articles/a.txt"]
    forced = CliRunner().invoke(cli, ["lint", *named, "--force-exclude"])
    assert forced.exit_code == 1
    assert [line.split(":")[0] for line in forced.stdout.splitlines()] == ["articles/a.txt"]
    assert forced.stderr.splitlines()[-1].endswith("in 1 file")
    plain = CliRunner().invoke(cli, ["lint", *named])
    assert [line.split(":")[0] for line in plain.stdout.splitlines()] == named[::-1]
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "\n  entry: align lint --force-exclude\n" in hooks


ENDS_GLOSSARY = (
    "concept\tlang\tterm\tstatus\tnote\tcase\n"
    "counterstrike\tko\t반격능력\tdeprecated\t'반격 능력'\t\n"
    "cafe\ten\tcafé\tforbidden\thouse style: coffee shop\t\n"
    "sdf\ten\tSDF\tforbidden\tspell it out\t\n"
    "att\ten\tAT&\tforbidden\tnot a name\t\n"
)


@pytest.mark.parametrize(
    ("body", "found", "underlined"),
    [
        ("정부는 반격능&#47141;을 강조했다.", "반격능력", "반격능&#47141;"),  # numeric reference
        ("The caf&eacute; is open for the whole day.", "café", "caf&eacute;"),  # named entity
        ("It was AT&amp; then, as the staff said.", "AT&", "AT&amp;"),  # & written as &amp;
        ("The <b>SDF</b> sailed out of the port.", "SDF", "SDF"),  # before a closing tag
    ],
)
def test_a_finding_in_a_saved_page_underlines_the_terms_own_source_text(
    tmp_path: Path, body: str, found: str, underlined: str
) -> None:
    """The region of a finding in an HTML page ends just past its last character's own source
    text: after the whole reference that writes it (it ended one column into ``&#47141;``),
    never after a tag that follows it. JSON's ``end_column`` and SARIF's exclusive
    ``endColumn`` agree."""
    glossary = tmp_path / "g.tsv"
    glossary.write_text(ENDS_GLOSSARY, encoding="utf-8")
    page = tmp_path / "a.html"
    lang = "ko" if found == "반격능력" else "en"
    page.write_text(
        f'<html lang="{lang}"><body><article>\n<p>{body}</p>\n</article></body></html>\n',
        encoding="utf-8",
    )
    line = page.read_text(encoding="utf-8").splitlines()[1]
    _code, out = _lint(str(page), "--glossary", str(glossary), "--format", "json")
    [finding] = [f for f in json.loads(out) if f["found"] == found]
    assert finding["line"] == finding["end_line"] == 2
    assert line[finding["column"] - 1 : finding["end_column"] - 1] == underlined
    _code, out = _lint(str(page), "--glossary", str(glossary), "--format", "sarif")
    [result] = [r for r in json.loads(out)["runs"][0]["results"] if found in r["message"]["text"]]
    place = result["locations"][0]["physicalLocation"]["region"]
    assert line[place["startColumn"] - 1 : place["endColumn"] - 1] == underlined


def _two_glossaries(tmp_path: Path) -> tuple[str, str]:
    shared = tmp_path / "shared.tsv"
    shared.write_text(
        "concept\tlang\tterm\tstatus\n"
        "jsdf\ten\tJapan Self-Defense Forces\tpreferred\n"
        "jsdf\ten\tMaritime Defense Force\tforbidden\n",
        encoding="utf-8",
    )
    project = tmp_path / "project.tsv"
    project.write_text(
        "concept\tlang\tterm\tstatus\nusfj\ten\tUSFJ\tpreferred\n"
        "usfj\ten\tUS Forces Japan\tdeprecated\n",
        encoding="utf-8",
    )
    return str(shared), str(project)


def test_lint_and_check_take_several_glossaries(tmp_path: Path) -> None:
    """A team's shared glossary beside a project's own: lint took one --glossary (a second
    was a usage error, exit 2). Each is now looked for, and one glossary reads as before."""
    shared, project = _two_glossaries(tmp_path)
    article = str(CORPUS / "en.txt")

    def concepts(*glossaries: str) -> set[str]:
        args = [arg for path in glossaries for arg in ("--glossary", path)]
        result = CliRunner().invoke(cli, ["lint", article, *args, "--format", "json"])
        assert result.exit_code == 1, result.output
        return {finding["concept"] for finding in json.loads(result.stdout)}

    assert concepts(shared) == {"jsdf"}
    assert concepts(project) == {"usfj"}
    assert concepts(shared, project) == {"jsdf", "usfj"}
    source = str(CORPUS / "ko.txt")
    check = CliRunner().invoke(
        cli,
        ["check", source, article, "--encoder", "none", "--format", "json"]
        + ["--glossary", shared, "--glossary", project],
    )
    assert check.exit_code == 1, check.output
    assert {"jsdf", "usfj"} <= {finding["concept"] for finding in json.loads(check.stdout)}


def test_a_concept_two_glossaries_define_differently_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared, project = _two_glossaries(tmp_path)
    again = tmp_path / "again.tsv"  # the same concept with the same terms: one concept
    again.write_text(Path(shared).read_text(encoding="utf-8"), encoding="utf-8")
    args = ["lint", str(CORPUS / "en.txt"), "--glossary", shared, "--glossary"]
    same = CliRunner().invoke(cli, [*args, str(again), "--format", "json"])
    assert same.exit_code == 1, same.output
    assert len(json.loads(same.stdout)) == 2  # each forbidden mention once, not twice
    other = tmp_path / "other.tsv"
    other.write_text(
        "concept\tlang\tterm\tstatus\njsdf\ten\tJapan Self-Defense Forces\tpreferred\n"
        "jsdf\ten\tSelf-Defense Forces\tadmitted\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as exit_info:
        main([*args, str(other)])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith(
        f"align: error: {other}:2: concept 'jsdf' has other terms in {other} than in "
        f"{shared} (line 2): 'Self-Defense Forces' (en, admitted) is in {other} only"
    )


def _hooks() -> list[dict[str, str]]:
    """The hooks of ``.pre-commit-hooks.yaml`` (a flat list of ``key: value`` maps)."""
    hooks: list[dict[str, str]] = []
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("- id: "):
            hooks.append({"id": line[len("- id: ") :]})
        elif line.startswith("  ") and not line.lstrip().startswith("#") and hooks:
            key, _, value = line.strip().partition(": ")
            hooks[-1][key] = value
    return hooks


def test_a_commit_that_changes_only_a_glossary_relints_the_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit that newly deprecates a term touches no article, so the lint hook did not run
    and the articles that use the term passed. align-lint-articles runs when a glossary is
    staged and lints the folders its args name (pre-commit passes it no file names: the
    glossary must not be linted as an article). Run here as pre-commit would."""
    glossary = tmp_path / "glossaries" / "g.tsv"
    glossary.parent.mkdir()
    glossary.write_text(
        "concept\tlang\tterm\tstatus\njsdf\ten\tJapan Self-Defense Forces\tpreferred\n"
        "jsdf\ten\tMaritime Defense Force\tdeprecated\n",
        encoding="utf-8",
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("Japan's Maritime Defense Force\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    staged = "glossaries/g.tsv"
    user_args = {"align-lint-articles": ["--glossary", staged, "articles"]}
    outputs = {}
    for hook in _hooks():
        if not re.search(hook["files"], staged):
            continue
        names = [] if hook.get("pass_filenames") == "false" else [staged]
        entry = hook["entry"].split()
        assert entry[0] == "align"
        result = CliRunner().invoke(cli, [*entry[1:], *user_args.get(hook["id"], []), *names])
        outputs[hook["id"]] = (result.exit_code, result.stdout)
    assert set(outputs) == {"align-glossary-validate", "align-lint-articles"}
    code, stdout = outputs["align-lint-articles"]
    assert code == 1
    assert stdout.startswith("articles/a.txt:1:9: warning: deprecated-term ")
