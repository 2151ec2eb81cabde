"""Sentence splitting per language: a small registry of engines; every sentence keeps its span.

Engines find *cuts* (offsets where a new sentence starts) inside one paragraph at a time; this
module turns cuts into trimmed spans, so no engine can lose or reorder a character. Text is
matched in its normalised form (``textnorm.normalize_with_offsets``: NFC, full-width forms, no-break
spaces) and every cut is mapped back to the text as read, so NFD Hangul splits like NFC Hangul.

* ``en`` ``rules``: punctuation and the next word's case, with the non-breaking prefixes of the
  Moses ``split-sentences.perl`` tradition (Koehn et al. 2007) — titles, month and number
  abbreviations, initials, dotted acronyms — and Punkt's orthographic cue (Kiss & Strunk 2006,
  "Unsupervised Multilingual Sentence Boundary Detection"): an ambiguous abbreviation ends a
  sentence only before a word that usually starts one. Beyond news: list items run into one
  paragraph (bullets, ``1.)``, runs of ``1.``/``a.``/``1)`` labels), spaced ellipses (``. . .``),
  the pronoun ``I.`` against initials and roman numerals, ``N°.``, and a citation that follows
  its sentence (``[...]" (Smith 55).``, ``.[2]``).
* ``ko`` ``kiwi``: Kiwi's morphological splitter (Lee 2024, kiwipiepy), fed paragraph by
  paragraph, its cuts kept after final punctuation or after a final ending (EF) the text agrees
  with, with Hanja abbreviations (美, 日, 北, ...) moved back to the sentence they start.
* ``ko`` ``mecab`` (default): the rules below, and in paragraphs of an informal register
  (closers, sentences ended without punctuation; not news, wiki or the archaic Bible) the
  unpunctuated sentence ends MeCab-ko (Kudo et al. 2004, with mecab-ko-dic) confirms: a word
  whose last morpheme is a final ending (EF), the nominal -ㅁ/-음, or a connective ending used
  as a final one with -요 or closers, before a word that does not continue the clause. Only
  candidate word ends are analysed, two words at a time, so news costs no morphology at all.
* ``ko`` ``rules``: sentence-final punctuation after Hangul; a quoted sentence stays
  with its quotative frame, glued (``"…"이라고 말했다``), set off by a space (``“…” 라고``) or a
  short speech clause (``“…입니다.” 그가 말했다.``), while a quotation of several sentences is
  cut at its inner sentence ends, as English splitters do and NTREX's translators segment; and,
  in long paragraphs without any final punctuation (Bible text), the archaic declarative endings
  -니라, -더라, -러라.
* both Korean engines: wiki citation markers stay with their sentence (``.[2]``, ``.[출처 필요]``)
  and a ``[편집]`` heading stands apart; informal text is cut after closers (ㅎㅎ, ㅋㅋ, ㅠㅠ,
  ^^, ~, emoji) and after frequent final endings written without punctuation (-요, -죠,
  -ㅂ니다, -었다, ...; ``_informal_cuts``).
* any other language ``rules``: punctuation and case, plus CJK full stops 。！？ without spaces.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from align.errors import ConfigError
from align.models import Article, Role, Sentence, make_sentence
from align.text.calendar import MONTH_ABBREVIATIONS
from align.text.languages import primary_language
from align.text.normalize import display_text, is_plain, normalize_with_offsets

Cuts = list[int]  # offsets where a sentence starts, in increasing order
CutFinder = Callable[[Sequence[str]], list[Cuts]]

# A blank line (any line-break convention) ends a paragraph; a paragraph never joins the next.
# (A CR counts alone only when no LF follows it: the CRLF of one line end is not a blank line.)
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)[^\S\r\n]*(?:\r\n|\r(?!\n)|\n)")
_LF_PARAGRAPH_BREAK = re.compile(r"\n[^\S\r\n]*\n")  # the same in a text without CR
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")

_OPENERS = "\"'“‘«「『([{"
_CLOSERS = "\"'”’»」』)]}"
# A wiki citation or note marker after final punctuation: [2], [12], [a], [주 1], [출처 필요],
# [citation needed]. It belongs to the sentence before it.
_CITATION = r"\[(?:\d{1,3}|[a-z]|[가-힣]{1,4}(?: [가-힣]{1,4}| ?\d{1,3})?|citation needed)\]"
# Final punctuation, its closing quotes/brackets and citation markers, and the white space after.
_CANDIDATE = re.compile(rf"([.?!…‽]+)([\"'”’»」』)\]]*)((?:{_CITATION})*)(\s+)")
# The same candidates in Korean, the commonest first: a single period right after a Hangul
# syllable, white space and a next word ("…했다. 다음") is a cut with no further test, and
# group 1 says so; any other candidate is tested by ``_korean_cut``. (One leading character
# class lets the regex engine skip quickly to the next punctuation mark.)
_KO_CANDIDATE_REST = (
    r"(?:(?<=[가-힣]\.)(\s)\s*+"
    r"(?=[\"'“‘«「『(\[{]*+[^\"'“‘«「『(\[{])"  # a word follows
    r"|[.?!…‽]*[\"'”’»」』)\]]*(?:" + _CITATION + r")*\s+)"
)
_KO_CANDIDATE = re.compile(r"[.?!…‽]" + _KO_CANDIDATE_REST)
# The same for a text whose only final punctuation is the period (most paragraphs): led by a
# literal, which the regex engine finds faster than a character class.
_KO_PERIOD_CANDIDATE = re.compile(r"\." + _KO_CANDIDATE_REST)
# CJK full stops need no space after them; normalisation turned ！？ into ASCII, so a ! or ?
# right after a CJK character counts as one.
_CJK_STOP = re.compile(r"(?:[。｡]|(?<=[\u3040-\u30ff\u3400-\u9fff])[!?])[。｡!?]*[”’」』)\"']*")
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,3}|[A-Za-z])[.)]$")
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

# --- Korean ------------------------------------------------------------------------------------

_HANGUL_SYLLABLE = re.compile("[가-힣]")
# Archaic declarative endings that close a sentence in unpunctuated text (KRV Bible):
# -니라 (하시니라, 이니라, 느니라), -더라 (하였더라), -러라; measured on the development slice.
_KO_ARCHAIC_END = re.compile(r"(?:니|더|러)라(?=\s+(\S))")
_KO_UNPUNCTUATED_MIN = 100
# 하- after a quotation (…하리라 하시니라), but not 하나님, 하늘, 하루.
_QUOTING_VERB = re.compile("하(?!나|늘|루)")
# A quotative particle or ending written apart from the closing quote it belongs to.
# 하고/하며/하면서 after a closing quote is the quotative verb (“뭐야?” 하고 묻는다).
_QUOTATIVE = re.compile(r"(?:이?라고|이?라며|이?라는|이?란|고|며|하고|하며|하면서)(?=[\s,.]|$)")
# A short speech clause after a closed quotation, the translation of English's `"…," he said.`:
# at most three words, then a verb of saying (“…입니다.” 그가 말했다. / 하멜이 덧붙였다.).
_SPEECH_FRAME = re.compile(
    r"(?:[^\s.?!\"'“”‘’]+\s+){0,3}(?:(?:말했|덧붙였|밝혔|전했|물었|답했|대답했|설명했|강조했"
    r"|주장했|지적했|반문했|말씀했|말씀하셨|물으셨|답하셨|대답하셨)(?:다|습니다)|말한다|말합니다)"
    r"[.!](?=[\s\"'”’)\]]|$)"
)
# English's attribution after a quotation closed by ! or ?, with a named speaker: `"…!" Hammel
# added.` is one sentence, as `"…!" he added.` is (the Korean rule above keeps its translation
# whole). One to three capitalised words, then a verb of saying that ends the clause.
_EN_SPEECH_FRAME = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,3}(?:said|says|added|adds|asked|asks|told|wrote|writes|shouted"
    r"|yelled|replied|explained|continued|insisted|recalled|exclaimed|cried|screamed)[.,]"
    r"(?=[\s\"'”’)\]]|$)"
)
# The Latin letters (and inner periods) that end a token: 디디(P → P, (U.S → U.S.
_LATIN_TAIL = re.compile(r"[A-Za-z](?:[A-Za-z.]*[A-Za-z])?$")
# Final punctuation, closing quotes and white space just before a cut.
_AFTER_FINAL = re.compile(r"[.?!…。！？]([\"'”’»」』)\]]*)\s+$")
# A Hanja abbreviation starting a sentence (美 국무부는, 日·中 정상은): Kiwi leaves it behind.
_HANJA_HEAD = re.compile(r"(?<=[.?!…'\"”’)\]]\s)([\u4e00-\u9fff](?:[·ㆍ][\u4e00-\u9fff])*)\s*$")

# Informal writing (blogs, tweets, comments) closes a sentence with laughter or crying jamo, an
# emoticon, tildes or emoji instead of, or after, final punctuation: 좋았어요ㅎㅎ 다음에…
_KO_CLOSER = (
    r"(?:[ㅋㅎㅠㅜ]{2,}|ㅡ{2,}|\^+[_\-.]?\^+|;;+|~+|[♡♥]+"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF](?:[\U0001F3FB-\U0001F3FF\uFE0F\u200D]"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF])*)"
)
# A run of closers (white space may part them: ㅋㅋ ㅋㅋ), then white space and a next word.
_KO_CLOSERS = re.compile(rf"{_KO_CLOSER}+(?:[^\S\n]+{_KO_CLOSER}+)*(?=\s+\S)")
_KO_CLOSER_START = re.compile(r"[ㅋㅎㅠㅜㅡ^;~♡♥\u2600-\u27BF\U0001F300-\U0001FAFF]")
_KO_CLOSER_END = re.compile(rf"{_KO_CLOSER}$")
_KO_CLOSERS_AT = re.compile(rf"{_KO_CLOSER}+(?:[^\S\n]+{_KO_CLOSER}+)*(?:\s+|$)")
# Last syllables of informal final endings a closer may follow (-다 -요 -죠 -네 -까 -지 -어/아
# -야 -해 -게 -래 -자 -니 -냐 -걸 -군 -나 -데 and the nominal -음/-함/-임/-됨/-듯 of notes).
_KO_CLOSABLE = frozenset("다요죠네까지어아야해게래자니냐걸군나데봐라와줘워져돼여세음함임됨슴듯")
# A word ending in a polite or plain final ending with no punctuation, then a new word:
# 맛있었어요 다만, … / 좋았습니다 그런데 … (checked further by ``_bare_end``).
_KO_BARE_END = re.compile(r"[요죠다까](?=[^\S\n]+(\S))")
# Nouns and determiners that end in 요 or 죠 (필요 없이, 주요 국가), and 아니요, the answer
# or the archaic connective (…이 아니요 오직 …).
_KO_NOT_ENDINGS = frozenset(
    "필요 불필요 중요 주요 수요 개요 동요 소요 강요 요요 풍요 아니요".split()
)
# Syllables before 요 that make it archaic or formal connective -요 (…의 소생은 요셉이요 …,
# 누가 바라리요): not a sentence end in modern writing, where 사과요 is not written 사과이요.
_KO_CONNECTIVE_YO = frozenset("이리")
# The archaic register of Bible translations (KRV): -니라, -더라, -나이다, -도다, 가라사대.
_KO_ARCHAIC_REGISTER = re.compile(r"(?:[니더러]라|[나니리]이다|도다)(?:\s|$)|가라사대|이르시되")
# Syllables before -다 that make it a final ending: past -었/-았/-였/-했/-겠 and 있/없 (the
# batchim ㅆ or ㅄ, tested apart), the present -ㄴ다/-는다, the copula 이다, and common
# adjectives; 보다, 마다, 바다 (particles and nouns) are not among them.
_KO_BEFORE_DA = frozenset("는한된간온본이같싶좋많렵롭")
# A next word that continues the clause: a quotative or connective written apart, a verb of
# saying (…했다 하더라도, …나이다 하거늘), or a dependent word; but 하지만 starts a clause.
_KO_GOES_ON = re.compile(
    r"(?:(?:라고|라며|라는|란|고|며|면|는|등|및|마는)(?=[\s,.?!]|$)"
    r"|하(?!지만|나|늘|루)|해[도서]|한[대즉]|했|싶)"
)
# A wiki section heading glued to its text: 역사[편집] 조선 시대에는…
_KO_SECTION = re.compile(r"\[편집\]\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Engine:
    """A splitter engine: its name, what it is for, and the function that finds cuts."""

    name: str
    description: str
    cuts: CutFinder


def _first_letter(text: str, start: int) -> str:
    """The first character at ``start`` that is not an opening quote or bracket ('' at end)."""
    n = len(text)
    while start < n and text[start] in _OPENERS:
        start += 1
    return text[start] if start < n else ""


def _word_at(text: str, start: int) -> str:
    """The word starting at ``start`` (after opening quotes), letters only."""
    n = len(text)
    while start < n and text[start] in _OPENERS:
        start += 1
    end = start
    while end < n and text[end].isalpha():
        end += 1
    return text[start:end]


def _token_before(text: str, end: int) -> str:
    """The white-space-delimited token ending at ``end``, without leading quotes/brackets."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def _word_before(text: str, end: int) -> str:
    """The white-space-delimited token before the one ending at ``end`` ('' if none)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return _token_before(text, len(text[:start].rstrip()))


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


def _latin_period_ends(token: str, following: str, next_word: str) -> bool:
    """Whether ``token.`` ends a sentence before ``following`` (first letter of the next word)."""
    lowered = token.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _TITLES and token[:1].isupper():
        return False
    if _is_initial(token):  # J. R. R. Tolkien, P. Diddy
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
    following = _first_letter(text, after)
    if not following or _citation_follows(text, match):
        return False
    if "?" in punct or "!" in punct or "‽" in punct or len(punct) > 1 or punct == "…":
        if not generic and _attributed(text, match):
            return False
        return not following.islower()
    # A single period.
    token = _token_before(text, match.start(1))
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
    next_word = _word_at(text, after)
    if len(token) == 1 and token.isupper() and following.isupper():
        return _capital_letter_ends(text, match.start(1), token, next_word)
    return _latin_period_ends(token, following, next_word)


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
    before = text[: label.start()].rstrip().rstrip(_CLOSERS)
    if not before or before[-1] in ".?!…" + _BULLETS:
        return "sentence"
    if before[-1] == ":" and _first_letter(text, _skip_space(text, label.end())).isupper():
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
    for m in _CANDIDATE.finditer(text):
        at = m.start(1)
        if at in inner or at in markers:
            continue
        punct = "..." if at in ellipses else m.group(1)
        if _english_cut(text, m, generic, punct):
            cuts.append(m.end())
    if generic:
        cuts.extend(m.end() for m in _CJK_STOP.finditer(text) if m.end() < len(text))
    return sorted(set(cuts)) if generic or listed or ellipses else cuts


def _english(paragraphs: Sequence[str]) -> list[Cuts]:
    return [_rule_cuts(text, generic=False) for text in paragraphs]


def _generic(paragraphs: Sequence[str]) -> list[Cuts]:
    return [_rule_cuts(text, generic=True) for text in paragraphs]


def _quote_goes_on(text: str, closing: str, cut: int) -> bool:
    """Whether the quotation closed by ``closing`` just before ``cut`` goes on in a quotative
    particle or a short speech clause: “…했습니다.” 라고 말했다 / “…입니까?” 그가 물었다."""
    return bool(closing) and (
        _QUOTATIVE.match(text, cut) is not None
        or (bool(closing.strip(")]")) and _SPEECH_FRAME.match(text, cut) is not None)
    )


def _korean_cut(text: str, match: re.Match[str]) -> bool:
    punct = match.group(1)
    if not _first_letter(text, match.end()):
        return False
    before = text[match.start(1) - 1] if match.start(1) > 0 else ""
    if _quote_goes_on(text, match.group(2), match.end()):
        return False
    if "?" in punct or "!" in punct or "‽" in punct:
        return True
    if punct == "…" or len(punct) > 1:  # an ellipsis: a pause unless a sentence ending precedes
        return before in "다요까죠"
    if _HANGUL_SYLLABLE.match(before):
        return True
    latin = _LATIN_TAIL.search(_token_before(text, match.start(1)))
    if latin:  # the Latin word before the period: 퍼프 대디(P. Diddy), 미국(U.S.)
        following = _first_letter(text, match.end())
        if _is_initial(latin.group()) and _HANGUL_SYLLABLE.match(following):
            return False  # 조지 W. 부시: a Korean sentence ends in Hangul, not in an initial
        return _latin_period_ends(latin.group(), following, _word_at(text, match.end()))
    return True


def _is_initial(token: str) -> bool:
    return len(token) == 1 and token.isupper()


_LASTINDEX = operator.attrgetter("lastindex")
_MATCH_END: Callable[[re.Match[str]], int] = re.Match.end


def _korean_punct_cuts(text: str) -> Cuts:
    """Cuts after final punctuation in Korean text (``_KO_CANDIDATE``, then ``_korean_cut``)."""
    other = "?" in text or "!" in text or "…" in text or "‽" in text
    matches = list((_KO_CANDIDATE if other else _KO_PERIOD_CANDIDATE).finditer(text))
    if None not in map(_LASTINDEX, matches):  # all of the commonest kind: no further test
        return list(map(_MATCH_END, matches))
    return [m.end() for m in matches if m.lastindex or _korean_cut_at(text, m.start())]


def _korean_cut_at(text: str, start: int) -> bool:
    match = _CANDIDATE.match(text, start)
    return match is not None and _korean_cut(text, match)


def _korean_filter(text: str, cuts: Cuts) -> Cuts:
    """Cuts common to both Korean engines: unpunctuated text's archaic endings, and informal
    text's closers and bare final endings (:func:`_informal_cuts`)."""
    if len(text) >= _KO_UNPUNCTUATED_MIN and not _has_final_punct(text):
        cuts = sorted(set(cuts) | set(_archaic_cuts(text)))
    informal = _informal_cuts(text, cuts)
    return informal if informal is not None else cuts


