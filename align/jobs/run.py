"""``align run``: every capability, in order, on the pair(s) of a folder: sentences, alignments,
the term check, scores, report and lint of each pair, and the corpus exports of several pairs."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from align import config, fsio
from align.errors import InputError
from align.export import formats
from align.export.formats import AlignedPair
from align.jobs import checkrun, lintrun
from align.jobs.documents import (
    ALIGNMENT_FORMATS,
    ARTICLE_SUFFIXES,
    SplitDocument,
    align_sentences,
    sentence_records,
    split_document,
)
from align.review import scoring
from align.terms.glossary import read_glossary
from align.text.encoder import DEFAULT_ENCODER, load_encoder

PAIR_LANGS = ("ko", "en")


DEFAULT_GLOSSARY = Path(__file__).resolve().parents[2] / "glossaries" / "defence-diplomacy.tsv"


#: The folder of ``align run``'s output that holds the corpus exports of several pairs.
RUN_CORPUS = "corpus"


def default_glossary() -> str | None:
    """The curated glossary beside the package, when it is there."""
    return str(DEFAULT_GLOSSARY) if DEFAULT_GLOSSARY.is_file() else None


def find_pairs(directory: str) -> list[tuple[Path, dict[str, Path]]]:
    """The pair in ``directory``, or the pairs in its sub-folders: (folder, {lang: file})."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(
            "no such folder",
            path=directory,
            hint="give a folder holding ko.txt and en.txt, or folders of pairs",
        )
    files = _pair_files(root)
    if files:
        return [(root, files)]
    found = []
    for child in sorted(root.iterdir()):
        child_files = _pair_files(child) if child.is_dir() else None
        if child_files:
            found.append((child, child_files))
    if not found:
        raise InputError(
            "no article pair found",
            path=directory,
            hint="a pair folder holds ko.txt and en.txt (or ko.html and en.html)",
        )
    return found


def _pair_files(folder: Path) -> dict[str, Path] | None:
    """``{lang: file}`` when ``folder`` holds one article per language (``ko.txt``,
    ``en.html``, ``ko.doc.txt``...); two candidates for one language are refused, naming
    both, rather than one picked silently."""
    files: dict[str, Path] = {}
    for lang in PAIR_LANGS:
        candidates = sorted(
            path
            for path in folder.glob(f"{lang}.*")
            if path.suffix.lower() in ARTICLE_SUFFIXES
            and not path.name.startswith(f"{lang}.sentences.")  # what a run writes
            and path.is_file()
        )
        if len(candidates) > 1:
            raise InputError(
                f"two {lang} articles: " + " and ".join(path.name for path in candidates),
                path=str(folder),
                hint="keep one article per language in a pair folder",
            )
        if candidates:
            files[lang] = candidates[0]
    return files if len(files) == len(PAIR_LANGS) else None


def run(
    directory: str,
    output: str,
    *,
    overwrite: bool = False,
    glossary_path: str | None = None,
    encoder: str | None = None,
    morph: str | None = None,
) -> Iterator[str]:
    """The main job: every capability, in order, on each pair; yields the files written.

    ``glossary_path`` (default: the curated ``glossaries/defence-diplomacy.tsv`` when it is
    there) adds the term check, the scores and the HTML report of each pair, all made from the
    one alignment that ``alignment.*`` holds. ``encoder`` names the sentence encoder, ``morph``
    the Korean analyser (default: ``[tool.align] morph``, else ``mecab``).
    """
    morph_name = lintrun.morph_choice(morph, config.load_settings())
    sentence_encoder = load_encoder(encoder)
    glossary_path = glossary_path or default_glossary()
    pairs = find_pairs(directory)
    if len(pairs) > 1 and any(pair_dir.name == RUN_CORPUS for pair_dir, _ in pairs):
        raise InputError(
            f"a pair folder is named {RUN_CORPUS!r}, where the corpus exports go",
            path=str(Path(directory) / RUN_CORPUS),
            hint="rename that folder",
        )
    for pair_dir, files in pairs:
        target = Path(output) / pair_dir.name
        documents = {lang: split_document(str(path), lang=lang) for lang, path in files.items()}
        for lang, document in documents.items():
            yield from _write_sentences(target, lang, document, overwrite=overwrite)
        source, translation = documents[PAIR_LANGS[0]], documents[PAIR_LANGS[1]]
        checked = None
        if glossary_path is not None:
            checked = checkrun.check_documents(
                source, translation, read_glossary(glossary_path), sentence_encoder, morph_name
            )
        pair = (
            checked.pair
            if checked is not None
            else align_sentences(source, translation, encoder=sentence_encoder)
        )
        yield from _write_alignments(target, pair, overwrite=overwrite)
        if checked is not None and glossary_path is not None:
            yield from _write_checks(target, checked, overwrite=overwrite)
            yield from _write_lint(
                target, files, glossary_path, overwrite=overwrite, morph=morph_name
            )
    yield from write_run_corpus(directory, output, overwrite=overwrite, encoder=encoder)


