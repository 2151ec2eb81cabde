"""A bilingual file (XLIFF, TMX, PO) as the sides the check, lint, score and report stages take.

A CAT tool's file is already segmented and aligned: segment ``i``'s source and target are the
two sides of link ``i``. Each side becomes one text (the segments' texts, a blank line apart) whose
sentences are the segments, with a locator that turns an offset of that text into the
``line:column`` of the bilingual file where the character was written, so every finding points
into the file the translator has open.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from align.errors import InputError
from align.export.formats import AlignedPair, AlignedSide
from align.models import (
    BilingualFile,
    Finding,
    Link,
    Segment,
    SegmentText,
    Sentence,
    make_sentence,
)
from align.read import bilingual, sourcemap
from align.text import languages
from align.text.languages import primary_language
from align.text.normalize import display_text

Side = Literal["source", "target"]
Locate = Callable[[int], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class SegmentSides:
    """A bilingual file's two sides, its links (one per segment with a text), and locators.

    ``segments[k]`` is the segment of link ``k``; ``source_locate``/``target_locate`` map an
    offset of ``pair.source.text``/``pair.target.text`` to the file's (line, column).
    """

    document: BilingualFile
    pair: AlignedPair
    segments: tuple[Segment, ...]
    source_locate: Locate
    target_locate: Locate

    def owners(self, side: Side) -> tuple[Segment, ...]:
        """The segment of each sentence of ``side``, in order."""
        if side == "source":
            return self.segments
        return tuple(self.segments[k] for k, link in enumerate(self.pair.links) if link.target)

    def located(self, finding: Finding, link: int, side: Side = "target") -> Finding:
        """``finding`` (made by a stage on these sides) naming its segment and side."""
        return replace(finding, segment=self.segments[link].id, side=side)


def read_sides(
    path: str, *, source_lang: str | None = None, target_lang: str | None = None
) -> SegmentSides:
    """Read the bilingual file ``path`` as check sides (``*_lang`` override the file's); a
    language the file declares that is not a language code is an ``InputError``."""
    document = bilingual.read_bilingual(path, source_lang=source_lang, target_lang=target_lang)
    for lang, option in (
        (document.source_lang, "--src-lang"),
        (document.target_lang, "--tgt-lang"),
    ):
        if not languages.known_code(lang):
            raise InputError(
                f"the file declares the language {lang!r}, which is not a language code",
                path=path,
                hint=f"write an ISO 639 code such as ko or en in the file, or pass {option}",
            )
    return sides(document)


def sides(document: BilingualFile) -> SegmentSides:
    """The two sides of ``document``: a segment without source text is left out; a segment
    without a target (or with an empty one) is a 1-0 link, as an omission is in an alignment."""
    kept = tuple(s for s in document.segments if s.source.text.strip())
    source_texts = [s.source for s in kept]
    target_texts = [s.target for s in kept]
    source_side, source_locate, _ = _side(document.path, document.source_lang, source_texts)
    target_side, target_locate, target_index = _side(
        document.path, document.target_lang, target_texts
    )
    links = tuple(Link((k,), () if j is None else (j,), 1.0) for k, j in enumerate(target_index))
    pair = AlignedPair(source_side, target_side, links)
    return SegmentSides(document, pair, kept, source_locate, target_locate)


def _side(
    path: str, lang: str, texts: Sequence[SegmentText | None]
) -> tuple[AlignedSide, Locate, list[int | None]]:
    """One side's text (a line per segment), sentences, locator, and each segment's sentence
    index (``None`` for a segment without text on this side). The locator knows where each
    segment's references and escapes end (``SegmentText.reference_ends``), so a finding ends
    after ``&#47141;``, not inside it."""
    parts: list[str] = []
    starts: list[int] = []
    located: list[SegmentText] = []
    sentences: list[Sentence] = []
    index: list[int | None] = []
    ends: list[tuple[int, int, int]] = []
    offset = 0
    for text in texts:
        if text is None or not text.text.strip():
            index.append(None)
            continue
        index.append(len(sentences))
        starts.append(offset)
        located.append(text)
        sentences.append(
            make_sentence(display_text(text.text), offset, offset + len(text.text), "body")
        )
        parts.append(text.text)
        ends.extend((offset + end, line, column) for end, line, column in text.reference_ends)
        offset += len(text.text) + 2
    joined = "\n\n".join(parts)

    def locate(at: int) -> tuple[int, int]:
        if not starts:
            return 1, 1
        k = max(0, bisect.bisect_right(starts, at) - 1)
        return located[k].locate(at - starts[k])

    side = AlignedSide(path, primary_language(lang), joined, tuple(sentences))
    return side, sourcemap.Locator(locate, tuple(ends)), index
