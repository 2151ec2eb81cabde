"""The translators' commands on the bilingual files of their CAT tools (issue 14): ``check``,
``lint``, ``score`` and ``report`` take one XLIFF, TMX or PO file and check its segment pairs as
they stand, with findings located in that file and naming their segment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from align.cli import cli
from align.errors import InputError
from align.read.bilingual import read_bilingual

from .conftest import DATA, ROOT

GLOSSARY = str(ROOT / "glossaries" / "defence-diplomacy.tsv")

XLIFF = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="ko-KR" target-language="en-US" datatype="plaintext">
    <body>
      <trans-unit id="u1">
        <source>주일미군은 <g id="b1">반격 능력</g>을 갖췄다.</source>
        <target>U.S. Forces Japan has <g id="b1">enemy base strike capabilities</g>.</target>
      </trans-unit>
      <trans-unit id="u2">
        <source>병력 5만 명이 주둔한다.</source>
        <target>About 50,000 troops are stationed there</target>
      </trans-unit>
      <trans-unit id="u3">
        <source>자세한 내용은 https://example.com 참조.</source>
        <target></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

TMX = """\
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="ko" datatype="plaintext" segtype="sentence" adminlang="en"
          creationtool="test" creationtoolversion="1" o-tmf="test"/>
  <body>
    <tu tuid="t1">
      <tuv xml:lang="ko-KR"><seg>병력 5만 명이 주둔한다.</seg></tuv>
      <tuv xml:lang="en-US"><seg>About 40,000 troops are stationed there.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

PO = """\
msgid ""
msgstr ""
"Language: en\\n"
"X-Source-Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "greeting"
msgid "안녕하세요, %s 님!"
msgstr "Hello, friend!"
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _at(path: str, line: int, column: int) -> str:
    """The file's text from ``line:column`` on (1-based, code points)."""
    return Path(path).read_text(encoding="utf-8").splitlines()[line - 1][column - 1 :]


def test_check_on_an_xliff_finds_terms_and_qa_issues_located_in_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF)
    done = _invoke("check", path, "--glossary", GLOSSARY, "--format", "json")
    assert done.exit_code == 1, done.output
    found = {(f["rule"], f["segment"], f["side"]): f for f in json.loads(done.output)}
    assert set(found) == {
        ("deprecated-term", "u1", "target"),
        ("punctuation-end", "u2", "target"),
        ("untranslated", "u3", "target"),
    }
    deprecated = found[("deprecated-term", "u1", "target")]
    # The place is in the XLIFF, inside the <g> code, on the target line.
    assert _at(path, deprecated["line"], deprecated["column"]).startswith(
        "enemy base strike capabilities</g>"
    )
    assert _at(path, deprecated["source_line"], deprecated["source_column"]).startswith("반격 능력")


@pytest.mark.parametrize(
    ("source", "target"), [("kor", "eng"), ("KOR-kr", "eng_US"), ("ko", "en-US")]
)
def test_three_letter_languages_in_the_file_check_as_the_two_letter_ones(
    tmp_path: Path, source: str, target: str
) -> None:
    """An XLIFF and a TMX that write ``kor``/``eng`` (ISO 639-2) are checked as ``ko``/``en``:
    the Korean term is found on the source and its deprecated rendering on the target."""
    xliff = XLIFF.replace('"ko-KR"', f'"{source}"').replace('"en-US"', f'"{target}"')
    done = _invoke("check", _write(tmp_path, "a.xlf", xliff), "--glossary", GLOSSARY)
    assert "deprecated-term" in done.output, done.output
    # The header says srclang="ko"; the variants are found by language whatever they write.
    tmx = TMX.replace('"ko-KR"', f'"{source}"').replace('"en-US"', f'"{target}"')
    done = _invoke("check", _write(tmp_path, "a.tmx", tmx))
    assert done.exit_code == 1 and "number-mismatch" in done.output, done.output


def test_a_language_in_the_file_that_is_no_code_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF.replace('"ko-KR"', '"Korean"'))
    done = CliRunner().invoke(cli, ["check", path], standalone_mode=False)
    assert isinstance(done.exception, InputError)
    assert "'Korean'" in str(done.exception) and "--src-lang" in str(done.exception)
    assert _invoke("check", path, "--src-lang", "kor").exit_code == 1


def test_check_without_a_glossary_runs_the_qa_rules_alone(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF)
    done = _invoke("check", path)
    assert done.exit_code == 1, done.output
    lines = done.stdout.strip().splitlines()
    assert [line.split(" ")[2] for line in lines] == ["punctuation-end", "untranslated"]
    assert lines[0].startswith(f"{path}:11:") and lines[0].endswith("[segment u2]")


def test_a_repeated_unit_id_is_reported_by_position_with_one_warning(tmp_path: Path) -> None:
    # Merged exports: a second unit u2 in the <file>, then a u3.
    repeat = XLIFF.replace('<trans-unit id="u3">', '<trans-unit id="u2">').replace(
        "    </body>",
        '      <trans-unit id="u3"><source>끝.</source><target>End</target></trans-unit>\n'
        "    </body>",
    )
    path = _write(tmp_path, "merged.xlf", repeat)
    done = _invoke("check", path, "--format", "json")
    assert done.exit_code == 1, done.output
    segments = {(f["rule"], f["segment"], f["line"]) for f in json.loads(done.stdout)}
    # Each finding names one unit: the first u2 keeps its id, the repeat its position.
    assert segments == {
        ("punctuation-end", "u2", 11),
        ("untranslated", "@3", 15),
        ("punctuation-end", "u3", 17),
    }
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f'align: {path}:13: warning: trans-unit id "u2" was already used at line 9; findings '
        'name the repeat by its position, "@3"; give each unit its own id'
    ]