def _write_sentences(
    target: Path, lang: str, document: SplitDocument, *, overwrite: bool
) -> Iterator[str]:
    lines_path = target / f"{lang}.sentences.txt"
    fsio.write_text(lines_path, _join(s.text for s in document.sentences), overwrite=overwrite)
    yield str(lines_path)
    jsonl_path = target / f"{lang}.sentences.jsonl"
    records = (json.dumps(r, ensure_ascii=False) for r in sentence_records(document))
    fsio.write_text(jsonl_path, _join(records), overwrite=overwrite)
    yield str(jsonl_path)


def _write_alignments(target: Path, pair: AlignedPair, *, overwrite: bool) -> Iterator[str]:
    """``align run``: every alignment format of the pair's alignment."""
    for fmt in ALIGNMENT_FORMATS:
        path = target / f"alignment.{fmt}"
        yield from formats.write(fmt, pair, str(path), overwrite=overwrite)


def _write_checks(target: Path, checked: checkrun.Checked, *, overwrite: bool) -> Iterator[str]:
    """``align run``: the term check (``check.json``, ``check.txt``), the scores
    (``score.json``) and the report (``report.html``) of one pair."""
    found = checkrun.reported(checked, "info")
    summary = checkrun.scores(checked)
    outputs = {
        "check.json": checkrun.render_findings(found, "json") + "\n",
        "check.txt": _join(checkrun.render_findings(found, "text").splitlines()),
        "score.json": json.dumps(scoring.score_record(summary), ensure_ascii=False, indent=2)
        + "\n",
        "report.html": checkrun.report_html(checked, summary),
    }
    for name, text in outputs.items():
        fsio.write_text(target / name, text, overwrite=overwrite)
        yield str(target / name)


def _write_lint(
    target: Path, files: dict[str, Path], glossary_path: str, *, overwrite: bool, morph: str
) -> Iterator[str]:
    """``align run``: the editors' lint of each article, as text and as SARIF."""

    report = lintrun.lint_paths(
        [str(files[lang]) for lang in PAIR_LANGS],
        glossary_path=glossary_path,
        severity="warning",
        morph=morph,
    )
    for fmt, suffix in (("text", "txt"), ("sarif", "sarif")):
        path = target / f"lint.{suffix}"
        fsio.write_text(
            path, _join(lintrun.render_report(report, fmt).splitlines()), overwrite=overwrite
        )
        yield str(path)


def write_run_corpus(
    directory: str, output: str, *, overwrite: bool = False, encoder: str | None = None
) -> Iterator[str]:
    """``align run`` on a folder of several pairs: also the corpus exports, in ``output/corpus``
    (the same files as ``align corpus build``; the pairs are the folders, not guessed)."""
    found = find_pairs(directory)
    if len(found) < 2:
        return
    # Imported here: the corpus builder (and its scheduler) costs 0.9 s to import, and a folder
    # of one pair never needs it.
    from align.jobs import corpus

    out = Path(output) / RUN_CORPUS
    pairs = [(str(files[PAIR_LANGS[0]]), str(files[PAIR_LANGS[1]])) for _, files in found]
    settings = corpus.CorpusSettings(encoder=encoder or DEFAULT_ENCODER)
    report = corpus.build_corpus(
        directory, directory, str(out), settings, overwrite=overwrite, pairs=pairs
    )
    for name in [*report.manifest.outputs, corpus.MANIFEST]:
        yield str(out / name)


def _join(lines: Iterator[str] | Sequence[str]) -> str:
    text = "\n".join(lines)
    return text + "\n" if text else ""
