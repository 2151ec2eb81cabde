"""What every splitter reads around a candidate cut: the final-punctuation candidate, quotes and
brackets, citation markers, and the words just before and after an offset.

Apart from the language rules because the English, generic and Korean rules all read the text
the same way around a cut; only what they conclude differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Cuts = list[int]  # offsets where a sentence starts, in increasing order
CutFinder = Callable[[Sequence[str]], list[Cuts]]

OPENERS = "\"'“‘«「『([{"
CLOSERS = "\"'”’»」』)]}"
# A wiki citation or note marker after final punctuation: [2], [12], [a], [주 1], [출처 필요],
# [citation needed]. It belongs to the sentence before it.
CITATION = r"\[(?:\d{1,3}|[a-z]|[가-힣]{1,4}(?: [가-힣]{1,4}| ?\d{1,3})?|citation needed)\]"
# Final punctuation, its closing quotes/brackets and citation markers, and the white space after.
CANDIDATE = re.compile(rf"([.?!…‽]+)([\"'”’»」』)\]]*)((?:{CITATION})*)(\s+)")


def first_letter(text: str, start: int) -> str:
    """The first character at ``start`` that is not an opening quote or bracket ('' at end)."""
    n = len(text)
    while start < n and text[start] in OPENERS:
        start += 1
    return text[start] if start < n else ""


def word_at(text: str, start: int) -> str:
    """The word starting at ``start`` (after opening quotes), letters only."""
    n = len(text)
    while start < n and text[start] in OPENERS:
        start += 1
    end = start
    while end < n and text[end].isalpha():
        end += 1
    return text[start:end]


def token_before(text: str, end: int) -> str:
    """The white-space-delimited token ending at ``end``, without leading quotes/brackets."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(OPENERS)


def skip_space(text: str, at: int) -> int:
    """The first offset from ``at`` on that is not white space (``len(text)`` if none)."""
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def char_before(text: str, at: int) -> str:
    """The last character before ``at`` that is not white space ('' if none)."""
    at -= 1
    while at >= 0 and text[at].isspace():
        at -= 1
    return text[at] if at >= 0 else ""
