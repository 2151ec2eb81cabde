"""Data safety: a killed ``align glossary add`` never leaves a partial glossary, a rerun completes,
and every file the toolkit writes goes through ``align.fsio`` (atomic, no clobbering).

The SIGKILL test of ``align corpus build`` lives with the corpus tests (``test_corpus.py``), the
20-process concurrent ``glossary add`` in ``test_glossary.py``.
"""

from __future__ import annotations

import ast
import fcntl
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli
from align.errors import GlossaryError
from align.models import Concept, Glossary, Term
from align.terms.formats import read_glossary, write_glossary

from .subproc import Frozen, run_to_point

PACKAGE = Path(__file__).resolve().parents[1] / "align"


def _big_glossary(path: Path) -> None:
    """A glossary of 1,200 terms, as big as a real one."""
    concepts = tuple(
        Concept(
            f"base{i}",
            (Term(f"base{i}", "en", f"base term {i}"), Term(f"base{i}", "ko", f"기본 용어 {i}")),
        )
        for i in range(600)
    )
    write_glossary(Glossary(concepts), str(path))


def _terms(path: Path) -> set[tuple[str, str]]:
    return {(t.concept, t.text) for c in read_glossary(str(path)).concepts for t in c.terms}


def _add_args(path: Path, index: int) -> list[str]:
    return [
        "glossary",
        "add",
        str(path),
        "--concept",
        f"new{index}",
        "--lang",
        "en",
        "--term",
        f"new term {index}",
    ]


def _add(path: Path, index: int) -> list[str]:
    return [sys.executable, "-m", "align", *_add_args(path, index)]


def _temporaries(path: Path) -> set[Path]:
    """Hidden temporary files of writes to ``path`` (``align.fsio``), finished or not."""
    return set(path.parent.glob(f".{path.name}.*.tmp"))


# Each step of ``add_term``, in order: open the lock file, lock it, create a hidden temporary
# file, write it, rename it over the glossary, remove the lock file (tests/stop_at.py).
STEPS = ("lock-opened", "locked", "temp-created", "temp-written", "replaced", "removed")
RENAMED = {"replaced", "removed"}  # the steps at which the new glossary is in place


def _lock_is_held(lock: Path) -> bool:
    handle = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # closing releases a lock taken here
    return False


def _assert_frozen_at(
    step: str,
    frozen: Frozen,
    path: Path,
    before: bytes,
    temporaries: set[Path],
    added: set[tuple[str, str]],
) -> None:
    """The folder shows the step the process had reached: which file, the lock, the glossary."""
    lock = path.with_name(f".{path.name}.lock")
    where = frozen.path
    assert where is not None
    if step.startswith("temp-"):
        assert _temporaries(path) == temporaries | {where} and where not in temporaries
    else:
        assert _temporaries(path) == temporaries
        assert where == (path if step == "replaced" else lock)
    if step == "lock-opened":
        assert not _lock_is_held(lock)
    elif step == "removed":
        assert not lock.exists()
    else:
        assert _lock_is_held(lock)
    if step == "temp-created":
        assert where.stat().st_size == 0
    if step == "temp-written":  # the whole new glossary, not yet renamed into place
        copy = path.parent.with_name(f"written{path.suffix}")
        copy.write_bytes(where.read_bytes())
        assert _terms(copy) == added
    if step in RENAMED:
        assert _terms(path) == added
    else:
        assert path.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".tsv", ".tbx"])
