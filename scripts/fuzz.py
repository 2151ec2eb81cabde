"""Fuzz every reader of user files: the only acceptable outcomes are a result or an AlignError.

A mutation fuzzer in the style of AFL's "havoc" stage (Zalewski, american fuzzy lop, 2014):
each input is a seed from the attack corpus and the project's own fixtures, changed by a few
random edits (bit flips, random or "interesting" bytes, deletions, duplications, splices with
another seed, truncation, tokens such as ``<!ENTITY``, ``&#xD800;``, a lone surrogate, a BOM or a
bidi control, and control characters: C0 and C1 controls, bidi overrides and isolates, soft
hyphens, line separators, non-characters, as bytes and as XML character references). The
``names`` target mutates file *names* instead (bytes that are not UTF-8, controls, newlines,
overrides, quotes) and requires every output that names the file to be printable UTF-8 on
one line. It runs in-process, deterministically from ``--seed``, for a bounded time, and a
per-input alarm turns a hang into a reported crash. (atheris installs here, but libFuzzer stops
at the first crash and exits the process, which suits neither a pytest run nor counting.)

Usage:
    python scripts/fuzz.py                      # every target, 10 s each
    python scripts/fuzz.py --target tbx --seconds 60 --crashes crashes/

Prints, per target, the inputs tried and the crashes found (distinct by exception type and the
line that raised it); exits 1 when there is a crash. Crashing inputs go to ``--crashes``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MAX_SEED_BYTES = 16_384
PER_INPUT_SECONDS = 5

TOKENS = (
    b"<!ENTITY",
    b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"&#99999999;",
    b"&lol;",
    b"<",
    b">",
    b"]]>",
    b"<![CDATA[",
    b"<?xml ",
    b'encoding="utf-16"',
    b"<tig>",
    b"<term>",
    b"<tu>",
    b"<seg>",
    b'<tuv xml:lang="',
    b"</",
    b'xml:lang=""',
    b"\t",
    b"\r\n",
    b"\r",
    b"\n\n",
    b"\x00",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xe2\x80\xae",
    b"\xe1\x84\x92\xe1\x85\xa1",
    b"\xf0\x9f\x98\x80",
    b"\xc7\xd1",
    b"\xff",
    b'"',
    b"'",
    b"#",
    b"x-score",
    b"x-source",
    b"NaN",
    b"-1",
    b"1e999",
    b"[0,1]:[",
    b"]:",
    b'{"src": ',
    b"\\u0000",
    b" " * 64,
    b"preferredTerm-admn-sts",
    b"regex",
    b"(a+)+$",
    b"concept\tlang\tterm\n",
)

# Control characters for the control-character mutation: C0 (but NUL, which TOKENS has), DEL,
# C1 and NEL as UTF-8, bidi controls and isolates, invisible characters, separators,
# non-characters, and the same as XML character references.
CONTROLS = (
    *(bytes([code]) for code in (*range(1, 32), 0x7F)),
    *(chr(code).encode() for code in range(0x80, 0xA0)),
    *(
        char.encode()
        for char in "\u00ad\u034f\u061c\u200b\u200d\u200e\u200f\u2028\u2029\u202a\u202b"
        "\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff\U000e0041"
    ),
    b"&#27;",
    b"&#x1b;",
    b"&#xFFFE;",
    b"&#x202E;",
    b"&#1;",
)

# Seeds of the ``names`` target: file names that broke align (issue 17) and their neighbours.
NAME_SEEDS = (
    b"caf\xe9",
    b"d\xff\xfe",
    b"\xed\xa0\x80",
    b"input \x1b[31m red",
    b"two\nlines",
    b"cr\rhere",
    "\u202eevil\u202c".encode(),
    "soft\u00adhyphen".encode(),
    "\u1112\u1161\u11ab".encode(),  # NFD Hangul
    "한국어 기사 ①".encode(),
    b"-dash",
    b"%41 %%",
    b'quote\' "double" <tag> &amp; a:b,c',
    b"back\\slash\\x41",
    b"\xc2\x85nel",
)


# --- targets -------------------------------------------------------------------------------------


def _via_file(
    folder: Path, suffix: str, read: Callable[[str], object]
) -> Callable[[bytes], object]:
    """A target that writes the input to a file in ``folder`` and reads it back (the real path)."""
    path = folder / f"input{suffix}"

    def target(data: bytes) -> object:
        path.write_bytes(data)
        return read(str(path))

    return target


TARGETS = (
    "text",
    "html",
    "tbx",
    "table",
    "dictionary",
    "presplit",
    "tmx",
    "links",
    "jsonl",
    "names",
)


def _named(folder: Path) -> Callable[[bytes], object]:
    """The ``names`` target: the input is a file *name*. An article is written under it and
    read; every output that names the file (an error, findings in each format, a pairs table,
    an XML attribute) must be UTF-8 and, where the format is one line per record, one line."""
    from align.errors import AlignError
    from align.models import DocumentPair, Finding
    from align.read import readers
    from align.review import findings
    from align.tables import pairs_tsv

    article = "Seoul said so.\n서울이 말했다.\n".encode()

    def target(data: bytes) -> object:
        name = data.replace(b"/", b"_").replace(b"\x00", b"_")[:200] or b"_"
        if name in (b".", b".."):
            name += b"_"
        path = os.path.join(os.fsencode(folder), name + b".txt")
        with open(path, "wb") as stream:
            stream.write(article)
        text_path = os.fsdecode(path)
        try:
            outputs = [readers.read_article(text_path).path]
            readers.read_article(text_path + "-missing")
        except AlignError as error:
            message = str(error)
            if "\n" in message or "\r" in message:
                raise AssertionError(f"an error message of two lines: {message!r}") from error
            outputs.append(message)
        finally:
            os.unlink(path)
        finding = Finding("forbidden-term", "error", text_path, 1, 1, 1, 5, "m", "c", "x", "s")
        for fmt in findings.FORMATS:
            rendered = findings.render([finding], fmt)
            if fmt in ("text", "github") and "\n" in rendered:
                raise AssertionError(f"a {fmt} finding of two lines: {rendered!r}")
            outputs.append(rendered)
        outputs.append(pairs_tsv([DocumentPair(text_path, text_path, 1.0, "id")]))
        for output in outputs[1:]:
            output.encode("utf-8")  # raises on a lone surrogate
        return outputs

    return target


def _targets(folder: Path) -> dict[str, tuple[Callable[[bytes], object], list[Path]]]:
    """Every target with its seed files; file-reading targets write their inputs in ``folder``."""
    from align.export import formats
    from align.jobs import documents
    from align.read import dictionary, readers
    from align.terms.formats import read_glossary
    from align.terms.tbx import parse_tbx

    text_seeds = [
        *sorted((DATA / "readers").glob("*.txt")),
        *sorted((DATA / "hostile").glob("text-*")),
        *sorted((DATA / "seed").glob("*")),
    ]
    html_seeds = [
        *sorted((DATA / "hostile").glob("html-*")),
        *sorted((DATA / "readers").glob("*.html")),
        *sorted((ROOT / "corpora").glob("*/*.html")),
    ]
    tbx_seeds = [
        *sorted((DATA / "glossary").glob("*.tbx")),
        *sorted((DATA / "hostile").glob("tbx-*")),
        *sorted(ROOT.glob("glossaries/*.tbx")),
    ]
    table_seeds = [
        *sorted((DATA / "glossary").glob("*.tsv")),
        *sorted(ROOT.glob("glossaries/*.tsv")),
    ]
    tmx_seeds = sorted((DATA / "hostile").glob("tmx-*"))
    return {
        "text": (_via_file(folder, ".txt", readers.read_article), text_seeds),
        "html": (_via_file(folder, ".html", readers.read_article), html_seeds),
        "tbx": (lambda data: parse_tbx(data, "fuzz.tbx"), tbx_seeds + tmx_seeds),
        "table": (_via_file(folder, ".tsv", read_glossary), table_seeds + text_seeds[:4]),
        "dictionary": (
            _via_file(folder, ".tsv", dictionary.read_dictionary),
            table_seeds + text_seeds[:4],
        ),
        "presplit": (_via_file(folder, ".txt", documents.read_presplit), text_seeds),
        "tmx": (lambda data: formats.parse_tmx(data, "fuzz.tmx"), tmx_seeds + tbx_seeds[:2]),
        "links": (
            lambda data: formats.parse_links(data.decode("utf-8", "replace")),
            [DATA / "seed" / "gold.align"],
        ),
        "jsonl": (lambda data: formats.parse_jsonl(data.decode("utf-8", "replace")), []),
        "names": (_named(folder), []),
    }


def _extra_seeds(name: str) -> list[bytes]:
    """Seeds no fixture file holds: hostile file names, and our own TMX and JSONL output of a
    tiny aligned pair."""
    if name == "names":
        return list(NAME_SEEDS)
    if name not in ("tmx", "jsonl"):
        return []
    from align.export import formats
    from align.models import Link, Sentence

    side = formats.AlignedSide(
        "a.txt", "ko", "한국 & <b>.\t😀", (Sentence("한국 & <b>.\t😀", 0, 13),)
    )
    other = formats.AlignedSide("b.txt", "en", "Korea.", (Sentence("Korea.", 0, 6),))
    pair = formats.AlignedPair(side, other, (Link((0,), (0,), 0.9),))
    return [formats.render("tmx" if name == "tmx" else "jsonl", pair).encode("utf-8")]


# --- the engine ----------------------------------------------------------------------------------


class _Hang(Exception):
    """An input took longer than PER_INPUT_SECONDS."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hang(f"no result within {PER_INPUT_SECONDS} s")


