"""The only module that imports kiwipiepy: one Kiwi analyser, created on first use."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Tags Kiwi gives punctuation, symbols and emoji: what may follow a sentence's final ending.
_TRAILING_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB", "W_EMOJI"})


@dataclass(frozen=True, slots=True)
class KiwiSentence:
    """A sentence Kiwi found: its span in the paragraph, and whether its last word (before any
    punctuation, symbols or emoji) is a sentence-final ending (Sejong tag EF)."""

    start: int
    end: int
    final_ending: bool


@functools.cache
def kiwi() -> Any:
    """The shared Kiwi instance (its model ships inside the kiwipiepy package; no download)."""
    from kiwipiepy import Kiwi

    return Kiwi()


def sentences(paragraphs: Sequence[str]) -> list[list[KiwiSentence]]:
    """Kiwi's own sentences of each paragraph (``Kiwi.split_into_sents``), with their spans."""
    batches = kiwi().split_into_sents(list(paragraphs), return_tokens=True)
    return [[_sentence(found) for found in batch] for batch in batches]


def _sentence(found: Any) -> KiwiSentence:
    tags = [token.tag for token in found.tokens or ()]
    while tags and tags[-1] in _TRAILING_TAGS:
        tags.pop()
    return KiwiSentence(found.start, found.end, bool(tags) and tags[-1] == "EF")
