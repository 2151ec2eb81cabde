"""Sentence splitting per language: a small registry of engines; every sentence keeps its span.

Engines find *cuts* (offsets where a new sentence starts) inside one paragraph at a time;
:mod:`align.split.spans` turns cuts into trimmed spans, so no engine can lose or reorder a
character. Text is matched in its normalised form (``normalize_with_offsets``: NFC, full-width
forms, no-break spaces) and every cut is mapped back to the text as read, so NFD Hangul splits
like NFC Hangul.

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
  -ㅂ니다, -었다, ...; ``korean_filter``).
* any other language ``rules``: punctuation and case, plus CJK full stops 。！？ without spaces.

This module holds the registry (:data:`ENGINES`) and the public :func:`split_text` and
:func:`split_article`, which callers use. The engines' rules live apart, one kind each:
:mod:`~align.split.english` (English, and the generic rules of every other language),
:mod:`~align.split.korean` (the Korean rules both Korean engines share), :mod:`~align.split.kiwi`
and :mod:`~align.split.mecab` (what each morphological analyser adds); :mod:`~align.split.spans`
turns cuts into sentences with spans, and :mod:`~align.split.boundary` holds what every rule
reads around a candidate cut.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from align.errors import ConfigError
from align.models import Article, Role, Sentence
from align.split.boundary import CutFinder
from align.split.english import english_rules, generic_rules
from align.split.kiwi import korean_kiwi
from align.split.korean import korean_rules
from align.split.mecab import korean_mecab
from align.split.spans import Piece, paragraphs, split_pieces
from align.text.languages import primary_language

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Engine:
    """A splitter engine: its name, what it is for, and the function that finds cuts."""

    name: str
    description: str
    cuts: CutFinder


ENGINES: dict[str, dict[str, Engine]] = {
    "en": {"rules": Engine("rules", "English punctuation, abbreviations and case", english_rules)},
    # The default is the fastest engine whose lenient boundary F1 on NTREX dev is within 0.002
    # of the best and that splits informal and wiki text at least as well as Kiwi's own
    # splitter (scripts/eval_split.py --kinds; README "Sentence splitting").
    "ko": {
        "mecab": Engine(
            "mecab",
            "regular expressions; unpunctuated ends in informal text confirmed by MeCab-ko "
            "(the default)",
            korean_mecab,
        ),
        "rules": Engine(
            "rules", "regular expressions (fastest; as accurate on news)", korean_rules
        ),
        "kiwi": Engine("kiwi", "Kiwi morphological splitter (loads a 550 MB model)", korean_kiwi),
    },
    "*": {"rules": Engine("rules", "punctuation and case; CJK full stops", generic_rules)},
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


def split_text(
    text: str, lang: str, *, engine: str | None = None, role: Role = "body", offset: int = 0
) -> list[Sentence]:
    """Split ``text`` into sentences; spans are code-point offsets into ``text`` plus ``offset``.

    Blank lines end paragraphs; single line breaks inside a paragraph are spaces. Spans are
    trimmed of white space, strictly increasing, and together hold every non-space character.
    """
    chosen = _engine(lang, engine)
    pieces: list[Piece] = []
    paragraphs(text, offset, role, pieces)
    return split_pieces(pieces, chosen.cuts)


def split_article(article: Article, lang: str, *, engine: str | None = None) -> list[Sentence]:
    """Split each block of ``article`` on its own; each sentence takes its block's role.

    An article without blocks is split as blank-line-separated body paragraphs.
    """
    chosen = _engine(lang, engine)
    text = article.text
    pieces: list[Piece] = []
    if article.blocks:
        for block in article.blocks:
            paragraphs(text[block.start : block.end], block.start, block.role, pieces)
    else:
        paragraphs(text, 0, "body", pieces)
    return split_pieces(pieces, chosen.cuts)