def test_a_repeated_tuid_is_reported_by_position_with_one_warning(tmp_path: Path) -> None:
    unit = TMX.split("<body>")[1].split("</body>")[0]
    path = _write(tmp_path, "twice.tmx", TMX.replace(unit, unit + unit.replace("40,000", "30,000")))
    done = _invoke("check", path, "--format", "json")
    found = {(f["rule"], f["segment"], f["line"]) for f in json.loads(done.stdout)}
    assert found == {
        ("number-mismatch", "t1", 8),
        ("number-mismatch", "@2", 13),
        ("inconsistent-target", "@2", 13),  # the same source as t1, translated otherwise
    }
    assert done.stderr.count("warning") == 1
    assert f'{path}:11: warning: tu id "t1" was already used at line 6' in done.stderr


def test_check_on_a_tmx_and_a_po_file(tmp_path: Path) -> None:
    tmx = _write(tmp_path, "memory.tmx", TMX)
    done = _invoke("check", tmx, "--glossary", GLOSSARY, "--format", "json")
    assert [(f["rule"], f["segment"]) for f in json.loads(done.output)] == [
        ("number-mismatch", "t1")
    ]
    po = _write(tmp_path, "messages.po", PO)
    done = _invoke("check", po, "--format", "json", "--severity", "info")
    rules = {(f["rule"], f["segment"]) for f in json.loads(done.output)}
    assert ("placeholder-mismatch", "greeting") in rules


def test_rules_can_be_listed_turned_off_and_silenced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = _invoke("check", "--list-rules")
    assert listed.exit_code == 0
    ids = [line.split()[0] for line in listed.output.splitlines()]
    assert {"missing-term", "number-mismatch", "tag-mismatch", "length-ratio"} <= set(ids)

    silenced = XLIFF.replace(
        "<target></target>", "<target></target><!-- align: ignore untranslated -->"
    )
    path = _write(tmp_path, "a.xlf", silenced)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.align]\nrules = { punctuation-end = false }\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    done = _invoke("check", path)
    assert done.exit_code == 0, done.output


def test_lint_lints_each_side_in_its_own_language(tmp_path: Path) -> None:
    deprecated_ko = XLIFF.replace('<g id="b1">반격 능력</g>', '<g id="b1">적기지 공격 능력</g>')
    path = _write(tmp_path, "a.xlf", deprecated_ko)
    done = _invoke("lint", path, "--glossary", GLOSSARY, "--format", "json")
    assert done.exit_code == 1, done.output
    found = {(f["rule"], f["segment"], f["side"], f["found"]) for f in json.loads(done.output)}
    assert ("deprecated-term", "u1", "source", "적기지 공격 능력") in found
    assert ("deprecated-term", "u1", "target", "enemy base strike capabilities") in found


def test_score_and_report_take_a_bilingual_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF)
    scored = _invoke("score", path, "--glossary", GLOSSARY, "--format", "json")
    assert scored.exit_code == 0, scored.output
    record = json.loads(scored.output)
    # Two source terms (USFJ rendered as approved, counterstrike with a deprecated term).
    assert record["term_accuracy"] == pytest.approx(0.5)
    # The file pairs its segments: no alignment coverage or link score, the segments instead.
    assert "alignment" not in record
    assert record["segments"] == {"checked": 3, "translated": 2}
    text = _invoke("score", path, "--glossary", GLOSSARY).output
    assert "segments: 3 checked, 2 translated (66.7%)" in text and "link score" not in text
    report = tmp_path / "report.html"
    done = _invoke("report", path, "--glossary", GLOSSARY, "-o", str(report))
    assert done.exit_code == 0, done.output
    html = report.read_text(encoding="utf-8")
    assert "About 50,000 troops are stationed there" in html and "untranslated" in html
    assert "segments: 3 checked" in html and "mean link score" not in html


def test_a_bilingual_file_given_as_one_of_two_articles_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF)
    article = str(ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance" / "ko.txt")
    done = _invoke("check", article, path)
    assert done.exit_code != 0
    assert "bilingual file" in str(done.exception) and "align check FILE" in str(done.exception)


def test_the_pair_commands_need_a_file(tmp_path: Path) -> None:
    done = _invoke("check")
    assert done.exit_code == 2
    assert "bilingual XLIFF, TMX or PO file" in done.output


def test_check_of_two_articles_takes_the_glossary_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.align]\nglossary = "{Path(GLOSSARY).as_posix()}"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    done = _invoke(
        "check", str(pair / "ko.txt"), str(pair / "en.txt"), "--encoder", "none", "--format", "json"
    )
    assert done.exit_code in (0, 1), done.output
    assert isinstance(json.loads(done.output), list)


def test_a_term_in_a_segment_without_target_is_located_in_that_segment(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF.replace("https://example.com 참조", "주일미군 참조"))
    done = _invoke("check", path, "--glossary", GLOSSARY, "--format", "json", "--severity", "info")
    (term,) = [f for f in json.loads(done.output) if f["rule"] == "untranslated-term"]
    assert term["segment"] == "u3"
    assert _at(path, term["line"], term["column"]).startswith("주일미군 참조")


def test_suppressions_are_read_from_the_file_as_decoded_once(tmp_path: Path) -> None:
    """A UTF-16 XLIFF's ``align: ignore`` comment silences its line: the comment is read from
    the text the reader decoded, not from the bytes read again as UTF-8."""
    silenced = XLIFF.replace(
        '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-16"?>'
    ).replace("<target></target>", "<target></target><!-- align: ignore untranslated -->")
    path = tmp_path / "a.xlf"
    path.write_bytes(silenced.encode("utf-16"))
    done = _invoke("check", str(path), "--format", "json")
    assert [f["rule"] for f in json.loads(done.output)] == ["punctuation-end"]


