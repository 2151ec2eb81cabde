"""From a text and an engine's cuts to sentences that keep their spans.

A text is parted into paragraphs at blank lines (any line-break convention); each paragraph is
matched in its normalised form (:func:`align.text.normalize.normalize_with_offsets`: NFC,
full-width forms, no-break spaces) and every cut is mapped back to the text as read, so NFD
Hangul splits like NFC Hangul. Sentences are the trimmed text between cuts, so no engine can
lose or reorder a character. Apart from the engines because this is the one place that makes
spans; an engine only says where sentences start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from align.models import Role, Sentence, make_sentence
from align.split.boundary import CutFinder
from align.text.normalize import display_text, is_plain, normalize_with_offsets

# A blank line (any line-break convention) ends a paragraph; a paragraph never joins the next.
# (A CR counts alone only when no LF follows it: the CRLF of one line end is not a blank line.)
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)[^\S\r\n]*(?:\r\n|\r(?!\n)|\n)")
_LF_PARAGRAPH_BREAK = re.compile(r"\n[^\S\r\n]*\n")  # the same in a text without CR
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,3}|[A-Za-z])[.)]$")


# A paragraph: its text as read, the offset of that text, its role. (A plain tuple: an article
# has hundreds, and a tuple is built several times faster than a frozen dataclass.)
Piece = tuple[str, int, Role]


def paragraphs(text: str, offset: int, role: Role, pieces: list[Piece]) -> None:
    """Append the non-blank paragraphs of ``text`` (which starts at ``offset``) to ``pieces``."""
    if "\n" not in text and "\r" not in text:
        if text and not text.isspace():
            pieces.append((text, offset, role))
        return
    start = 0
    # Without CR, a pattern that starts with a literal LF: the regex engine skips to each LF.
    breaks = _PARAGRAPH_BREAK if "\r" in text else _LF_PARAGRAPH_BREAK
    for match in breaks.finditer(text):
        if text[start : match.start()].strip():
            pieces.append((text[start : match.start()], offset + start, role))
        start = match.end()
    if text[start:].strip():
        pieces.append((text[start:], offset + start, role))


def split_pieces(pieces: Sequence[Piece], find_cuts: CutFinder) -> list[Sentence]:
    """The sentences of ``pieces``, cut where ``find_cuts`` (an engine) says, in text order."""
    # Most paragraphs pass the quick test; it also says they are printable.
    plain = [is_plain(raw) for raw, _, _ in pieces]
    normalised = [
        (raw, None) if quick else normalize_with_offsets(raw)
        for (raw, _, _), quick in zip(pieces, plain, strict=True)
    ]
    all_cuts = find_cuts([norm for norm, _ in normalised])
    sentences: list[Sentence] = []
    for (raw, offset, role), quick, (_, offsets), cuts in zip(
        pieces, plain, normalised, all_cuts, strict=True
    ):
        shown: Callable[[str], str] | None
        if offsets is not None:
            cuts = [offsets[cut] for cut in cuts]
            shown = display_text
        elif "  " in raw or not (quick or raw.isprintable()):
            # An unchanged paragraph is already NFC without special spaces: only collapse spaces.
            shown = _collapse
        else:  # NFC, one line, single spaces (see ``_collapse``): sentences print as written
            shown = None
        sentences.extend(_sentences(raw, cuts, offset, role, shown))
    return sentences


def _collapse(text: str) -> str:
    # Every white space character but the ASCII space is non-printable: a printable text
    # without double spaces has nothing to collapse (and this check is much cheaper).
    if "  " not in text and text.isprintable():
        return text
    return " ".join(text.split())


def _sentences(
    text: str, cuts: Sequence[int], base: int, role: Role, shown: Callable[[str], str] | None
) -> list[Sentence]:
    """Trimmed, non-empty sentences between ``cuts`` (increasing; a repeat is harmless), their
    text ``shown`` (as is when ``None``); a cut that would leave a bare enumerator ("1.", "a)")
    is ignored."""
    sentences: list[Sentence] = []
    append = sentences.append
    make = make_sentence  # local names: this loop runs once per sentence
    start = 0
    size = len(text)
    for cut in [*cuts, size]:
        if cut <= start or cut > size:
            continue
        chunk = text[start:cut]
        body = chunk.strip()
        length = len(body)
        if length <= 4:
            if not body:
                start = cut
                continue
            if cut < size and _ENUMERATOR.match(body):
                continue
        # The first non-space character is the first occurrence of body[0] in the chunk.
        left = base + start if body[0] == chunk[0] else base + start + chunk.index(body[0])
        append(make(body if shown is None else shown(body), left, left + length, role))
        start = cut
    return sentences
