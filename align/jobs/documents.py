"""The document API the jobs share: read and split an article (or read one already split), the
files of a folder of articles, and what pairing compares of each. Aligning two split documents
is :mod:`align.jobs.alignment`.

The stages never import one another; these functions pass what one stage needs from another.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from align import config
from align.errors import AlignError, ConfigError, InputError
from align.models import Article, Sentence
from align.read import bilingual, extract, readers, roles, sourcemap
from align.shown import shown
from align.split import segment
from align.text import languages
from align.text.normalize import detect_lang, display_text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from align.pair.sketch import ContentSketch, FeatureVocabulary
    from align.text.encoder import Encoder

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SPLIT_FORMATS = ("lines", "jsonl")
"""What ``align split`` prints: one sentence per line, or JSON objects with spans."""

LOG = logging.getLogger("align")


@dataclass(frozen=True, slots=True)
class SplitDocument:
    """An article with its language and sentences, and the splitter that ran (``ko rules``)."""

    article: Article
    lang: str
    sentences: tuple[Sentence, ...]
    engine: str = ""


def engine_names() -> tuple[str, ...]:
    """Every splitter engine's name, in any language (``rules``, ``kiwi``)."""
    return tuple(dict.fromkeys(name for found in segment.ENGINES.values() for name in found))


def engine_choice(engine: str | None, settings: config.ProjectSettings) -> str | None:
    """The splitter engine a command asks for: ``--engine``, else ``[tool.align] engine``, else
    ``None`` (each language's default). A name no language has is a ``ConfigError``."""
    name, origin, path = engine, "--engine", None
    if name is None:
        name, origin, path = settings.engine, "[tool.align] engine", settings.path
    if name is None or name in engine_names():
        return name
    raise ConfigError(
        f"{origin}: unknown splitter engine {name!r}",
        path=path,
        hint="choose one of: " + ", ".join(engine_names()),
    )


def split_document(
    path: str,
    *,
    lang: str | None = None,
    engine: str | None = None,
    encoding: str | None = None,
    where_known: bool = False,
) -> SplitDocument:
    """Read ``path`` and split it into sentences (language detected when not given) with the
    splitter ``engine``; with ``where_known``, a language without that engine takes its
    default (``kiwi`` for the Korean side of a pair, ``rules`` for the English side)."""
    bilingual.expect_article(path)
    article = readers.read_article(path, encoding=encoding)
    if lang is not None:  # given, so checked; a detected language agrees with the text
        lang = languages.check_code(lang)
        languages.check_text(article.text, lang, path)
    lang = lang or article.lang or detect_lang(article.text)
    if where_known and engine not in segment.engines_for(lang):
        engine = None
    sentences = segment.split_article(article, lang, engine=engine)
    if not sentences:  # legal (one side of a pair may be empty), but rarely what was meant
        LOG.warning(
            "%s: warning: no text to split (%s)",
            shown(path),
            "no article text found in the page"
            if article.format == "html"
            else "the file is empty or only white space",
        )
    return SplitDocument(article, lang, tuple(sentences), segment.engine_label(lang, engine))


def split_file(
    path: str, *, lang: str | None = None, engine: str | None = None, encoding: str | None = None
) -> SplitDocument:
    """``align split``: the ``engine`` given must split ``lang``; without one, ``[tool.align]
    engine`` splits where the language has it, else the language's default."""
    chosen = engine_choice(engine, config.load_settings())
    return split_document(
        path, lang=lang, engine=chosen, encoding=encoding, where_known=engine is None
    )


def sentence_records(document: SplitDocument) -> Iterator[dict[str, object]]:
    """The ``jsonl`` form of each sentence: text, span, 1-based line/column, role, and the
    engine that split it (``ko rules``).

    For plain text, line and column point into the file. For HTML, spans index the extracted
    article text, and ``line``/``column`` are where the sentence's first character is in the
    page's source (:mod:`align.read.sourcemap`).
    """
    locate = sourcemap.locator(document.article)
    for sentence in document.sentences:
        line, column = locate(sentence.start)
        yield {
            "text": sentence.text,
            "start": sentence.start,
            "end": sentence.end,
            "line": line,
            "column": column,
            "role": sentence.role,
            "engine": document.engine,
        }


def document_lines(document: SplitDocument, fmt: str = "lines") -> Iterator[str]:
    """A split document as ``align split`` prints it: one sentence per line, or one JSON
    object per sentence (:func:`sentence_records`)."""
    if fmt == "jsonl":
        for record in sentence_records(document):
            yield json.dumps(record, ensure_ascii=False)
    else:
        for sentence in document.sentences:
            yield sentence.text


def check_languages(source_lang: str, target_lang: str) -> tuple[str, str]:
    """``--src-lang`` and ``--tgt-lang`` in their canonical form (``kor`` → ``ko``,
    ``en_us`` → ``en-US``: :func:`align.text.languages.check_code`); a value that is not a
    language the toolkit takes is refused, naming its option and what to give."""
    return (
        languages.check_code(source_lang, "--src-lang"),
        languages.check_code(target_lang, "--tgt-lang"),
    )


#: Documents of a folder read to tell whether the folder as a whole is in its language.
FOLDER_SAMPLE = 8


