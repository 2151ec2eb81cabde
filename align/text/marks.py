"""Marks of translatable text found by pattern: placeholders of software strings, URLs and
e-mail addresses, final sentence punctuation, brackets and quotation marks, repeated words.

Pure functions of a string (offsets are code points into it), for the QA checks that compare
them across a source and its translation (``align.review.qa``). The patterns follow what the
formats define: printf (C99 §7.19.6.1, POSIX positional ``%1$d``), Python's ``%(name)s``,
ICU MessageFormat and .NET composite formatting braces, RFC 3986 URIs and RFC 5321 addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# --- placeholders --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A placeholder of a software string: ``key`` compares it across languages (``%1$d``,
    ``{count}``, ``%(name)s``), ``start``/``end`` its span in the text."""

    key: str
    start: int
    end: int
    text: str


# printf (C, POSIX positional ``%1$d``, Objective-C ``%@``; ``%%`` is a literal percent sign,
# and a ``%`` right after a digit is a percent sign too: ``3.5%p`` is Korean news's
# "percentage points", not a pointer) and Python's ``%(name)s``. The space flag is left out:
# "50% discount" would read as ``% d``. A conversion followed by an ASCII letter is a word.
_PRINTF = re.compile(
    r"%%"
    r"|(?<!\d)%\((?P<name>[^()\s]+)\)[-+0#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]"
    r"|(?<!\d)%(?:\d+\$)?[-+0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn@](?![A-Za-z])"
)
# ICU MessageFormat and .NET/Python ``str.format``: ``{0}``, ``{name}``, ``{0:N2}``, and
# ``{count, plural, one {…} other {…}}`` (compared by argument name: the branches are text).
_SIMPLE_ARGUMENT = re.compile(r"\s*(?P<name>\d+|[^\W\d][\w.-]*)\s*(?::(?P<format>[^{}]*))?")
_TYPED_ARGUMENT = re.compile(
    r"\s*(?P<name>\d+|[^\W\d][\w.-]*)\s*,\s*(?P<type>\w+)\s*(?:,.*)?", re.S
)
_SELECTORS = frozenset({"plural", "select", "selectordinal"})
# Mustache/Jinja/Angular ``{{ name }}``.
_DOUBLE_BRACES = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def placeholders(text: str) -> list[Placeholder]:
    """The placeholders in ``text``, in order: printf (``%s``, ``%1$d``, ``%.2f``, ``%@``, but
    not ``%%``), Python ``%(name)s``, ICU/.NET ``{0}``, ``{name}``, ``{0:N2}``,
    ``{n, plural, …}`` (key ``{n}``), ``{n, number}`` (key ``{n,number}``) and ``{{ name }}``."""
    found: list[Placeholder] = []
    taken: list[tuple[int, int]] = []
    for match in _DOUBLE_BRACES.finditer(text):
        found.append(Placeholder(f"{{{{{match.group(1)}}}}}", *match.span(), match.group()))
        taken.append(match.span())
    for start, end in _brace_spans(text):
        if any(s <= start < e for s, e in taken):
            continue
        key = _argument_key(text[start + 1 : end - 1])
        if key is not None:
            found.append(Placeholder(key, start, end, text[start:end]))
            taken.append((start, end))
    for match in _PRINTF.finditer(text):
        if match.group() == "%%" or any(s <= match.start() < e for s, e in taken):
            continue
        found.append(Placeholder(match.group(), *match.span(), match.group()))
    return sorted(found, key=lambda p: p.start)


