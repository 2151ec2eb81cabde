"""English sentence ends, and the generic rules of every language without rules of its own.

A candidate cut after final punctuation holds or not by the word before it and the next word's
case, with the non-breaking prefixes of the Moses ``split-sentences.perl`` tradition (Koehn et
al. 2007: titles, month and number abbreviations, initials, dotted acronyms) and Punkt's
orthographic cue (Kiss & Strunk 2006, "Unsupervised Multilingual Sentence Boundary Detection"):
an ambiguous abbreviation ends a sentence only before a word that usually starts one. Lists run
into one paragraph, spaced ellipses, the pronoun ``I.`` and citations after a sentence are
handled here too. The generic rules are the same machinery with the English-only tests off,
plus CJK full stops, so they live in this module. The Korean rules ask :func:`latin_period_ends`
about a Latin word before a period (``미국(U.S.)``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from align.split.boundary import (
    CANDIDATE,
    CLOSERS,
    Cuts,
    first_letter,
    skip_space,
    token_before,
    word_at,
)
from align.text.calendar import MONTH_ABBREVIATIONS

# CJK full stops need no space after them; normalisation turned ！？ into ASCII, so a ! or ?
# right after a CJK character counts as one.
_CJK_STOP = re.compile(r"(?:[。｡]|(?<=[\u3040-\u30ff\u3400-\u9fff])[!?])[。｡!?]*[”’」』)\"']*")
# A list bullet; a list marker: a bullet and/or a label (9., 1.), 2), a.) starting a word.
_BULLETS = "•⁃‣◦▪●▸"
_LIST_MARKER = re.compile(
    r"(?<!\S)(?:(?P<bullet>[•⁃‣◦▪●▸])[^\S\n]*(?:(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)]))?(?=\s*\S)"
    r"|(?P<label>\d{1,3}|[A-Za-z])(?P<punct>\.\)|[.)])(?=\s+\S))"
)
_LABEL_END = re.compile(r"[.)]\s")  # where a list label may end (``_may_hold_list``)
# Spaced ellipsis points, ". . ." (Chicago style), or a period and ellipsis, ". . . .".
_SPACED_ELLIPSIS = re.compile(r"\.(?: \.){2,}")
# A parenthetical citation closed by the sentence's own punctuation: ‘"…" (Smith 55).’
_PAREN_CITATION = re.compile(r"\((?P<inside>[^()]{1,60})\)[.,;:]")

# --- English abbreviations (lower-cased, without the final period) --------------------------

# Titles before a name: never the end of a sentence.
_TITLES = frozenset(
    """mr mrs ms messrs mme mlle dr prof gen sen rep gov lt col capt cpt sgt st
rev hon maj adm cmdr brig supt insp det pres mt ft fr gens sens reps govs lt.col sr
""".split()
)
# Abbreviations that end a sentence only when a number does not follow ("No. 3", "Jan. 5").
_BEFORE_NUMBER = frozenset(
    """no nos n° nº art arts pp p vol vols fig figs ch chap sec para op ca approx sep tel ext
pt""".split()
) | frozenset(MONTH_ABBREVIATIONS)
# Ambiguous: end a sentence only before a word that usually starts one (Punkt's cue).
_AMBIGUOUS = frozenset(
    """inc corp ltd co jr bros etc al plc llc univ dept assn est ave blvd rd
""".split()
)
_NEVER_FINAL = frozenset("e.g i.e cf viz vs v approx".split())
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_STARTERS = frozenset(
    """the a an he she it they we i you his her its their our my your this that
these those there here but and or so yet in on at for as if when while after before although
though since because however meanwhile still also then now today yesterday last next some many
most all one two three several no not what who why how where which mr mrs ms dr officials police
""".split()
)
# Words before a capital I. that make it an initial or numeral, not the pronoun ("by I. M. Pei").
_BEFORE_OBJECT = frozenset("by of to with from for about at in on into".split())
# English's attribution after a quotation closed by ! or ?, with a named speaker: `"…!" Hammel
# added.` is one sentence, as `"…!" he added.` is (the Korean rule above keeps its translation
# whole). One to three capitalised words, then a verb of saying that ends the clause.
_EN_SPEECH_FRAME = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,3}(?:said|says|added|adds|asked|asks|told|wrote|writes|shouted"
    r"|yelled|replied|explained|continued|insisted|recalled|exclaimed|cried|screamed)[.,]"
    r"(?=[\s\"'”’)\]]|$)"
)


def _word_before(text: str, end: int) -> str:
    """The white-space-delimited token before the one ending at ``end`` ('' if none)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return token_before(text, len(text[:start].rstrip()))


