"""Building one side of a segment piece by piece: text at file positions, codes between.

Readers of bilingual files (XML and PO alike) decode a segment's text in runs, each run
starting at a known line and column of the file; :class:`TextBuilder` joins the runs into a
:class:`~align.models.SegmentText` and keeps only the anchors a reader of it needs (a run that
carries straight on from the previous one on the same line needs none).
"""

from __future__ import annotations

from align.models import CodeKind, InlineCode, SegmentText


class TextBuilder:
    """Accumulates text runs and inline codes; :meth:`build` returns the ``SegmentText``."""

    __slots__ = ("_parts", "_length", "_codes", "_anchors", "_ends")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._codes: list[InlineCode] = []
        self._anchors: list[tuple[int, int, int]] = []
        self._ends: list[tuple[int, int, int]] = []

    def mark(self, line: int, column: int) -> None:
        """The next character (or the end of the text) is at ``line``:``column``."""
        if self._anchors:
            offset, last_line, last_column = self._anchors[-1]
            if (last_line, last_column + self._length - offset) == (line, column):
                return
            if offset == self._length:
                self._anchors[-1] = (offset, line, column)
                return
        self._anchors.append((self._length, line, column))

    def add(self, text: str, line: int, column: int) -> None:
        """Append ``text``, written on one line of the file from ``line``:``column``."""
        if text:
            self.mark(line, column)
            self._parts.append(text)
            self._length += len(text)

    def written(self, char: str, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Append ``char``, written as a reference or escape from ``start`` to just before
        ``end`` (line, column): a finding whose last character it is ends at ``end``."""
        self.add(char, *start)
        if char:
            self._ends.append((self._length, *end))

    def code(
        self,
        name: str,
        kind: CodeKind,
        code_id: str,
        content: str = "",
        *,
        annotation: bool = False,
    ) -> None:
        """Append an inline code (or an annotation's marker) at the end of the text."""
        self._codes.append(InlineCode(name, kind, code_id, self._length, content, annotation))

    def build(self) -> SegmentText:
        return SegmentText(
            "".join(self._parts), tuple(self._codes), tuple(self._anchors), tuple(self._ends)
        )