def _informal_cuts(text: str, cuts: Cuts) -> Cuts | None:
    """``cuts`` with the cuts of informal writing, or ``None`` when the text has none of it.

    * after closers (ㅎㅎ, ㅋㅋ, ㅠㅠ, ^^, ~, emoji) that follow final punctuation or a final
      ending: 있었습니다ㅎㅎ | 한 가지…; a cut made by punctuation before closers moves after
      them (좋아요! ㅎㅎ | 다음에), and is dropped when they end the paragraph;
    * after a word that ends in a polite or plain final ending (-요, -죠, -ㅂ니다, -ㅂ니까,
      -었다, -는다, ...) before a new word (:func:`_bare_end`): 맛있었어요 | 다만, …;
    * after a wiki ``[편집]`` heading marker.
    """
    # News has none of this: cheap tests first (a character class is scanned fast; the closer
    # alternation tried at every offset is not).
    first = _first_closer(text)
    closers = _closer_runs(text, first) if first >= 0 else []
    archaic: list[bool] = []  # looked up once, for the first -요 that passes every other test
    bare = [match for match in _KO_BARE_END.finditer(text) if _bare_end(text, match, archaic)]
    sections = list(_KO_SECTION.finditer(text)) if "[편집]" in text else []
    if not (first >= 0 or bare or sections):
        return None
    moved: set[int] = {m.end() for m in closers}
    moved.update(m.end() for m in sections)
    for cut in [*cuts, *(m.end() for m in bare)]:
        run = _KO_CLOSERS_AT.match(text, _skip_space(text, cut)) if first >= 0 else None
        if run is None:
            moved.add(cut)
        elif run.end() < len(text):
            moved.add(run.end())
    return sorted(moved)