def mutate(data: bytes, seeds: list[bytes], rng: random.Random) -> bytes:
    """A few havoc edits of ``data``."""
    buffer = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 4, 8))):
        kind = rng.randrange(10)
        where = rng.randrange(len(buffer) + 1)
        if kind == 0 and buffer:
            buffer[where % len(buffer)] ^= 1 << rng.randrange(8)
        elif kind == 1 and buffer:
            buffer[where % len(buffer)] = rng.randrange(256)
        elif kind == 2:
            buffer[where:where] = rng.randbytes(rng.randrange(1, 16))
        elif kind == 3:
            del buffer[where : where + rng.randrange(1, 64)]
        elif kind == 4 and buffer:
            start = rng.randrange(len(buffer))
            chunk = buffer[start : start + rng.randrange(1, 256)]
            buffer[where:where] = chunk * rng.choice((1, 2, 16))
        elif kind == 5 and seeds:
            other = rng.choice(seeds)
            start = rng.randrange(len(other) + 1)
            buffer[where:] = other[start : start + rng.randrange(1, 1024)]
        elif kind == 6:
            del buffer[where:]
        elif kind == 7:
            buffer[where:where] = mutate_controls(rng)
        else:
            buffer[where:where] = rng.choice(TOKENS)
    return bytes(buffer)