def _brace_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of top-level ``{…}`` groups (nested braces included); unclosed ones are not."""
    depth = 0
    start = 0
    for at, char in enumerate(text):
        if char == "{":
            if depth == 0:
                start = at
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                yield start, at + 1


def _argument_key(inside: str) -> str | None:
    simple = _SIMPLE_ARGUMENT.fullmatch(inside)
    if simple:
        fmt = simple.group("format")
        return f"{{{simple.group('name')}{':' + fmt.strip() if fmt is not None else ''}}}"
    typed = _TYPED_ARGUMENT.fullmatch(inside)
    if typed:
        kind = typed.group("type")
        return (
            f"{{{typed.group('name')}}}"
            if kind in _SELECTORS
            else f"{{{typed.group('name')},{kind}}}"
        )
    return None


# --- final punctuation ---------------------------------------------------------------------------

# Closing quotes and brackets that may follow the final mark (looked through).
_CLOSERS = frozenset("\"'”’»›)]}）］｝」』】》〉")
MARKS = {
    ".": "period",
    "。": "period",
    "．": "period",
    "｡": "period",
    "?": "question",
    "？": "question",
    "!": "exclamation",
    "！": "exclamation",
    ":": "colon",
    "：": "colon",
    ";": "semicolon",
    "；": "semicolon",
    "…": "ellipsis",
    "⋯": "ellipsis",
}


def final_marks(text: str) -> tuple[int, int]:
    """The span of the run of final punctuation marks, closing quotes and brackets looked
    through (an empty span at the end of the text when there is none)."""
    end = len(text.rstrip())
    while end and (text[end - 1] in _CLOSERS or text[end - 1].isspace()):
        end -= 1
    start = end
    while start and text[start - 1] in MARKS:
        start -= 1
    return start, end


def end_kind(text: str, lang: str = "") -> str:
    """The kind of a text's final sentence punctuation: ``period``, ``question``,
    ``exclamation``, ``colon``, ``semicolon``, ``ellipsis`` or ``none``.

    Full-width and ideographic forms (``。？！``) count as their kinds; closing quotes and
    brackets after the mark are looked through (``said "no."``); ``?!`` and ``!?`` are
    questions, three dots an ellipsis (two are a doubled period). Korean needs nothing of its
    own (``했다.`` ends with a period, ``했습니까?`` with a question mark); in Greek (``lang``
    ``el``) ``;`` is the question mark.
    """
    start, end = final_marks(text)
    run = text[start:end]
    if not run:
        return "none"
    if "?" in run or "？" in run or (lang.lower().startswith("el") and run.endswith(";")):
        return "question"
    if "!" in run or "！" in run:
        return "exclamation"
    if "…" in run or "⋯" in run or "..." in run:
        return "ellipsis"
    return MARKS[run[-1]]


# --- URLs and e-mail addresses -------------------------------------------------------------------

# A URL with a scheme, or starting with www.; it stops at white space, quotes, angle brackets
# and at Hangul or CJK text (a Korean particle written against it: https://x.kr에서).
_URL = re.compile(
    r"(?i)\b(?:(?:https?|ftp)://|www\.)"
    r"[^\s<>\"'“”‘’\u3000-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]+"
)
# Punctuation that ends a sentence or closes a bracket after a URL rather than belonging to it.
_URL_TRAIL = ".,;:!?)]}'\"”’>*"
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
_URL_PARTS = re.compile(r"(?:(?P<scheme>[A-Za-z]+)://)?(?P<host>[^/?#]*)(?P<rest>.*)", re.S)


@dataclass(frozen=True, slots=True)
class Address:
    """A URL or e-mail address found in a text: its comparison key and span."""

    key: str
    start: int
    end: int
    text: str


def urls(text: str) -> list[Address]:
    """The URLs in ``text`` (with a scheme, or ``www.``), sentence punctuation after them left
    out (a ``)`` stays when the URL opened one). The key lower-cases the scheme and host and
    reads an empty path as ``/`` (RFC 3986 §6.2.3: ``http://x.org`` is ``http://x.org/``)."""
    found: list[Address] = []
    for match in _URL.finditer(text):
        url = match.group()
        while url and url[-1] in _URL_TRAIL:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        parts = _URL_PARTS.fullmatch(url)
        if parts is None or not parts.group("host"):
            continue
        scheme = (parts.group("scheme") or "").lower()
        key = f"{scheme}://{parts.group('host').lower()}{parts.group('rest') or '/'}"
        found.append(Address(key, match.start(), match.start() + len(url), url))
    return found


def emails(text: str) -> list[Address]:
    """The e-mail addresses in ``text`` outside URLs; the key lower-cases the domain only (the
    local part may be case-sensitive, RFC 5321 §2.4)."""
    inside = [(u.start, u.end) for u in urls(text)]
    found: list[Address] = []
    for match in _EMAIL.finditer(text):
        if any(start <= match.start() < end for start, end in inside):
            continue
        local, _, domain = match.group().partition("@")
        found.append(Address(f"{local}@{domain.lower()}", *match.span(), match.group()))
    return found


# --- brackets and quotation marks ----------------------------------------------------------------

BRACKETS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "（": "）",
    "［": "］",
    "｛": "｝",
    "「": "」",
    "『": "』",
    "【": "】",
    "《": "》",
    "〈": "〉",
}
_CLOSING = {close: open_ for open_, close in BRACKETS.items()}
# "1)", "a)", "가)" at the start of the text or after a space: a list enumerator, not a bracket.
_ENUMERATOR = re.compile(r"(?:^|(?<=\s))[^\W_]{1,2}[)）]")