@functools.lru_cache(maxsize=2)  # asked by the rules, then the MeCab engine, of one paragraph
def _first_closer(text: str) -> int:
    """Where the first character that may start a closer is in ``text`` (-1 if none)."""
    found = _KO_CLOSER_START.search(text)
    return found.start() if found else -1


def _closer_runs(text: str, start: int) -> list[re.Match[str]]:
    """The runs of closers from ``start`` on that end a sentence (:func:`_closes`); each run is
    tried only where a closer character stands, not at every offset."""
    runs = []
    end = start
    for hit in _KO_CLOSER_START.finditer(text, start):
        if hit.start() < end:
            continue
        run = _KO_CLOSERS.match(text, hit.start())
        if run is not None:
            end = run.end()
            if _closes(text, run.start()):
                runs.append(run)
    return runs


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _closes(text: str, start: int) -> bool:
    """Whether closers at ``start`` end a sentence: after final punctuation or a final ending
    (a tilde only glued to it: 3~5 and 서울~부산 are ranges)."""
    last = _char_before(text, start)  # not a slice: a paragraph may hold thousands of runs
    if not last or _inside_quotation(text, start):
        return False
    if last in ".?!…":
        return True
    if text[start] == "~" and text[start - 1].isspace():
        return False
    return last in _KO_CLOSABLE