def test_a_missing_term_in_a_segment_quotes_no_link_score(tmp_path: Path) -> None:
    missing = XLIFF.replace("enemy base strike capabilities", "strike power")
    path = _write(tmp_path, "a.xlf", missing)
    done = _invoke("check", path, "--glossary", GLOSSARY, "--format", "json")
    (term,) = [f for f in json.loads(done.output) if f["rule"] == "missing-term"]
    assert term["segment"] == "u1" and "link score" not in term["message"]


def test_findings_in_a_bilingual_file_speak_of_segments_not_alignment(tmp_path: Path) -> None:
    """A bilingual file pairs its own segments: no message says "aligned" or "sentence"."""
    changed = (
        XLIFF.replace("enemy base strike capabilities", "strike power")
        .replace("About 50,000", "About 40,000")
        .replace("https://example.com 참조", "주일미군 참조")
    )
    path = _write(tmp_path, "a.xlf", changed)
    done = _invoke("check", path, "--glossary", GLOSSARY, "--format", "json", "--severity", "info")
    messages = {f["rule"]: f["message"] for f in json.loads(done.output)}
    assert "the segment's target" in messages["missing-term"]
    assert "the target has '40,000'" in messages["number-mismatch"]
    assert "a segment with no target" in messages["untranslated-term"]
    for rule in ("missing-term", "number-mismatch", "untranslated-term"):
        assert "aligned" not in messages[rule] and "sentence" not in messages[rule]


def test_a_gap_in_the_plural_forms_of_a_po_entry_is_an_error_at_its_line(tmp_path: Path) -> None:
    """msgstr[5] after msgstr[0] (nplurals=2) was read as a segment named 'id#5'."""
    header = 'msgid ""\nmsgstr "Language: en\\n"\n\n'
    entry = 'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "fichier"\nmsgstr[5] "fichiers"\n'
    path = _write(tmp_path, "plural.po", header + entry)
    glossary = str(DATA / "glossary" / "basic.tsv")
    for command in ("check", "lint", "score"):
        done = CliRunner().invoke(cli, [command, path, "--glossary", glossary])
        assert isinstance(done.exception, InputError), (command, done.output)
        assert str(done.exception).startswith(
            f"{path}:7: not a valid PO file: msgstr[5] where msgstr[1] comes next"
        )


def test_a_po_file_saved_as_utf16_is_refused_as_such(tmp_path: Path) -> None:
    """check called it 'not an XLIFF, TMX or PO file', and lint linted it as an article with
    no findings (exit 0)."""
    path = tmp_path / "ko.po"
    path.write_bytes(PO.encode("utf-16"))
    glossary = str(DATA / "glossary" / "basic.tsv")
    for command in ("check", "lint"):
        done = CliRunner().invoke(cli, [command, str(path), "--glossary", glossary])
        assert isinstance(done.exception, InputError), (command, done.output)
        assert str(done.exception).startswith(f"{path}: a PO file in UTF-16 (save it as UTF-8")


def test_a_segment_without_source_or_id_is_named_without_an_invented_id(tmp_path: Path) -> None:
    """An XLIFF 2 <segment> need not have an id; the error said <segment id="">."""
    text = (
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'version="2.0" srcLang="ko" trgLang="en"><file id="f"><unit id="u">\n'
        "<segment><target>x</target></segment></unit></file></xliff>\n"
    )
    path = _write(tmp_path, "nosource.xlf", text)
    done = CliRunner().invoke(cli, ["check", path])
    assert isinstance(done.exception, InputError), done.output
    assert str(done.exception) == (
        f"{path}:3: <segment> has no <source> (export the XLIFF again from your CAT tool)"
    )


@pytest.mark.parametrize(
    ("name", "text", "option", "declared", "agreeing"),
    [
        ("a.xlf", XLIFF, "--tgt-lang", "target language en-US", "en"),
        ("a.tmx", TMX, "--src-lang", "source language ko", "ko-KR"),
        ("m.po", PO, "--tgt-lang", "target language en", "en-GB"),
        ("b.xlf", "", "--src-lang", "source language ko-KR", "kor"),
    ],
)
def test_an_option_naming_another_language_than_the_file_warns_and_wins(
    tmp_path: Path, name: str, text: str, option: str, declared: str, agreeing: str
) -> None:
    """The options overrode a bilingual file's own languages silently; a mistyped one read a
    Korean target as German without a word. Agreeing by primary language is no warning."""
    if name == "b.xlf":  # the same units as XLIFF 2.1: languages on <xliff>, units in <unit>
        text = (
            '<?xml version="1.0"?>\n<xliff version="2.1" '
            'xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ko-KR" trgLang="en">\n'
            '<file id="f"><unit id="u1"><segment><source>병력 5만 명.</source>'
            "<target>50,000 troops.</target></segment></unit></file>\n</xliff>\n"
        )
    path = _write(tmp_path, name, text)
    other = "de" if option == "--tgt-lang" else "ja"
    # A TMX's target is chosen among its variants: with the source replaced, name it too.
    both = ["--tgt-lang", "en"] if name == "a.tmx" else []
    done = _invoke("check", path, option, other, *both)
    warnings = [line for line in done.stderr.splitlines() if line.startswith("align:")]
    assert warnings == [
        f"align: {path}: warning: the file declares {declared}, {option} gives {other}; "
        f"{option} wins"
    ], done.output
    same = _invoke("check", path, option, agreeing, *both)
    assert "declares" not in same.stderr, same.output