def unbalanced_brackets(text: str) -> list[int]:
    """Offsets of the brackets of ``text`` that have no partner (:data:`BRACKETS`, ASCII and
    full-width/CJK forms); a closer must match the last bracket still open."""
    enumerators = {match.end() - 1 for match in _ENUMERATOR.finditer(text)}
    stack: list[int] = []
    lonely: list[int] = []
    for at, char in enumerate(text):
        if char in BRACKETS:
            stack.append(at)
        elif char in _CLOSING:
            if stack and text[stack[-1]] == _CLOSING[char]:
                stack.pop()
            elif at not in enumerators:
                lonely.append(at)
    return sorted(lonely + stack)


def unbalanced_quotes(text: str) -> list[int]:
    """Offsets of the quotation marks of ``text`` that have no partner: a ``“``, ``‘`` or
    ``"`` left open, a ``”`` that closes nothing.

    A straight ``"`` closes whatever double quotation is open (``"…”`` mixes styles but is
    closed) and opens one otherwise. ``’`` closes an open single quotation unless it stands
    between two Latin letters (``don’t``); with nothing open it is an apostrophe (``AMs’``,
    ``’90s``). A straight ``'`` opens one only where a quotation starts (after a space or an
    opening bracket, before a letter: ``'상응하는 조치'``) and otherwise acts as ``’``.
    """
    lonely: list[int] = []
    double: list[int] = []
    single: list[int] = []
    for at, char in enumerate(text):
        if char == "“" or (char == '"' and not double):
            double.append(at)
        elif char == '"':
            double.pop()
        elif char == "”":
            if double:
                double.pop()
            else:
                lonely.append(at)
        elif char == "‘" or (char == "'" and _opens(text, at)):
            single.append(at)
        elif char in "’'" and single and not _apostrophe(text, at):
            single.pop()
    return sorted(lonely + double + single)


def _opens(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    return (before.isspace() or before in '([{“"') and text[at + 1 : at + 2].isalpha()


def _apostrophe(text: str, at: int) -> bool:
    """A ``’`` between two Latin letters (``don’t``, ``rock’n’roll``); after a Hangul word it
    closes a quotation (``‘준비 완료’라고``)."""
    return 0 < at < len(text) - 1 and _LATIN_LETTER.match(text[at - 1] + text[at + 1]) is not None


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]{2}")


# --- repeated words ------------------------------------------------------------------------------

_REPEAT = re.compile(r"(?<![^\W_])(?P<word>[^\W_]+)(?P<gap>\s+)(?P=word)(?![^\W_])", re.I)
# Words whose doubling is grammar or style, not a slip: English "had had", "that that",
# "very very", "bye bye"; Korean reduplicated words (첩어) written with a space, such as
# 하나 하나 "one by one" and 따로 따로 "separately", which the spelling rules write joined
# (하나하나) but which are no accidental repetition.
REPEATS_ALLOWED = frozenset(
    {
        "had",
        "that",
        "is",
        "very",
        "so",
        "no",
        "bye",
        "ha",
        "hey",
        "oh",
        "knock",
        "really",
        "하나",
        "따로",
        "가끔",
        "조금",
        "하루",
        "차례",
        "군데",
        "구석",
        "가지",
        "여기",
        "저기",
        "빨리",
        "어서",
        "정말",
        "너무",
        "아주",
        "매우",
        "더",
        "잘",
    }
)


def repeated_words(text: str) -> list[tuple[int, int]]:
    """Spans of the second word of each doubled word in ``text`` (case-insensitive); numbers
    (``10 10``) and the words of :data:`REPEATS_ALLOWED` are not repetitions."""
    spans: list[tuple[int, int]] = []
    for match in _REPEAT.finditer(text):
        word = match.group("word")
        if any(char.isdigit() for char in word) or word.casefold() in REPEATS_ALLOWED:
            continue
        spans.append((match.start("gap") + len(match.group("gap")), match.end()))
    return spans