def check_folder_language(files: Sequence[Path], lang: str, folder: str) -> None:
    """Refuse a folder given as ``lang`` when most of its first documents long enough to tell
    (up to :data:`FOLDER_SAMPLE`) are clearly in another language: the two folders of a pair
    were swapped, or the wrong folder was given, and pairing them would find nothing after
    reading every file. A few documents in another language, as a crawl has, are not refused:
    they stay unpaired."""
    if not languages.enabled():
        return
    read: list[tuple[Path, str | None]] = []
    for path in files:
        if len(read) == FOLDER_SAMPLE:
            break
        try:
            text = readers.read_article(str(path)).text
        except AlignError:
            continue  # an unreadable file is reported by the step that reads them all
        if languages.judged(text, lang):
            read.append((path, languages.mismatch(text, lang)))
    wrong = [(path, seen) for path, seen in read if seen is not None]
    if 2 * len(wrong) > len(read):
        path, seen = wrong[0]
        raise InputError(
            f"given as {lang}, but {len(wrong)} of the {len(read)} documents read do not look "
            f"like {lang} ({path.name}: {seen})",
            path=folder,
            hint="check the folders and the languages given (swapped folders?); "
            "pass --no-language-check to go on anyway",
        )


def document_count_line(source: int, target: int, pairs: int, unreadable: int) -> str:
    """``documents: 5 source, 3 target, 3 pairs, 1 unreadable`` (``1 pair``): the one line
    with which ``align pair`` and ``align corpus build`` count the documents of two folders."""
    return (
        f"documents: {source} source, {target} target, {pairs} pair{'s' * (pairs != 1)}, "
        f"{unreadable} unreadable"
    )


def document_files(directory: str) -> list[Path]:
    """The ``*.txt``, ``*.html`` and ``*.htm`` files under ``directory`` (recursively, sorted).

    Hidden files and folders (``.git``, a corpus build's ``.align-work``) are passed over.
    """
    root = Path(directory)
    if not root.is_dir():
        raise InputError(
            "no such folder",
            path=directory,
            hint="give a folder of saved articles (.txt, .html, .htm)",
        )
    files = [
        path
        for path in readers.files_under(root)
        if path.suffix.lower() in ARTICLE_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    if not files:
        raise InputError(
            "no documents found",
            path=directory,
            hint="the folder must hold .txt, .html or .htm files",
        )
    return files


# --- presplit files, headlines, the vectors pairing compares --------------------------------------


def read_presplit(path: str) -> tuple[str, tuple[Sentence, ...]]:
    """Read a one-sentence-per-line file: line i is sentence i (an empty line is an empty
    sentence; the final line break adds no sentence). Spans index the text as read."""
    bilingual.expect_article(path)
    text, used, is_html = readers.read_text(path)
    if is_html:  # a saved page: its extracted article text, as read_article gives it
        text = extract.extract_html(text, path, encoding=used).text
    sentences = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        sentences.append(_presplit_sentence(text, start, match.start()))
        start = match.end()
    if start < len(text):
        sentences.append(_presplit_sentence(text, start, len(text)))
    return text, tuple(sentences)


def presplit_pair(
    source: tuple[str, str], target: tuple[str, str]
) -> tuple[SplitDocument, SplitDocument]:
    """Two files, each a (path, checked language), read as one sentence per line
    (``--presplit``: a corpus build's ``corpus.ko`` and ``corpus.en``, lines a CAT tool
    exported), so that line i stays sentence i."""
    return _presplit_document(*source), _presplit_document(*target)


def warn_presplit_engine(engine: str | None) -> None:
    """``--engine`` with ``--presplit`` has nothing to split: say so, before any work."""
    if engine is not None:  # given on the command line
        LOG.warning(
            "warning: --engine %s has no effect with --presplit: the files are already one "
            "sentence per line (drop --engine)",
            engine,
        )


def _presplit_document(path: str, lang: str) -> SplitDocument:
    text, sentences = read_presplit(path)
    languages.check_text(text, lang, path)
    return SplitDocument(Article(path, text, ()), lang, sentences)


def _presplit_sentence(text: str, start: int, end: int) -> Sentence:
    """A line as a sentence, its role from the readers' line table (a byline, caption or
    page furniture line keeps that role; anything else is body)."""
    shown = display_text(text[start:end])
    return Sentence(shown, start, end, roles.role_of_line(shown) or "body")


def headline(sentences: Sequence[Sentence]) -> str:
    """The article's headline on one line: its title sentence, else its first sentence (empty
    without sentences). ``run``'s summary and index and the HTML report's title name a pair by
    it, so they agree."""
    text = next(
        (s.text for s in sentences if s.role == "title"), sentences[0].text if sentences else ""
    )
    return " ".join(text.split())


MEANING_SENTENCES = 48
"""Sentences of a document whose vectors make its document vector (for pairing): a news
article's lead carries its topic, and the encoder is the slow part."""


def document_sentence_vectors(
    article: Article, lang: str, encoder: Encoder | None
) -> npt.NDArray[np.float32] | None:
    """The vectors of the first :data:`MEANING_SENTENCES` sentences of ``article`` (split with
    the fast rule engine), or ``None`` when the encoder does not know ``lang``."""
    if encoder is None or not encoder.covers(lang):
        return None
    engines = segment.engines_for(lang)
    engine = "rules" if "rules" in engines else engines[0]
    sentences = segment.split_article(article, lang, engine=engine)[:MEANING_SENTENCES]
    if not sentences:
        return None
    return encoder.encode([s.text for s in sentences])


def content_sketch(
    article: Article,
    lang: str,
    other_lang: str,
    vocabulary: FeatureVocabulary,
    encoder: Encoder | None,
) -> ContentSketch:
    """What content pairing keeps of ``article``: its features and, with an encoder that knows
    ``lang``, its meaning (:func:`document_sentence_vectors`)."""
    from align.pair.sketch import sketch

    return sketch(
        article,
        lang,
        other_lang=other_lang,
        vocabulary=vocabulary,
        sentence_vectors=document_sentence_vectors(article, lang, encoder),
    )
