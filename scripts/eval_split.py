"""Boundary precision, recall and F1 of each sentence splitter against gold segment offsets.

Usage: python scripts/eval_split.py [--shared ../shared] [--show-errors N] [--kinds]

What is measured (a *boundary* is the offset where a segment other than the first one starts):

* ``ko-en-news-ntrex128`` (dev): each ``*.doc.txt`` (headline, blank line, body) is split as
  plain text through ``segment.split_article``; a predicted boundary is a sentence start, a gold
  boundary a WMT segment start from ``gold.tsv``. Precision = predicted boundaries that are gold
  boundaries / predicted; recall = gold boundaries predicted / gold; F1 their harmonic mean
  (micro-averaged over all documents). Some segments hold two sentences (the Korean translator
  often joined or split sentences), so precision is understated: ``inner`` counts orthographic
  sentence ends (letter, final punctuation, closing quotes, space) inside gold segments (for
  English it also counts "U.S. President"-style abbreviations), and ``P-len``/``F1-len`` leave
  predicted cuts at those places unscored.
* ``ko-en-bible-krv-kjv`` (dev): gold segments are VERSES, which may hold several sentences (and
  a sentence may run on across verses), so a cut inside a verse is not an error in itself.
  Reported: verse-boundary recall (gold verse starts that are predicted sentence starts: a missed
  one means a predicted sentence straddles two verses), the share of predicted cuts that fall on a
  verse boundary, and cuts inside verses per verse (over-splitting relative to verses).

``--kinds`` reports boundary P/R/F1 per text kind instead: news (the NTREX documents above;
``F1-len`` as there) and the hand-made sets in ``tests/data/split/`` (``<lang>-<kind>.txt``:
gold sentences one per line, paragraphs apart by a blank line; the text is each paragraph's
sentences joined with single spaces). It scores every engine (en rules; ko rules and kiwi) and,
as peer baselines for Korean, Kiwi's own ``split_into_sents`` (``kiwi-own``: its sentence
starts, paragraph by paragraph, through ``align.text.morph``) and, with ``--kss PYTHON``, kss
(run by that interpreter in a subprocess: kss is never a dependency of this project), with the
speed in kB/s of CPU time. ``tests/data/split/blind/`` holds sets written before the rules
they measure were changed, reported as ``<kind> (blind)``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from align.models import Article
from align.split import segment

ROOT = Path(__file__).resolve().parents[1]
RUNS = (("en", "rules"), ("ko", "rules"), ("ko", "mecab"), ("ko", "kiwi"))
KIND_RUNS = (*RUNS, ("ko", "kiwi-own"))
SETS = ROOT / "tests" / "data" / "split"
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


# An orthographic sentence end inside a gold segment: final punctuation after a letter, closing
# quotes, white space, then more text. Such segments hold two sentences (the WMT unit, or the
# translator joined them), so a cut there is right by the text and wrong by the gold.
INNER_END = re.compile(r"(?<=[^\W\d_])[.?!]+[\"'”’)]*\s+(?=\S)")


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    hits: int = 0
    units: int = 0
    inner: int = 0
    inner_cut: int = 0
    seconds: float = 0.0

    @property
    def lenient_precision(self) -> float:
        """Precision when cuts at orthographic sentence ends inside a gold segment are not
        counted at all (neither right nor wrong)."""
        scored = self.predicted - self.inner_cut
        return self.hits / scored if scored else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _documents(
    folder: Path, lang: str, first_line_only: bool
) -> Iterator[tuple[str, str, set[int], set[int]]]:
    """(name, text, gold boundaries, orthographic sentence ends inside gold segments)."""
    column = 2 if lang == "ko" else 4
    for doc in sorted((folder / "docs").iterdir()):
        text = (doc / f"{lang}.doc.txt").read_text(encoding="utf-8")
        text = text.split("\n", 1)[0] if first_line_only else text.removesuffix("\n")
        with open(doc / "gold.tsv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))[1:]
        starts = {int(row[column]) for row in rows}
        inner = {
            int(row[column]) + m.end()
            for row in rows
            for m in INNER_END.finditer(text[int(row[column]) : int(row[column + 1])])
        }
        yield doc.name, text, starts - {min(starts)}, inner


def _evaluate(folder: Path, lang: str, engine: str, bible: bool, errors: list[str]) -> Tally:
    tally = Tally()
    for name, text, gold, inner in _documents(folder, lang, first_line_only=bible):
        began = time.perf_counter()
        sentences = segment.split_article(
            Article(path=name, text=text, blocks=()), lang, engine=engine
        )
        tally.seconds += time.perf_counter() - began
        predicted = {s.start for s in sentences[1:]}
        tally.predicted += len(predicted)
        tally.gold += len(gold)
        tally.hits += len(predicted & gold)
        tally.units += len(gold) + 1
        tally.inner += len(inner)
        tally.inner_cut += len(predicted & inner)
        for offset in sorted(gold - predicted):
            errors.append(
                f"{name} missed: …{text[max(0, offset - 40) : offset]}|"
                f"{text[offset : offset + 30]}…"
            )
        for offset in sorted(predicted - gold):
            errors.append(
                f"{name} extra:  …{text[max(0, offset - 40) : offset]}|"
                f"{text[offset : offset + 30]}…"
            )
    return tally


@dataclass(frozen=True)
class Unit:
    """A text to split, its gold boundaries, and sentence ends inside gold segments."""

    name: str
    text: str
    gold: frozenset[int]
    inner: frozenset[int]


def _set_units(path: Path) -> list[Unit]:
    """The paragraphs of a hand-made set, each joined with single spaces, and their joins."""
    units = []
    for number, block in enumerate(path.read_text(encoding="utf-8").split("\n\n")):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
        if not lines:
            continue
        starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(1, len(lines))]
        units.append(Unit(f"{path.stem}#{number}", " ".join(lines), frozenset(starts), frozenset()))
    return units


def _news_units(folder: Path, lang: str) -> list[Unit]:
    return [
        Unit(name, text, frozenset(gold), frozenset(inner))
        for name, text, gold, inner in _documents(folder, lang, first_line_only=False)
    ]


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The non-blank paragraphs of ``text`` with their offsets."""
    start = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            yield start, text[start:end]
        start = match.end() if match else end


