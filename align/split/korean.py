"""The Korean rules that both Korean engines share (the ``rules`` engine is these alone).

Sentence-final punctuation after Hangul, with a quoted sentence kept with its quotative frame
(glued, set off by a space, or a short speech clause); the archaic declarative endings -니라,
-더라, -러라 in long unpunctuated paragraphs (KRV Bible); and informal writing's cuts
(:func:`korean_filter`): after closers (ㅎㅎ, ㅋㅋ, ㅠㅠ, ^^, ~, emoji), after frequent final
endings written without punctuation, and around wiki ``[편집]`` headings and citation markers.
Apart from the engines because Kiwi's and MeCab-ko's engines start from these cuts and add
their own; the morphology is theirs, the surface rules are here.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Callable, Iterator, Sequence

from align.split.boundary import (
    CANDIDATE,
    CITATION,
    OPENERS,
    Cuts,
    char_before,
    first_letter,
    skip_space,
    token_before,
    word_at,
)
from align.split.english import is_initial, latin_period_ends

# ``CANDIDATE``'s candidates in Korean, the commonest first: a single period right after a
# Hangul syllable, white space and a next word ("…했다. 다음") is a cut with no further test,
# and group 1 says so; any other candidate is tested by ``_korean_cut``. (One leading character
# class lets the regex engine skip quickly to the next punctuation mark.)
_KO_CANDIDATE_REST = (
    r"(?:(?<=[가-힣]\.)(\s)\s*+"
    r"(?=[\"'“‘«「『(\[{]*+[^\"'“‘«「『(\[{])"  # a word follows
    r"|[.?!…‽]*[\"'”’»」』)\]]*(?:" + CITATION + r")*\s+)"
)
_KO_CANDIDATE = re.compile(r"[.?!…‽]" + _KO_CANDIDATE_REST)
# The same for a text whose only final punctuation is the period (most paragraphs): led by a
# literal, which the regex engine finds faster than a character class.
_KO_PERIOD_CANDIDATE = re.compile(r"\." + _KO_CANDIDATE_REST)

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
# The Latin letters (and inner periods) that end a token: 디디(P → P, (U.S → U.S.
_LATIN_TAIL = re.compile(r"[A-Za-z](?:[A-Za-z.]*[A-Za-z])?$")

# Informal writing (blogs, tweets, comments) closes a sentence with laughter or crying jamo, an
# emoticon, tildes or emoji instead of, or after, final punctuation: 좋았어요ㅎㅎ 다음에…
KO_CLOSER = (
    r"(?:[ㅋㅎㅠㅜ]{2,}|ㅡ{2,}|\^+[_\-.]?\^+|;;+|~+|[♡♥]+"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF](?:[\U0001F3FB-\U0001F3FF\uFE0F\u200D]"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF])*)"
)
# A run of closers (white space may part them: ㅋㅋ ㅋㅋ), then white space and a next word.
_KO_CLOSERS = re.compile(rf"{KO_CLOSER}+(?:[^\S\n]+{KO_CLOSER}+)*(?=\s+\S)")
KO_CLOSER_START = re.compile(r"[ㅋㅎㅠㅜㅡ^;~♡♥\u2600-\u27BF\U0001F300-\U0001FAFF]")
KO_CLOSERS_AT = re.compile(rf"{KO_CLOSER}+(?:[^\S\n]+{KO_CLOSER}+)*(?:\s+|$)")
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
KO_ARCHAIC_REGISTER = re.compile(r"(?:[니더러]라|[나니리]이다|도다)(?:\s|$)|가라사대|이르시되")
# Syllables before -다 that make it a final ending: past -었/-았/-였/-했/-겠 and 있/없 (the
# batchim ㅆ or ㅄ, tested apart), the present -ㄴ다/-는다, the copula 이다, and common
# adjectives; 보다, 마다, 바다 (particles and nouns) are not among them.
_KO_BEFORE_DA = frozenset("는한된간온본이같싶좋많렵롭")
# A next word that continues the clause: a quotative or connective written apart, a verb of
# saying (…했다 하더라도, …나이다 하거늘), or a dependent word; but 하지만 starts a clause.
KO_GOES_ON = re.compile(
    r"(?:(?:라고|라며|라는|란|고|며|면|는|등|및|마는)(?=[\s,.?!]|$)"
    r"|하(?!지만|나|늘|루)|해[도서]|한[대즉]|했|싶)"
)
# A wiki section heading glued to its text: 역사[편집] 조선 시대에는…
_KO_SECTION = re.compile(r"\[편집\]\s+(?=\S)")


def quote_goes_on(text: str, closing: str, cut: int) -> bool:
    """Whether the quotation closed by ``closing`` just before ``cut`` goes on in a quotative
    particle or a short speech clause: “…했습니다.” 라고 말했다 / “…입니까?” 그가 물었다."""
    return bool(closing) and (
        _QUOTATIVE.match(text, cut) is not None
        or (bool(closing.strip(")]")) and _SPEECH_FRAME.match(text, cut) is not None)
    )


def _korean_cut(text: str, match: re.Match[str]) -> bool:
    punct = match.group(1)
    if not first_letter(text, match.end()):
        return False
    before = text[match.start(1) - 1] if match.start(1) > 0 else ""
    if quote_goes_on(text, match.group(2), match.end()):
        return False
    if "?" in punct or "!" in punct or "‽" in punct:
        return True
    if punct == "…" or len(punct) > 1:  # an ellipsis: a pause unless a sentence ending precedes
        return before in "다요까죠"
    if _HANGUL_SYLLABLE.match(before):
        return True
    latin = _LATIN_TAIL.search(token_before(text, match.start(1)))
    if latin:  # the Latin word before the period: 퍼프 대디(P. Diddy), 미국(U.S.)
        following = first_letter(text, match.end())
        if is_initial(latin.group()) and _HANGUL_SYLLABLE.match(following):
            return False  # 조지 W. 부시: a Korean sentence ends in Hangul, not in an initial
        return latin_period_ends(latin.group(), following, word_at(text, match.end()))
    return True


_LASTINDEX = operator.attrgetter("lastindex")
_MATCH_END: Callable[[re.Match[str]], int] = re.Match.end


def korean_punct_cuts(text: str) -> Cuts:
    """Cuts after final punctuation in Korean text (``_KO_CANDIDATE``, then ``_korean_cut``)."""
    other = "?" in text or "!" in text or "…" in text or "‽" in text
    matches = list((_KO_CANDIDATE if other else _KO_PERIOD_CANDIDATE).finditer(text))
    if None not in map(_LASTINDEX, matches):  # all of the commonest kind: no further test
        return list(map(_MATCH_END, matches))
    return [m.end() for m in matches if m.lastindex or _korean_cut_at(text, m.start())]


def _korean_cut_at(text: str, start: int) -> bool:
    match = CANDIDATE.match(text, start)
    return match is not None and _korean_cut(text, match)


def korean_filter(text: str, cuts: Cuts) -> Cuts:
    """Cuts common to both Korean engines: unpunctuated text's archaic endings, and informal
    text's closers and bare final endings (:func:`_informal_cuts`)."""
    if len(text) >= _KO_UNPUNCTUATED_MIN and not has_final_punct(text):
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
    first = first_closer(text)
    closers = _closer_runs(text, first) if first >= 0 else []
    archaic: list[bool] = []  # looked up once, for the first -요 that passes every other test
    bare = [match for match in _KO_BARE_END.finditer(text) if _bare_end(text, match, archaic)]
    sections = list(_KO_SECTION.finditer(text)) if "[편집]" in text else []
    if not (first >= 0 or bare or sections):
        return None
    moved: set[int] = {m.end() for m in closers}
    moved.update(m.end() for m in sections)
    for cut in [*cuts, *(m.end() for m in bare)]:
        run = KO_CLOSERS_AT.match(text, skip_space(text, cut)) if first >= 0 else None
        if run is None:
            moved.add(cut)
        elif run.end() < len(text):
            moved.add(run.end())
    return sorted(moved)


