"""``align run`` over several pairs: a progress bar on a terminal, a summary table at the end
instead of a list of paths, and an ``index.html`` linking every pair's report."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from .conftest import CORPUS, ROOT, DictionaryPair


def _pairs(root: Path, names: tuple[str, ...] = ("pair-a", "pair-b")) -> Path:
    for name in names:
        (root / name).mkdir(parents=True)
        for lang in ("ko", "en"):
            shutil.copyfile(CORPUS / f"{lang}.txt", root / name / f"{lang}.txt")
    return root


def _align(*args: str, terminal: bool = False) -> tuple[int, str, str]:
    """Run align; with ``terminal`` its stderr is a pseudo-terminal, as in a shell."""
    command = [sys.executable, "-m", "align", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout, done.stderr
    main, child = pty.openpty()
    chunks = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=child, text=True) as process:
        os.close(child)
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        stdout = process.stdout.read() if process.stdout else ""
        code = process.wait()
    os.close(main)
    return code, stdout, b"".join(chunks).decode("utf-8", "replace")


def test_a_pair_run_from_inside_its_folder_gets_a_folder_of_its_own(tmp_path: Path) -> None:
    """``cd corpora/PAIR && align run . -o ~/out``: the pair's name was ``Path('.').name``, empty,
    so its results landed in ``out`` itself and its summary row had no name (``..`` wrote
    beside ``out``). Both now go to ``out/PAIR``, named as the folder is."""
    pair = _pairs(tmp_path / "in", ("pair-a",)) / "pair-a"
    (pair / "sub").mkdir()
    for given, cwd in ((".", pair), ("..", pair / "sub")):
        out = tmp_path / f"out-{len(given)}"
        done = subprocess.run(
            [sys.executable, "-m", "align", "run", given, "-o", str(out), "--encoder", "none"],
            capture_output=True,
            text=True,
            check=False,
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == 0, done.stderr
        assert sorted(path.name for path in out.iterdir()) == ["pair-a"]
        assert (out / "pair-a" / "alignment.links").is_file()
        assert done.stdout.splitlines()[1].split()[0] == "pair-a"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in", "out-1", "out-2"]


@pytest.mark.parametrize(
    ("given", "output", "hint"),
    [
        ("in", "in", "outside in"),  # a folder of pairs: results beside the articles
        ("in/pair-a", "in", "other than in"),  # results into the pair folder itself
        ("in/pair-a", "in/pair-a/out", "outside in/pair-a"),
    ],
)
def test_results_inside_the_input_folder_are_refused_before_any_write(
    tmp_path: Path, given: str, output: str, hint: str
) -> None:
    """``align run corpora -o corpora`` wrote every pair's results into its pair folder, and a
    later ``align lint corpora`` linted them as articles. As ``corpus build`` refuses an
    OUT_DIR inside its inputs, ``run`` refuses such a folder: one line, exit 2, nothing made."""
    _pairs(tmp_path / "in")
    before = sorted(tmp_path.rglob("*"))
    done = subprocess.run(
        [sys.executable, "-m", "align", "run", given, "-o", output, "--encoder", "none"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"inside the input folder {given} " in done.stderr
    assert done.stderr.startswith(f"align: error: {output}: ")
    assert f"(choose an -o folder {hint})" in done.stderr
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.slow
def test_a_run_over_several_pairs_ends_with_a_table_and_an_index(tmp_path: Path) -> None:
    corpus = _pairs(tmp_path / "in")
    out = tmp_path / "out"
    code, stdout, stderr = _align("run", str(corpus), "-o", str(out), "--encoder", "none")
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[0].split()[:3] == ["pair", "sentences", "ko/en"]
    assert "error" in lines[0] and "warning" in lines[0] and "report" in lines[0]
    rows = {line.split()[0]: line.split() for line in lines[1:3]}
    assert rows["pair-a"][1:3] == ["38/40", "42"]
    assert rows["pair-a"][-1] == str(out / "pair-a" / "report.html")
    assert lines[3].startswith("total (2 pairs)") and str(out / "index.html") in lines[3]
    assert not any(line.endswith(".jsonl") for line in lines)  # no list of every file
    assert len(lines) < 10
    assert "2/2" not in stderr  # no progress bar when stderr is not a terminal
    assert ".align-work" not in stderr  # nor notes about our own work folders
    index = lxml_html.parse(str(out / "index.html")).getroot()
    links = index.xpath("//table[@id='index']//a/@href")
    assert links == ["pair-a/report.html", "pair-b/report.html"]
    assert all((out / link).is_file() for link in links)
    first = index.xpath("//table[@id='index']//tbody/tr")[0]
    cells = [cell.text_content() for cell in first.xpath("./td")]
    assert cells[1] == "38 / 40" and cells[2] == "42" and "2 error" in cells[3]
    assert "미·일" in cells[0] and "pair-a" in cells[0]


@pytest.mark.slow
def test_the_progress_bar_shows_on_a_terminal_and_quiet_silences_all(tmp_path: Path) -> None:
    corpus = _pairs(tmp_path / "in")
    code, stdout, stderr = _align(
        "run", str(corpus), "-o", str(tmp_path / "out"), "--encoder", "none", terminal=True
    )
    assert code == 0, stderr
    assert "pairs" in stderr and "2/2" in stderr
    assert stdout.startswith("pair ")
    code, stdout, stderr = _align(
        "run",
        str(corpus),
        "-o",
        str(tmp_path / "quiet"),
        "--encoder",
        "none",
        "-q",
        terminal=True,
    )
    assert code == 0
    assert stdout == "" and "pairs" not in stderr


@pytest.mark.parametrize("glossary", ["missing.tsv", "broken.tsv"])
def test_a_bad_glossary_stops_the_run_before_any_file_is_written(
    tmp_path: Path, glossary: str
) -> None:
    from click.testing import CliRunner

    from align.cli import cli
    from align.errors import GlossaryError

    (tmp_path / "broken.tsv").write_text("concept\tlang\tterm\nc\tklingon\tx\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(_pairs(tmp_path / "in")), "-o", str(out), "--encoder", "none"]
    result = CliRunner().invoke(cli, [*args, "--glossary", str(tmp_path / glossary)])
    assert isinstance(result.exception, GlossaryError), result.output
    assert str(result.exception).startswith(str(tmp_path / glossary))
    assert not out.exists() or not any(path.is_file() for path in out.rglob("*"))


def test_a_dictionary_anchors_the_run_as_it_does_align_sentences(
    tmp_path: Path, dictionary_pair: DictionaryPair
) -> None:
    # 새/bird links 새가 운다 to "The bird sings."; without the pair the run links it wrongly.
    from click.testing import CliRunner

    from align.cli import cli

    pair = tmp_path / "in"
    pair.mkdir()
    (pair / "ko.txt").write_text(dictionary_pair.korean, encoding="utf-8")
    (pair / "en.txt").write_text(dictionary_pair.english, encoding="utf-8")
    words = dictionary_pair.words

    def links(out: str, *extra: str) -> list[str]:
        args = ["run", str(pair), "-o", str(tmp_path / out), "--encoder", "none", *extra]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        text = (tmp_path / out / "in" / "alignment.links").read_text(encoding="utf-8")
        return [line.rsplit(":", 1)[0] for line in text.splitlines()]

    assert "[2]:[1]" not in links("plain")
    assert "[2]:[1]" in links("helped", "--dictionary", str(words))


def test_run_takes_the_glossary_tool_align_names_as_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tool.align] glossary applies to check, score, report and lint; run, which does all of
    them, took the curated glossary instead, so its check.txt differed from `align check`'s."""
    import json

    from click.testing import CliRunner

    from align.cli import cli

    _pairs(tmp_path, ("pair",))
    (tmp_path / "my.tsv").write_text(
        "concept\tlang\tterm\tstatus\n"
        "msdf\tko\t해상자위대\tpreferred\n"
        "msdf\ten\tMaritime Self-Defense Force\tpreferred\n",
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text('[tool.align]\nglossary = "my.tsv"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "pair", "-o", "out", "--encoder", "none", "-q"])
    assert result.exit_code == 0, result.output
    findings = json.loads((tmp_path / "out" / "pair" / "check.json").read_text("utf-8"))
    concepts = {finding.get("concept") for finding in findings} - {None, ""}
    assert concepts == {"msdf"}, concepts


def json_string(path: Path) -> str:
    """``path`` as a TOML basic string (JSON's quoting is TOML's for a path)."""
    import json

    return json.dumps(str(path))


def _run_in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str) -> Path:
    """`align run` on one pair in a project whose `[tool.align]` names the shipped glossary
    and ``setting``; the pair's output folder."""
    from click.testing import CliRunner

    from align.cli import cli

    _pairs(tmp_path, ("pair",))
    glossary = Path(__file__).parents[1] / "glossaries" / "defence-diplomacy.tsv"
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.align]\nglossary = {json_string(glossary)}\n{setting}\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "pair", "-o", "out", "--encoder", "none", "-q"])
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "pair"


