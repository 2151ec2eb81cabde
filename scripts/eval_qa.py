"""Precision and recall of each QA rule (``align.review.qa``) on planted errors in real news.

Usage: python scripts/eval_qa.py [--seed N] [--count N] [--per-rule N] [--json] [--show N]

Data (read from ../shared/data, never copied): ``ko-en-news-ntrex128`` (dev slice), English
news and its human Korean translation, one sentence pair per segment, as an en→ko bilingual
file. ``--count`` pairs are drawn (seeded); for every rule ``--per-rule`` segments get one
planted error of that rule (an emptied target, a dropped inline code, a changed placeholder, a
removed final period, a duplicated word...), others get planted *traps* the rule must not
fire on (inline codes reordered in Korean, the same placeholders in another order, a URL
followed by a period or a Korean particle, ``%%``, the same source translated identically
twice...), and the rest stay as they are: real text, with its own traps (Korean curly quotes,
apostrophes, ``2.7%``, glossed names ``트럼프(Trump)``).

With ``--formats`` the set is written as real files and checked by ``align check``'s own
composition, with a glossary (by default the project's, plus a few forbidden renderings): then
``number-mismatch`` errors are planted too (random amounts, dates, clock times, decades,
ordinals, percentages, ranges, ISO dates, spans of years and year-months (``March 2024`` →
``2024년 3월``) in the forms each language writes,
one of them wrong in the Korean, or one figure of a real pair changed; traps render them
right: 7만 7천, 오후 4시 40분, 5월 14일), and the term rules (``missing-term``,
``deprecated-term``, ``forbidden-term``: glossary terms in sentences with a particle glued
on, 반격능력을, 주일미군과; traps render them right, or hold a forbidden term inside another
word, 일본군사력), and ``inconsistent-term`` (a concept's admitted Korean term, 탄도탄,
where two other segments use the preferred 탄도미사일).

A finding is true when its rule and segment match a planted error. Real data has its own
slips (double spaces, a missing final period): those the rules find are listed in
:data:`NATURAL_ISSUES` after inspection, with what is wrong, and counted as true (column
``natural``); any other finding is a false positive.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import bilingual_files

from align.jobs.checkrun import check_bilingual
from align.models import BilingualFile, Finding, InlineCode, Segment, SegmentText
from align.review.qa import RULES, qa_findings
from align.text.datetimes import find_values
from align.text.marks import REPEATS_ALLOWED
from align.text.numbers import number_keys

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "ko-en-news-ntrex128"

# Genuine issues of the real data that the rules find, each checked by reading the pair.
_DOUBLE = "two or more spaces in the Korean"
NATURAL_ISSUES: dict[tuple[str, str], str] = {
    ("double-space", "bbc.381790:7"): _DOUBLE + " (대해  “열린)",
    ("double-space", "cnbc.com.6790:16"): _DOUBLE + " (있는  200명)",
    ("double-space", "newsweek.51330:0"): _DOUBLE + " (나쁜  바디랭귀지)",
    ("double-space", "newsweek.51330:1"): _DOUBLE + " (집회에서  다이앤, 지명자를  성폭행)",
    ("double-space", "newsweek.51330:16"): _DOUBLE + ' (말했다.   "말하자면)',
    ("double-space", "cbsnews.248411:9"): _DOUBLE + " (미  해군)",
    ("double-space", "bbc.381749:6"): _DOUBLE + " (모습을  알고)",
    ("double-space", "bbc.381749:17"): _DOUBLE + " (했다.   그것은)",
    ("double-space", "cbsnews.248394:4"): _DOUBLE + " (부인했다.  둘)",
    ("double-space", "cbsnews.248394:5"): _DOUBLE + " (때때로  거의)",
    ("double-space", "cbsnews.248394:10"): _DOUBLE + " (대법원에  서)",
    ("quote-balance", "newsweek.51331:17"): 'a stray closing " after 말했다.',
    ("quote-balance", "reuters.218882:3"): 'a stray closing " after 공격했다.',
    ("quote-balance", "newsweek.51338:18"): "the opening quotation mark is missing",
    ("quote-balance", "newsweek.51330:6"): "a closing ” the English does not have",
    ("quote-balance", "rt.com.91356:18"): 'a stray closing " after 말했다.',
    ("quote-balance", "bbc.381749:8"): 'a stray closing " after 포기했다.',
    ("punctuation-end", "cnn.304521:0"): "an exclamation mark added to the headline",
    ("punctuation-end", "independent.226317:0"): "a question mark added to the headline",
    ("punctuation-end", "independent.226317:3"): "the Korean stops mid-sentence (흘러나오고)",
    ("punctuation-end", "independent.226317:9"): "a period added to the caption",
    ("punctuation-end", "nytimes.184825:2"): "the quotation's exclamation mark dropped",
    ("punctuation-end", "newsweek.51330:4"): "the Korean stops mid-sentence (하면)",
    ("punctuation-end", "newsweek.51330:10"): "the final period dropped",
    ("punctuation-end", "cbsnews.248411:0"): "a period added to the headline",
    ("punctuation-end", "cbsnews.248394:0"): "a period added to the headline",
    ("punctuation-end", "cbsnews.248394:12"): "the Korean stops mid-sentence (때문에)",
    ("number-mismatch", "rt.com.91350:15"): "$3.6bn rendered as $36bn",
    # A true finding given the glossary: its Korean for North Korea is 북한 or
    # 조선민주주의인민공화국, and this target writes 대북 제재 ("sanctions on North Korea"). Reading
    # a one-syllable 북 as 북한 would silence real misses (북쪽 "north", 북미 "North America"),
    # so the translator who accepts 대북 adds it to the glossary as an admitted term.
    ("missing-term", "reuters.218861:19"): "North Korea rendered 대북, which the glossary lacks",
}

Expected = set[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Pair:
    """A sentence pair of the data set: segment id, English source, Korean target."""

    id: str
    source: str
    target: str


def load_pairs(folder: Path = DATA) -> list[Pair]:
    with open(folder / "pairs.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Pair(row["seg_id"], row["en"], row["ko"]) for row in rows]


def _segment(pair: Pair, source: str | None = None, target: str | None = None) -> Segment:
    return Segment(
        pair.id,
        SegmentText(pair.source if source is None else source),
        SegmentText(pair.target if target is None else target),
    )


def _with_target(segment: Segment, text: str, codes: tuple[InlineCode, ...] = ()) -> Segment:
    return replace(segment, target=SegmentText(text, codes))


# --- what a segment must hold for an error or a trap to be planted ------------------------------

_HANGUL_WORD = re.compile(r"(?<!\S)[\uac00-\ud7a3]{2,}(?!\S)")
_LATIN_WORD = re.compile(r"(?<![^\W_])[A-Za-z]{3,}(?![^\W_])")
_QUOTES = "\"“”‘’'"
_BRACKETS = "()[]{}（）「」『』【】《》〈〉"


def _balanced_source(text: str) -> bool:
    """Brackets pair up by count and quotes are straight and even: the source is balanced."""
    pairs = ("()", "[]", "{}")
    return (
        all(text.count(pair[0]) == text.count(pair[1]) for pair in pairs)
        and not any(mark in text for mark in "“”‘’")
        and text.count('"') % 2 == 0
    )


def _plain(text: str) -> bool:
    """No quotes, brackets, %, URLs, @ or double spaces: text that planting a length error
    can move around without touching other rules."""
    return (
        not any(char in text for char in _QUOTES + _BRACKETS + "%@{}")
        and "www" not in text
        and "  " not in text
    )


# --- planted errors: each returns the changed segment(s), or None where it cannot apply ----------

Plant = Callable[[Segment, random.Random, list[Pair]], list[Segment] | None]


def _target(segment: Segment) -> str:
    return segment.target.text if segment.target is not None else ""


def plant_untranslated(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    if rng.random() < 0.5:
        return [_with_target(seg, "")]
    return [_with_target(seg, seg.source.text)]


def _swap_words(text: str, pattern: re.Pattern[str], rng: random.Random) -> str | None:
    words = list(pattern.finditer(text))
    pairs = [(a, b) for a, b in zip(words, words[1:], strict=False) if a.group() != b.group()]
    if not pairs:
        return None
    first, second = rng.choice(pairs)
    return (
        text[: first.start()]
        + second.group()
        + text[first.end() : second.start()]
        + first.group()
        + text[second.end() :]
    )


def plant_inconsistent_target(
    seg: Segment, rng: random.Random, _: list[Pair]
) -> list[Segment] | None:
    changed = _swap_words(_target(seg), _HANGUL_WORD, rng)
    if changed is None:
        return None
    # The repeat differs only in case and spacing of the source: still the same source.
    source = seg.source.text.upper() if rng.random() < 0.5 else seg.source.text.replace(" ", "  ")
    return [seg, Segment(seg.id + "+repeat", SegmentText(source), SegmentText(changed))]


def plant_inconsistent_source(
    seg: Segment, rng: random.Random, _: list[Pair]
) -> list[Segment] | None:
    changed = _swap_words(seg.source.text, _LATIN_WORD, rng)
    if changed is None:
        return None
    return [seg, Segment(seg.id + "+repeat", SegmentText(changed), seg.target)]


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"\S+", text)]


def _bold(text: str, at: tuple[int, int], code_id: str, name: str = "g") -> list[InlineCode]:
    return [
        InlineCode(name, "open", code_id, at[0], "<b>"),
        InlineCode(name, "close", code_id, at[1], "</b>"),
    ]


def _coded(seg: Segment, rng: random.Random) -> tuple[Segment, list[InlineCode]] | None:
    """The segment with two bold pairs and a placeholder code on each side, at unrelated
    places in the two languages (Korean reorders); returns it and the target codes."""
    source_words = _word_spans(seg.source.text)
    target_words = _word_spans(_target(seg))
    if len(source_words) < 4 or len(target_words) < 4:
        return None
    s1, s2 = sorted(rng.sample(source_words, 2))
    t1, t2 = sorted(rng.sample(target_words, 2))
    if rng.random() < 0.5:
        t1, t2 = t2, t1  # the second pair comes first in the translation
    source_codes = [*_bold(seg.source.text, s1, "1"), *_bold(seg.source.text, s2, "2")]
    source_codes.append(InlineCode("x", "standalone", "3", source_words[-1][0], "<br/>"))
    target_codes = [*_bold(_target(seg), t1, "1"), *_bold(_target(seg), t2, "2")]
    target_codes.append(InlineCode("x", "standalone", "3", rng.choice(target_words)[0], "<br/>"))
    source = SegmentText(seg.source.text, tuple(sorted(source_codes, key=lambda c: c.offset)))
    coded = replace(seg, source=source)
    return coded, target_codes


def _set_target_codes(seg: Segment, codes: list[InlineCode]) -> Segment:
    return _with_target(seg, _target(seg), tuple(sorted(codes, key=lambda c: c.offset)))


def plant_tag_mismatch(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    made = _coded(seg, rng)
    if made is None:
        return None
    coded, codes = made
    how = rng.randrange(3)
    if how == 0:  # a code lost
        codes.pop(rng.randrange(len(codes)))
    elif how == 1:  # a code added
        codes.append(InlineCode("x", "standalone", "9", rng.randrange(len(_target(seg))), "<br/>"))
    else:  # the pairs cross: <1> <2> </1> </2>
        words = _word_spans(_target(seg))
        a, b, c, d = sorted(rng.sample([w[0] for w in words] + [len(_target(seg))], 4))
        if len({a, b, c, d}) < 4:
            return None
        codes = [
            InlineCode("g", "open", "1", a, "<b>"),
            InlineCode("g", "open", "2", b, "<b>"),
            InlineCode("g", "close", "1", c, "</b>"),
            InlineCode("g", "close", "2", d, "</b>"),
            codes[-1],
        ]
    return [_set_target_codes(coded, codes)]


# Placeholders planted at the start of both sides; each with wrong target renderings.
_PLACEHOLDERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("%s: ", "%s: ", ("%d: ", ": ", "%s %s: ")),
    ("%1$d files. ", "파일 %1$d개. ", ("파일 %1$s개. ", "파일 %2$d개. ", "파일 개. ")),
    ("{0}: ", "{0}: ", ("{1}: ", "(0): ", "0: ")),
    ("{name} wrote: ", "{name} 작성: ", ("{이름} 작성: ", "name 작성: ", "{name}{name} 작성: ")),
    ("%(count)d new. ", "새 항목 %(count)d개. ", ("새 항목 %(개수)d개. ", "새 항목 %(count)s개. ")),
    ("Rate %.2f%%. ", "비율 %.2f%%. ", ("비율 %.1f%%. ", "비율 %%. ")),
    (
        "{count, plural, one {# file} other {# files}}. ",
        "{count, plural, other {파일 #개}}. ",
        ("{n, plural, other {파일 #개}}. ", "파일 #개. "),
    ),
)


def plant_placeholder_mismatch(
    seg: Segment, rng: random.Random, _: list[Pair]
) -> list[Segment] | None:
    source, target, wrong = rng.choice(_PLACEHOLDERS)
    bad = rng.choice(wrong)
    return [
        replace(
            seg,
            source=SegmentText(source + seg.source.text),
            target=SegmentText(bad + _target(seg)),
        )
    ]


_FINAL = re.compile(r"[.?!]$")


def plant_punctuation_end(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    target = _target(seg)
    source_end = seg.source.text.rstrip()[-1:]
    if target.endswith(".") and source_end in ".\"'":
        changed = target[:-1] + rng.choice(["", "?", "!", ":"])
    elif re.search(r"[\uac00-\ud7a3]$", target) and not _FINAL.search(seg.source.text.rstrip()):
        changed = target + rng.choice([".", "?"])
    else:
        return None
    return [_with_target(seg, changed)]


_URLS = (
    "https://www.example.com/news/2019/item.html",
    "http://example.org",
    "https://data.example.net/a/b?id=42&lang=ko",
    "www.example.co.kr/board",
)


def plant_url_mismatch(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    url = rng.choice(_URLS)
    wrong = rng.choice(["", url.replace("example", "exmaple"), url + "/extra", url[:-1]])
    target = (
        f"{wrong}에서 자세히 보세요. " if wrong else "자세한 내용은 웹사이트에서 보세요. "
    ) + (_target(seg))
    return [
        replace(
            seg,
            source=SegmentText(f"See {url}. " + seg.source.text),
            target=SegmentText(target),
        )
    ]


_EMAILS = ("press@example.com", "Jane.Doe@news.example.org", "info+ko@example.co.kr")


def plant_email_mismatch(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    email = rng.choice(_EMAILS)
    local, _at, domain = email.partition("@")
    wrong = rng.choice(
        ["", f"{local}x@{domain}", f"{local}@{domain.replace('example', 'exampel')}"]
    )
    target = (f"{wrong}로 문의하세요. " if wrong else "문의는 이메일로 하세요. ") + _target(seg)
    return [
        replace(
            seg,
            source=SegmentText(f"Write to {email}. " + seg.source.text),
            target=SegmentText(target),
        )
    ]


def _paired(text: str, pairs: tuple[str, ...]) -> bool:
    return all(text.count(pair[0]) == text.count(pair[1]) for pair in pairs)


def plant_bracket_balance(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    target = _target(seg)
    if not _balanced_source(seg.source.text) or not _paired(
        target, ("()", "[]", "「」", "『』", "【】", "《》", "〈〉", "（）")
    ):
        return None
    closers = [at for at, char in enumerate(target) if char in ")」』】》〉）"]
    if closers and rng.random() < 0.7:
        at = rng.choice(closers)
        return [_with_target(seg, target[:at] + target[at + 1 :])]
    words = _word_spans(target)
    at = rng.choice(words)[0]
    return [_with_target(seg, target[:at] + rng.choice("(「[") + target[at:])]


def plant_quote_balance(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    target = _target(seg)
    balanced = _paired(target, ("“”", "‘’")) and target.count('"') % 2 == 0 and "'" not in target
    if not _balanced_source(seg.source.text) or not balanced:
        return None
    closers = [at for at, char in enumerate(target) if char in '”"']
    if closers and rng.random() < 0.7:
        at = rng.choice(closers)
        return [_with_target(seg, target[:at] + target[at + 1 :])]
    at = rng.choice(_word_spans(target))[0]
    return [_with_target(seg, target[:at] + rng.choice('“"‘') + target[at:])]


def plant_double_space(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    target = _target(seg)
    spaces = [match.start() for match in re.finditer(r"(?<=\S) (?=\S)", target)]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return [_with_target(seg, target[:at] + "  " + target[at + 1 :])]


def plant_repeated_word(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    target = _target(seg)
    if re.search(r"\b([a-z]+(?: [a-z]+)?),? \1\b", seg.source.text, re.I):
        return None  # the source repeats itself ("of the of the"): the target may too
    words = [w for w in _HANGUL_WORD.finditer(target) if w.group() not in REPEATS_ALLOWED]
    if not words:
        return None
    word = rng.choice(words)
    return [_with_target(seg, target[: word.end()] + " " + target[word.start() :])]


def plant_whitespace_edge(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    target = _target(seg)
    changed = rng.choice([" " + target, target + " ", target + "\n", "\u3000" + target])
    return [_with_target(seg, changed)]


def plant_length_ratio(seg: Segment, rng: random.Random, pairs: list[Pair]) -> list[Segment] | None:
    target = _target(seg)
    if not _plain(target) or len(seg.source.text) < 60 or not target.endswith("."):
        return None
    if rng.random() < 0.5:  # truncated: a fifth of the words kept, and the final period
        words = target[:-1].split()
        changed = " ".join(words[: max(1, len(words) // 5)]) + "."
    else:  # other segments' translations run into this one: four times as long at least
        others = [p.target for p in pairs if _plain(p.target) and p.target.endswith(".")]
        changed = target
        while len(changed) < 4 * len(target):
            changed += " " + rng.choice(others)
    return [_with_target(seg, changed)]


PLANTS: dict[str, Plant] = {
    "untranslated": plant_untranslated,
    "inconsistent-target": plant_inconsistent_target,
    "inconsistent-source": plant_inconsistent_source,
    "tag-mismatch": plant_tag_mismatch,
    "placeholder-mismatch": plant_placeholder_mismatch,
    "punctuation-end": plant_punctuation_end,
    "url-mismatch": plant_url_mismatch,
    "email-mismatch": plant_email_mismatch,
    "bracket-balance": plant_bracket_balance,
    "quote-balance": plant_quote_balance,
    "double-space": plant_double_space,
    "repeated-word": plant_repeated_word,
    "whitespace-edge": plant_whitespace_edge,
    "length-ratio": plant_length_ratio,
}


# --- numbers: planted only where files go through ``align check`` (not a QA rule) --------------
# Each plant puts a sentence before the segment whose figures are drawn at random, in one of the
# forms English and Korean write them: amounts (Korean 만/억/천 in every mix: 7만 7천, 1천500만,
# 2억 5천만), dates (14 May, Sept. 5, May 14th → 5월 14일), clock times (4:40 p.m., 4.40 am,
# 16:40 → 오후 4시 40분), decades, ordinals, percentages and ranges. An error gets one of them
# wrong in the Korean (a digit, a unit 만 for 천, the month, the half of the day); a trap renders
# them right. Real pairs are changed too: one figure of the Korean that the English has.

_MONTH_FORMS = ("{d} {M}", "{M} {d}", "{M} {d}th", "the {d}th of {M}", "{A} {d}")
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_ABBREVIATIONS = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)


def korean_amount(value: int, rng: random.Random) -> str:
    """``value`` as Korean writes it, in a form chosen at random: ``7만 7천``, ``7만7000``,
    ``77,000``; ``1천500만``, ``1500만``; ``2억 5천만``."""
    if value < 10_000 or rng.random() < 0.15:
        if value % 1000 == 0 and value < 10_000 and rng.random() < 0.5:
            return f"{value // 1000}천"
        return f"{value:,}"
    parts = []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        group, value = divmod(value, size)
        if group:
            thousands, rest = divmod(group, 1000)
            if thousands and rest and rng.random() < 0.5:
                parts.append(f"{thousands}천{rest}{unit}")
            elif thousands and not rest and rng.random() < 0.5:
                parts.append(f"{thousands}천{unit}")
            else:
                parts.append(f"{group}{unit}")
    if value:
        parts.append(
            f"{value // 1000}천" if value % 1000 == 0 and rng.random() < 0.5 else str(value)
        )
    return (" " if rng.random() < 0.5 else "").join(parts)


def _amount(rng: random.Random) -> tuple[str, str, str]:
    value = rng.choice(
        [
            rng.randrange(1, 100) * 1000,
            rng.randrange(11, 999) * 10**4,
            rng.randrange(2, 99) * 10**7,
            rng.randrange(100, 9999),
        ]
    )
    english = (
        f"{value:,}"
        if rng.random() < 0.6 or value % 10**6
        else (f"{value / 10**6:g} million" if value < 10**9 else f"{value / 10**9:g} billion")
    )
    right = korean_amount(value, rng)
    digits = str(value)
    at = rng.randrange(len(digits.rstrip("0")) or 1)
    changed = digits[:at] + str((int(digits[at]) + rng.randrange(1, 9)) % 10) + digits[at + 1 :]
    wrong_value = rng.choice([int(changed) or value * 10, value * 10, value // 10 or value + 1])
    return (
        f"They counted {english} votes. ",
        f"{right}표가 집계됐다. ",
        (f"{korean_amount(wrong_value, rng)}표가 집계됐다. "),
    )


def _date(rng: random.Random) -> tuple[str, str, str]:
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    form = rng.choice(_MONTH_FORMS)
    english = form.format(d=day, M=_EN_MONTHS[month - 1], A=_EN_ABBREVIATIONS[month - 1])
    english = english.replace("1th", "1st").replace("2th", "2nd").replace("3th", "3rd")
    english = english.replace("11st", "11th").replace("12nd", "12th").replace("13rd", "13th")
    if rng.random() < 0.5:
        wrong = (month % 12 + 1, day)
    else:
        wrong = (month, day % 28 + 1)
    return (
        f"Talks start on {english}. ",
        f"회담은 {month}월 {day}일 시작된다. ",
        f"회담은 {wrong[0]}월 {wrong[1]}일 시작된다. ",
    )


def _korean_time(hour: int, minute: int, rng: random.Random, *, half: bool = True) -> str:
    clock = f"{hour % 12 or 12}시" if half else f"{hour}시"
    if half:
        clock = ("오전 " if hour < 12 else "오후 ") + clock
    if minute == 30 and rng.random() < 0.3:
        return clock + " 반"
    return clock + (f" {minute}분" if minute else "")


def _time(rng: random.Random) -> tuple[str, str, str]:
    hour, minute = rng.randrange(1, 24), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
    twelve = hour % 12 or 12
    meridiem = "am" if hour < 12 else "pm"
    form = rng.randrange(4)
    if form == 0:
        english = f"{twelve}:{minute:02d} {meridiem[0]}.m."
    elif form == 1:
        english = f"{twelve}.{minute:02d}{meridiem}"
    elif form == 2:
        english = f"{hour:02d}:{minute:02d}"
    else:
        english = f"{twelve} {meridiem[0]}.m." if not minute else f"{twelve}:{minute:02d}{meridiem}"
    right = _korean_time(hour, minute, rng, half=rng.random() < 0.8)
    # 10:30 says no half of the day: swapping it in the Korean is no error anyone can see.
    how = rng.randrange(2 if form == 2 and 10 <= hour <= 12 else 3)
    if how == 0:
        wrong = _korean_time((hour + 1) % 24 or 1, minute, rng)
    elif how == 1:
        wrong = _korean_time(hour, (minute + 5) % 60, rng)
    else:
        # The other half of the day: 12:45 p.m. becomes 오전 12시 45분 (00:45).
        wrong = _korean_time((hour + 12) % 24, minute, rng)
    return f"It ends at {english}. ", f"{right}에 끝난다. ", f"{wrong}에 끝난다. "


def _other(rng: random.Random) -> tuple[str, str, str]:
    kind = rng.randrange(4)
    if kind == 0:
        decade = rng.randrange(190, 202) * 10
        return (
            f"It began in the {decade}s. ",
            f"{decade}년대에 시작됐다. ",
            f"{decade - 10}년대에 시작됐다. ",
        )
    if kind == 1:
        century = rng.randrange(15, 22)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(century % 10, "th")
        return (
            f"It is a {century}{suffix}-century idea. ",
            f"{century}세기의 생각이다. ",
            f"{century + 1}세기의 생각이다. ",
        )
    if kind == 2:
        rate = rng.choice(
            [f"{rng.randrange(1, 99)}.{rng.randrange(1, 10)}", str(rng.randrange(1, 99))]
        )
        wrong = rate.replace(".", "") if "." in rate else str(int(rate) + 1)
        word = rng.choice(["%", " percent"])
        korean = rng.choice(["%", "퍼센트"])
        return (
            f"Prices rose {rate}{word}. ",
            f"물가가 {rate}{korean} 올랐다. ",
            f"물가가 {wrong}{korean} 올랐다. ",
        )
    low = rng.randrange(2, 50)
    high = low + rng.randrange(2, 20)
    return (
        f"Between {low} and {high} people came. "
        if rng.random() < 0.5
        else f"{low}-{high} people came. ",
        f"{low}~{high}명이 왔다. ",
        f"{low}~{high + 1}명이 왔다. ",
    )


def _dated(rng: random.Random) -> tuple[str, str, str]:
    """An ISO 8601 date (``2024-03-25``) or a span of years (``2019-20``), in a form the
    Korean writes (``2024년 3월 25일``, ``2024. 3. 25.``, ``2019~2020``), and one part wrong."""
    year = rng.randrange(1990, 2030)
    if rng.random() < 0.5:
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        part = rng.randrange(3)
        wrong = (
            year + (part == 0),
            month % 12 + 1 if part == 1 else month,
            day % 28 + 1 if part == 2 else day,
        )
        forms = ("{y}년 {m}월 {d}일", "{y}. {m}. {d}.", "{y}-{m:02d}-{d:02d}")
        form = rng.choice(forms)
        return (
            f"The report is dated {year}-{month:02d}-{day:02d}. ",
            f"보고서는 {form.format(y=year, m=month, d=day)} 자로 작성됐다. ",
            f"보고서는 {form.format(y=wrong[0], m=wrong[1], d=wrong[2])} 자로 작성됐다. ",
        )
    span = rng.randrange(1, 4)
    english = f"{year}-{(year + span) % 100:02d}"
    forms = ("{a}~{b}", "{a}-{b2:02d}", "{a}~{b}년")
    form = rng.choice(forms)
    wrong_span = span + 1 if rng.random() < 0.5 else span
    wrong_year = year if wrong_span != span else year - 1

    def korean(first: int, last: int) -> str:
        return form.format(a=first, b=last, b2=last % 100) + " 시즌에 그가 이끌었다. "

    return (
        f"In the {english} season, he led. ",
        korean(year, year + span),
        korean(wrong_year, wrong_year + wrong_span),
    )


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def _year_month(rng: random.Random) -> tuple[str, str, str]:
    """A year and month (``March 2024``, ``Mar. 2024``, ``2024-03``, ``3/2024``) in a form the
    Korean writes (``2024년 3월``, ``2024-03``, ``2024.03``), with the year or the month wrong; a
    trap keeps both, or writes a date beside the year (``March 14, 2024``)."""
    year, month = rng.randrange(1990, 2030), rng.randrange(1, 13)
    name = _MONTH_NAMES[month - 1]
    english = rng.choice(
        [
            f"{name} {year}",
            f"{name[:3]}. {year}" if len(name) > 4 else f"{name} {year}",
            f"{year}-{month:02d}",
            f"{month}/{year}",
        ]
    )
    form = rng.choice(["{y}년 {m}월", "{y}년 {m}월", "{y}-{m:02d}", "{y}.{m:02d}"])
    wrong = (year + 1, month) if rng.random() < 0.5 else (year, month % 12 + 1)
    if rng.random() < 0.25:  # a date and a year, not a year-month
        day = rng.randrange(1, 29)
        english, form = f"{name} {day}, {year}", "{y}년 {m}월 " + f"{day}일"
    return (
        f"The plan dates from {english}. ",
        f"계획은 {form.format(y=year, m=month)}에 나왔다. ",
        f"계획은 {form.format(y=wrong[0], m=wrong[1])}에 나왔다. ",
    )


_NUMBER_MAKERS = (_amount, _date, _time, _other, _dated, _year_month)


def _changed_figure(seg: Segment, rng: random.Random) -> str | None:
    """The real target with one figure that the source also has changed by one digit."""
    target = _target(seg)
    source_keys = set(number_keys(seg.source.text))
    shared = [
        n
        for n in find_values(target)
        if n.unit not in ("date", "time") and n.key in source_keys and n.key.isdigit()
    ]
    if not shared:
        return None
    number = rng.choice(shared)
    digits = [at for at, char in enumerate(number.text) if char.isdigit()]
    at = number.start + rng.choice(digits)
    for step in rng.sample(range(1, 10), 9):
        changed = target[:at] + str((int(target[at]) + step) % 10) + target[at + 1 :]
        if not set(number_keys(changed[number.start : number.end + 1])) & source_keys:
            return changed
    return None


def plant_number_mismatch(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    if rng.random() < 0.3 and (changed := _changed_figure(seg, rng)) is not None:
        return [_with_target(seg, changed)]
    source, _right, wrong = rng.choice(_NUMBER_MAKERS)(rng)
    return [
        replace(
            seg,
            source=SegmentText(source + seg.source.text),
            target=SegmentText(wrong + _target(seg)),
        )
    ]


# --- glossary terms: planted with the glossary :func:`eval_glossary` writes ---------------------
# Concepts of the project's glossary (and a few forbidden renderings added to it): the English
# term, its approved Korean renderings, its deprecated and forbidden ones, and a wording that is
# none of them. Every planted Korean term takes a particle chosen by its final consonant
# (반격능력을, 주일미군과) and, where the glossary allows, another spacing.


@dataclass(frozen=True, slots=True)
class TermCase:
    english: str
    approved: tuple[str, ...]
    deprecated: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    other: str = ""


TERM_CASES: tuple[TermCase, ...] = (
    TermCase(
        "counterstrike capabilities",
        ("반격 능력", "반격능력"),
        ("적기지 공격 능력", "적기지공격능력"),
        ("선제타격능력",),
        "타격 역량",
    ),
    TermCase("Indo-Pacific Command", ("인도태평양사령부",), ("태평양사령부",), (), "인태 지휘부"),
    TermCase(
        "joint task force",
        ("합동임무부대",),
        ("합동 태스크포스", "합동기동부대"),
        (),
        "공동 작전팀",
    ),
    TermCase("Dokdo", ("독도",), (), ("다케시마",), "그 섬"),
    TermCase("East Sea", ("동해",), (), ("일본해",), "그 바다"),
    TermCase("US Forces Japan", ("주일미군",), (), ("재일미군",), "일본 주둔 미국 부대"),
    TermCase("North Korea", ("북한",), (), ("북조선",), "그 나라"),
    TermCase("extended deterrence", ("확장억제",), (), ("핵우산 억제",), "억지력 확대"),
    TermCase("Self-Defense Forces", ("자위대",), (), ("일본군",), "일본 부대"),
    TermCase("denuclearization", ("비핵화",), (), ("핵폐기",), "핵 포기"),
)
# Forbidden renderings the project glossary does not list (it has 다케시마), added to the copy
# the evaluation uses; concept ids as in the glossary.
EXTRA_GLOSSARY_ROWS = (
    ("counterstrike-capabilities", "선제타격능력"),
    ("east-sea", "일본해"),
    ("us-forces-japan", "재일미군"),
    ("north-korea", "북조선"),
    ("extended-deterrence", "핵우산 억제"),
    ("japan-self-defense-forces", "일본군"),
    ("denuclearization", "핵폐기"),
)
GLOSSARY = Path(__file__).resolve().parents[1] / "glossaries" / "defence-diplomacy.tsv"

# (English frame, Korean frame); {t} the English term, {k} the Korean one and its particle
# (which of 을/를, 이/가, 은/는, 과/와 the frame names).
_TERM_FRAMES = (
    ("Officials discussed {t} on Monday. ", "당국자들은 월요일 {k:을}} 논의했다. "),
    ("The role of {t} was mentioned again. ", "{k:의}} 역할이 다시 언급됐다. "),
    ("A report on {t} is out. ", "{k:에}} 관한 보고서가 나왔다. "),
    ("Talks on {t} and trade continued. ", "{k:과}} 무역에 관한 회담이 이어졌다. "),
    ("Critics say {t} matters. ", "비판자들은 {k:이}} 중요하다고 말한다. "),
    ("They praised {t}. ", "그들은 {k:을}} 칭찬했다. "),
)
_PARTICLES = {
    "을": ("을", "를"),
    "이": ("이", "가"),
    "은": ("은", "는"),
    "과": ("과", "와"),
    "의": ("의", "의"),
    "에": ("에", "에"),
}


def _with_particle(word: str, particle: str) -> str:
    last = word[-1]
    closed = "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0
    with_batchim, without = _PARTICLES[particle]
    return word + (with_batchim if closed else without)


def _term_sentence(
    case: TermCase, korean: str, rng: random.Random, which: int | None = None
) -> tuple[str, str]:
    english, frame = _TERM_FRAMES[rng.randrange(len(_TERM_FRAMES)) if which is None else which]
    head, particle, tail = frame.partition("{k:")
    particle, _, tail = tail.partition("}}")
    return english.format(t=case.english), head + _with_particle(korean, particle) + tail


def _plant_term(kind: str) -> Plant:
    def plant(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
        case = rng.choice([c for c in TERM_CASES if getattr(c, kind)])
        if case.english.lower() in seg.source.text.lower():
            return None  # the segment has the concept already: its own rendering may count
        wrong = rng.choice(getattr(case, kind)) if kind != "other" else case.other
        source, target = _term_sentence(case, wrong, rng)
        return [
            replace(
                seg,
                source=SegmentText(source + seg.source.text),
                target=SegmentText(target + _target(seg)),
            )
        ]

    return plant


# Concepts the glossary gives two approved Korean terms: the English, the preferred and an
# admitted one (neither inside the other, so each is found alone).
VARIANT_CASES: tuple[TermCase, ...] = (
    TermCase("North Korea", ("북한", "조선민주주의인민공화국")),
    TermCase("ballistic missile", ("탄도미사일", "탄도탄")),
    TermCase("extended deterrence", ("확장억제", "확장억지")),
    TermCase("Armistice Agreement", ("정전협정", "휴전협정")),
    TermCase("National Security Strategy", ("국가안보전략", "국가안전보장전략")),
)


def plant_inconsistent_term(
    seg: Segment, rng: random.Random, _: list[Pair]
) -> list[Segment] | None:
    """The admitted variant of a concept in this segment, and two new segments that render
    it with the preferred term (in other sentences): the file's majority is the preferred
    term, so this use is the inconsistent one."""
    case = rng.choice(VARIANT_CASES)
    if case.english.lower() in seg.source.text.lower():
        return None
    preferred, admitted = case.approved
    frames = rng.sample(range(len(_TERM_FRAMES)), 3)
    majority = []
    for n, frame in enumerate(frames[1:], 1):
        english, korean = _term_sentence(case, preferred, rng, frame)
        majority.append(Segment(f"{seg.id}+majority{n}", SegmentText(english), SegmentText(korean)))
    source, target = _term_sentence(case, admitted, rng, frames[0])
    return [
        *majority,
        replace(
            seg,
            source=SegmentText(source + seg.source.text),
            target=SegmentText(target + _target(seg)),
        ),
    ]


CHECK_PLANTS: dict[str, Plant] = {
    "number-mismatch": plant_number_mismatch,
    "missing-term": _plant_term("other"),
    "deprecated-term": _plant_term("deprecated"),
    "forbidden-term": _plant_term("forbidden"),
    "inconsistent-term": plant_inconsistent_term,
}


def eval_glossary(folder: Path) -> Path:
    """The project glossary with :data:`EXTRA_GLOSSARY_ROWS`, written to ``folder``."""
    rows = GLOSSARY.read_text(encoding="utf-8").rstrip("\n").split("\n")
    columns = rows[0].split("\t")
    for concept, term in EXTRA_GLOSSARY_ROWS:
        cells = {"concept": concept, "lang": "ko", "term": term, "status": "forbidden"}
        rows.append("\t".join(cells.get(column, "") for column in columns))
    path = folder / "eval-glossary.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --- traps: changes no rule may report -----------------------------------------------------------


def trap_codes(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    """The same inline codes, reordered in the Korean, and one between two spaces."""
    made = _coded(seg, rng)
    if made is None:
        return None
    coded, codes = made
    target = _target(coded)
    spaces = [match.start() for match in re.finditer(r"(?<=\S) (?=\S)", target)]
    if not spaces:
        return [_set_target_codes(coded, codes)]
    at = spaces[0] + 1  # "a <x/> b": the code sits between two spaces
    moved = [replace(c, offset=c.offset + (c.offset >= at)) for c in codes[:-1]]
    moved.append(InlineCode("x", "standalone", "3", at, "<br/>"))
    return [_with_target(coded, target[:at] + " " + target[at:], tuple(moved))]


def trap_placeholders(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    """The same placeholders in another order, ``%%`` and a percentage after a number."""
    source, target = rng.choice(
        [
            ("{0} sent {1}: ", "{1}을(를) {0}이(가) 보냄: "),
            ("%1$s of %2$s, 100%% done: ", "%2$s 중 %1$s, 100%% 완료: "),
            ("Up 3.5%, %(n)s left: ", "3.5%p 상승, %(n)s 남음: "),
        ]
    )
    return [
        replace(
            seg,
            source=SegmentText(source + seg.source.text),
            target=SegmentText(target + _target(seg)),
        )
    ]


def trap_addresses(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    """The same URL and e-mail on both sides, ended by a period, a particle, another case."""
    url, target_url = rng.choice(
        [
            ("https://www.Example.com/a.", "https://www.example.com/a에서"),
            ("(see http://example.org)", "(http://example.org/ 참조)"),
            ("at www.example.co.kr/board,", "www.example.co.kr/board에서"),
        ]
    )
    email, target_email = "Press@Example.com", "Press@EXAMPLE.com"
    return [
        replace(
            seg,
            source=SegmentText(f"Write to {email} or {url} " + seg.source.text),
            target=SegmentText(f"{target_email}로, {target_url} " + _target(seg)),
        )
    ]


def trap_repeat(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    """The same segment twice, identically translated (the source spaced differently)."""
    return [
        seg,
        Segment(seg.id + "+same", SegmentText(" ".join(seg.source.text.split())), seg.target),
    ]


def trap_edges(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    """The same white space around both sides."""
    return [
        replace(
            seg,
            source=SegmentText(" " + seg.source.text + "\n"),
            target=SegmentText(" " + _target(seg) + "\n"),
        )
    ]


def trap_numbers(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    """The same figures in Korean number units (7만 7천, 1천500만), dates, clock times,
    decades, ordinals, percentages and ranges, rendered right."""
    source, target, _wrong = rng.choice(_NUMBER_MAKERS)(rng)
    return [
        replace(
            seg,
            source=SegmentText(source + seg.source.text),
            target=SegmentText(target + _target(seg)),
        )
    ]


def trap_terms(seg: Segment, rng: random.Random, _: list[Pair]) -> list[Segment] | None:
    """A glossary term rendered right with a particle (반격능력을, 주일미군과, 인도태평양사령부는,
    which holds the deprecated 태평양사령부), or a compound holding a forbidden term that is
    another word (일본군사력: 일본 군사력, not 일본군)."""
    if rng.random() < 0.2:
        source, target = "Japan's military power grew. ", "일본군사력이 커졌다. "
    else:
        case = rng.choice(TERM_CASES)
        source, target = _term_sentence(case, rng.choice(case.approved), rng)
    return [
        replace(
            seg,
            source=SegmentText(source + seg.source.text),
            target=SegmentText(target + _target(seg)),
        )
    ]


TRAPS: tuple[Plant, ...] = (
    trap_codes,
    trap_placeholders,
    trap_addresses,
    trap_repeat,
    trap_edges,
    trap_numbers,
    trap_terms,
)


def planted_segments(
    seed: int = 0,
    *,
    count: int = 600,
    per_rule: int = 25,
    folder: Path = DATA,
    inline_codes: bool = True,
    check_rules: bool = False,
) -> tuple[list[Segment], Expected]:
    """``count`` sentence pairs of the data set as en→ko segments, ``per_rule`` of them with a
    planted error of each rule and as many with traps; the expected ``(rule, segment id)``.
    Without ``inline_codes`` (a PO file has none) no codes are planted, as errors or traps;
    with ``check_rules``, errors of the rules of ``align check`` that are not QA rules are too."""
    rng = random.Random(seed)
    pairs = load_pairs(folder)
    chosen = sorted(rng.sample(range(len(pairs)), min(count, len(pairs))))
    segments = [[_segment(pairs[i])] for i in chosen]
    free = list(range(len(segments)))
    rng.shuffle(free)
    expected: Expected = set()
    errors = {**PLANTS, **(CHECK_PLANTS if check_rules else {})}
    plants = [*errors.items(), *((None, trap) for trap in TRAPS)]
    if not inline_codes:
        plants = [(r, p) for r, p in plants if p not in (plant_tag_mismatch, trap_codes)]
    for rule, plant in plants:
        done = 0
        while free and done < per_rule:
            at = free.pop()
            changed = plant(segments[at][0], rng, pairs)
            if changed is None:
                continue
            segments[at] = changed
            done += 1
            if rule is not None:
                expected.add((rule, changed[-1].id))
    return [segment for group in segments for segment in group], expected


@dataclass
class Tally:
    """A rule's findings: ``true`` (a planted error), ``natural`` (a genuine issue of the data,
    :data:`NATURAL_ISSUES`), ``collateral`` (on a segment planted with another rule's error,
    which changed what this rule reads: a truncated target loses its figures), ``false``, and
    the planted errors ``missed``. Collateral findings count neither way."""

    true: int = 0
    natural: int = 0
    false: int = 0
    missed: int = 0
    collateral: int = 0

    @property
    def precision(self) -> float:
        found = self.true + self.natural + self.false
        return (self.true + self.natural) / found if found else 1.0

    @property
    def recall(self) -> float:
        planted = self.true + self.missed
        return self.true / planted if planted else 1.0


def evaluate(seed: int, count: int, per_rule: int) -> tuple[dict[str, Tally], list[str]]:
    """The rules run in memory on the planted segments (no file written)."""
    segments, expected = planted_segments(seed, count=count, per_rule=per_rule)
    document = BilingualFile("ntrex-planted.xlf", "xliff12", "en", "ko", tuple(segments))
    return tally(qa_findings(document), expected, segments, RULES)


def tally(
    found: Iterable[Finding],
    expected: Expected,
    segments: Sequence[Segment],
    rules: Iterable[str],
    unplanted: Collection[tuple[str, str]] = (),
) -> tuple[dict[str, Tally], list[str]]:
    """Each rule's true, natural and false findings and missed errors, and the errors shown.
    A finding counts once per rule and segment, however many the rule reports there; a finding
    on a segment planted with another rule's error is collateral unless the rule also reports
    the segment as it was before planting (``unplanted``: its ``(rule, segment id)``)."""
    tallies = {rule: Tally() for rule in rules}
    errors: list[str] = []
    by_id = {segment.id: segment for segment in segments}
    planted = {segment_id for _, segment_id in expected}
    reported: set[tuple[str, str]] = set()
    for finding in found:
        key = (finding.rule, finding.segment or "")
        if key in reported:
            continue
        reported.add(key)
        tally = tallies.setdefault(finding.rule, Tally())
        if key in expected:
            tally.true += 1
        elif (finding.rule, _base(key[1])) in NATURAL_ISSUES:
            tally.natural += 1
        elif key[1] in planted and (finding.rule, _base(key[1])) not in unplanted:
            tally.collateral += 1
        else:
            tally.false += 1
            errors.append(f"false {finding.rule} [{finding.segment}] {finding.message}")
            if finding.segment in by_id:
                errors.append(f"    {_show(by_id[finding.segment])}")
    for rule, segment_id in sorted(expected - reported):
        tallies.setdefault(rule, Tally()).missed += 1
        errors.append(f"missed {rule} [{segment_id}]")
        errors.append(f"    {_show(by_id[segment_id])}")
    return tallies, errors


@dataclass
class FileRun:
    """The evaluation of one written file: the tallies, the errors and the misplaced findings."""

    format: str
    path: str
    segments: int
    tallies: dict[str, Tally]
    errors: list[str]
    findings: int
    mislocated: list[str]


def evaluate_file(
    seed: int,
    count: int,
    per_rule: int,
    fmt: str,
    folder: Path,
    glossary_path: str | None = None,
) -> FileRun:
    """Write the planted segments as a ``fmt`` file in ``folder``, check it with the command's
    own composition (:func:`align.jobs.checkrun.check_bilingual`: reader, number and term rules,
    QA rules), tally per rule and check that every finding's ``line:column`` lies inside the
    unit (or PO entry) of the segment it names."""
    segments, expected = planted_segments(
        seed, count=count, per_rule=per_rule, inline_codes=fmt != "po", check_rules=True
    )
    clean, _ = planted_segments(seed, count=count, per_rule=0)
    clean_path = folder / f"unplanted-{fmt}{bilingual_files.SUFFIXES[fmt]}"
    bilingual_files.write_bilingual(clean, fmt, clean_path)
    unplanted = {
        (f.rule, f.segment or "")
        for f in check_bilingual(str(clean_path), glossary_path, start=folder).findings
    }
    path = folder / f"planted-{fmt}{bilingual_files.SUFFIXES[fmt]}"
    spans = bilingual_files.write_bilingual(segments, fmt, path)
    checked = check_bilingual(str(path), glossary_path, start=folder)
    found = checked.findings
    rules = [*RULES, *(r for r in sorted({f.rule for f in found}) if r not in RULES)]
    tallies, errors = tally(found, expected, segments, rules, unplanted)
    text = path.read_text(encoding="utf-8")
    line_starts = [0, *(at + 1 for at, char in enumerate(text) if char == "\n")]
    mislocated = []
    for finding in found:
        at = line_starts[finding.line - 1] + finding.column - 1
        start, end = spans.get(finding.segment or "", (-1, -1))
        if not start <= at < end:
            mislocated.append(
                f"mislocated {finding.rule} [{finding.segment}] at {finding.line}:{finding.column}"
            )
    return FileRun(fmt, str(path), len(segments), tallies, errors, len(found), mislocated)


def _base(segment_id: str) -> str:
    return segment_id.split("+", 1)[0]


def _show(segment: Segment) -> str:
    target = segment.target.text if segment.target is not None else None
    return f"{segment.source.text!r} → {target!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=0, help="the planting seed (default 0)")
    parser.add_argument("--count", type=int, default=600, help="sentence pairs (default 600)")
    parser.add_argument("--per-rule", type=int, default=25, help="errors per rule (default 25)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="show N errors")
    parser.add_argument(
        "--formats",
        help="write the set as files of these formats (xliff12,xliff2,tmx,po) and run align check",
    )
    parser.add_argument(
        "--glossary",
        help="the glossary align check uses with --formats (default: the project glossary "
        "with a few forbidden renderings added, which the planted term errors use)",
    )
    args = parser.parse_args()
    if not (DATA / "pairs.tsv").is_file():
        print(f"eval_qa: {DATA} not found; nothing to evaluate (needs ../shared/data)")
        return 0
    if args.formats:
        return _main_files(args.formats.split(","), args)
    tallies, errors = evaluate(args.seed, args.count, args.per_rule)
    if args.json:
        print(
            json.dumps(
                {
                    "seed": args.seed,
                    "count": args.count,
                    "per_rule": args.per_rule,
                    "rules": {
                        rule: {
                            "true": t.true,
                            "natural": t.natural,
                            "false": t.false,
                            "missed": t.missed,
                            "precision": round(t.precision, 4),
                            "recall": round(t.recall, 4),
                        }
                        for rule, t in tallies.items()
                    },
                },
                indent=2,
            )
        )
    else:
        print(f"ko-en-news-ntrex128 dev, en→ko: {args.count} pairs, seed {args.seed}")
        print(
            f"{'rule':22} {'true':>5} {'natural':>7} {'false':>5} {'missed':>6} {'P':>6} {'R':>6}"
        )
        for rule, t in tallies.items():
            print(
                f"{rule:22} {t.true:5d} {t.natural:7d} {t.false:5d} {t.missed:6d} "
                f"{t.precision:6.3f} {t.recall:6.3f}"
            )
    for line in errors[: 2 * args.show]:
        print(line, file=sys.stderr if args.json else sys.stdout)
    return 0


def _main_files(formats: list[str], args: argparse.Namespace) -> int:
    unknown = sorted(set(formats) - set(bilingual_files.FORMATS))
    if unknown:
        print(f"eval_qa: unknown format {', '.join(unknown)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="eval-qa-") as folder:
        glossary = args.glossary or str(eval_glossary(Path(folder)))
        runs = [
            evaluate_file(args.seed, args.count, args.per_rule, fmt, Path(folder), glossary)
            for fmt in formats
        ]
    if args.json:
        print(
            json.dumps(
                {
                    run.format: {
                        "segments": run.segments,
                        "findings": run.findings,
                        "mislocated": len(run.mislocated),
                        "rules": {
                            rule: {
                                "true": t.true,
                                "natural": t.natural,
                                "collateral": t.collateral,
                                "false": t.false,
                                "missed": t.missed,
                                "precision": round(t.precision, 4),
                                "recall": round(t.recall, 4),
                            }
                            for rule, t in run.tallies.items()
                        },
                    }
                    for run in runs
                },
                indent=2,
            )
        )
    else:
        print(f"ko-en-news-ntrex128 dev, en→ko, {args.count} pairs, seed {args.seed}: P / R")
        print(f"{'rule':22}" + "".join(f" {run.format:>13}" for run in runs))
        for rule in runs[0].tallies:
            cells = []
            for run in runs:
                t = run.tallies.get(rule, Tally())
                planted = t.true + t.missed
                cells.append(f"{t.precision:.2f} / {t.recall:.2f}" if planted else "-")
            print(f"{rule:22}" + "".join(f" {cell:>13}" for cell in cells))
        print(f"{'findings':22}" + "".join(f" {run.findings:>13}" for run in runs))
        print(f"{'mislocated':22}" + "".join(f" {len(run.mislocated):>13}" for run in runs))
    out = sys.stderr if args.json else sys.stdout
    for run in runs:
        for line in [*run.mislocated, *run.errors][: 2 * args.show]:
            print(f"{run.format}: {line}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