def _capital_letter_ends(text: str, token_end: int, letter: str, next_word: str) -> bool:
    """Whether a capital ``letter.`` before a capitalised word ends a sentence.

    I after a lower-case word is the pronoun (``you and I. Did``), unless a preposition or an
    initial says it is a name (``by I. M. Pei``). I, V and X after a capitalised word are a
    numeral or an initial: a sentence ends only before a word that usually starts one (Punkt's
    cue: ``World War I. The`` cuts, ``Albert I. Jones`` does not). Any other initial never ends
    a sentence before a capital (``J. R. R. Tolkien``).
    """
    if letter == "I":
        previous = _word_before(text, token_end).rstrip(",;")
        if previous[:1].islower() and previous not in _BEFORE_OBJECT:
            return not re.match(r"[A-Z]\.", text[token_end + 1 :].lstrip())
    if letter in "IVX":
        return next_word.lower() in _STARTERS
    return False


def latin_period_ends(token: str, following: str, next_word: str) -> bool:
    """Whether ``token.`` ends a sentence before ``following`` (first letter of the next word)."""
    lowered = token.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _TITLES and token[:1].isupper():
        return False
    if is_initial(token):  # J. R. R. Tolkien, P. Diddy
        return not following.isupper()
    if lowered in _BEFORE_NUMBER:
        return not following.isdigit()
    if _DOTTED.match(token) or lowered in _AMBIGUOUS:  # U.S., a.m., Inc., etc.
        return next_word.lower() in _STARTERS
    return True


def _citation_follows(text: str, match: re.Match[str]) -> bool:
    """Whether a parenthetical citation that the sentence's own punctuation closes follows the
    candidate: after a closing quote, or holding a number (``[…]" (Smith 55).``)."""
    citation = _PAREN_CITATION.match(text, match.end())
    if citation is None:
        return False
    quoted = any(quote in match.group(2) for quote in "\"'”’»")
    return quoted or any(char.isdigit() for char in citation.group("inside"))


def _attributed(text: str, match: re.Match[str]) -> bool:
    """Whether a quotation closed after ``match``'s ! or ? goes on in a named speaker's
    attribution (``"…!" Hammel added.``): the sentence ends after the attribution."""
    closing = match.group(2)
    return any(quote in closing for quote in "\"'”’»") and (
        _EN_SPEECH_FRAME.match(text, match.end()) is not None
    )


def _english_cut(text: str, match: re.Match[str], generic: bool, punct: str) -> bool:
    after = match.end()
    following = first_letter(text, after)
    if not following or _citation_follows(text, match):
        return False
    if "?" in punct or "!" in punct or "‽" in punct or len(punct) > 1 or punct == "…":
        if not generic and _attributed(text, match):
            return False
        return not following.islower()
    # A single period.
    token = token_before(text, match.start(1))
    if text[after] in "([":  # "(still from JSDF social media)" after a sentence
        lowered = token.lower()  # but not after "et al." or "etc." ("Smith et al. (2019) say")
        return not (
            lowered in _TITLES
            or lowered in _AMBIGUOUS
            or lowered in _NEVER_FINAL
            or (len(token) == 1 and token.isupper())
        )
    if following.islower():
        return False
    if not token:
        return True
    if generic:
        if token.isdigit() and len(token) <= 2:  # ordinals: "am 3. Oktober", "3. mars"
            return False
        if _DOTTED.match(token):
            return False
        if len(token) == 1 and token.isupper():
            return not following.isupper()
        return token.lower() not in _TITLES or not token[:1].isupper()
    next_word = word_at(text, after)
    if len(token) == 1 and token.isupper() and following.isupper():
        return _capital_letter_ends(text, match.start(1), token, next_word)
    return latin_period_ends(token, following, next_word)