def _bare_end(text: str, match: re.Match[str], archaic: list[bool]) -> bool:
    """Whether the word ending at ``match`` ends a sentence without final punctuation (in
    archaic text, -요 is a connective: 형의 이름은 레아요 아우의 이름은 라헬이라). ``archaic``
    holds whether the text is archaic once someone has needed to know."""
    at = match.start()
    syllable = text[at - 1] if at else ""
    if not "가" <= syllable <= "힣":
        return False
    last, following = text[at], text[match.start(1)]
    if not (following.isalnum() or following in _OPENERS):
        return False  # punctuation apart from its word (…것이다 . 다음)
    if last == "까" or (last == "다" and syllable == "니"):  # -ㅂ니다, -ㅂ니까
        head = text[at - 2] if at >= 2 and syllable == "니" else ""
        if not (head and "가" <= head <= "힣" and (ord(head) - 0xAC00) % 28 == 17):  # ㅂ
            return False
    elif last == "다" and (ord(syllable) - 0xAC00) % 28 not in (18, 20):  # ㅄ, ㅆ
        if syllable not in _KO_BEFORE_DA:
            return False
    elif last in "요죠" and _word_in(text, at + 1, _KO_NOT_ENDINGS):
        return False
    if _KO_GOES_ON.match(text, match.start(1)) or _inside_quotation(text, at):
        return False
    if last != "요":
        return True
    if syllable in _KO_CONNECTIVE_YO:
        return False
    if not archaic:
        archaic.append(_KO_ARCHAIC_REGISTER.search(text) is not None)
    return not archaic[0]