def mutate_controls(rng: random.Random) -> bytes:
    """A run of one to four control characters (:data:`CONTROLS`) to insert."""
    return b"".join(rng.choice(CONTROLS) for _ in range(rng.choice((1, 1, 2, 4))))


@dataclass
class Report:
    """What fuzzing one target found."""

    target: str
    tried: int = 0
    results: int = 0
    errors: int = 0
    crashes: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # where -> (what, input)

    def line(self) -> str:
        return (
            f"{self.target:<11} {self.tried:>7} inputs  {self.results:>6} results  "
            f"{self.errors:>6} AlignErrors  {len(self.crashes)} crashes"
        )


def _signature(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    inside = [f for f in frames if "/align/" in f.filename] or frames
    where = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    return f"{type(error).__name__} at {where}"


def fuzz(name: str, seconds: float, seed: int = 0) -> Report:
    """Fuzz target ``name`` for ``seconds``; deterministic for a given ``seed`` and speed."""
    with tempfile.TemporaryDirectory(prefix="align-fuzz-") as scratch:
        return _fuzz(name, seconds, seed, Path(scratch))


def _fuzz(name: str, seconds: float, seed: int, scratch: Path) -> Report:
    from align.errors import AlignError

    target, paths = _targets(scratch)[name]
    seeds = [p.read_bytes()[:MAX_SEED_BYTES] for p in paths if p.is_file()]
    seeds += _extra_seeds(name)
    seeds = seeds or [b""]
    rng = random.Random(f"{name}:{seed}")
    report = Report(name)
    previous = signal.signal(signal.SIGALRM, _alarm)
    deadline = time.monotonic() + seconds
    try:
        queue = list(seeds)  # every seed once as it is, then mutants
        while time.monotonic() < deadline:
            data = queue.pop() if queue else mutate(rng.choice(seeds), seeds, rng)
            report.tried += 1
            signal.alarm(PER_INPUT_SECONDS)
            try:
                target(data)
                report.results += 1
            except AlignError:
                report.errors += 1
            except (Exception, RecursionError, _Hang) as error:  # noqa: BLE001 - a crash
                report.crashes.setdefault(_signature(error), (str(error)[:120], data))
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--target",
        action="append",
        choices=sorted(TARGETS),
        help="target(s) to fuzz (default: all)",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="time per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--crashes", type=Path, default=None, help="folder to save crashing inputs in"
    )
    args = parser.parse_args()
    total_tried = total_crashes = 0
    for name in args.target or sorted(TARGETS):
        report = fuzz(name, args.seconds, args.seed)
        print(report.line(), flush=True)
        for signature, (message, data) in report.crashes.items():
            print(f"    {signature}: {message}")
            if args.crashes is not None:
                args.crashes.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha1(data).hexdigest()[:12]
                (args.crashes / f"{name}-{digest}.bin").write_bytes(data)
        total_tried += report.tried
        total_crashes += len(report.crashes)
    print(f"total: {total_tried} inputs, {total_crashes} distinct crashes")
    return 1 if total_crashes else 0


if __name__ == "__main__":
    sys.exit(main())