def _predict(unit: Unit, lang: str, engine: str) -> set[int]:
    """Predicted boundaries of ``unit`` (sentence starts but the first)."""
    if engine != "kiwi-own":
        sentences = segment.split_text(unit.text, lang, engine=engine)
        return {s.start for s in sentences[1:]}
    from align.text import morph

    pieces = list(_paragraphs(unit.text))
    found = morph.sentences([text for _, text in pieces])
    starts = {
        offset + s.start
        for (offset, _), sentences in zip(pieces, found, strict=True)
        for s in sentences
    }
    return starts - {min(starts, default=0)}


# Run in the interpreter given by --kss (a virtual environment with kss installed, never a
# dependency of this project): paragraphs as JSON on stdin; their sentences and the seconds
# spent splitting (after one warm-up call that loads kss's analyser) as JSON on stdout.
KSS_CHILD = """
import json, sys, time
import kss
paragraphs = json.load(sys.stdin)
kss.split_sentences("모델을 불러온다. 준비됐다.")
began = time.process_time()
found = [kss.split_sentences(p) for p in paragraphs]
json.dump({"sentences": found, "seconds": time.process_time() - began}, sys.stdout)
"""


def _kss(units: list[Unit], python: str) -> tuple[list[set[int]], float]:
    """kss's boundaries for each unit, and its CPU seconds: kss's sentences are found in order
    in each paragraph (kss returns them as slices of the input, stripped)."""
    pieces = [
        (k, offset, text) for k, unit in enumerate(units) for offset, text in _paragraphs(unit.text)
    ]
    done = subprocess.run(
        [python, "-c", KSS_CHILD],
        input=json.dumps([text for _, _, text in pieces]),
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    starts: list[set[int]] = [set() for _ in units]
    for (k, offset, text), sentences in zip(pieces, result["sentences"], strict=True):
        at = 0
        for sentence in sentences:
            found = text.find(sentence.strip()[:8], at)
            if found >= 0:
                starts[k].add(offset + found)
                at = found + 1
    return [found - {min(found, default=0)} for found in starts], float(result["seconds"])


def _kinds(ntrex: Path, kss: str | None) -> None:
    kinds: list[tuple[str, str, list[Unit]]] = []
    for lang in ("en", "ko"):
        if ntrex.is_dir():
            kinds.append(("news", lang, _news_units(ntrex, lang)))
        for path in sorted(SETS.glob(f"{lang}-*.txt")):
            kinds.append((path.stem.split("-", 1)[1], lang, _set_units(path)))
        for path in sorted((SETS / "blind").glob(f"{lang}-*.txt")):
            kinds.append((path.stem.split("-", 1)[1] + " (blind)", lang, _set_units(path)))
    print("boundaries per text kind (news: NTREX dev; others: tests/data/split)")
    print(
        f"{'kind':18} {'lang':4} {'engine':8} {'gold':>5} {'pred':>5} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'F1-len':>6} {'kB/s':>8}"
    )
    runs = [*KIND_RUNS, *((("ko", "kss"),) if kss else ())]
    for kind, lang, units in kinds:
        for run_lang, engine in runs:
            if run_lang != lang:
                continue
            if engine == "kss" and kss:
                predictions, seconds = _kss(units, kss)
            else:
                _predict(units[0], lang, engine)  # load any model before the clock starts
                began = time.process_time()
                predictions = [_predict(unit, lang, engine) for unit in units]
                seconds = time.process_time() - began
            t = Tally(seconds=seconds)
            for unit, predicted in zip(units, predictions, strict=True):
                t.predicted += len(predicted)
                t.gold += len(unit.gold)
                t.hits += len(predicted & unit.gold)
                t.inner_cut += len(predicted & unit.inner)
            p_len = t.lenient_precision
            f1_len = 2 * p_len * t.recall / (p_len + t.recall) if p_len + t.recall else 0.0
            size = sum(len(unit.text.encode("utf-8")) for unit in units) / 1000
            speed = size / t.seconds if t.seconds else 0.0
            print(
                f"{kind:18} {lang:4} {engine:8} {t.gold:5d} {t.predicted:5d} {t.precision:6.3f} "
                f"{t.recall:6.3f} {t.f1:6.3f} {f1_len:6.3f} {speed:8.1f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--shared",
        default=str(ROOT.parent / "shared"),
        help="the shared data folder (default: ../shared)",
    )
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print up to N missed/extra boundaries per run",
    )
    parser.add_argument(
        "--kinds",
        action="store_true",
        help="report boundary P/R/F1 per text kind (news and tests/data/split) per engine",
    )
    parser.add_argument(
        "--kss",
        metavar="PYTHON",
        help="with --kinds, also score kss, run by this interpreter (one with kss installed)",
    )
    args = parser.parse_args()
    data = Path(args.shared) / "data"
    ntrex = data / "ko-en-news-ntrex128"
    bible = data / "ko-en-bible-krv-kjv"
    if args.kinds:
        _kinds(ntrex, args.kss)
        return 0
    if not ntrex.is_dir() and not bible.is_dir():
        print(f"eval_split: {data} not found; nothing to evaluate (needs ../shared/data)")
        return 0
    if ntrex.is_dir():
        print("ko-en-news-ntrex128 (dev): boundaries = WMT segment starts")
        print(
            f"{'lang':4} {'engine':6} {'docs':>5} {'gold':>5} {'pred':>5} "
            f"{'P':>6} {'R':>6} {'F1':>6} {'inner':>6} {'P-len':>6} {'F1-len':>6} {'sec':>6}"
        )
        for lang, engine in RUNS:
            errors: list[str] = []
            t = _evaluate(ntrex, lang, engine, bible=False, errors=errors)
            docs = len(list((ntrex / "docs").iterdir()))
            p_len = t.lenient_precision
            f1_len = 2 * p_len * t.recall / (p_len + t.recall) if p_len + t.recall else 0.0
            print(
                f"{lang:4} {engine:6} {docs:5d} {t.gold:5d} {t.predicted:5d} "
                f"{t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.inner:6d} {p_len:6.3f} "
                f"{f1_len:6.3f} {t.seconds:6.2f}"
            )
            for line in errors[: args.show_errors]:
                print("    " + line)
        print(
            "inner = orthographic sentence ends inside gold segments (multi-sentence segments);"
            " P-len/F1-len leave cuts there unscored"
        )
    if bible.is_dir():
        print()
        print("ko-en-bible-krv-kjv (dev): gold = verse starts (a verse may hold several sentences)")
        print(
            f"{'lang':4} {'engine':6} {'verses':>6} {'cuts':>6} {'verse-R':>8} "
            f"{'cuts@verse':>10} {'in-verse cuts/verse':>20} {'sec':>6}"
        )
        for lang, engine in RUNS:
            errors = []
            t = _evaluate(bible, lang, engine, bible=True, errors=errors)
            inside = (t.predicted - t.hits) / t.units
            print(
                f"{lang:4} {engine:6} {t.units:6d} {t.predicted:6d} {t.recall:8.3f} "
                f"{t.precision:10.3f} {inside:20.3f} {t.seconds:6.2f}"
            )
            for line in errors[: args.show_errors]:
                print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