def test_run_leaves_out_the_rules_tool_align_switches_off_as_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rules = { number-mismatch = false }` silenced `align check` but not run's check.txt."""
    out = _run_in_project(tmp_path, monkeypatch, "rules = { number-mismatch = false }")
    report = (out / "check.txt").read_text("utf-8")
    assert "missing-term" in report and "number-mismatch" not in report


def test_run_lints_at_the_severity_tool_align_names_as_lint_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run's lint.txt and lint.sarif took warnings whatever `severity` the project set, so a
    project at `severity = "error"` found in them what `align lint` leaves out."""
    out = _run_in_project(tmp_path, monkeypatch, 'severity = "error"')
    lines = (out / "lint.txt").read_text("utf-8").splitlines()
    assert lines and all(": error: " in line for line in lines), lines


def test_a_run_over_several_pairs_says_once_which_folder_it_created(tmp_path: Path) -> None:
    """`align run corpora -o out` said `created folder` once for out, once per pair folder and
    once for out/corpus: the folders of its own layout are not news, the missing -o folder is."""
    from click.testing import CliRunner

    from align.cli import cli

    corpus = _pairs(tmp_path / "in", ("pair-a", "pair-b", "pair-c"))
    out = tmp_path / "new" / "out"
    args = ["run", str(corpus), "--encoder", "none", "-o"]
    result = CliRunner().invoke(cli, [*args, str(out)])
    assert result.exit_code == 0, result.output
    created = [line for line in result.stderr.splitlines() if "created folder" in line]
    assert created == [f"align: created folder {tmp_path / 'new'}"]
    assert (out / "pair-c" / "report.html").is_file()
    existing = tmp_path / "existing"
    existing.mkdir()
    again = CliRunner().invoke(cli, [*args, str(existing)])
    assert again.exit_code == 0, again.output
    assert "created folder" not in again.stderr
    assert (existing / "pair-a" / "report.html").is_file()
