"""The ``ko`` ``mecab`` engine (the default): the Korean rules, and the unpunctuated sentence ends
MeCab-ko (Kudo et al. 2004, with mecab-ko-dic) confirms in informal paragraphs.

Only paragraphs of an informal register are looked at (closers, sentences ended without
punctuation; not news, wiki or the archaic Bible), and in them only candidate word ends, two
words at a time, so news costs no morphology at all. A candidate is confirmed when the word's
last morpheme is a final ending (EF), the nominal -ㅁ/-음, or a connective ending used as a
final one with -요 or closers, before a word that does not continue the clause. Apart because
only this engine calls MeCab-ko (through :mod:`align.text.morph`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from align.split.boundary import OPENERS, Cuts, char_before, token_before
from align.split.korean import (
    KO_ARCHAIC_REGISTER,
    KO_CLOSER,
    KO_CLOSER_START,
    KO_CLOSERS_AT,
    KO_GOES_ON,
    first_closer,
    inside_quotation,
    korean_filter,
    korean_punct_cuts,
)

# Last syllables of the final endings MeCab-ko confirms with no closer after them (Sejong EF:
# -다, -요, -죠, -까, -네, -군, -ㄹ걸, -거든), and of the nominal -ㅁ/-음 of notes (ETN): a word
# ending otherwise is sent to MeCab only when closers follow it. Speech also ends sentences in
# endings shaped like connectives (-지, -어/-아 and 해 여 와 워 봐 줘 돼 져, -게, -나, -니, -냐,
# -데, -자, -라, -래), but MeCab-ko, trained on written text, tags those EC whenever a word
# follows, and a bare EC is no end (:func:`_ending_closes`): of 1,338 such words in NTREX and
# Park dev text stripped of its final punctuation and in the informal sets, it confirmed none.
_KO_END_SYLLABLES = frozenset("다요죠까네군걸든음함임됨냄")
# A run of closers anywhere (a run of tildes alone may be a range: 3~5).
_KO_CLOSER_RUN = re.compile(rf"(?:{KO_CLOSER})+")
# A word's last Hangul syllable, any closers glued to it, white space, a next word: where a
# sentence may end without punctuation. Only a syllable a final ending closes with
# (:data:`_KO_END_SYLLABLES`), or one that closers follow, glued or after white space, can
# make a candidate, so the regex engine passes over every other syllable (most of them); the
# loop in :func:`_mecab_candidates` tells closers from a lone ㅋ or ^.
_KO_END_CLASS = "[" + "".join(sorted(_KO_END_SYLLABLES)) + "]"
_KO_WORD_GAP = re.compile(
    rf"({_KO_END_CLASS}|[가-힣](?=[^\S\n]*{KO_CLOSER_START.pattern}))"
    rf"((?:{KO_CLOSER})*)[^\S\n]+(?=\S)"
)
# The same in a paragraph without closers.
_KO_END_GAP = re.compile(rf"({_KO_END_CLASS})()[^\S\n]+(?=\S)")
_NON_SPACE = re.compile(r"\S*")
# First tags of a next word that continue the clause: an auxiliary verb (가 보려고요), a
# dependent noun (할 수), the copula, a suffix, a particle or an ending.
_KO_CONTINUING = re.compile(r"(?:VX|NNB|NNBC|VCP|VCN|XS|J|E)")


class _Candidate(NamedTuple):
    """A place a sentence may end without punctuation: the paragraph, the text from the word
    before it to the end of the next word (closers between included), the length of that word,
    where the next word starts in the window and in the paragraph (the cut), and whether closers
    (ㅋㅋ, ^^) stand between. (A named tuple: an informal paragraph has dozens, and a tuple is
    built several times faster than a frozen dataclass.)"""

    paragraph: int
    window: str
    word: int
    following: int
    cut: int
    closers: bool


def _mecab_candidates(k: int, text: str, cuts: Cuts) -> Iterator[_Candidate]:
    """Word ends in ``text`` where an unpunctuated sentence end is possible and no cut is yet:
    after a Hangul syllable an ending can close with (or closers), before a word that does not
    visibly continue the clause, outside quotations. A word the rules already cut after (their
    cut stands before the white space, MeCab's would stand after it) is no candidate: most of
    an informal paragraph's -요 ends are such words, and MeCab would only confirm them."""
    taken = set(cuts)
    closable = _KO_END_SYLLABLES
    if first_closer(text) < 0:  # no closers: only closing syllables qualify
        gaps = _KO_END_GAP.finditer(text)
        closer_text = False
    else:
        gaps = _KO_WORD_GAP.finditer(text)
        closer_text = True
    for match in gaps:
        cut = match.end()
        closers = bool(match.group(2))
        if closer_text and KO_CLOSER_START.match(text, cut):
            run = KO_CLOSERS_AT.match(text, cut)
            if run is not None:
                if run.end() >= len(text):
                    continue
                cut, closers = run.end(), True
        if cut in taken or not (closers or match.group(1) in closable):
            continue
        word_end = match.start(1) + 1
        if not closers and word_end in taken:  # the rules cut before the space: nothing to add
            continue
        following = text[cut]
        if not (following.isalnum() or following in OPENERS) or KO_GOES_ON.match(text, cut):
            continue
        if inside_quotation(text, word_end - 1):
            continue
        start = word_end - len(token_before(text, word_end))
        next_word = _NON_SPACE.match(text, cut)  # always matches (maybe empty)
        end = next_word.end() if next_word else cut
        yield _Candidate(k, text[start:end], word_end - start, cut - start, cut, closers)


def _mecab_confirms(candidate: _Candidate, tokens: Sequence[tuple[str, str]]) -> bool:
    """Whether MeCab-ko's analysis of the candidate's window (its ``(surface, tags)`` tokens,
    :func:`align.text.morph.mecab_tokens`) ends its word in a sentence-final ending and starts
    a new clause with the next word (:func:`_ending_closes`).

    MeCab drops white space, so a token's place is counted in the window's other characters
    (the word and the next word have none; the gap between may). Should the tokens not be
    exactly those characters (a character MeCab drops or reads as a token of its own), the
    window is analysed again into placed morphemes."""
    word = candidate.word
    if candidate.closers:  # white space may stand between the closers too (ㅋㅋ ㅋㅋ)
        gap_spaces = sum(ch.isspace() for ch in candidate.window[word : candidate.following])
    else:
        gap_spaces = candidate.following - word
    following = candidate.following - gap_spaces
    last = first = None  # the word's last token, the next word's first (in text order)
    last_end = total = 0
    for token in tokens:
        if total < word:
            last, last_end = token, total + len(token[0])
        elif first is None and total >= following:
            first = token
        total += len(token[0])
    if total != len(candidate.window) - gap_spaces:
        return _mecab_confirms_placed(candidate)
    if last is None or first is None or last_end != word:
        return False
    return _ending_closes(candidate, last[0], last[1], first[1])


def _mecab_confirms_placed(candidate: _Candidate) -> bool:
    """:func:`_mecab_confirms` on morphemes placed in the window one by one (the slow path)."""
    from align.text.morph import analyser

    last = first = None
    for morpheme in analyser("mecab").analyse([candidate.window])[0]:
        if morpheme.start < candidate.word:
            last = morpheme
        elif morpheme.start >= candidate.following:
            first = morpheme
            break
    if last is None or first is None or last.end != candidate.word:
        return False
    return _ending_closes(candidate, last.form, last.tag, first.tag)


def _ending_closes(candidate: _Candidate, form: str, tags: str, next_tags: str) -> bool:
    """Whether a word whose last morpheme is ``form``/``tags`` ends a sentence before a word
    whose first morpheme is tagged ``next_tags``.

    The word's last morpheme must be a final ending (Sejong EF: 맛있었어요, 찾았거든,
    웃기다), the nominal -ㅁ/-음 of notes (ETN: 보냄, 있음; mecab-ko-dic labels the ending of
    some inflected entries EC: 왔음), or a connective ending (EC) that speech uses as final,
    when it carries polite -요 (좋더라고요) or closers follow it (어때 ㅋㅋ); the next word must
    not continue the clause (:data:`_KO_CONTINUING`). (A bare connective before a pronoun or
    conjunctive adverb is not enough: MeCab-ko, trained on written text, gives news's 통해 |
    자기 the same analysis as speech's 먹자 | 내가.)"""
    if _KO_CONTINUING.match(next_tags):
        return False
    tag = tags.rsplit("+", 1)[-1]
    if tag in ("EF", "ETN"):
        return True
    if tag != "EC":
        return False
    nominal = (ord(form[-1]) - 0xAC00) % 28 == 16 and "E" in tags.split("+", 1)[-1]
    return candidate.closers or form.endswith("요") or nominal


def _informal_register(text: str, cuts: Cuts) -> bool:
    """Whether a paragraph is written in a register that ends sentences without punctuation:
    closers (ㅋㅋ, ^^, emoji), a sentence the rules ended without punctuation, or no final
    punctuation at its end; not the archaic register of Bible translations, whose endings the
    rules know and MeCab-ko (trained on modern text) does not. Formal prose (news, wiki)
    punctuates its sentences, so its paragraphs are not analysed at all."""
    informal = "가" <= char_before(text, len(text)) <= "힣"
    first = first_closer(text) if not informal else -1
    if first >= 0:  # no run starts before the first character that may start one
        informal = any(run.group().strip("~") for run in _KO_CLOSER_RUN.finditer(text, first))
    if not informal:
        for cut in cuts:  # inline: news paragraphs have many cuts, almost all after punctuation
            at = cut - 1
            while at >= 0 and text[at].isspace():
                at -= 1
            if at >= 0 and "가" <= text[at] <= "힣":
                informal = True
                break
    return informal and KO_ARCHAIC_REGISTER.search(text) is None


def korean_mecab(paragraphs: Sequence[str]) -> list[Cuts]:
    """The rule engine's cuts, and unpunctuated sentence ends MeCab-ko confirms.

    Only paragraphs in an informal register are looked at (:func:`_informal_register`), and
    in them only candidate places (:func:`_mecab_candidates`: a word in an ending that may
    close a sentence, then a new word), each analysed as the two words around it, in one
    batch; a place is a cut when :func:`_mecab_confirms` says so."""
    from align.text.morph import mecab_tokens

    results: list[Cuts] = []
    candidates: list[_Candidate] = []
    for k, text in enumerate(paragraphs):  # paragraph by paragraph: the tests share a cache
        cuts = korean_filter(text, korean_punct_cuts(text))
        results.append(cuts)
        if _informal_register(text, cuts):
            candidates.extend(_mecab_candidates(k, text, cuts))
    if not candidates:
        return results
    # A window met twice (a repeated phrase, a refrain) is analysed once: MeCab-ko's analysis
    # is a function of the window's text alone.
    windows = list(dict.fromkeys(candidate.window for candidate in candidates))
    analyses = dict(zip(windows, mecab_tokens(windows), strict=True))
    confirmed: dict[int, list[int]] = {}
    for candidate in candidates:
        if _mecab_confirms(candidate, analyses[candidate.window]):
            confirmed.setdefault(candidate.paragraph, []).append(candidate.cut)
    for k, extra in confirmed.items():
        results[k] = sorted({*results[k], *extra})
    return results
