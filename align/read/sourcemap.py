"""Where the extracted text of an HTML page is in the page's source: line and column.

The extractor (:mod:`align.read.extract`) gives each block the line of its element; this
module follows the block's text through the source from that line, skipping tags, comments,
scripts and styles, decoding character references and collapsing runs of white space as the
extractor does, and records ``(offset, line, column)`` anchors as
:class:`~align.models.SegmentText` does for bilingual files: the character at ``offset`` of the
article text is at ``line``:``column`` of the file, and the characters after it follow on the
same line until the next anchor. A finding in an HTML page then points at the term itself,
not at column 1 of its element's line. A character written as a reference (``&#47141;``,
``&amp;``) is wider in the source than in the text, so the walk also records where each
reference ends: a finding whose last character it is ends after the whole reference, not
inside it (:class:`Locator`). Where the walk cannot follow the text (a page rewritten
by a script, a title taken from ``<meta>``), the block keeps its element's line, column 1.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from align.models import Article, Block
from align.text.normalize import LineIndex

_SPACE = " \t\n\r\f\v"  # the white space the extractor collapses (not U+00A0)
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|template)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<[!?/]?[A-Za-z][^>]*>?",
    re.S | re.I,
)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_WHITE = re.compile(r"[ \t\n\r\f\v]+")
_WORD = re.compile(r"[^ \t\n\r\f\v]+")
_RESYNC_WINDOW = 20_000  # how far ahead a block's next word is looked for in the source
_CHUNK = 4096


def _common_prefix(text: str, i: int, source: str, j: int) -> int:
    """The length of the common prefix of ``text[i:]`` and ``source[j:]``, in O(n / 4096)
    slice comparisons for long equal runs."""
    length, step = 0, _CHUNK
    limit = min(len(text) - i, len(source) - j)
    while step:
        if length + step <= limit and (
            text[i + length : i + length + step] == source[j + length : j + length + step]
        ):
            length += step
        else:
            step //= 2
    return length


def _before_reference(source: str, position: int, same: int) -> int:
    """The part of a run of ``same`` characters the text and the source share from
    ``position`` that ends before a character reference: the text ``AT& so`` and the source
    ``AT&amp; so`` agree on ``&``, but that ``&`` begins the reference that writes it."""
    amp = source.find("&", position + 1, position + same)
    while amp >= 0:
        if _REFERENCE.match(source, amp):
            return amp - position
        amp = source.find("&", amp + 1, position + same)
    return same


def _outside_markup(source: str, position: int) -> bool:
    """Whether ``position`` is in text, not inside a tag (looking back a bounded way)."""
    start = max(0, position - _RESYNC_WINDOW)
    return source.rfind("<", start, position) <= source.rfind(">", start, position)


class _Walk:
    """Follows one block's text through the source and records anchors."""

    __slots__ = ("source", "lines", "anchors", "ends", "passed")

    def __init__(self, source: str, lines: LineIndex) -> None:
        self.source = source
        self.lines = lines
        self.anchors: list[tuple[int, int, int]] = []
        #: ``(offset, line, column)``: the text before ``offset`` ends in the source just
        #: before ``line``:``column`` (after a character reference, not one column past it).
        self.ends: list[tuple[int, int, int]] = []
        self.passed = (0, 0)  # (text index, source position) after the last reference passed

    def mark(self, offset: int, position: int) -> None:
        line, column = self.lines.line_col(position)
        if self.anchors:
            last_offset, last_line, last_column = self.anchors[-1]
            if (last_line, last_column + offset - last_offset) == (line, column):
                return
            if last_offset == offset:
                self.anchors[-1] = (offset, line, column)
                return
        self.anchors.append((offset, line, column))

    def find(self, word: str, position: int) -> int:
        """The next place of ``word`` in the page's text from ``position`` (-1: none near)."""
        source = self.source
        end = min(len(source), position + _RESYNC_WINDOW)
        at = source.find(word, position, end)
        while at >= 0 and not _outside_markup(source, at):
            closing = source.find(">", at, end)
            if closing < 0:
                return -1
            at = source.find(word, closing + 1, end)
        return at

    def reference(self, text: str, base: int, i: int, position: int) -> bool:
        """Pass the character reference at source ``position`` if it writes ``text[i:]``'s next
        characters (then :attr:`passed` is where the walk goes on, and its end is recorded)."""
        reference = _REFERENCE.match(self.source, position)
        if reference is None:
            return False
        decoded = html.unescape(reference.group())
        if not decoded or not text.startswith(decoded, i):
            return False
        self.mark(base + i, position)
        i += len(decoded)
        position = reference.end()
        self.mark(base + i, position)
        self.ends.append((base + i, *self.lines.line_col(position)))
        self.passed = (i, position)
        return True

    def block(self, text: str, base: int, position: int) -> bool:
        """Walk ``text`` (starting at article offset ``base``) from source ``position``."""
        source = self.source
        first = _WORD.search(text)
        if first is None:
            return True
        position = self.find(first.group(), position)
        if position < 0:
            return False
        i = first.start()
        self.mark(base + i, position)
        while i < len(text):
            if source.startswith("&", position) and self.reference(text, base, i, position):
                i, position = self.passed
                continue
            same = _before_reference(source, position, _common_prefix(text, i, source, position))
            i += same
            position += same
            if i >= len(text):
                break
            char = text[i]
            here = source[position] if position < len(source) else ""
            if here == "<":
                markup = _MARKUP.match(source, position)
                if markup is not None:
                    position = markup.end()
                    self.mark(base + i, position)
                    continue
            if here == "&" and self.reference(text, base, i, position):
                i, position = self.passed
                continue
            if here and here in _SPACE:
                run = _WHITE.match(source, position)
                position = run.end() if run is not None else position + 1
                if char == " ":
                    i += 1
                self.mark(base + i, position)
                continue
            if char == " ":
                i += 1  # a space the extractor made (a line break element, a block edge)
                continue
            word = _WORD.match(text, i)
            found = self.find(word.group() if word else char, position)
            if found < 0:
                return False
            position = found  # text the extractor left out (an ad inside the paragraph)
            self.mark(base + i, position)
        return True


