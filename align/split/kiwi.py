"""The ``ko`` ``kiwi`` engine: Kiwi's morphological splitter (Lee 2024, kiwipiepy), checked
against the text.

Kiwi is fed paragraph by paragraph; its cuts are kept after final punctuation or after a final
ending (EF) the text agrees with, with Hanja abbreviations (美, 日, 北, ...) moved back to the
sentence they start, and the shared Korean rules' cuts (:mod:`align.split.korean`) added.
Apart because only this engine loads Kiwi's model (through :mod:`align.text.morph`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from align.split.boundary import Cuts
from align.split.korean import (
    KO_CLOSER,
    KO_GOES_ON,
    has_final_punct,
    inside_quotation,
    korean_filter,
    korean_punct_cuts,
    quote_goes_on,
)

# Final punctuation, closing quotes and white space just before a cut.
_AFTER_FINAL = re.compile(r"[.?!…。！？]([\"'”’»」』)\]]*)\s+$")
# A Hanja abbreviation starting a sentence (美 국무부는, 日·中 정상은): Kiwi leaves it behind.
_HANJA_HEAD = re.compile(r"(?<=[.?!…'\"”’)\]]\s)([\u4e00-\u9fff](?:[·ㆍ][\u4e00-\u9fff])*)\s*$")
# Closers at the end of a text (the text before a Kiwi cut).
_KO_CLOSER_END = re.compile(rf"{KO_CLOSER}$")


def korean_kiwi(paragraphs: Sequence[str]) -> list[Cuts]:
    """Kiwi's cuts, checked against the text, and the rule engine's cuts.

    In a paragraph that uses final punctuation, a Kiwi cut holds after final punctuation, or
    where Kiwi's analysis ends the sentence in a final ending (EF) and the text agrees
    (:func:`_kiwi_ending_holds`: informal 맛있었어요 | 다만); a cut inside a quotation that goes
    on, or before a dash or a glued particle, is dropped. The punctuation cuts of the rule
    engine are added (Kiwi keeps ``…했다. “인용”`` together), and both engines' informal cuts
    (:func:`korean_filter`) move a cut made before closers after them."""
    from align.text.morph import sentences as kiwi_sentences

    results: list[Cuts] = []
    for text, found in zip(paragraphs, kiwi_sentences(paragraphs), strict=True):
        cuts = [
            _hanja_fix(text, after.start)
            for before, after in itertools.pairwise(found)
            if not has_final_punct(text)
            or _kiwi_cut_holds(text, after.start)
            or (before.final_ending and _kiwi_ending_holds(text, after.start))
        ]
        if has_final_punct(text):
            cuts.extend(korean_punct_cuts(text))
        results.append(korean_filter(text, sorted(set(cuts))))
    return results


def _kiwi_cut_holds(text: str, cut: int) -> bool:
    """A Kiwi cut in punctuated text holds after final punctuation, unless the quotation closed
    there goes on (:func:`quote_goes_on`)."""
    final = _AFTER_FINAL.search(text, 0, cut)
    return final is not None and not quote_goes_on(text, final.group(1), cut)


def _kiwi_ending_holds(text: str, cut: int) -> bool:
    """A Kiwi cut after a final ending without punctuation holds after a Hangul syllable or a
    closer and white space, before a word that does not continue the clause, outside quotes."""
    before = text[:cut]
    stripped = before.rstrip()
    if not stripped or len(stripped) == len(before):
        return False
    last = stripped[-1]
    if not ("가" <= last <= "힣" or _KO_CLOSER_END.search(stripped)):
        return False
    return not (KO_GOES_ON.match(text, cut) or inside_quotation(text, cut))


def _hanja_fix(text: str, cut: int) -> int:
    """Move a cut back before a Hanja abbreviation Kiwi glued to the previous sentence."""
    head = _HANJA_HEAD.search(text, 0, cut)
    return head.start(1) if head else cut