@pytest.mark.parametrize("option", ["de", "en-GB", "ko"])
def test_a_target_language_no_tmx_unit_carries_warns_and_wins(tmp_path: Path, option: str) -> None:
    """A TMX names only its source language; its targets are the variants in ``--tgt-lang``.
    One no unit carries (``de``, or ``en-GB`` beside ``en-US`` variants: variants are chosen by
    RFC 4647 prefix, not by primary language; or the source's own ``ko``) left every segment
    without a target, silently."""
    path = _write(tmp_path, "a.tmx", TMX)
    done = _invoke("check", path, "--tgt-lang", option)
    warnings = [line for line in done.stderr.splitlines() if line.startswith("align:")]
    assert warnings == [
        f"align: {path}: warning: the file's units carry target language en-US, --tgt-lang "
        f"gives {option}; --tgt-lang wins, so no segment has a target"
    ], done.output
    for agreeing in ("en", "en-us"):
        same = _invoke("check", path, "--tgt-lang", agreeing)
        assert "carry" not in same.stderr and "number-mismatch" in same.stdout, same.output


def test_a_target_language_only_a_skipped_tmx_unit_carries_still_warns(tmp_path: Path) -> None:
    """A unit without a source variant is skipped, so its variants are no targets: ``de`` on
    such a unit alone leaves every segment read without a target, as a ``de`` on none would.
    (``--tgt-lang`` equal to the source is the ``ko`` case above: the source's own variants
    are never targets either.)"""
    skipped = '    <tu tuid="t2"><tuv xml:lang="de"><seg>Truppen.</seg></tuv></tu>\n  </body>'
    path = _write(tmp_path, "a.tmx", TMX.replace("  </body>", skipped))
    done = _invoke("check", path, "--tgt-lang", "de")
    warnings = [line for line in done.stderr.splitlines() if line.startswith("align:")]
    assert warnings == [
        f"align: {path}: warning: the file's units carry target language en-US, --tgt-lang "
        "gives de; --tgt-lang wins, so no segment has a target"
    ], done.output


ARTICLE = "US Forces Japan has enemy base strike capabilities.\nThe deal is done.\n"


@pytest.mark.parametrize(
    ("name", "text", "named"),
    [
        ("export.xlf", ARTICLE, "XLIFF"),
        ("export.sdlxliff", '<?xml version="1.0"?>\n<xlif version="1.2"/>\n', "XLIFF"),
        ("messages.po", ARTICLE, "PO"),
        ("memory.tmx", "<!doctype html>\n<p>" + ARTICLE + "</p>\n", "TMX"),
    ],
)
def test_a_file_named_bilingual_but_not_one_is_read_as_an_article_with_a_warning(
    tmp_path: Path, name: str, text: str, named: str
) -> None:
    """Formats are told by content, so a broken export named .xlf is linted as an article: the
    results were an article's without a word. One warning line says so on every command that
    reads it as an article; the findings are unchanged."""
    path = _write(tmp_path, name, text)
    suffix = Path(name).suffix
    expected = (
        f"align: {path}: warning: named {suffix}, but its content is not {named}; read as an "
        "article (export it again from your CAT tool, or rename it)"
    )
    linted = _invoke("lint", path, "--glossary", GLOSSARY, "--lang", "en")
    assert [line for line in linted.stderr.splitlines() if "warning:" in line] == [expected]
    if ARTICLE in text:
        assert "deprecated-term" in linted.stdout, linted.output
    english = _write(tmp_path, "en.txt", ARTICLE)
    for command in (["split", path], ["sentences", english, path, "--src-lang", "en"]):
        done = _invoke(*command, "--tgt-lang" if command[0] == "sentences" else "--lang", "en")
        assert done.exit_code == 0, done.output
        assert [line for line in done.stderr.splitlines() if "warning:" in line] == [expected]


def test_a_real_bilingual_file_given_as_an_article_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check``/``score``/``report SRC TGT`` refused a bilingual file as one of two articles;
    ``split`` and ``sentences`` printed its XML as sentences."""
    from align.cli import main

    path = _write(tmp_path, "a.xlf", XLIFF)
    english = _write(tmp_path, "en.txt", ARTICLE)
    for command in (["split", path], ["sentences", path, english], ["check", path, english]):
        with pytest.raises(SystemExit) as exited:
            main(command)
        assert exited.value.code == 2, command
        assert capsys.readouterr().err.splitlines() == [
            f"align: error: {path}: is a bilingual file (XLIFF, TMX or PO), not an article "
            "(give it alone: 'align check FILE' checks its segment pairs)"
        ], command


def test_a_missing_file_is_worded_alike_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``lint`` (which first looks whether a file is bilingual) said "cannot read: No such file
    or directory" where ``check``, ``split`` and the others say "no such file"."""
    from align.cli import main

    missing = str(tmp_path / "gone.txt")
    for command in (
        ["lint", missing, "--glossary", GLOSSARY],
        ["check", missing],
        ["split", missing],
    ):
        with pytest.raises(SystemExit) as exited:
            main(command)
        assert exited.value.code == 2, command
        assert capsys.readouterr().err.splitlines() == [
            f"align: error: {missing}: no such file (check the path)"
        ], command


def test_a_source_language_no_tmx_unit_carries_warns_once(tmp_path: Path) -> None:
    """Every unit without a variant in the source language is skipped, so a ``--src-lang``
    that none carries left no segment at all. ``ja`` against the header's ``ko`` is said by
    the declared-language warning; ``ko-KP`` (the header's primary language, but no variant's
    by the prefix rule) was said by none."""
    path = _write(tmp_path, "a.tmx", TMX)
    done = _invoke("check", path, "--src-lang", "ko-KP", "--tgt-lang", "en")
    assert done.exit_code == 0, done.output
    assert [line for line in done.stderr.splitlines() if "warning" in line] == [
        f"align: {path}: warning: the file's units carry en-US, ko-KR, --src-lang gives ko-KP; "
        "--src-lang wins, so no segment is read"
    ]
    other = _invoke("check", path, "--src-lang", "ja", "--tgt-lang", "en")
    assert [line for line in other.stderr.splitlines() if "warning" in line] == [
        f"align: {path}: warning: the file declares source language ko, --src-lang gives ja; "
        "--src-lang wins"
    ]