def html_anchors(source: str, text: str, blocks: Sequence[Block]) -> SourceMap:
    """Anchors from the article ``text`` (made of ``blocks``) into the page ``source``, and the
    ends of the characters written there as references."""
    lines = LineIndex(source)
    walk = _Walk(source, lines)
    for block in blocks:
        if block.source_line is None:
            continue
        start = lines.offset(block.source_line, 1)
        kept, ended = len(walk.anchors), len(walk.ends)
        if not walk.block(text[block.start : block.end], block.start, start):
            del walk.anchors[kept:]
            del walk.ends[ended:]
            walk.anchors.append((block.start, block.source_line, 1))
    return SourceMap(tuple(walk.anchors), tuple(walk.ends))


@dataclass(frozen=True, slots=True)
class SourceMap:
    """What :func:`html_anchors` found: the anchors, and the reference ends (``_Walk.ends``)."""

    anchors: tuple[tuple[int, int, int], ...]
    ends: tuple[tuple[int, int, int], ...]


class Locator:
    """Offsets of an article's text (or a bilingual file's side) → the 1-based (line, column)
    of its file (call it), and where a span of the text ends there (:meth:`after`).

    The end of ``[start, end)`` is just past the span's last character's own source text: one
    column after the character, or after the whole reference that wrote it. It is not where
    the next character is, since a tag may come between them (``SDF</b>``: the region ends
    before ``</b>``, as SARIF's exclusive ``endColumn`` means).
    """

    __slots__ = ("_locate", "_ends")

    def __init__(
        self, locate: Callable[[int], tuple[int, int]], ends: tuple[tuple[int, int, int], ...] = ()
    ) -> None:
        self._locate = locate
        self._ends = {offset: (line, column) for offset, line, column in ends}

    def __call__(self, offset: int) -> tuple[int, int]:
        return self._locate(offset)

    def after(self, end: int) -> tuple[int, int]:
        """The (line, column) just past the character before offset ``end``."""
        written = self._ends.get(end)
        if written is not None:
            return written
        line, column = self._locate(end - 1)
        return line, column + 1


def locator(article: Article) -> Locator:
    """Offsets into ``article.text`` → the 1-based (line, column) in its file: the file's own
    for text, the page source's for HTML (through the anchors, else the block's line)."""
    return Locator(_locate(article), article.reference_ends)


def _locate(article: Article) -> Callable[[int], tuple[int, int]]:
    index = LineIndex(article.text)
    if article.format != "html":
        return index.line_col
    if article.anchors:
        offsets = [anchor[0] for anchor in article.anchors]

        def locate(offset: int) -> tuple[int, int]:
            k = bisect.bisect_right(offsets, offset) - 1
            if k < 0:
                return index.line_col(offset)
            base, line, column = article.anchors[k]
            return line, column + offset - base

        return locate
    if not article.blocks:
        return index.line_col
    starts = [block.start for block in article.blocks]

    def by_block(offset: int) -> tuple[int, int]:
        block = article.blocks[max(0, bisect.bisect_right(starts, offset) - 1)]
        if block.source_line is None:
            return index.line_col(offset)
        return block.source_line, 1

    return by_block
