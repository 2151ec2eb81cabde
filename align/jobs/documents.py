"""The document API the jobs share: read and split an article, align two split documents (or
many as one job), and the files of a folder of articles.

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
from align.export import formats
from align.models import Article, Glossary, Link, Sentence
from align.read import bilingual, extract, readers, roles, sourcemap
from align.shown import shown
from align.split import segment
from align.text import languages
from align.text.normalize import detect_lang, display_text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from align.aligner.agreement import Agreement
    from align.aligner.search import Encode
    from align.pair import pairing
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


# --- alignment -----------------------------------------------------------------------------------

ALIGNMENT_FORMATS = ("links", "jsonl", "tsv", "tmx")


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


def alignment_roles(sentences: Sequence[Sentence]) -> list[str]:
    """Each sentence's role as the aligner should see it: its own role, except that a
    sentence repeating one of the three before it word for word (a page printing a photo
    caption twice) is boilerplate, so it stays unaligned instead of taking a partner."""
    out: list[str] = []
    for k, sentence in enumerate(sentences):
        key = " ".join(sentence.text.split())
        echo = len(key) >= 10 and any(
            " ".join(sentences[p].text.split()) == key for p in range(max(0, k - 3), k)
        )
        out.append("boilerplate" if echo else sentence.role)
    return out


def concept_sets(
    sentences: Sequence[Sentence], glossary: Glossary, lang: str, morph: str | None = None
) -> list[frozenset[str]]:
    """Ids of the glossary concepts found in each sentence (anchors for the aligner); Korean
    terms are confirmed by the analyser ``morph``, once for all the sentences."""
    from align.terms import matching

    found = matching.find_terms_many(
        [s.text for s in sentences], matching.matcher_for(glossary, lang, morph)
    )
    return [frozenset(match.term.concept for match in matches) for matches in found]


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
    vocabulary: pairing.FeatureVocabulary,
    encoder: Encoder | None,
) -> pairing.ContentSketch:
    """What content pairing keeps of ``article``: its features and, with an encoder that knows
    ``lang``, its meaning (:func:`document_sentence_vectors`)."""
    from align.pair import pairing

    return pairing.sketch(
        article,
        lang,
        other_lang=other_lang,
        vocabulary=vocabulary,
        sentence_vectors=document_sentence_vectors(article, lang, encoder),
    )


def sentence_meaning(
    encoder: Encoder | None,
    source_lang: str,
    target_lang: str,
    evidence: Agreement | None = None,
) -> tuple[Encode | None, tuple[str, ...]]:
    """The encoder's ``encode`` when it knows both languages, else the note that says why its
    vectors are used or not: for a language it was not trained on, they are used when
    ``evidence`` (:func:`meaning_evidence`, measured on one document) shows that they agree
    with the document's lexical links; without evidence, or without agreement, the lexical
    model aligns alone. The one place that decides."""
    if encoder is None:
        return None, ()
    missing = [lang for lang in (source_lang, target_lang) if not encoder.covers(lang)]
    if not missing:
        return encoder.encode, ()
    from align.aligner import ALIGNER_DEFAULTS

    threshold = ALIGNER_DEFAULTS.agreement_z
    unknown = f"{', '.join(missing)}: not among {encoder.name}'s languages"
    fallback = "aligned by lengths and anchors alone (--encoder none says so explicitly)"
    if evidence is None:
        return None, (
            f"{unknown}, and its vectors are checked only on one document of at most "
            f"{ALIGNER_DEFAULTS.semantic_all_limit:,} sentences a side: {fallback}",
        )
    if not evidence.links:  # one sentence a side, or no confident link: no test was made
        return None, (
            f"{unknown}, and this document has no confident lexical link to check its vectors "
            f"on: {fallback}",
        )
    if evidence.z >= threshold:
        return encoder.encode, (
            f"{unknown}; its vectors agree with this document's lexical links "
            f"({evidence.describe()} >= {threshold}), so meaning is used",
        )
    return None, (
        f"{unknown}, and its vectors do not agree enough with this document's lexical links "
        f"({evidence.describe()} < {threshold}): {fallback}",
    )


def meaning_evidence(
    encoder: Encoder,
    source: Sequence[str],
    target: Sequence[str],
    lexical: Sequence[Link],
) -> Agreement | None:
    """How well the ``encoder``'s vectors of ``source`` and ``target`` agree with the links
    ``lexical`` the lexical model gave them (:mod:`align.aligner.agreement`), for a pair in a
    language the encoder was not trained on (its callers ask only when :func:`sentence_meaning`
    gave no ``encode``), in a document short enough to encode whole (``None`` for a longer
    one, which would encode every sentence for the check alone)."""
    from align.aligner import ALIGNER_DEFAULTS
    from align.aligner.agreement import Agreement, agreement, confident_pairs

    longest = max(len(source), len(target))
    if not (source and target) or longest > ALIGNER_DEFAULTS.semantic_all_limit:
        return None
    pairs = confident_pairs(lexical, ALIGNER_DEFAULTS.agreement_links)
    if not pairs:  # nothing to check the vectors on: none are encoded
        return Agreement(0, 0.5, 0.0)
    return agreement(encoder.encode(source), encoder.encode(target), pairs)


Anchors = tuple[Sequence[frozenset[str]] | None, Sequence[frozenset[str]] | None]
"""The glossary concepts of each sentence of the source and the target side (``None``: no
glossary)."""


def pair_anchors(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    langs: tuple[str, str],
    glossary: Glossary | None,
    morph: str | None = None,
) -> Anchors:
    """The glossary concepts of each side's sentences (:func:`concept_sets`), or no anchors
    without a glossary."""
    if glossary is None:
        return None, None
    return (
        concept_sets(source, glossary, langs[0], morph),
        concept_sets(target, glossary, langs[1], morph),
    )


def link_sentences(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    langs: tuple[str, str],
    *,
    anchors: Anchors = (None, None),
    dictionary: Sequence[tuple[str, str]] = (),
    encode: Encode | None = None,
) -> list[Link]:
    """The aligner's links between two documents' sentences, with the evidence every command
    gives it: glossary concepts and dictionary pairs as anchors, the sentence vectors of
    ``encode``, and each sentence's role (:func:`alignment_roles`), which keeps boilerplate
    (datelines, bylines, credits, a caption printed twice) unaligned.

    ``align sentences``, ``check``, ``run`` and a corpus build's workers all align through
    this one call, so a pair gets the same links from each.
    """
    from align import aligner

    return aligner.align(
        [s.text for s in source],
        [s.text for s in target],
        source_lang=langs[0],
        target_lang=langs[1],
        source_anchors=anchors[0],
        target_anchors=anchors[1],
        dictionary=dictionary,
        source_roles=alignment_roles(source),
        target_roles=alignment_roles(target),
        encode=encode,
    )


def link_with_meaning(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    langs: tuple[str, str],
    *,
    anchors: Anchors = (None, None),
    dictionary: Sequence[tuple[str, str]] = (),
    encoder: Encoder | None = None,
) -> tuple[list[Link], Encode | None, tuple[str, ...]]:
    """:func:`link_sentences` with the ``encoder``'s vectors where they carry meaning
    (:func:`sentence_meaning`): the links, the ``encode`` used (``None``: none) and the notes.
    For a language the encoder was not trained on, the lexical model aligns first, and its
    links decide whether the pair is aligned again with the vectors."""

    def linked(encode: Encode | None) -> list[Link]:
        return link_sentences(
            source, target, langs, anchors=anchors, dictionary=dictionary, encode=encode
        )

    encode, notes = sentence_meaning(encoder, *langs)
    if encode is not None or encoder is None:
        return linked(encode), encode, notes
    lexical = linked(None)
    evidence = meaning_evidence(
        encoder, [s.text for s in source], [s.text for s in target], lexical
    )
    encode, notes = sentence_meaning(encoder, *langs, evidence)
    return (lexical if encode is None else linked(encode)), encode, notes


def align_sentences(
    source: SplitDocument,
    target: SplitDocument,
    *,
    glossary: Glossary | None = None,
    dictionary: Sequence[tuple[str, str]] = (),
    encoder: Encoder | None = None,
    morph: str | None = None,
) -> formats.AlignedPair:
    """Align two split documents (:func:`link_sentences`); glossary concepts (Korean confirmed
    by the analyser ``morph``) and dictionary pairs are anchors, and the ``encoder``'s sentence
    vectors give the semantic term."""
    sides = [
        formats.AlignedSide(
            document.article.path, document.lang, document.article.text, document.sentences
        )
        for document in (source, target)
    ]
    src, tgt = sides
    langs = (src.lang, tgt.lang)
    links, _, notes = link_with_meaning(
        src.sentences,
        tgt.sentences,
        langs,
        anchors=pair_anchors(src.sentences, tgt.sentences, langs, glossary, morph),
        dictionary=dictionary,
        encoder=encoder,
    )
    return formats.AlignedPair(src, tgt, tuple(links), notes)


def align_job(
    pairs: Sequence[tuple[SplitDocument, SplitDocument]],
    *,
    dictionary: Sequence[tuple[str, str]] = (),
    encoder: Encoder | None = None,
) -> list[formats.AlignedPair]:
    """Align many document pairs as one job: a word lexicon learned over the confident links of
    all of them is used to align each again (:func:`align.aligner.align_job`). Every pair must
    have the same two languages."""
    from align import aligner

    if not pairs:
        return []
    source_lang, target_lang = pairs[0][0].lang, pairs[0][1].lang
    for source, target in pairs:
        if (source.lang, target.lang) != (source_lang, target_lang):
            raise ConfigError(
                f"a job holds one language pair; {source.article.path} is "
                f"{source.lang}-{target.lang}, not {source_lang}-{target_lang}",
                hint="align each language pair as its own job",
            )
    documents = [
        aligner.JobDocument(
            tuple(s.text for s in source.sentences),
            tuple(s.text for s in target.sentences),
            tuple(alignment_roles(source.sentences)),
            tuple(alignment_roles(target.sentences)),
        )
        for source, target in pairs
    ]
    encode, notes = sentence_meaning(encoder, source_lang, target_lang)
    results = aligner.align_job(
        documents,
        source_lang=source_lang,
        target_lang=target_lang,
        dictionary=dictionary,
        encode=encode,
    )
    return [
        formats.AlignedPair(
            formats.AlignedSide(
                source.article.path, source.lang, source.article.text, source.sentences
            ),
            formats.AlignedSide(
                target.article.path, target.lang, target.article.text, target.sentences
            ),
            tuple(links),
            notes,
        )
        for (source, target), links in zip(pairs, results, strict=True)
    ]


def align_files(
    source_path: str,
    target_path: str,
    *,
    source_lang: str = "ko",
    target_lang: str = "en",
    presplit: bool = False,
    glossary_path: str | None = None,
    dictionary_path: str | None = None,
    encoder: str | Encoder | None = None,
    engine: str | None = None,
) -> formats.AlignedPair:
    """``align sentences``: read (and split, unless ``presplit``) two files and align them;
    ``encoder`` is a sentence encoder or its name (:func:`align.text.encoder.parse_encoder`;
    ``None`` is the default encoder); ``engine`` is the splitter where a language has it
    (default: ``[tool.align] engine``, else each language's)."""
    from align.read import dictionary

    source_lang, target_lang = check_languages(source_lang, target_lang)
    if presplit and engine is not None:  # given on the command line, and nothing to split
        LOG.warning(
            "warning: --engine %s has no effect with --presplit: the files are already one "
            "sentence per line (drop --engine)",
            engine,
        )
    engine = engine_choice(engine, config.load_settings())
    from align.text.encoder import Encoder, load_encoder

    sentence_encoder = (
        encoder if isinstance(encoder, Encoder) else load_encoder(encoder, exact=False)
    )
    glossary = None
    if glossary_path is not None:
        from align.terms.glossary import read_glossary

        glossary = read_glossary(glossary_path)
    pairs = dictionary.read_dictionary(dictionary_path).pairs if dictionary_path else ()
    if presplit:
        documents = []
        for path, lang in ((source_path, source_lang), (target_path, target_lang)):
            text, sentences = read_presplit(path)
            languages.check_text(text, lang, path)
            documents.append(SplitDocument(Article(path, text, ()), lang, sentences))
        source, target = documents
    else:
        source, target = (
            split_document(path, lang=lang, engine=engine, where_known=True)
            for path, lang in ((source_path, source_lang), (target_path, target_lang))
        )
    return align_sentences(
        source, target, glossary=glossary, dictionary=pairs, encoder=sentence_encoder
    )


def write_alignment(
    pair: formats.AlignedPair, fmt: str, output: str | None, *, overwrite: bool = False
) -> tuple[str | None, list[str]]:
    """Render ``pair`` as ``fmt``: ``(text, [])`` without ``output``, else ``(None, files)``."""
    if output is None:
        return formats.render(fmt, pair), []
    return None, formats.write(fmt, pair, output, overwrite=overwrite)