def _word_in(text: str, end: int, words: frozenset[str]) -> bool:
    """Whether the word ending at ``end`` (after any opening quotes) is one of ``words``."""
    for size in (2, 3):
        start = end - size
        if start >= 0 and text[start:end] in words:
            if start == 0 or text[start - 1].isspace() or text[start - 1] in _OPENERS:
                return True
    return False


def _inside_quotation(text: str, at: int) -> bool:
    """Whether ``at`` is inside a quotation opened before it and not yet closed (more “ than ”
    before it, or an odd number of straight double quotes)."""
    marks, inside = _quotation_states(text)
    k = bisect.bisect_left(marks, at)
    return k > 0 and inside[k - 1]


_QUOTATION_MARK = re.compile('["“”]')


@functools.lru_cache(maxsize=8)  # asked once per candidate of the paragraph being split
def _quotation_states(text: str) -> tuple[list[int], list[bool]]:
    """The offsets of the double quotation marks in ``text`` and, after each, whether a
    quotation is open; so a test is a binary search, not a count from the paragraph's start."""
    marks: list[int] = []
    inside: list[bool] = []
    opened = straight = 0
    for mark in _QUOTATION_MARK.finditer(text):
        char = mark.group()
        if char == '"':
            straight += 1
        else:
            opened += 1 if char == "“" else -1
        marks.append(mark.start())
        inside.append(opened > 0 or straight % 2 == 1)
    return marks, inside


