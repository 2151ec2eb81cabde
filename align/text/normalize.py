"""Pure text helpers: Unicode NFC, whitespace, quotes, full-width forms, scripts, line/column.

Normalisation is for matching only; what the toolkit prints is the text as read (decoded, NFC).
``normalize_with_offsets`` keeps a map back to the text as read, so a match found in normalised
text is reported at its place in the user's file.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Sequence

# Characters removed for matching: zero-width spaces and joiners, word joiner, BOM.
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Spaces that mean a plain space: no-break, narrow no-break, figure, ideographic, and the rest
# of the Unicode space separators.
_SPACES = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u202f\u205f\u3000"
)
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_SPECIAL = re.compile(
    "[\r\u200b\u200c\u200d\u2060\ufeff\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\uff01-\uff5e]"
)
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def nfc(text: str) -> str:
    """Unicode NFC (Hangul typed on macOS arrives decomposed)."""
    return unicodedata.normalize("NFC", text)


def fold_quotes(text: str) -> str:
    """Curly and angle quotes to their ASCII forms (same length)."""
    return text.translate(_QUOTES)


def collapse_space(text: str) -> str:
    """Line breaks and runs of white space to single spaces, ends stripped."""
    return " ".join(text.split())


def display_text(raw: str) -> str:
    """The text of a span as the toolkit prints it: NFC, inner line breaks as spaces."""
    return collapse_space(nfc(raw))


def _fold_char(char: str) -> str:
    if char in _ZERO_WIDTH:
        return ""
    if char in _SPACES:
        return " "
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII forms: same meaning, ASCII code point
        return chr(code - 0xFEE0)
    return char


def normalize_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Normalise ``text`` for matching and map each normalised position back to ``text``.

    Applies NFC, CRLF/CR → LF, no-break and other spaces → space, zero-width characters removed,
    full-width ASCII forms → ASCII. Returns ``(normalised, offsets)`` where ``offsets[i]`` is the
    position in ``text`` of normalised character ``i`` and ``offsets[len(normalised)]`` is
    ``len(text)``; ``offsets`` is ``None`` when nothing changed (the map is the identity).
    """
    if unicodedata.is_normalized("NFC", text):
        if not _SPECIAL.search(text):
            return text, None
        return _fold_specials(text)
    return _fold_clusters(text)


def is_plain(text: str) -> bool:
    """A quick test that ``normalize_with_offsets`` leaves ``text`` as it is (a ``False`` says
    nothing): printable, so without line breaks, zero-width characters or special spaces (all
    of them control, format or space characters), and NFKC, so NFC without full-width forms
    (UAX #15: a string in NFKC is in NFC). Faster than the character search it spares; a text
    with a line break or a compatibility character such as "…" takes the full test."""
    return text.isprintable() and unicodedata.is_normalized("NFKC", text)


# Every combining mark (canonical combining class > 0) lies below this code point (Unicode 15).
COMBINING_LIMIT = 0x20000


@functools.cache
def _non_starter() -> re.Pattern[str]:
    """Characters that join the cluster before them: combining marks and Hangul medial/final
    jamo. Built on first use from ``unicodedata`` (about 15 ms), so it follows Python's Unicode."""
    ranges: list[list[int]] = [[0x1160, 0x11FF]]
    for code in range(COMBINING_LIMIT):
        if unicodedata.combining(chr(code)):
            if ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])

    # Ranges, not a list of single characters: a class of ranges is searched several times faster.
    # The regex engine tests BMP characters against one bitmap but each range above U+FFFF in
    # turn, so those ranges sit behind a one-range test that only astral characters pass.
    def members(part: list[list[int]]) -> str:
        return "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in part)

    bmp = [pair for pair in ranges if pair[1] <= 0xFFFF]
    astral = [pair for pair in ranges if pair[1] > 0xFFFF]
    return re.compile(f"[{members(bmp)}]|(?=[\U00010000-\U0010ffff])[{members(astral)}]")


def _fold_specials(text: str) -> tuple[str, list[int]]:
    """``normalize_with_offsets`` of an NFC text: only the special characters change, so the
    runs between them are copied whole (each char of an NFC text is its own NFC form)."""
    if _non_starter().search(text):  # a mark maps to its cluster's start: go cluster by cluster
        return _fold_clusters(text)
    out: list[str] = []
    offsets: list[int] = []
    done = 0
    for match in _SPECIAL.finditer(text):
        at = match.start()
        out.append(text[done:at])
        offsets.extend(range(done, at))
        char = match.group()
        if char == "\r":
            out.append("\n")
            offsets.append(at)
            done = at + 2 if text.startswith("\n", at + 1) else at + 1
            continue
        folded = _fold_char(char)
        out.append(folded)
        offsets.extend([at] * len(folded))
        done = at + 1
    out.append(text[done:])
    offsets.extend(range(done, len(text) + 1))
    return "".join(out), offsets