def _list_items(text: str) -> tuple[Cuts, set[int]]:
    """Cuts before the items of a list run into one paragraph, and the offsets inside their
    markers (where no sentence ends: ``• 9.``, ``1.)``, ``a.``).

    A bullet or a ``1.)`` label always starts an item. Labels ``1.``, ``a.``, ``1)``, ``a)``,
    ``A)`` start items only in a run of consecutive labels of one style (1, 2, 3 or a, b, c)
    whose first label opens the paragraph or follows a sentence end, so an inline ``we need
    1) this and 2) that`` or ``in order: a. this b. that`` stays one sentence. A capital with a
    period (``B.``) is an initial, never a label.
    """
    cuts: Cuts = []
    inside: set[int] = set()
    chains: dict[tuple[str, str], list[list[re.Match[str]]]] = {}
    last: dict[tuple[str, str], tuple[int, list[re.Match[str]]]] = {}
    for marker in _LIST_MARKER.finditer(text):
        label, punct = marker.group("label"), marker.group("punct")
        if label is None or punct == ".)":
            inside.update(range(marker.start(), marker.end()))
            if marker.start():
                cuts.append(marker.start())
            continue
        if label.isdigit():
            key, value = ("9", punct), int(label)
        elif label.islower() or punct == ")":
            key, value = ("a" if label.islower() else "A", punct), ord(label)
        else:
            continue
        previous = last.get(key)
        if previous is not None and previous[0] == value - 1:
            chain = previous[1]
            chain.append(marker)
        else:
            chain = [marker]
            chains.setdefault(key, []).append(chain)
        last[key] = (value, chain)
    for runs in chains.values():
        for run in runs:
            opening = _opens_list(text, run[0]) if len(run) > 1 else ""
            if not opening:
                continue
            for marker in run:
                inside.update(range(marker.start(), marker.end()))
            # The first item starts a sentence too, unless it opens the paragraph or a colon
            # introduces it.
            first = 0 if opening == "sentence" else 1
            cuts.extend(marker.start() for marker in run[first:] if marker.start())
    return cuts, inside


def _may_hold_list(text: str) -> bool:
    """A quick test that passes every paragraph :func:`_list_items` finds a marker in: a bullet,
    ``.)``, or ``.``/``)`` and white space after a short number or a lone letter."""
    if ".)" in text or any(bullet in text for bullet in _BULLETS):
        return True
    for match in _LABEL_END.finditer(text):
        at = match.start()
        label = at
        while label > 0 and at - label < 3 and text[label - 1].isdigit():
            label -= 1
        if label == at and at and text[at - 1].isalpha():
            label -= 1
        if label < at and (label == 0 or text[label - 1].isspace()):
            return True
    return False


def _opens_list(text: str, label: re.Match[str]) -> str:
    """How a list ``label`` opens a list: ``sentence`` at the paragraph's start or after a
    sentence end or a bullet; ``colon`` after a colon when its item starts with a capital (the
    first item stays with the sentence the colon ends: ``Steps: 1) Open the box.``, ``The kit
    contains: 1. A charger ‖ 2. Two cables``, while ``in order: a. the budget b. the plan``
    is a sentence); ``''`` when it is no list."""
    before = text[: label.start()].rstrip().rstrip(CLOSERS)
    if not before or before[-1] in ".?!…" + _BULLETS:
        return "sentence"
    if before[-1] == ":" and first_letter(text, skip_space(text, label.end())).isupper():
        return "colon"
    return ""


def _rule_cuts(text: str, generic: bool) -> Cuts:
    ellipses: dict[int, int] = {}  # the last period of ". . ." -> the first
    if ". ." in text:
        ellipses = {m.end() - 1: m.start() for m in _SPACED_ELLIPSIS.finditer(text)}
    inner = {at for last, first in ellipses.items() for at in range(first, last)}
    listed: Cuts = []
    markers: set[int] = set()
    if not generic and _may_hold_list(text):
        listed, markers = _list_items(text)
    cuts = listed
    for m in CANDIDATE.finditer(text):
        at = m.start(1)
        if at in inner or at in markers:
            continue
        punct = "..." if at in ellipses else m.group(1)
        if _english_cut(text, m, generic, punct):
            cuts.append(m.end())
    if generic:
        cuts.extend(m.end() for m in _CJK_STOP.finditer(text) if m.end() < len(text))
    return sorted(set(cuts)) if generic or listed or ellipses else cuts


def english_rules(paragraphs: Sequence[str]) -> list[Cuts]:
    """The ``en`` ``rules`` engine: each paragraph's cuts."""
    return [_rule_cuts(text, generic=False) for text in paragraphs]


def generic_rules(paragraphs: Sequence[str]) -> list[Cuts]:
    """The ``rules`` engine of a language without its own: punctuation, case, CJK full stops."""
    return [_rule_cuts(text, generic=True) for text in paragraphs]


def is_initial(token: str) -> bool:
    """Whether ``token`` (before a period) is one capital letter: an initial, J. or W."""
    return len(token) == 1 and token.isupper()
