"""Input limits: ``--max-bytes`` on every command that reads files, huge lines, huge documents."""

from __future__ import annotations

import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from align import limits
from align.cli import cli
from align.errors import ConfigError, InputError

from .conftest import DATA, ROOT
from .subproc import CPU_LIMIT_SECONDS, RSS_LIMIT_MB, run_align
from .test_cli import ALL_COMMANDS

# Commands that read no user file.
NO_INPUT = {(), ("glossary",), ("corpus",), ("corpus", "spm")}


@pytest.mark.parametrize(
    "command", [c for c in ALL_COMMANDS if c not in NO_INPUT], ids=lambda c: " ".join(c)
)
def test_every_command_that_reads_files_takes_max_bytes(command: tuple[str, ...]) -> None:
    found = _command(command)
    assert "--max-bytes" in [opt for param in found.params for opt in param.opts]


def _command(names: tuple[str, ...]) -> click.Command:
    group: click.Command = cli
    for name in names:
        assert isinstance(group, click.Group)
        found = group.get_command(click.Context(group), name)
        assert found is not None
        group = found
    return group


def test_the_readme_says_why_a_command_has_no_max_bytes() -> None:
    """The README promised ``--max-bytes`` on every command that reads files, and ``corpus
    spm`` reads a corpus without it: each command without the option is named, with why, in
    the README's paragraph on limits."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("- **Limits**") :].split("\n- ")[0]
    for command in NO_INPUT:
        if not isinstance(_command(command), click.Group):
            assert f"`{' '.join(command)}` has none" in " ".join(paragraph.split())


@pytest.mark.parametrize(
    ("text", "size"),
    [("5000", 5000), ("64K", 65536), ("200M", 200 << 20), ("1.5G", 3 << 29), ("2 MiB", 2 << 20)],
)
def test_sizes(text: str, size: int) -> None:
    assert limits.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "12Q", "-5", "0", "M"])
def test_bad_sizes_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        limits.parse_size(text)


def _args(command: str, big: str, clean: str) -> list[str]:
    glossary = str(DATA / "glossary" / "basic.tsv")
    return {
        "split": ["split", big, "--lang", "en"],
        "lint": ["lint", big, "--glossary", glossary, "--lang", "en"],
        "sentences": [
            "sentences",
            clean,
            big,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--presplit",
        ],
        "sentences --dictionary": [
            "sentences",
            clean,
            clean,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--dictionary",
            big,
        ],
        "glossary show": ["glossary", "show", big],
        "lint --glossary": ["lint", clean, "--glossary", big, "--lang", "en"],
    }[command]


@pytest.mark.parametrize(
    "command",
    ["split", "lint", "sentences", "sentences --dictionary", "glossary show", "lint --glossary"],
)
def test_a_file_over_the_limit_is_a_one_line_error(command: str, tmp_path: Path) -> None:
    big = tmp_path / ("big.tsv" if "glossary" in command else "big.txt")
    big.write_text("concept\tlang\tterm\n" + "c\ten\tword\n" * 1000, encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("A short article. It fits.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*_args(command, str(big), str(clean)), "--max-bytes", "4K"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        f"{big}: larger than the 4,096-byte limit (pass a larger --max-bytes, or split the file)"
    )


def test_the_limit_is_restored_after_the_command() -> None:
    with limits.limited(10):
        assert limits.max_bytes() == 10
        with pytest.raises(ConfigError):
            with limits.limited(0):
                pass
    assert limits.max_bytes() == limits.DEFAULT_MAX_BYTES


def test_reading_a_device_stops_at_the_limit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="limit"):
        limits.read_limited("/dev/zero", 1 << 20)


@pytest.mark.slow
def test_a_single_100_mb_line(tmp_path: Path) -> None:
    """A 100 MB line: refused fast under a limit, and read in bounded time and memory under the
    default (the reader must not be quadratic or copy it many times)."""
    line = tmp_path / "line.txt"
    with open(line, "wb") as stream:
        chunk = b"word " * 200_000  # 1 MB, no sentence end, no line break
        for _ in range(100):
            stream.write(chunk)
    refused = run_align(["split", str(line), "--lang", "en", "--max-bytes", "50M"], tmp_path)
    assert refused.code == 2 and "larger than the 52,428,800-byte limit" in refused.stderr
    assert refused.rss_mb <= RSS_LIMIT_MB, refused.describe()
    from align.read import readers

    started = time.process_time()
    article = readers.read_article(str(line))
    assert len(article.text) == 100_000_000 and len(article.blocks) == 1
    assert time.process_time() - started <= CPU_LIMIT_SECONDS


@pytest.mark.slow
def test_100000_sentences_against_an_empty_document(tmp_path: Path) -> None:
    many = tmp_path / "many.txt"
    many.write_text("".join(f"Sentence number {i}.\n" for i in range(100_000)), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for source, target in ((many, empty), (empty, many)):
        outcome = run_align(
            [
                "sentences",
                str(source),
                str(target),
                "--presplit",
                "--src-lang",
                "en",
                "--tgt-lang",
                "en",
            ],
            tmp_path,
        )
        assert outcome.code == 0, outcome.describe()
        lines = outcome.stdout.splitlines()
        assert len(lines) == 100_000
        assert lines[0] == ("[0]:[]:" if source == many else "[]:[0]:") + lines[0].split(":")[-1]
        assert outcome.cpu_seconds <= CPU_LIMIT_SECONDS * 6, outcome.describe()
        assert outcome.rss_mb <= RSS_LIMIT_MB, outcome.describe()


def test_reading_a_small_file_does_not_reserve_the_limit(tmp_path: Path) -> None:
    """A 1 KB article must not allocate the 200 MB limit (it would fail under an address-space
    limit, e.g. in a constrained worker)."""
    import tracemalloc

    from align import limits

    path = tmp_path / "small.txt"
    path.write_text("짧은 기사. A short article.\n" * 40, encoding="utf-8")
    tracemalloc.start()
    try:
        data = limits.read_limited(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == path.read_bytes()
    assert peak < 1_000_000


def test_a_pipe_is_read_to_its_end(tmp_path: Path) -> None:
    """A pipe returns short reads before its end: none of its text may be lost."""
    import os
    import threading

    from align import limits

    fifo = tmp_path / "article.fifo"
    os.mkfifo(fifo)
    text = ("한 문장입니다. " * 20000).encode("utf-8")

    def feed() -> None:
        with open(fifo, "wb") as stream:
            for start in range(0, len(text), 4096):
                stream.write(text[start : start + 4096])
                stream.flush()

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        assert limits.read_limited(str(fifo)) == text
    finally:
        writer.join(timeout=10)
