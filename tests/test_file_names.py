"""File and folder names that are not UTF-8 (issue 17, item 9): every command reads such files
and names them in its outputs as readable escapes (``\\xff``), never crashing or writing bytes
that are not UTF-8. Skipped on file systems that refuse such names."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from align.shown import shown, unshown

GLOSSARY = Path(__file__).resolve().parents[1] / "glossaries" / "defence-diplomacy.tsv"
# A Latin-1 byte (not UTF-8) in a folder and a file name, as an old crawl or archive leaves.
ODD_DIR = os.fsdecode(b"d\xff")
ODD_FILE = os.fsdecode(b"caf\xe9.txt")


def _make(path: Path, source: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
    except (OSError, UnicodeEncodeError) as error:  # e.g. macOS APFS, Windows
        pytest.skip(f"this file system refuses names that are not UTF-8: {error}")


@pytest.fixture
def odd(tmp_path: Path, corpus_dir: Path) -> Path:
    """Under ``tmp_path``: ``ko/d\\xff/caf\\xe9.txt`` and ``en/caf\\xe9.txt`` (a pair by name),
    and ``run/d\\xff/{ko,en}.txt`` (one pair for ``align run``)."""
    _make(tmp_path / "ko" / ODD_DIR / ODD_FILE, corpus_dir / "ko.txt")
    _make(tmp_path / "en" / ODD_FILE, corpus_dir / "en.txt")
    for lang in ("ko", "en"):
        _make(tmp_path / "run" / ODD_DIR / f"{lang}.txt", corpus_dir / f"{lang}.txt")
    return tmp_path


def _align(args: list[str], cwd: Path, expect: int = 0) -> str:
    """Run ``align`` in a child process; its output must be UTF-8 (decoded strictly)."""
    done = subprocess.run(
        [sys.executable, "-m", "align", *args], cwd=cwd, capture_output=True, timeout=300
    )
    stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == expect, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    return stdout + stderr


def test_shown_escapes_undecodable_bytes_and_controls_and_unshown_reverses_it() -> None:
    for name in (b"d\xff/caf\xe9.txt", b"tab\there\x1b[31m", "x\u0085\u2028".encode()):
        text = shown(os.fsdecode(name))
        text.encode("utf-8")  # printable as UTF-8
        assert "\t" not in text and "\x1b" not in text
        assert unshown(text) == os.fsdecode(name)
    assert shown(os.fsdecode(b"d\xff/caf\xe9.txt")) == "d\\xff/caf\\xe9.txt"
    assert shown("한국어/기사 ①.txt") == "한국어/기사 ①.txt"


def test_pair_names_odd_files_in_tsv_and_parquet(odd: Path) -> None:
    text = _align(["pair", "ko", "en", "--encoder", "none"], odd)
    assert "ko/d\\xff/caf\\xe9.txt\ten/caf\\xe9.txt" in text
    _align(["pair", "ko", "en", "--encoder", "none", "-o", "pairs.parquet"], odd)
    table = pl.read_parquet(odd / "pairs.parquet")
    assert table.row(0)[:2] == ("ko/d\\xff/caf\\xe9.txt", "en/caf\\xe9.txt")


@pytest.mark.slow
def test_corpus_build_and_run_read_odd_names(odd: Path) -> None:
    out = odd / os.fsdecode(b"out\xfe")  # polars and sentencepiece take UTF-8 paths only
    _align(["corpus", "build", "ko", "en", "-o", str(out), "--encoder", "none"], odd)
    _align(["corpus", "spm", str(out), "--vocab-size", "400"], odd)
    assert (out / "spm.model").is_file()
    documents = pl.read_parquet(io.BytesIO((out / "documents.parquet").read_bytes()))
    assert documents.row(0)[:2] == ("ko/d\\xff/caf\\xe9.txt", "en/caf\\xe9.txt")
    assert documents["n_links"][0] > 0  # its links were found: the file was read
    record = json.loads((out / "corpus.jsonl").read_text(encoding="utf-8").split("\n")[0])
    assert record["doc"] == "d\\xff/caf\\xe9.txt"

    text = _align(["run", "run", "-o", "results", "--encoder", "none"], odd)
    assert "results/d\\xff/report.html" in text
    folder = odd / "results" / ODD_DIR
    assert (folder / "alignment.tmx").is_file() and (folder / "lint.sarif").is_file()
    assert "d\\xff/en.txt" in (folder / "lint.txt").read_text(encoding="utf-8")


def test_lint_names_odd_files_in_every_format(odd: Path) -> None:
    article = f"en/{ODD_FILE}"
    common = ["lint", article, "--glossary", str(GLOSSARY)]
    assert "en/caf\\xe9.txt:5:29: error: forbidden-term" in _align(common, odd, expect=1)
    records = json.loads(_align([*common, "--format", "json"], odd, expect=1))
    assert records[0]["path"] == "en/caf\\xe9.txt"
    sarif = json.loads(_align([*common, "--format", "sarif"], odd, expect=1))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "en/caf%E9.txt"  # the exact bytes, RFC 3986
    assert "file=en/caf\\xe9.txt," in _align([*common, "--format", "github"], odd, expect=1)


def test_report_and_errors_name_odd_files(odd: Path) -> None:
    source, target = f"ko/{ODD_DIR}/{ODD_FILE}", f"en/{ODD_FILE}"
    report = ["report", source, target, "--glossary", str(GLOSSARY), "-o", "r.html"]
    _align([*report, "--encoder", "none"], odd)
    page = (odd / "r.html").read_text(encoding="utf-8")
    assert "caf\\xe9.txt (ko)" in page and "\ufffd" not in page
    missing = _align(["split", os.fsdecode(b"gone\xff.txt"), "--lang", "en"], odd, expect=2)
    assert "gone\\xff.txt: no such file" in missing