@functools.lru_cache(maxsize=2)  # asked by the rules, then the MeCab engine, of one paragraph
def first_closer(text: str) -> int:
    """Where the first character that may start a closer is in ``text`` (-1 if none)."""
    found = KO_CLOSER_START.search(text)
    return found.start() if found else -1


def _closer_runs(text: str, start: int) -> list[re.Match[str]]:
    """The runs of closers from ``start`` on that end a sentence (:func:`_closes`); each run is
    tried only where a closer character stands, not at every offset."""
    runs = []
    end = start
    for hit in KO_CLOSER_START.finditer(text, start):
        if hit.start() < end:
            continue
        run = _KO_CLOSERS.match(text, hit.start())
        if run is not None:
            end = run.end()
            if _closes(text, run.start()):
                runs.append(run)
    return runs


def _closes(text: str, start: int) -> bool:
    """Whether closers at ``start`` end a sentence: after final punctuation or a final ending
    (a tilde only glued to it: 3~5 and 서울~부산 are ranges)."""
    last = char_before(text, start)  # not a slice: a paragraph may hold thousands of runs
    if not last or inside_quotation(text, start):
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
    if not (following.isalnum() or following in OPENERS):
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
    if KO_GOES_ON.match(text, match.start(1)) or inside_quotation(text, at):
        return False
    if last != "요":
        return True
    if syllable in _KO_CONNECTIVE_YO:
        return False
    if not archaic:
        archaic.append(KO_ARCHAIC_REGISTER.search(text) is not None)
    return not archaic[0]


def _word_in(text: str, end: int, words: frozenset[str]) -> bool:
    """Whether the word ending at ``end`` (after any opening quotes) is one of ``words``."""
    for size in (2, 3):
        start = end - size
        if start >= 0 and text[start:end] in words:
            if start == 0 or text[start - 1].isspace() or text[start - 1] in OPENERS:
                return True
    return False


def inside_quotation(text: str, at: int) -> bool:
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


def has_final_punct(text: str) -> bool:
    """Whether ``text`` holds any sentence-final punctuation (Latin or CJK)."""
    # Substring tests are much faster than a character-class search on long paragraphs.
    return "." in text or "?" in text or "!" in text or "。" in text or "！" in text or "？" in text


def _archaic_cuts(text: str) -> Iterator[int]:
    """Cuts after -니라/-더라/-러라, unless the next word is a quoting 하- verb (…리라 하시니라)."""
    for match in _KO_ARCHAIC_END.finditer(text):
        at = match.start()
        if at and "가" <= text[at - 1] <= "힣" and not _QUOTING_VERB.match(text, match.start(1)):
            yield match.start(1)


def korean_rules(paragraphs: Sequence[str]) -> list[Cuts]:
    """The ``ko`` ``rules`` engine: punctuation cuts, then the cuts every Korean engine adds."""
    return [korean_filter(text, korean_punct_cuts(text)) for text in paragraphs]
