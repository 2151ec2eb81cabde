"""Measure the language check (``align.text.languages``) on shared data: how often a file given
in its own language is refused (false refusals, to be 0), and how often a swapped file is
caught (refusals of Korean given as English and the reverse).

Data (read from ../shared/data, never copied): every ``ko*.txt``/``en*.txt`` of
ko-en-news-ntrex128, ko-en-news-park and ko-en-bible-krv-kjv; Text+Berg (de, fr) and ParIce
(en, is) gold files for two Latin-script pairs, which the check must never refuse, swapped or not
(same script: it does not tell them apart, by design).

Usage: .venv/bin/python scripts/eval_language_check.py
Exits 0 with a note when ../shared is absent.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from align.read.readers import read_article
from align.text.languages import mismatch

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
KO_EN = ("ko-en-news-ntrex128", "ko-en-news-park", "ko-en-bible-krv-kjv")


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: nothing measured")
        return 0
    counts: Counter[str] = Counter()
    for dataset in KO_EN:
        for path in sorted((SHARED / dataset).rglob("*.txt")):
            lang = path.name.split(".")[0]
            if lang not in ("ko", "en"):
                continue
            text = read_article(str(path)).text
            other = "en" if lang == "ko" else "ko"
            counts["files"] += 1
            counts["refused as own language"] += mismatch(text, lang) is not None
            counts["caught when swapped"] += mismatch(text, other) is not None
    for folder, langs in (
        ("align-gold/textberg-de-fr-dev", ("de", "fr")),
        ("align-gold/parice-en-is", ("en", "is")),
    ):
        for lang in langs:
            for path in sorted((SHARED / folder).rglob("*")):
                if path.is_file() and lang in path.relative_to(SHARED / folder).parts[:-1]:
                    text = path.read_text(encoding="utf-8", errors="replace")
                    counts["latin files"] += 1
                    counts["latin refused"] += any(
                        mismatch(text, given) is not None for given in langs
                    )
    for key, value in counts.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
