"""Composes the stages: read → split → (align, check, score, export as they land).

Stages never import each other; this module passes what one stage needs from another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from align import fsio, readers, segment
from align.errors import InputError
from align.models import Article, Sentence
from align.textnorm import LineIndex, detect_lang

PAIR_LANGS = ("ko", "en")
TEXT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class SplitDocument:
    """An article with its language and sentences."""

    article: Article
    lang: str
    sentences: tuple[Sentence, ...]


def split_document(path: str, *, lang: str | None = None, engine: str | None = None,
                   encoding: str | None = None) -> SplitDocument:
    """Read ``path`` and split it into sentences (language detected when not given)."""
    article = readers.read_article(path, encoding=encoding)
    lang = lang or article.lang or detect_lang(article.text)
    sentences = segment.split_article(article, lang, engine=engine)
    return SplitDocument(article, lang, tuple(sentences))


def sentence_records(document: SplitDocument) -> Iterator[dict[str, object]]:
    """The ``jsonl`` form of each sentence: text, span, 1-based line/column, role."""
    index = LineIndex(document.article.text)
    for sentence in document.sentences:
        line, column = index.line_col(sentence.start)
        yield {"text": sentence.text, "start": sentence.start, "end": sentence.end,
               "line": line, "column": column, "role": sentence.role}


def split_lines(path: str, *, lang: str | None = None, engine: str | None = None,
                fmt: str = "lines", encoding: str | None = None) -> Iterator[str]:
    """What ``align split`` prints, a line at a time."""
    document = split_document(path, lang=lang, engine=engine, encoding=encoding)
    if fmt == "jsonl":
        for record in sentence_records(document):
            yield json.dumps(record, ensure_ascii=False)
    else:
        for sentence in document.sentences:
            yield sentence.text


def find_pairs(directory: str) -> list[tuple[Path, dict[str, Path]]]:
    """The pair in ``directory``, or the pairs in its sub-folders: (folder, {lang: file})."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError("no such folder", path=directory,
                         hint="give a folder holding ko.txt and en.txt, or folders of pairs")
    files = _pair_files(root)
    if files:
        return [(root, files)]
    found = []
    for child in sorted(root.iterdir()):
        child_files = _pair_files(child) if child.is_dir() else None
        if child_files:
            found.append((child, child_files))
    if not found:
        raise InputError("no article pair found", path=directory,
                         hint="a pair folder holds ko.txt and en.txt (or ko.html and en.html)")
    return found


def _pair_files(folder: Path) -> dict[str, Path] | None:
    files: dict[str, Path] = {}
    for lang in PAIR_LANGS:
        for suffix in TEXT_SUFFIXES:
            candidate = folder / f"{lang}{suffix}"
            if candidate.is_file():
                files[lang] = candidate
                break
    return files if len(files) == len(PAIR_LANGS) else None


def run(directory: str, output: str, *, overwrite: bool = False) -> Iterator[str]:
    """The main job: every capability, in order, on each pair; yields the files written."""
    for pair_dir, files in find_pairs(directory):
        target = Path(output) / pair_dir.name
        documents = {lang: split_document(str(path), lang=lang) for lang, path in files.items()}
        for lang, document in documents.items():
            yield from _write_sentences(target, lang, document, overwrite=overwrite)


def _write_sentences(target: Path, lang: str, document: SplitDocument, *,
                     overwrite: bool) -> Iterator[str]:
    lines_path = target / f"{lang}.sentences.txt"
    fsio.write_text(lines_path, _join(s.text for s in document.sentences), overwrite=overwrite)
    yield str(lines_path)
    jsonl_path = target / f"{lang}.sentences.jsonl"
    records = (json.dumps(r, ensure_ascii=False) for r in sentence_records(document))
    fsio.write_text(jsonl_path, _join(records), overwrite=overwrite)
    yield str(jsonl_path)


def _join(lines: Iterator[str] | Sequence[str]) -> str:
    text = "\n".join(lines)
    return text + "\n" if text else ""