def _fold_clusters(text: str) -> tuple[str, list[int]]:
    """``normalize_with_offsets`` of a text that is not NFC, one character cluster at a time."""
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\r":
            out.append("\n")
            offsets.append(i)
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            continue
        # A cluster: a character and the combining marks / Hangul jamo that compose with it.
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or "\u1160" <= text[j] <= "\u11ff"):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j]) if j - i > 1 else char
        # NFC of one character can be two (U+0958 क़ is excluded from composition: क + ़).
        for piece in cluster:
            for part in unicodedata.normalize("NFC", piece):
                for ch in _fold_char(part):
                    out.append(ch)
                    offsets.append(i)
        i = j
    offsets.append(n)
    return "".join(out), offsets


def normalize(text: str) -> str:
    """``normalize_with_offsets`` without the map."""
    return normalize_with_offsets(text)[0]


# --- disguises: what a forbidden term hides behind (UTS #39 confusables, invisible characters) --

# Characters that draw nothing (or only reorder what is drawn) and are removed for matching: soft
# hyphen, combining grapheme joiner, bidi marks, embeddings, overrides and isolates (the "Trojan
# Source" characters, CVE-2021-42574), invisible operators, variation selectors, tags.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufe00-\ufe0f\ufeff\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
# Letters drawn like Latin ones: a small table written for this project after the Latin,
# Cyrillic and Greek entries of Unicode's confusables.txt (UTS #39 §4), lower and upper case;
# the whole data file is not shipped (its "skeleton" maps thousands of characters align never
# needs to unmask in English or Korean text).
_LOOK_ALIKES = str.maketrans(
    "аеіјорсухѕԁԛԝһӏүɑοαρνιυγϲϳıАВЕІЈКМНОРСТХЅҮԚԜҺӀΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹ",
    "aeijopcyxsdqwhlyaoapviuycjiABEIJKMHOPCTXSYQWHIABEZHIKMNOPTYXC",
)
# Where a disguise can be: the invisible characters, combining marks, letters with diacritics
# and the Greek and Cyrillic blocks, letterlike symbols and mathematical alphanumerics (U+1D400
# to U+1D7FF: 𝐌𝐚𝐫𝐢𝐭𝐢𝐦𝐞, which NFKC maps to plain letters). Hangul lies in none of them.
_DISGUISE = re.compile(
    f"[{_INVISIBLE}\u00c0-\u024f\u0300-\u036f\u0370-\u052f\u1ab0-\u1aff\u1dc0-\u1eff"
    "\u20d0-\u20ff\u2100-\u214f\ufe20-\ufe2f\U0001d400-\U0001d7ff]"
)
_INVISIBLE_CLASS = re.compile(f"[{_INVISIBLE}]")


@functools.lru_cache(maxsize=4096)
def _undisguise(char: str) -> str:
    """The plain letters ``char`` stands for: nothing for an invisible character or a combining
    mark, the base letter of a letter with diacritics, the Latin letter of a look-alike."""
    if _INVISIBLE_CLASS.match(char) or unicodedata.combining(char):
        return ""
    code = ord(char)
    if 0x2100 <= code <= 0x214F or 0x1D400 <= code <= 0x1D7FF:
        char = unicodedata.normalize("NFKC", char)  # 𝐌 → M, 𝛂 → α, ℓ → l
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
    )
    return stripped.translate(_LOOK_ALIKES)