def test_glossary_add_killed_at_any_step_never_leaves_a_partial_file(
    tmp_path: Path, suffix: str
) -> None:
    """Killed at any step of its write, ``glossary add`` leaves the old glossary byte for byte
    or the new one whole; run again, it completes; no visible stray file is left."""
    folder = tmp_path.resolve() / "glossaries"  # as the stopped process names its files
    folder.mkdir()
    path = folder / f"glossary{suffix}"
    _big_glossary(path)
    expected = _terms(path)
    steps = list(STEPS) * 2  # every step twice, in an order of the seeded generator's
    random.Random(f"kill{suffix}").shuffle(steps)
    for index, step in enumerate(steps):
        before, temporaries = path.read_bytes(), _temporaries(path)
        new = (f"new{index}", f"new term {index}")
        with run_to_point(step, 1, folder, ["-m", "align", *_add_args(path, index)]) as frozen:
            assert frozen.stopped, f"glossary add never reached {step}: {frozen.describe()}"
            _assert_frozen_at(step, frozen, path, before, temporaries, expected | {new})
        # SIGKILLed there.
        # Whole: the old file exactly before the rename, the old file plus the new term after.
        if step in RENAMED:
            assert _terms(path) == expected | {new}
        else:
            assert path.read_bytes() == before
        # A rerun completes, or finds the term the killed run had already added.
        rerun = CliRunner().invoke(cli, _add_args(path, index))
        if step in RENAMED:
            assert isinstance(rerun.exception, GlossaryError), rerun.output
            assert "already in concept" in str(rerun.exception)
        else:
            assert rerun.exit_code == 0 and rerun.exception is None, rerun.output
        expected = expected | {new}
        assert _terms(path) == expected
        # Killed runs may leave a hidden temporary or lock file; never a visible one.
        assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == [path.name]


# --- every write is atomic ----------------------------------------------------------------------

_WRITE_CALLS = {
    "write_text",
    "write_bytes",
    "write_parquet",
    "to_parquet",
    "write_csv",
    "write_ndjson",
    "write_json",
    "sink_parquet",
    "mkstemp",
    "NamedTemporaryFile",
}


