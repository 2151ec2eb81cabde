"""Benchmark: the Korean analysers (MeCab-ko, Kiwi) on what the toolkit uses them for.

1. Accuracy of term-match confirmation:
   - the term, lint and check tests run once per analyser (``pytest --morph NAME``);
   - every word the matcher asks about, with both analysers: the words of the embedded Korean
     article and of the Korean strings in those tests (their glossaries and the project's), and
     each Korean glossary term followed by common particles, endings and compound heads. The
     verdicts that differ are listed, for a person to judge.
2. Speed and memory, each analyser in a fresh process: load time (import and first analysis),
   MB/s of confirmations (the words above, batched, each analysed once), peak RSS.

    .venv/bin/python scripts/bench_morph.py [--skip-tests]
"""

from __future__ import annotations

import argparse
import ast
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.models import Glossary, Term  # noqa: E402
from align.terms import matching  # noqa: E402
from align.terms.formats import read_glossary  # noqa: E402
from align.text.morph import ANALYSERS, analyser  # noqa: E402

CORPUS = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
GLOSSARY = ROOT / "glossaries" / "defence-diplomacy.tsv"
_TERM = Term("bench", "ko", "bench")
TEST_FILES = ("tests/test_terms.py", "tests/test_lint.py", "tests/test_check.py")
# What may follow a glossary term in its word: particles the matcher does not accept on sight
# and the copula, in the form the term's last syllable takes (with and without a final
# consonant): a match; compound heads: no match. The gold verdicts of the synthetic words.
PARTICLES = (
    ("이", "가"),
    ("도", "도"),
    ("으로", "로"),
    ("과", "와"),
    ("이다", "다"),
    ("이라고", "라고"),
    ("으로도", "로도"),
    ("에서도", "에서도"),
    ("이나", "나"),
    ("까지도", "까지도"),
)
HEADS = ("사령부", "군", "국", "론", "장", "법", "회의")


def _hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in text)


def test_strings() -> list[str]:
    """The Korean string literals of the term, lint and check tests."""
    found: list[str] = []
    for name in TEST_FILES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if _hangul(node.value) and "\t" not in node.value:
                    found.append(node.value)
    return found


def test_glossaries() -> list[Glossary]:
    sys.path.insert(0, str(ROOT))
    from tests import test_check, test_terms

    return [test_terms.GLOSSARY, test_check.GLOSSARY, read_glossary(str(GLOSSARY))]


def _final_consonant(term: str) -> bool:
    last = term[-1]
    return "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0


def synthetic() -> dict[tuple[str, int], bool]:
    """Each Korean term (the tests' glossaries and the project's) with each particle (gold:
    a match) and each compound head (gold: no match)."""
    gold: dict[tuple[str, int], bool] = {}
    for glossary in test_glossaries():
        for term in {t.text for c in glossary.concepts for t in c.terms_in("ko")}:
            word = term.split()[-1]
            for consonant, vowel in PARTICLES:
                tail = consonant if _final_consonant(word) else vowel
                gold[(word + tail, len(word))] = True
            for head in HEADS:
                gold[(word + head, len(word))] = False
    return gold


def asked_words() -> list[tuple[str, int]]:
    """Every (word, where the term ends) the matcher asks an analyser about in the embedded
    article and the Korean strings of the tests."""
    texts = [CORPUS.joinpath("ko.txt").read_text(encoding="utf-8"), *test_strings()]
    keys: dict[tuple[str, int], None] = {}
    for glossary in test_glossaries():
        matcher = matching.build_matcher(glossary, "ko")
        for text in texts:
            norm = " ".join(text.split())
            for candidate in matching._scan(norm, matcher):
                if candidate[5] is not None:
                    keys[candidate[5]] = None
    return list(keys)


def verdicts(name: str, words: list[tuple[str, int]]) -> list[bool]:
    """What the matcher decides for each word with analyser ``name`` (a fresh matcher)."""
    matcher = matching.build_matcher(Glossary(()), "ko", name)
    blocks = [matching._Block(0, 0, None, [(0, 1, _TERM, 0, False, key) for key in words])]
    matching._confirm(blocks, [""], matcher, [[]])
    return [matcher.verdicts[key] for key in words]


def run_tests(name: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow"]
        + ["--morph", name, *TEST_FILES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr


def measure(name: str, words: list[tuple[str, int]]) -> dict[str, float]:
    """Load time, confirmation throughput (the matcher's decisions, from a fresh cache each
    pass) and peak RSS of ``name``, in this process."""
    started = time.perf_counter()
    analyser(name).analyse(["시작"])
    load = time.perf_counter() - started
    size = sum(len(word.encode("utf-8")) for word, _ in words)
    repeats = max(1, 1_000_000 // max(size, 1))  # about 1 MB of words
    started = time.perf_counter()
    for _ in range(repeats):
        verdicts(name, words)
    elapsed = time.perf_counter() - started
    return {
        "load_s": load,
        "mb_per_s": size * repeats / 1e6 / elapsed,
        "peak_mb": peak_mb(),
    }


def peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ``ru_maxrss``, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not run the test files")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # NAME WORDS.json
    args = parser.parse_args()
    if args.measure:
        name, path = args.measure
        asked = [(word, end) for word, end in json.loads(Path(path).read_text(encoding="utf-8"))]
        print(json.dumps(measure(name, asked)))
        return
    gold = synthetic()
    words = list(dict.fromkeys([*asked_words(), *gold]))
    names = list(ANALYSERS)
    results = {name: verdicts(name, words) for name in names}
    print(f"synthetic words with a gold verdict: {len(gold)}")
    for name in names:
        right = sum(results[name][words.index(key)] == want for key, want in gold.items())
        wrong = [
            f"{w[:b]}|{w[b:]}"
            for (w, b), want in gold.items()
            if results[name][words.index((w, b))] != want
        ]
        print(f"  {name}: {right}/{len(gold)} = {right / len(gold):.1%}; wrong: {', '.join(wrong)}")
    print(f"words asked about in all (article, tests, synthetic): {len(words)}")
    differ = [k for k in range(len(words)) if len({results[n][k] for n in names}) > 1]
    print(f"verdicts that differ: {len(differ)} of {len(words)}")
    for k in differ:
        word, boundary = words[k]
        shown = ", ".join(f"{n} {'match' if results[n][k] else 'no match'}" for n in names)
        print(f"  {word[:boundary]}|{word[boundary:]}: {shown}")
    print(f"{'analyser':<8} {'tests':<28} {'load s':>7} {'MB/s':>7} {'peak MB':>8}")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(words, handle, ensure_ascii=False)
    for name in names:
        tests = "skipped" if args.skip_tests else run_tests(name)
        done = subprocess.run(
            [sys.executable, __file__, "--measure", name, handle.name],
            capture_output=True,
            text=True,
            check=True,
        )
        m = json.loads(done.stdout)
        print(
            f"{name:<8} {tests[:28]:<28} {m['load_s']:>7.3f} {m['mb_per_s']:>7.2f} "
            f"{m['peak_mb']:>8.0f}"
        )
    Path(handle.name).unlink()


if __name__ == "__main__":
    main()
