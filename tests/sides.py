"""Aligned sides made up from sentences, for the tests of the exporters and the checks."""

from __future__ import annotations

from collections.abc import Sequence

from align.export.formats import AlignedSide
from align.models import Sentence


def aligned_side(path: str, lang: str, sentences: Sequence[str]) -> AlignedSide:
    """A side of ``path`` in ``lang`` whose text is each of ``sentences`` on a line of its own
    (every line ending in a newline), each sentence's span pointing at its line: the text a
    presplit file holds, as exporters and checks read it."""
    spans: list[Sentence] = []
    text = ""
    for sentence in sentences:
        spans.append(Sentence(sentence, len(text), len(text) + len(sentence)))
        text += sentence + "\n"
    return AlignedSide(path, lang, text, tuple(spans))