@pytest.mark.parametrize("command", ["check", "score", "report"])
def test_engine_on_a_bilingual_file_is_a_warning_not_ignored(tmp_path: Path, command: str) -> None:
    """A bilingual file's segments are not split: --engine was taken and did nothing."""
    path = _write(tmp_path, "a.xlf", XLIFF)
    args = [command, path, "--glossary", GLOSSARY]
    if command == "report":
        args += ["-o", str(tmp_path / "r.html")]
    given = CliRunner().invoke(cli, [*args, "--engine", "rules"])
    assert given.exit_code in (0, 1), given.output
    assert given.stderr.startswith(
        "align: warning: --engine rules has no effect on a bilingual file: its segments are "
        "checked as they stand (drop --engine)\n"
    )
    if command == "report":
        args[-1] = str(tmp_path / "r2.html")
    plain = CliRunner().invoke(cli, args)
    assert plain.exit_code == given.exit_code and "--engine" not in plain.stderr


def test_a_source_language_no_tmx_unit_carries_is_named_without_tgt_lang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --tgt-lang the target is told from the units read, and a --src-lang none
    carries leaves none: the error asked for --tgt-lang, counting the skipped units' source
    variants (``ko-KR`` under ``--src-lang ko-KP``) as candidate targets."""
    from align.cli import main

    path = _write(tmp_path, "a.tmx", TMX)
    with pytest.raises(SystemExit) as exited:
        main(["check", path, "--src-lang", "ko-KP"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"align: error: {path}: no unit has a variant in --src-lang ko-KP; the units carry "
        "en-US, ko-KR (pass --src-lang as one of the languages the units carry)"
    ]


SDLXLIFF_REVIEWED = """\
<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"
  xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0">
<file original="report.docx" datatype="x-sdlfilterframework2"
  source-language="ko-KR" target-language="en-US">
<body>
<trans-unit id="b7f1">
<source>국방부가 <g id="1">발표</g>했다. 병력은 5만 명이다.</source>
<seg-source><mrk mtype="seg" mid="1">국방부가 <g id="1">발표</g>했다.</mrk> <mrk \
mtype="seg" mid="2">병력은 5만 명이다.</mrk></seg-source>
<target><mrk mtype="seg" mid="1">The ministry <g id="1">announced</g> it.</mrk> <mrk \
mtype="seg" mid="2">There are <mrk mtype="x-sdl-comment" sdl:cid="c1">50,000</mrk> troops.</mrk>\
</target>
<sdl:seg-defs><sdl:seg id="1" conf="Translated"/><sdl:seg id="2" conf="Translated"/>\
</sdl:seg-defs>
</trans-unit>
</body>
</file>
</xliff>
"""

XLIFF2_COMMENTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ko" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <notes><note id="n1">check the figure</note></notes>
   <segment>
    <source>병력은 <pc id="1">5만</pc> 명이다.</source>
    <target>There are <pc id="1"><mrk id="m1" type="comment" ref="#n=n1">50,000</mrk></pc> \
<sm id="m2" type="term"/>troops<em startRef="m2"/>.</target>
   </segment>
  </unit>
 </file>
</xliff>
"""

