"""Sentence splitting per language: a small registry of engines; every sentence keeps its span.

Engines find *cuts* (offsets where a new sentence starts) inside one paragraph at a time; this
module turns cuts into trimmed spans, so no engine can lose or reorder a character. Text is
matched in its normalised form (``textnorm.normalize_with_offsets``: NFC, full-width forms, no-break
spaces) and every cut is mapped back to the text as read, so NFD Hangul splits like NFC Hangul.

* ``en`` ``rules``: punctuation and the next word's case, with the non-breaking prefixes of the
  Moses ``split-sentences.perl`` tradition (Koehn et al. 2007) — titles, month and number
  abbreviations, initials, dotted acronyms — and Punkt's orthographic cue (Kiss & Strunk 2006,
  "Unsupervised Multilingual Sentence Boundary Detection"): an ambiguous abbreviation ends a
  sentence only before a word that usually starts one.
* ``ko`` ``kiwi`` (default): Kiwi's morphological splitter (Lee 2024, kiwipiepy), fed paragraph
  by paragraph, with Hanja abbreviations (美, 日, 北, ...) moved back to the sentence they start.
* ``ko`` ``rules``: sentence-final punctuation after Hangul; a quoted sentence stays with its
  quotative frame, glued (``"…"이라고 말했다``), set off by a space (``“…” 라고``) or a short
  speech clause (``“…입니다.” 그가 말했다.``), while a quotation of several sentences is cut at
  its inner sentence ends, as English splitters do and NTREX's translators segment; and, in long
  paragraphs without any final punctuation (Bible text), the archaic declarative endings -니라,
  -더라, -러라.
* any other language ``rules``: punctuation and case, plus CJK full stops 。！？ without spaces.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from align.errors import ConfigError
from align.models import Article, Role, Sentence, make_sentence
from align.text.calendar import MONTH_ABBREVIATIONS
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
# Final punctuation, its closing quotes/brackets, and the white space after it.
_CANDIDATE = re.compile(r"([.?!…‽]+)([\"'”’»」』)\]]*)(\s+)")
# The same candidates in Korean, the commonest first: a single period right after a Hangul
# syllable, white space and a next word ("…했다. 다음") is a cut with no further test, and
# group 1 says so; any other candidate is tested by ``_korean_cut``. (One leading character
# class lets the regex engine skip quickly to the next punctuation mark.)
_KO_CANDIDATE_REST = (
    r"(?:(?<=[가-힣]\.)(\s)\s*+"
    r"(?=[\"'“‘«「『(\[{]*+[^\"'“‘«「『(\[{])"  # a word follows
    r"|[.?!…‽]*[\"'”’»」』)\]]*\s+)"
)
_KO_CANDIDATE = re.compile(r"[.?!…‽]" + _KO_CANDIDATE_REST)
# The same for a text whose only final punctuation is the period (most paragraphs): led by a
# literal, which the regex engine finds faster than a character class.
_KO_PERIOD_CANDIDATE = re.compile(r"\." + _KO_CANDIDATE_REST)
# CJK full stops need no space after them; normalisation turned ！？ into ASCII, so a ! or ?
# right after a CJK character counts as one.
_CJK_STOP = re.compile(r"(?:[。｡]|(?<=[\u3040-\u30ff\u3400-\u9fff])[!?])[。｡!?]*[”’」』)\"']*")
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,3}|[A-Za-z])[.)]$")

# --- English abbreviations (lower-cased, without the final period) --------------------------

# Titles before a name: never the end of a sentence.
_TITLES = frozenset(
    """mr mrs ms messrs mme mlle dr prof gen sen rep gov lt col capt cpt sgt st