def _has_final_punct(text: str) -> bool:
    # Substring tests are much faster than a character-class search on long paragraphs.
    return "." in text or "?" in text or "!" in text or "。" in text or "！" in text or "？" in text


def _archaic_cuts(text: str) -> Iterator[int]:
    """Cuts after -니라/-더라/-러라, unless the next word is a quoting 하- verb (…리라 하시니라)."""
    for match in _KO_ARCHAIC_END.finditer(text):
        at = match.start()
        if at and "가" <= text[at - 1] <= "힣" and not _QUOTING_VERB.match(text, match.start(1)):
            yield match.start(1)


def _korean_rules(paragraphs: Sequence[str]) -> list[Cuts]:
    return [_korean_filter(text, _korean_punct_cuts(text)) for text in paragraphs]


def _korean_kiwi(paragraphs: Sequence[str]) -> list[Cuts]:
    """Kiwi's cuts, checked against the text, and the rule engine's cuts.

    In a paragraph that uses final punctuation, a Kiwi cut holds after final punctuation, or
    where Kiwi's analysis ends the sentence in a final ending (EF) and the text agrees
    (:func:`_kiwi_ending_holds`: informal 맛있었어요 | 다만); a cut inside a quotation that goes
    on, or before a dash or a glued particle, is dropped. The punctuation cuts of the rule
    engine are added (Kiwi keeps ``…했다. “인용”`` together), and both engines' informal cuts
    (:func:`_korean_filter`) move a cut made before closers after them."""
    from align.text.morph import sentences as kiwi_sentences

    results: list[Cuts] = []
    for text, found in zip(paragraphs, kiwi_sentences(paragraphs), strict=True):
        cuts = [
            _hanja_fix(text, after.start)
            for before, after in itertools.pairwise(found)
            if not _has_final_punct(text)
            or _kiwi_cut_holds(text, after.start)
            or (before.final_ending and _kiwi_ending_holds(text, after.start))
        ]
        if _has_final_punct(text):
            cuts.extend(_korean_punct_cuts(text))
        results.append(_korean_filter(text, sorted(set(cuts))))
    return results