TMX_HIGHLIGHTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="ko" datatype="plaintext" segtype="sentence" adminlang="en"
          creationtool="test" creationtoolversion="1" o-tmf="test"/>
  <body>
    <tu tuid="t1">
      <tuv xml:lang="ko"><seg><hi type="term">병력</hi>은 5만 명이다.</seg></tuv>
      <tuv xml:lang="en"><seg>There are 50,000 troops.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("reviewed.sdlxliff", SDLXLIFF_REVIEWED),
        ("commented.xlf", XLIFF2_COMMENTED),
        ("highlighted.tmx", TMX_HIGHLIGHTED),
    ],
)
def test_a_comment_or_term_mark_on_one_side_is_no_tag_mismatch(
    tmp_path: Path, name: str, text: str
) -> None:
    """A reviewer's comment (Trados ``x-sdl-comment``, XLIFF 2 ``mrk type="comment"``) or a
    term mark (``sm``/``em``, TMX ``hi``) on one side is an annotation, not a formatting code
    of the document: the translation lost nothing, so check finds nothing."""
    path = _write(tmp_path, name, text)
    result = _invoke("check", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_a_code_lost_beside_a_comment_is_still_a_tag_mismatch(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "reviewed.sdlxliff",
        SDLXLIFF_REVIEWED.replace(' <g id="1">announced</g>', " announced"),
    )
    result = _invoke("check", path, "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [(f["rule"], f["segment"]) for f in found] == [
        ("tag-mismatch", "b7f1#1"),
        ("tag-mismatch", "b7f1#1"),
    ]


def _tracked(deleted: str, added: str) -> str:
    """SDLXLIFF_REVIEWED with a reviewer's tracked change in segment 2: ``deleted`` replaced
    by ``added``."""
    change = (
        f'<mrk mtype="x-sdl-deleted" sdl:revid="r1">{deleted}</mrk>'
        f'<mrk mtype="x-sdl-added" sdl:revid="r2">{added}</mrk>'
    )
    return SDLXLIFF_REVIEWED.replace('<mrk mtype="x-sdl-comment" sdl:cid="c1">50,000</mrk>', change)


def test_text_a_reviewer_deleted_in_trados_is_not_part_of_the_target(tmp_path: Path) -> None:
    """Trados keeps a tracked deletion in the target until it is accepted; the segment reads
    as with the changes accepted, so the corrected number is right."""
    path = _write(tmp_path, "tracked.sdlxliff", _tracked("40,000", "50,000"))
    segment = read_bilingual(path).segments[1]
    assert segment.target is not None and segment.target.text == "There are 50,000 troops."
    result = _invoke("check", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_a_wrong_number_a_reviewer_inserted_is_found_where_it_is(tmp_path: Path) -> None:
    path = _write(tmp_path, "tracked.sdlxliff", _tracked("50,000", "60,000"))
    result = _invoke("check", path, "--format", "json")
    assert result.exit_code == 1
    (found,) = json.loads(result.stdout)
    assert (found["rule"], found["segment"], found["found"]) == (
        "number-mismatch",
        "b7f1#2",
        "60,000",
    )
    assert _at(path, found["line"], found["column"]).startswith("60,000</mrk> troops.")


def test_check_says_how_many_findings_its_severity_left_out(tmp_path: Path) -> None:
    """Below --severity a finding is not printed, but the summary counts it, so that ``check``
    agrees with ``run``'s check.txt and summary, which keep every severity."""
    path = _write(tmp_path, "spaced.xlf", XLIFF.replace("has <g", "has  <g"))
    every = _invoke("check", path, "--severity", "info")
    assert "info: double-space" in every.stdout
    default = _invoke("check", path)
    assert "double-space" not in default.stdout
    summary = default.stderr.strip().splitlines()[-1]
    assert summary.endswith("in 1 file (1 info not shown: --severity info)")
    assert (
        every.stderr.strip()
        .splitlines()[-1]
        .startswith(summary.split(" in 1 file")[0] + ", 1 info")
    )


def test_check_takes_the_severity_from_settings_as_lint_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``severity`` in [tool.align] sets lint's floor; check took its own default instead, so
    a project's check printed what its lint left out (and hid what it asked for)."""
    path = _write(tmp_path, "spaced.xlf", XLIFF.replace("has <g", "has  <g"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.align]\nseverity = "info"\n', encoding="utf-8")
    assert "info: double-space" in _invoke("check", path).stdout
    (tmp_path / "pyproject.toml").write_text('[tool.align]\nseverity = "error"\n', encoding="utf-8")
    errors = _invoke("check", path, "--format", "json")
    assert {f["severity"] for f in json.loads(errors.stdout)} == {"error"}
    given = _invoke("check", path, "--severity", "warning", "--format", "json")
    assert {f["severity"] for f in json.loads(given.stdout)} == {"error", "warning"}


def test_the_report_shows_a_segments_tags_where_they_are(tmp_path: Path) -> None:
    """A translator reading a tag-mismatch in the report sees each side's inline codes in
    place; a reviewer's comment is no tag."""
    from lxml import html as lxml_html

    text = SDLXLIFF_REVIEWED.replace("it.</mrk>", 'it<x id="2"/>.</mrk>')
    path = _write(tmp_path, "reviewed.sdlxliff", text)
    report = tmp_path / "report.html"
    done = _invoke("report", path, "-o", str(report))
    assert done.exit_code == 0, done.output
    page = lxml_html.fromstring(report.read_bytes())
    texts = [p.text_content() for p in page.iterfind(".//td//p")]
    assert any(t.endswith("국방부가 <g 1>발표</g 1>했다.") for t in texts), texts
    assert any(t.endswith("The ministry <g 1>announced</g 1> it<x 2/>.") for t in texts), texts
    assert any(t.endswith("There are 50,000 troops.") for t in texts), texts
    tags = [span.text for span in page.iterfind(".//td//span[@class='tag']")]
    assert tags == ["<g 1>", "</g 1>", "<g 1>", "</g 1>", "<x 2/>"]
    assert "inline code x id=2 (standalone)" in page.xpath("string(.//span[.='<x 2/>']/@title)")
    assert "an inline code (tag) of the file" in page.xpath("string(//ul[@id='legend'])")


def test_a_term_before_a_closing_tag_ends_before_the_tag(tmp_path: Path) -> None:
    """A finding's region ends just past its last character (SARIF's exclusive endColumn):
    it ended where the next character was, after ``</g>``, so code scanning underlined the
    tag and an editor selecting the region would replace it too."""
    path = _write(tmp_path, "a.xlf", XLIFF)  # <g id="b1">enemy base strike capabilities</g>
    for command in ("lint", "check"):
        done = _invoke(command, path, "--glossary", GLOSSARY, "--format", "json")
        deprecated = [f for f in json.loads(done.stdout) if f["rule"] == "deprecated-term"]
        assert deprecated, (command, done.output)
        for finding in deprecated:
            assert finding["end_line"] == finding["line"]
            width = finding["end_column"] - finding["column"]
            assert _at(path, finding["line"], finding["column"])[:width] == finding["found"]


def test_a_finding_on_a_segment_without_source_text_is_put_on_no_row(tmp_path: Path) -> None:
    """A segment with no source text (an image's code alone, a line added for review) has no
    row in the report; its finding was put on the first row, whose pair it is not about, and
    clicking it scrolled there. It is listed with its place in the file and no row."""
    from lxml import html as lxml_html

    units = (
        '<trans-unit id="t1"><source>그는 떠났다.</source><target>He left.</target></trans-unit>'
        '<trans-unit id="img"><source><x id="1"/></source><target></target></trans-unit>'
        '<trans-unit id="added"><source></source><target>An added  line.</target></trans-unit>'
    )
    body = XLIFF[XLIFF.index("<body>") + 6 : XLIFF.index("</body>")]
    path = _write(tmp_path, "a.xlf", XLIFF.replace(body, units))
    report = tmp_path / "report.html"
    done = _invoke("report", path, "-o", str(report))
    assert done.exit_code == 0, done.output
    page = lxml_html.fromstring(report.read_bytes())
    listed = page.xpath("//li[starts-with(@id, 'finding-')]")
    assert [item.get("data-rule") for item in listed] == ["tag-mismatch", "double-space"]
    assert [item.xpath("string(.//a/@data-target)") for item in listed] == ["", ""]
    assert not page.xpath("//tr[@id='link-0']//*[@class='dot']")


ANGULAR = """\
<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="ko" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="welcome" datatype="html">
        <source>
      Welcome to the  dashboard,
      {{ name }}!
    </source>
        <target>대시보드에 오신 것을 환영합니다, {{ name }}!</target>
      </trans-unit>
      <trans-unit id="kept" datatype="html" xml:space="preserve">
        <source>
      Save</source>
        <target>저장 </target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_the_line_breaks_of_a_wrapped_xliff_are_layout_not_text(tmp_path: Path) -> None:
    """Angular's extractor wraps and indents a template's text in <source>; without
    xml:space="preserve" those line breaks and indents are the file's layout, and a target on
    one line differs in no white space. A double space on a line, and any white space in a
    preserved element, are still findings."""
    path = _write(tmp_path, "messages.ko.xlf", ANGULAR)
    done = _invoke("check", path, "--severity", "info", "--format", "json")
    found = [(f["rule"], f["segment"], f["message"]) for f in json.loads(done.stdout)]
    assert found == [
        ("whitespace-edge", "kept", "leading white space differs from the source's"),
        ("whitespace-edge", "kept", "trailing white space differs from the source's"),
    ]
    spaced = ANGULAR.replace("것을 환영합니다", "것을  환영합니다").replace(
        "{{ name }}!</target>", "\n      {{ name }}!\n    </target>"
    )
    path = _write(tmp_path, "spaced.ko.xlf", spaced)
    done = _invoke("check", path, "--severity", "info", "--format", "json")
    assert [(f["rule"], f["segment"]) for f in json.loads(done.stdout)][0] == (
        "double-space",
        "welcome",
    )
    assert len([f for f in json.loads(done.stdout) if f["segment"] == "welcome"]) == 1


def test_a_po_file_of_korean_msgids_without_a_source_language_is_read_as_korean(
    tmp_path: Path,
) -> None:
    """gettext keeps no source language, and an app written in Korean has Korean msgids: read
    as English (the default), their glossary terms went unmatched and check said nothing."""
    po = PO.replace('"X-Source-Language: ko\\n"\n', "").replace(
        'msgid "안녕하세요, %s 님!"\nmsgstr "Hello, friend!"',
        'msgid "주일미군이 왔다."\nmsgstr "The troops came."',
    )
    path = _write(tmp_path, "app.po", po)
    done = _invoke("check", path, "--glossary", GLOSSARY, "--format", "json")
    assert done.exit_code == 1, done.output
    assert [f["rule"] for f in json.loads(done.stdout)] == ["missing-term"]
    assert "names no source language (X-Source-Language) and its msgids are Korean" in (done.stderr)
    english = _write(
        tmp_path,
        "en.po",
        PO.replace('"X-Source-Language: ko\\n"\n', "").replace(
            'msgid "안녕하세요, %s 님!"', 'msgid "Hello, %s!"'
        ),
    )
    quiet = _invoke("check", english, "--format", "json")
    assert "source language" not in quiet.stderr


@pytest.mark.parametrize("command", ["check", "lint"])
def test_a_file_with_no_segment_to_check_says_so(tmp_path: Path, command: str) -> None:
    """An export of the wrong scope (every unit translate="no", no unit at all) read as a
    clean file: "no findings", exit 0, and nothing else. It still exits 0, with a warning."""
    locked = XLIFF.replace('<trans-unit id="u', '<trans-unit translate="no" id="u')
    path = _write(tmp_path, "locked.xlf", locked)
    done = _invoke(command, path, "--glossary", GLOSSARY)
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines()[0] == (
        f"align: {path}: warning: no segment with source text to check (no translatable unit "
        "or entry); export it again from your CAT tool"
    )
    clean = _invoke(command, _write(tmp_path, "a.xlf", XLIFF), "--glossary", GLOSSARY)
    assert "no segment" not in clean.stderr


def test_a_bidi_override_in_a_segment_is_shown_not_obeyed(tmp_path: Path) -> None:
    """A right-to-left override in a target reordered the rest of its cell in the report, so
    the reviewer read another translation than the file holds (Trojan Source); the page now
    shows it as <U+202E>, in the text, the headline and the findings."""
    from lxml import html as lxml_html

    hostile = XLIFF.replace("About 50,000 troops", "About \u202e000,05 troops")
    path = _write(tmp_path, "a.xlf", hostile)
    report = tmp_path / "report.html"
    done = _invoke("report", path, "-o", str(report))
    assert done.exit_code == 0, done.output
    page = lxml_html.fromstring(report.read_bytes())
    assert "\u202e" not in page.text_content()  # attributes keep it, for the exports
    cells = [p.text_content() for p in page.iterfind(".//td//p")]
    assert any(cell.endswith("About <U+202E>000,05 troops are stationed there") for cell in cells)


PROTECTED_12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="ko" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="u1">
        <source>삼성이 <mrk mtype="protected" mid="p1">Galaxy</mrk>를 냈다.</source>
        <target>Samsung launched the {GALAXY}.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

PROTECTED_2 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ko" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <segment>
    <source>삼성이 <mrk id="p1" translate="no">Galaxy</mrk>를 냈다.</source>
    <target>Samsung launched the {GALAXY}.</target>
   </segment>
  </unit>
 </file>
</xliff>
"""


@pytest.mark.parametrize(
    ("name", "text", "kept"),
    [
        ("a.xlf", PROTECTED_12, '<mrk mtype="protected" mid="p1">Galaxy</mrk>'),
        ("b.xlf", PROTECTED_2, '<mrk id="p1" translate="no">Galaxy</mrk>'),
    ],
)
def test_a_protected_marker_lost_in_the_target_is_a_tag_mismatch(
    tmp_path: Path, name: str, text: str, kept: str
) -> None:
    """Markers are annotations a target need not repeat, but one of text that must stay as
    written (XLIFF 1.2 mtype="protected", XLIFF 2 translate="no") is compared as a code."""
    rules = []
    for galaxy in (kept, "Galaxy"):
        path = _write(tmp_path, name, text.replace("{GALAXY}", galaxy))
        done = _invoke("check", path, "--format", "json")
        rules.append([f["rule"] for f in json.loads(done.stdout) if f["rule"] == "tag-mismatch"])
    assert rules == [[], ["tag-mismatch", "tag-mismatch"]]


def test_a_target_not_cut_into_the_seg_source_segments_is_read_whole(tmp_path: Path) -> None:
    """A unit cut into segments by <seg-source> whose <target> a tool wrote whole, without
    the segment markers: its translation was dropped (every segment without target) and
    check said "no findings"; the unit is now read as one segment, as without seg-source."""
    unit = (
        '<trans-unit id="u1"><source>병력은 5만 명이다. 주둔한다.</source>'
        '<seg-source><mrk mtype="seg" mid="1">병력은 5만 명이다.</mrk> '
        '<mrk mtype="seg" mid="2">주둔한다.</mrk></seg-source>'
        "<target>There are 40,000 troops. They are stationed.</target></trans-unit>"
    )
    body = XLIFF[XLIFF.index("<body>") + 6 : XLIFF.index("</body>")]
    path = _write(tmp_path, "whole.xlf", XLIFF.replace(body, unit))
    done = _invoke("check", path, "--format", "json")
    assert [(f["rule"], f["segment"]) for f in json.loads(done.stdout)] == [
        ("number-mismatch", "u1")
    ]


XLIFF_REFERENCE = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="ko" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>Japan seeks enemy base strike capabilities now.</source>
        <target>일본은 적기지 공격 능&#47141; 보유를 추진한다.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

TMX_AMP = TMX.replace(
    "About 40,000 troops are stationed there.", "It was AT&amp; then, as the staff said."
)

PO_ESCAPED = PO.replace('"Hello, friend!"', '"He said \\"no."')


@pytest.mark.parametrize("command", ["lint", "check"])
@pytest.mark.parametrize(
    ("name", "text", "term", "place", "underlined"),
    [  # place: (line, column, end_column) of the finding
        ("a.xlf", XLIFF_REFERENCE, "적기지 공격 능력", (7, 21, 37), "적기지 공격 능&#47141;"),
        ("a.tmx", TMX_AMP, "AT&", (8, 41, 48), "AT&amp;"),
    ],
)
def test_a_term_ending_in_a_reference_ends_after_the_reference(
    tmp_path: Path,
    command: str,
    name: str,
    text: str,
    term: str,
    place: tuple[int, int, int],
    underlined: str,
) -> None:
    """A finding whose last character is written as a character reference in an XLIFF or TMX
    file ends just past the whole reference (JSON's ``end_column``, SARIF's exclusive
    ``endColumn``): it ended one column past the reference's start (30 instead of 37 in
    ``능&#47141;``, on the ``a`` of ``&amp;``), so an editor selecting the region cut it."""
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        (ROOT / "glossaries" / "defence-diplomacy.tsv").read_text(encoding="utf-8")
        + "att\ten\tAT&\tforbidden\tnot a name\t\n",
        encoding="utf-8",
    )
    path = _write(tmp_path, name, text)
    found = {}
    for form in ("json", "sarif"):
        done = _invoke(command, path, "--glossary", str(glossary), "--format", form)
        assert done.exit_code in (0, 1), done.output
        found[form] = json.loads(done.stdout)
    (finding,) = [f for f in found["json"] if f["found"] == term]
    assert (finding["line"], finding["column"], finding["end_column"]) == place
    assert finding["end_line"] == place[0]
    width = place[2] - place[1]
    assert _at(path, place[0], place[1])[:width] == underlined
    regions = [
        result["locations"][0]["physicalLocation"]["region"]
        for result in found["sarif"]["runs"][0]["results"]
    ]
    assert {
        "startLine": place[0],
        "startColumn": place[1],
        "endLine": place[0],
        "endColumn": place[2],
    } in [
        {key: region[key] for key in ("startLine", "startColumn", "endLine", "endColumn")}
        for region in regions
    ]


XLIFF2_CP = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ko" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment>
        <source>그는 떠났다.</source>
        <target>He left.<cp hex="000C"/></target>
      </segment>
    </unit>
  </file>
</xliff>
"""


@pytest.mark.parametrize(
    ("name", "text", "rule", "line", "written"),
    [
        ("a.po", PO_ESCAPED, "quote-balance", 9, '\\"'),  # ended after the backslash
        ("a.xlf", XLIFF2_CP, "whitespace-edge", 7, '<cp hex="000C"/>'),  # ended after "<"
    ],
)
def test_a_finding_on_an_escaped_character_covers_the_escape(
    tmp_path: Path, name: str, text: str, rule: str, line: int, written: str
) -> None:
    """A character written as an escape (PO's ``\\"``) or an element (XLIFF 2's ``<cp/>``
    for a character XML cannot hold) is wider in the file than in the text: the QA finding on
    it covers the whole of it, not its first column."""
    path = _write(tmp_path, name, text)
    done = _invoke("check", path, "--format", "json", "--severity", "info")
    (finding,) = [f for f in json.loads(done.stdout) if f["rule"] == rule]
    assert (finding["line"], finding["end_line"]) == (line, line)
    width = finding["end_column"] - finding["column"]
    assert _at(path, line, finding["column"])[:width] == written