def undisguise_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``text`` with every disguise taken off, for term matching, and the map back to ``text``
    (as :func:`normalize_with_offsets`; ``None`` when nothing changed).

    Invisible characters and combining marks go; letters with diacritics become their base
    letter (``é`` → ``e``: a term matches with or without its accents); Cyrillic and Greek
    look-alikes become the Latin letter they imitate (Cyrillic ``а`` → ``a``); letterlike and
    mathematical alphanumeric symbols become letters (NFKC). Hangul is never changed.
    """
    if not _DISGUISE.search(text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    done = 0
    for match in _DISGUISE.finditer(text):
        at = match.start()
        out.append(text[done:at])
        offsets.extend(range(done, at))
        plain = _undisguise(match.group())
        out.append(plain)
        offsets.extend([at] * len(plain))
        done = at + 1
    out.append(text[done:])
    offsets.extend(range(done, len(text) + 1))
    return "".join(out), offsets


def undisguise(text: str) -> str:
    """:func:`undisguise_with_offsets` without the map."""
    return undisguise_with_offsets(text)[0]


def disguises(found: str, model: str = "") -> list[str]:
    """How ``found`` is disguised, one phrase per character that ``model`` (the term as the
    glossary writes it) does not itself hold: ``Cyrillic а (U+0430)``, ``soft hyphen (U+00AD)``,
    ``latin small letter e with acute (U+00E9)`` (a combining accent typed after ``e`` is read
    as ``é``), ``mathematical or letterlike symbols (𝐌𝐚𝐫)``."""
    described: list[str] = []
    symbols = ""
    for char in dict.fromkeys(found):
        if char in model or not _DISGUISE.match(char) or _undisguise(char) == char:
            continue
        if ord(char) >= 0x2100 and not _INVISIBLE_CLASS.match(char):
            symbols += char  # letterlike and mathematical: one phrase for the lot
            continue
        name = unicodedata.name(char, "").lower()
        if not _INVISIBLE_CLASS.match(char) and not unicodedata.combining(char):
            script = name.split(" ")[0]
            if script in {"cyrillic", "greek"}:
                name = f"{script.capitalize()} {char}"
        described.append(f"{name or 'unnamed character'} (U+{ord(char):04X})")
    if symbols:
        described.append(f"mathematical or letterlike symbols ({symbols})")
    return described


def hidden_characters(term: str) -> list[str]:
    """What in a glossary ``term`` is there to deceive rather than to spell: invisible and bidi
    characters, combining marks, mathematical letters, and Cyrillic or Greek look-alikes mixed
    with Latin letters (UTS #39 §5, mixed-script detection); phrased as :func:`disguises`. A term
    wholly in Cyrillic or Greek, and Latin letters with diacritics, are spellings and pass."""
    latin = any("a" <= char <= "z" or "A" <= char <= "Z" for char in term)
    return [
        phrase
        for phrase in disguises(term)
        if not phrase.startswith("latin ")
        and (latin or not phrase.startswith(("Cyrillic ", "Greek ")))
    ]


def is_invisible(char: str) -> bool:
    """Is ``char`` one of the invisible characters :func:`undisguise_with_offsets` removes?"""
    return _INVISIBLE_CLASS.match(char) is not None


def visible(text: str) -> str:
    """``text`` with its invisible characters shown as ``<U+202E>``: what a message quoting a
    disguised term prints, so that no bidi override reorders the line it is printed on."""
    return _INVISIBLE_CLASS.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")


def reordering_shown(text: str) -> str:
    """``text`` with its bidi embeddings, overrides and isolates (U+202A-U+202E,
    U+2066-U+2069) shown as ``<U+202E>``: for a page that must show the characters as they
    are stored, since an override reorders the rest of its paragraph and can make a
    translation read as another (Trojan Source, CVE-2021-42574). Marks (U+200E, U+200F)
    and joiners, which reorder nothing, are kept."""
    return _REORDERING.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def hangul_ratio(text: str) -> float:
    """Share of letters that are Hangul (0.0 for text without letters)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def detect_lang(text: str) -> str:
    """``ko`` when Hangul dominates the letters, else ``en`` (the two scripts we tell apart)."""
    return "ko" if hangul_ratio(text[:20000]) >= 0.3 else "en"


_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str, *, keepends: bool = False) -> list[str]:
    """``text`` cut into lines at LF, CR and CRLF only, as files (plain text, TSV/CSV, PO) end
    them and as :class:`LineIndex` counts them.

    Unlike ``str.splitlines``, which also cuts at U+2028, U+2029, U+0085, VT, FF and
    \\x1c-\\x1e: those are characters inside a line (a glossary note may hold U+2028), and
    cutting there moves every later line number and row. Like it, a final line end adds no empty
    line, and ``""`` has no lines.
    """
    lines: list[str] = []
    start = 0
    for match in _LINE_END.finditer(text):
        lines.append(text[start : match.end() if keepends else match.start()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


class LineIndex:
    """Offsets ↔ 1-based line and column (code points) of a text as read.

    A line ends at LF, CR or CRLF, as editors count them.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        for match in _LINE_END.finditer(text):
            starts.append(match.end())
        self._starts: Sequence[int] = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self._starts[line - 1] + column - 1