rev hon maj adm cmdr brig supt insp det pres mt ft fr gens sens reps govs lt.col sr
""".split()
)
# Abbreviations that end a sentence only when a number does not follow ("No. 3", "Jan. 5").
_BEFORE_NUMBER = frozenset(
    "no nos art arts pp p vol vols fig figs ch chap sec para op ca approx sep tel ext pt".split()
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

# --- Korean ------------------------------------------------------------------------------------

_HANGUL_SYLLABLE = re.compile("[가-힣]")
# Archaic declarative endings that close a sentence in unpunctuated text (KRV Bible):
# -니라 (하시니라, 이니라, 느니라), -더라 (하였더라), -러라; measured on the development slice.
_KO_ARCHAIC_END = re.compile(r"(?:니|더|러)라(?=\s+(\S))")
_KO_UNPUNCTUATED_MIN = 100
# 하- after a quotation (…하리라 하시니라), but not 하나님, 하늘, 하루.
_QUOTING_VERB = re.compile("하(?!나|늘|루)")
# A quotative particle or ending written apart from the closing quote it belongs to.
_QUOTATIVE = re.compile(r"(?:이?라고|이?라며|이?라는|이?란|고|며)(?=[\s,.]|$)")
# A short speech clause after a closed quotation, the translation of English's `"…," he said.`:
# at most three words, then a verb of saying (“…입니다.” 그가 말했다. / 하멜이 덧붙였다.).
_SPEECH_FRAME = re.compile(
    r"(?:[^\s.?!\"'“”‘’]+\s+){0,3}(?:(?:말했|덧붙였|밝혔|전했|물었|답했|대답했|설명했|강조했"
    r"|주장했|지적했|반문했)(?:다|습니다)|말한다|말합니다)[.!](?=[\s\"'”’)\]]|$)"
)
# The Latin letters (and inner periods) that end a token: 디디(P → P, (U.S → U.S.
_LATIN_TAIL = re.compile(r"[A-Za-z](?:[A-Za-z.]*[A-Za-z])?$")
# Final punctuation, closing quotes and white space just before a cut.
_AFTER_FINAL = re.compile(r"[.?!…。！？]([\"'”’»」』)\]]*)\s+$")
# A Hanja abbreviation starting a sentence (美 국무부는, 日·中 정상은): Kiwi leaves it behind.
_HANJA_HEAD = re.compile(r"(?<=[.?!…'\"”’)\]]\s)([\u4e00-\u9fff](?:[·ㆍ][\u4e00-\u9fff])*)\s*$")


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


def _latin_period_ends(token: str, following: str, next_word: str) -> bool:
    """Whether ``token.`` ends a sentence before ``following`` (first letter of the next word)."""
    lowered = token.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _TITLES and token[:1].isupper():
        return False
    if len(token) == 1 and token.isupper():  # an initial: J. R. R. Tolkien, P. Diddy
        return not following.isupper()
    if lowered in _BEFORE_NUMBER:
        return not following.isdigit()
    if _DOTTED.match(token) or lowered in _AMBIGUOUS:  # U.S., a.m., Inc., etc.
        return next_word.lower() in _STARTERS
    return True


def _english_cut(text: str, match: re.Match[str], generic: bool) -> bool:
    punct = match.group(1)
    after = match.end()
    following = _first_letter(text, after)
    if not following:
        return False
    if "?" in punct or "!" in punct or "‽" in punct or len(punct) > 1 or punct == "…":
        return not following.islower()
    # A single period.
    token = _token_before(text, match.start(1))
    if text[after] in "([":  # "(still from JSDF social media)" after a sentence
        return not (token.lower() in _TITLES or (len(token) == 1 and token.isupper()))
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
    return _latin_period_ends(token, following, _word_at(text, after))


def _rule_cuts(text: str, generic: bool) -> Cuts:
    cuts = [m.end() for m in _CANDIDATE.finditer(text) if _english_cut(text, m, generic)]
    if generic:
        cuts.extend(m.end() for m in _CJK_STOP.finditer(text) if m.end() < len(text))
        cuts = sorted(set(cuts))
    return cuts


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
        return _latin_period_ends(
            latin.group(), _first_letter(text, match.end()), _word_at(text, match.end())
        )
    return True


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
    """Cuts common to both Korean engines: unpunctuated text's archaic endings."""
    if len(text) >= _KO_UNPUNCTUATED_MIN and not _has_final_punct(text):
        cuts = sorted(set(cuts) | set(_archaic_cuts(text)))
    return cuts


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
    """Kiwi's cuts, checked against the text: in a paragraph that uses final punctuation, a cut
    Kiwi makes without it (before a dash, a glued particle) or inside a quotation that goes on
    is dropped, and the punctuation cuts of the rule engine are added (Kiwi keeps ``…했다.
    “인용”`` together)."""
    from align.text.morph import kiwi

    batches = kiwi().split_into_sents(list(paragraphs), return_sub_sents=False)
    results: list[Cuts] = []
    for text, sentences in zip(paragraphs, batches, strict=True):
        cuts = [_hanja_fix(text, s.start) for s in sentences[1:]]
        if _has_final_punct(text):
            cuts = [c for c in cuts if _kiwi_cut_holds(text, c)]
            cuts.extend(_korean_punct_cuts(text))
        results.append(_korean_filter(text, sorted(set(cuts))))
    return results


def _kiwi_cut_holds(text: str, cut: int) -> bool:
    """A Kiwi cut in punctuated text holds after final punctuation, unless the quotation closed
    there goes on (:func:`_quote_goes_on`)."""
    final = _AFTER_FINAL.search(text, 0, cut)
    return final is not None and not _quote_goes_on(text, final.group(1), cut)


def _hanja_fix(text: str, cut: int) -> int:
    """Move a cut back before a Hanja abbreviation Kiwi glued to the previous sentence."""
    head = _HANJA_HEAD.search(text, 0, cut)
    return head.start(1) if head else cut


ENGINES: dict[str, dict[str, Engine]] = {
    "en": {"rules": Engine("rules", "English punctuation, abbreviations and case", _english)},
    # The default is the fastest engine whose lenient boundary F1 on NTREX dev is within 0.002
    # of the best (scripts/eval_split.py): rules 0.995 at 28 MB/s against Kiwi's 0.994 at 0.1.
    "ko": {
        "rules": Engine(
            "rules", "regular expressions (the default: as accurate on news, fast)", _korean_rules
        ),
        "kiwi": Engine("kiwi", "Kiwi morphological splitter (loads a 500 MB model)", _korean_kiwi),
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
    return match.group(1)


def engines_for(lang: str) -> tuple[str, ...]:
    """Names of the engines that split ``lang``, the default first."""
    base = _base_lang(lang)
    return tuple(ENGINES.get(base, ENGINES["*"]))


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