def _kiwi_cut_holds(text: str, cut: int) -> bool:
    """A Kiwi cut in punctuated text holds after final punctuation, unless the quotation closed
    there goes on (:func:`_quote_goes_on`)."""
    final = _AFTER_FINAL.search(text, 0, cut)
    return final is not None and not _quote_goes_on(text, final.group(1), cut)


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
    return not (_KO_GOES_ON.match(text, cut) or _inside_quotation(text, cut))


# Last syllables of the final endings MeCab-ko confirms with no closer after them (Sejong EF:
# -다, -요, -죠, -까, -네, -군, -ㄹ걸, -거든), and of the nominal -ㅁ/-음 of notes (ETN): a word
# ending otherwise is sent to MeCab only when closers follow it. Speech also ends sentences in
# endings shaped like connectives (-지, -어/-아 and 해 여 와 워 봐 줘 돼 져, -게, -나, -니, -냐,
# -데, -자, -라, -래), but MeCab-ko, trained on written text, tags those EC whenever a word
# follows, and a bare EC is no end (:func:`_ending_closes`): of 1,338 such words in NTREX and
# Park dev text stripped of its final punctuation and in the informal sets, it confirmed none.
_KO_END_SYLLABLES = frozenset("다요죠까네군걸든음함임됨냄")
# A run of closers anywhere (a run of tildes alone may be a range: 3~5).
_KO_CLOSER_RUN = re.compile(rf"(?:{_KO_CLOSER})+")
# A word's last Hangul syllable, any closers glued to it, white space, a next word: where a
# sentence may end without punctuation. Only a syllable a final ending closes with
# (:data:`_KO_END_SYLLABLES`), or one that closers follow, glued or after white space, can
# make a candidate, so the regex engine passes over every other syllable (most of them); the
# loop in :func:`_mecab_candidates` tells closers from a lone ㅋ or ^.
_KO_END_CLASS = "[" + "".join(sorted(_KO_END_SYLLABLES)) + "]"
_KO_WORD_GAP = re.compile(
    rf"({_KO_END_CLASS}|[가-힣](?=[^\S\n]*{_KO_CLOSER_START.pattern}))"
    rf"((?:{_KO_CLOSER})*)[^\S\n]+(?=\S)"
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
    if _first_closer(text) < 0:  # no closers: only closing syllables qualify
        gaps = _KO_END_GAP.finditer(text)
        closer_text = False
    else:
        gaps = _KO_WORD_GAP.finditer(text)
        closer_text = True
    for match in gaps:
        cut = match.end()
        closers = bool(match.group(2))
        if closer_text and _KO_CLOSER_START.match(text, cut):
            run = _KO_CLOSERS_AT.match(text, cut)
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
        if not (following.isalnum() or following in _OPENERS) or _KO_GOES_ON.match(text, cut):
            continue
        if _inside_quotation(text, word_end - 1):
            continue
        start = word_end - len(_token_before(text, word_end))
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


def _char_before(text: str, at: int) -> str:
    """The last character before ``at`` that is not white space ('' if none)."""
    at -= 1
    while at >= 0 and text[at].isspace():
        at -= 1
    return text[at] if at >= 0 else ""


def _informal_register(text: str, cuts: Cuts) -> bool:
    """Whether a paragraph is written in a register that ends sentences without punctuation:
    closers (ㅋㅋ, ^^, emoji), a sentence the rules ended without punctuation, or no final
    punctuation at its end; not the archaic register of Bible translations, whose endings the
    rules know and MeCab-ko (trained on modern text) does not. Formal prose (news, wiki)
    punctuates its sentences, so its paragraphs are not analysed at all."""
    informal = "가" <= _char_before(text, len(text)) <= "힣"
    first = _first_closer(text) if not informal else -1
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
    return informal and _KO_ARCHAIC_REGISTER.search(text) is None


def _korean_mecab(paragraphs: Sequence[str]) -> list[Cuts]:
    """The rule engine's cuts, and unpunctuated sentence ends MeCab-ko confirms.

    Only paragraphs in an informal register are looked at (:func:`_informal_register`), and
    in them only candidate places (:func:`_mecab_candidates`: a word in an ending that may
    close a sentence, then a new word), each analysed as the two words around it, in one
    batch; a place is a cut when :func:`_mecab_confirms` says so."""
    from align.text.morph import mecab_tokens

    results: list[Cuts] = []
    candidates: list[_Candidate] = []
    for k, text in enumerate(paragraphs):  # paragraph by paragraph: the tests share a cache
        cuts = _korean_filter(text, _korean_punct_cuts(text))
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


def _hanja_fix(text: str, cut: int) -> int:
    """Move a cut back before a Hanja abbreviation Kiwi glued to the previous sentence."""
    head = _HANJA_HEAD.search(text, 0, cut)
    return head.start(1) if head else cut


ENGINES: dict[str, dict[str, Engine]] = {
    "en": {"rules": Engine("rules", "English punctuation, abbreviations and case", _english)},
    # The default is the fastest engine whose lenient boundary F1 on NTREX dev is within 0.002
    # of the best and that splits informal and wiki text at least as well as Kiwi's own
    # splitter (scripts/eval_split.py --kinds; README "Sentence splitting").
    "ko": {
        "mecab": Engine(
            "mecab",
            "regular expressions; unpunctuated ends in informal text confirmed by MeCab-ko "
            "(the default)",
            _korean_mecab,
        ),
        "rules": Engine(
            "rules", "regular expressions (fastest; as accurate on news)", _korean_rules
        ),
        "kiwi": Engine("kiwi", "Kiwi morphological splitter (loads a 550 MB model)", _korean_kiwi),
    },
    "*": {"rules": Engine("rules", "punctuation and case; CJK full stops", _generic)},
}
"""Engines per language; ``*`` serves every other ISO 639 code. The first name is the default."""


def _base_lang(lang: str) -> str:
    match = _LANG.match(lang.strip().lower()) if lang else None
    if not match:
        raise ConfigError(
            f"not a language code: {lang!r}", hint="give an ISO 639-1 code such as ko, en, de, zh"
        )
    return primary_language(match.group(1))


def engines_for(lang: str) -> tuple[str, ...]:
    """Names of the engines that split ``lang``, the default first."""
    base = _base_lang(lang)
    return tuple(ENGINES.get(base, ENGINES["*"]))


def engine_label(lang: str, engine: str | None = None) -> str:
    """The language and name of the engine that splits ``lang`` (``ko rules``, ``de rules``)."""
    return f"{_base_lang(lang)} {_engine(lang, engine).name}"


@functools.lru_cache(maxsize=64)  # split_article asks once per article
def _engine(lang: str, name: str | None) -> Engine:
    base = _base_lang(lang)
    available = ENGINES.get(base, ENGINES["*"])
    if name is None:
        return next(iter(available.values()))
    engine = available.get(name)
    if engine is None:
        raise ConfigError(
            f"unknown splitter engine {name!r} for language {base!r}",
            hint="choose one of: " + ", ".join(available),
        )
    return engine


# A paragraph: its text as read, the offset of that text, its role. (A plain tuple: an article
# has hundreds, and a tuple is built several times faster than a frozen dataclass.)
_Piece = tuple[str, int, Role]


def _paragraphs(text: str, offset: int, role: Role, pieces: list[_Piece]) -> None:
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


def _split_pieces(pieces: Sequence[_Piece], engine: Engine) -> list[Sentence]:
    # Most paragraphs pass the quick test; it also says they are printable.
    plain = [is_plain(raw) for raw, _, _ in pieces]
    normalised = [
        (raw, None) if quick else normalize_with_offsets(raw)
        for (raw, _, _), quick in zip(pieces, plain, strict=True)
    ]
    all_cuts = engine.cuts([norm for norm, _ in normalised])
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


def split_text(
    text: str, lang: str, *, engine: str | None = None, role: Role = "body", offset: int = 0
) -> list[Sentence]:
    """Split ``text`` into sentences; spans are code-point offsets into ``text`` plus ``offset``.

    Blank lines end paragraphs; single line breaks inside a paragraph are spaces. Spans are
    trimmed of white space, strictly increasing, and together hold every non-space character.
    """
    chosen = _engine(lang, engine)
    pieces: list[_Piece] = []
    _paragraphs(text, offset, role, pieces)
    return _split_pieces(pieces, chosen)


def split_article(article: Article, lang: str, *, engine: str | None = None) -> list[Sentence]:
    """Split each block of ``article`` on its own; each sentence takes its block's role.

    An article without blocks is split as blank-line-separated body paragraphs.
    """
    chosen = _engine(lang, engine)
    text = article.text
    pieces: list[_Piece] = []
    if article.blocks:
        for block in article.blocks:
            _paragraphs(text[block.start : block.end], block.start, block.role, pieces)
    else:
        _paragraphs(text, 0, "body", pieces)
    return _split_pieces(pieces, chosen)