def _safe_targets(tree: ast.AST) -> set[str]:
    """Names bound to an fsio temporary (``with fsio.atomic_path(...) as tmp``) or a BytesIO."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With):
            for item in node.items:
                call = item.context_expr
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and isinstance(call.func.value, ast.Name)
                    and call.func.value.id == "fsio"
                    and isinstance(item.optional_vars, ast.Name)
                ):
                    names.add(item.optional_vars.id)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) == (
                "BytesIO"
            ):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _direct_writes(path: Path) -> list[str]:
    """Calls in ``path`` that write files without align.fsio: open(..., 'w'), Path.write_*...

    Allowed: ``fsio.*`` and ``tables.write_parquet`` (atomic), and writes into an fsio temporary
    or an in-memory buffer.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    safe = _safe_targets(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = func.value if isinstance(func, ast.Attribute) else None
        via_atomic = isinstance(owner, ast.Name) and owner.id in ("fsio", "tables", "t")
        into_safe = (
            bool(node.args) and isinstance(node.args[0], ast.Name) and (node.args[0].id in safe)
        )
        if name == "open" or (name == "fdopen" and path.stem != "fsio"):
            modes = [arg.value for arg in node.args[1:2] if isinstance(arg, ast.Constant)]
            modes += [
                kw.value.value
                for kw in node.keywords
                if kw.arg == "mode" and isinstance(kw.value, ast.Constant)
            ]
            if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                found.append(f"{path.name}:{node.lineno}: {name}(..., {modes[0]!r})")
        elif name in _WRITE_CALLS and not via_atomic and not into_safe:
            found.append(f"{path.name}:{node.lineno}: {name}()")
    return found


def test_every_file_written_goes_through_fsio() -> None:
    allowed = {
        "fsio.py",  # the atomic writer itself
        # sequential writes into a stream fsio.atomic_open handed over
        "tables.py",
    }
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 30  # the audit reads the whole package, sub-packages included
    offenders = [
        hit
        for module in modules
        if module.relative_to(PACKAGE).as_posix() not in allowed
        for hit in _direct_writes(module)
    ]
    assert offenders == [], "write these through align.fsio:\n" + "\n".join(offenders)


def test_the_audit_finds_direct_writes(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text(
        "import io\nfrom pathlib import Path\n"
        "def f(p, frame):\n"
        "    open(p, 'w').write('x')\n"
        "    Path(p).write_text('x')\n"
        "    frame.write_parquet(p)\n"
        "    buffer = io.BytesIO()\n"
        "    frame.write_parquet(buffer)\n"
        "    open(p, 'rb').read()\n",
        encoding="utf-8",
    )
    assert sorted(hit.split(": ", 1)[0] for hit in _direct_writes(module)) == [
        "bad.py:4",
        "bad.py:5",
        "bad.py:6",
    ]


# --- no output is replaced without --overwrite --------------------------------------------------


def _writers(tmp_path: Path) -> dict[str, list[str]]:
    clean = tmp_path / "clean.txt"
    clean.write_text("A short article. It has two sentences.\n", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Seoul, 3 May 2024. A short article.\n", encoding="utf-8")
    glossary = str(Path(__file__).parent / "data" / "glossary" / "basic.tsv")
    out = str(tmp_path / "out")
    return {
        "sentences": [
            "sentences",
            str(clean),
            str(clean),
            "--presplit",
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "-o",
            out,
        ],
        "sentences-moses": [
            "sentences",
            str(clean),
            str(clean),
            "--presplit",
            "--src-lang",
            "en",
            "--tgt-lang",
            "de",
            "--format",
            "moses",
            "-o",
            out,
        ],
        "pair": [
            "pair",
            str(folder),
            str(folder),
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "-o",
            out + ".tsv",
        ],
        "glossary-convert": ["glossary", "convert", glossary, out + ".tbx"],
        "report": [
            "report",
            str(clean),
            str(clean),
            "--glossary",
            glossary,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "-o",
            out + ".html",
        ],
    }


@pytest.mark.parametrize(
    "command", ["sentences", "sentences-moses", "pair", "glossary-convert", "report"]
)
def test_an_existing_output_is_kept_without_overwrite(tmp_path: Path, command: str) -> None:
    from click.testing import CliRunner

    from align.cli import cli
    from align.errors import ExportError

    args = _writers(tmp_path)[command]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code in (0, 1), first.output
    written = {p: p.read_bytes() for p in tmp_path.glob("out*")}
    assert written
    for path in written:
        path.write_bytes(b"precious")
    again = CliRunner().invoke(cli, args)
    assert isinstance(again.exception, ExportError) and "--overwrite" in str(again.exception)
    assert all(path.read_bytes() == b"precious" for path in written)
    replaced = CliRunner().invoke(cli, [*args, "--overwrite"])
    assert replaced.exit_code in (0, 1), replaced.output
    assert {p: p.read_bytes() for p in written} == written


@pytest.mark.slow
def test_twenty_parallel_adds_to_a_tbx_glossary_lose_nothing(tmp_path: Path) -> None:
    """The TSV case is in test_glossary.py; TBX is rewritten whole, so it is tested too."""
    path = tmp_path / "g.tbx"
    write_glossary(Glossary((Concept("seed", (Term("seed", "en", "seed term"),)),)), str(path))
    processes = [subprocess.Popen(_add(path, i), stderr=subprocess.PIPE) for i in range(20)]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    assert _terms(path) == {("seed", "seed term")} | {
        (f"new{i}", f"new term {i}") for i in range(20)
    }


@pytest.mark.parametrize("command", ["sentences", "report", "glossary-convert"])
def test_an_input_named_as_the_output_is_refused_even_with_overwrite(
    tmp_path: Path, command: str
) -> None:
    from align.errors import ExportError

    if command == "glossary-convert":
        victim = tmp_path / "glossary.tsv"
        victim.write_bytes((Path(__file__).parent / "data" / "glossary" / "basic.tsv").read_bytes())
        args = ["glossary", "convert", str(victim), str(victim)]
    else:
        args = _writers(tmp_path)[command]
        victim = Path(args[1])
        args[args.index("-o") + 1] = str(victim)
    before = victim.read_bytes()
    refused = CliRunner().invoke(cli, [*args, "--overwrite"])
    assert isinstance(refused.exception, ExportError)
    assert "one of this command's input files" in str(refused.exception)
    assert victim.read_bytes() == before


def test_an_input_reached_through_a_symlink_is_refused_too(tmp_path: Path) -> None:
    from align.errors import ExportError

    args = _writers(tmp_path)["sentences"]
    link = tmp_path / "link.txt"
    link.symlink_to(Path(args[1]).resolve())
    before = link.read_bytes()
    args[args.index("-o") + 1] = str(link)
    refused = CliRunner().invoke(cli, [*args, "--overwrite"])
    assert isinstance(refused.exception, ExportError)
    assert link.is_symlink() and link.read_bytes() == before
