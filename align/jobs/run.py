"""``align run``: every capability, in order, on the pair(s) of a folder: sentences, alignments,
the term check, scores, report and lint of each pair, and the corpus exports of several pairs."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from align import __version__, config, fsio
from align.errors import ConfigError, ExportError, InputError
from align.export import formats
from align.export.formats import AlignedPair
from align.jobs import checkrun, corpus, lintrun, reportrun
from align.jobs.alignment import ALIGNMENT_FORMATS, align_sentences
from align.jobs.corpus.progress import Progress, no_progress
from align.jobs.documents import (
    ARTICLE_SUFFIXES,
    SplitDocument,
    engine_choice,
    headline,
    sentence_records,
    split_document,
)
from align.models import Glossary
from align.read.dictionary import read_dictionary
from align.read.readers import read_article
from align.review import report as report_page
from align.review import scoring
from align.review.rules import enabled_rules
from align.shown import shown
from align.split import segment
from align.terms.formats import read_glossary
from align.text import languages
from align.text.encoder import DEFAULT_ENCODER, Encoder, load_encoder
from align.text.morph import DEFAULT_MORPH, morph_choice
from align.text.normalize import split_lines

PAIR_LANGS = ("ko", "en")


DEFAULT_GLOSSARY = Path(__file__).resolve().parents[2] / "glossaries" / "defence-diplomacy.tsv"


#: What the term check of one pair writes (``_write_checks``), in its order.
CHECK_OUTPUTS = ("check.json", "check.txt", "score.json", "report.html")

#: The folder of ``align run``'s output that holds the corpus exports of several pairs.
RUN_CORPUS = "corpus"
#: The page of ``align run``'s output that links every pair's report (several pairs).
RUN_INDEX = "index.html"
SEVERITIES = ("error", "warning", "info")


PairSummary = report_page.IndexEntry
"""What ``align run`` did with one pair: the figures of its summary line and index entry (its
``report`` a path, made relative to ``index.html`` when the index is written)."""


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


def pair_name(pair_dir: Path) -> str:
    """The name of a pair's results folder: its folder's own name, also when the pair is
    given as ``.`` or ``..`` (run from inside it), whose ``Path.name`` is empty or ``..``:
    their results went into OUTPUT itself, or beside it."""
    return Path(os.path.abspath(pair_dir)).name


def refuse_results_inside_input(
    pairs: Sequence[tuple[Path, dict[str, Path]]], directory: str, output: str
) -> None:
    """Refuse, before anything is written, an OUTPUT whose results folders would be inside
    DIRECTORY (``run corpora -o corpora``, or ``run corpora/PAIR -o corpora``, which writes
    into PAIR itself): a later ``align lint corpora`` or ``run`` would read them back as
    articles. ``corpus build`` refuses such an OUT_DIR the same way."""
    results = [Path(output), *(Path(output) / pair_name(pair_dir) for pair_dir, _ in pairs)]
    inside = next((folder for folder in results if fsio.within(folder, directory)), None)
    if inside is None:
        return
    hint = (
        f"choose an -o folder outside {shown(directory)}"
        if inside == results[0]
        else f"choose an -o folder other than {shown(output)}"
    )
    raise ConfigError(
        f"the results would go into {shown(inside)}, inside the input folder {shown(directory)}",
        path=output,
        hint=hint,
    )


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
    dictionary_path: str | None = None,
    encoder: str | None = None,
    morph: str | None = None,
    progress: Progress | None = None,
    summaries: list[PairSummary] | None = None,
    engine: str | None = None,
) -> Iterator[str]:
    """The main job: every capability, in order, on each pair; yields the files written.

    ``progress`` opens a bar over the pairs; ``summaries``, when given, receives one
    :class:`PairSummary` per pair (what :func:`summary_table` prints). With several pairs the
    run also writes ``index.html``, linking every pair's report with its key figures.

    ``glossary_path`` (default: ``[tool.align] glossary``, as for check and lint, else the
    curated ``glossaries/defence-diplomacy.tsv`` when it is there) adds the term check, the
    scores and the HTML report of each pair, all made from the one alignment that
    ``alignment.*`` holds. The word pairs of ``dictionary_path`` anchor
    every alignment, as in ``align sentences --dictionary``. ``encoder`` names the sentence
    encoder, ``morph`` the Korean analyser (default: ``[tool.align] morph``, else ``mecab``),
    ``engine`` the splitter where a language has it (default: ``[tool.align] engine``, else
    each language's).
    """
    settings = config.load_settings()
    morph_name = morph_choice(morph, settings)
    engine_name = engine_choice(engine, settings)
    enabled = enabled_rules(settings)  # check.txt reports the rules check reports
    glossary_path = glossary_path or settings.glossary or default_glossary()
    pairs = find_pairs(directory)
    # A missing or malformed glossary stops the run here, not after each pair's first files.
    glossary = read_glossary(glossary_path) if glossary_path is not None else None
    word_pairs = read_dictionary(dictionary_path).pairs if dictionary_path is not None else ()
    if len(pairs) > 1 and any(pair_name(pair_dir) == RUN_CORPUS for pair_dir, _ in pairs):
        raise InputError(
            f"a pair folder is named {RUN_CORPUS!r}, where the corpus exports go",
            path=str(Path(directory) / RUN_CORPUS),
            hint="rename that folder",
        )
    # Every output is decided, and checked, before any work: a refusal leaves nothing behind.
    refuse_results_inside_input(pairs, directory, output)
    check_outputs(planned_outputs(pairs, output, glossary=glossary_path is not None), overwrite)
    for _, files in pairs:  # a swapped pair stops the run before any work, not halfway
        for lang, path in files.items():
            languages.check_text(read_article(str(path)).text, lang, str(path))
    sentence_encoder = load_encoder(encoder, exact=False)  # each pair is one batch
    # One run at a time per OUTPUT: a second would interleave its files with ours.
    with fsio.folder_lock(output, "run"):
        done: list[PairSummary] = []
        with (progress or no_progress)("pairs", len(pairs)) as bar:
            for pair_dir, files in pairs:
                yield from _run_pair(
                    pair_dir,
                    files,
                    Path(output) / pair_name(pair_dir),
                    glossary_path,
                    glossary,
                    sentence_encoder,
                    morph_name,
                    engine_name,
                    word_pairs,
                    enabled,
                    overwrite=overwrite,
                    done=done,
                )
                bar.update(1)
        if summaries is not None:
            summaries.extend(done)
        if len(pairs) > 1:
            yield _write_index(Path(output), done, directory, overwrite=overwrite)
        yield from write_run_corpus(
            directory,
            output,
            overwrite=overwrite,
            encoder=encoder,
            engine=engine_name,
            glossary_path=glossary_path,
            dictionary_path=dictionary_path,
            morph=morph_name,
        )


def _run_pair(
    pair_dir: Path,
    files: dict[str, Path],
    target: Path,
    glossary_path: str | None,
    glossary: Glossary | None,
    sentence_encoder: Encoder | None,
    morph_name: str,
    engine_name: str | None,
    word_pairs: tuple[tuple[str, str], ...],
    enabled: frozenset[str],
    *,
    overwrite: bool,
    done: list[PairSummary],
) -> Iterator[str]:
    """Every capability on one pair; appends its summary to ``done``."""
    documents = {
        lang: split_document(str(path), lang=lang, engine=engine_name, where_known=True)
        for lang, path in files.items()
    }
    for lang, document in documents.items():
        yield from _write_sentences(target, lang, document, overwrite=overwrite)
    source, translation = documents[PAIR_LANGS[0]], documents[PAIR_LANGS[1]]
    checked = None
    if glossary is not None:
        checked = checkrun.without_disabled(
            checkrun.check_documents(
                source, translation, glossary, sentence_encoder, morph_name, dictionary=word_pairs
            ),
            enabled,
        )
    pair = (
        checked.pair
        if checked is not None
        else align_sentences(source, translation, dictionary=word_pairs, encoder=sentence_encoder)
    )
    yield from _write_alignments(target, pair, overwrite=overwrite)
    severities: Counter[str] = Counter()
    accuracy = None
    if checked is not None and glossary_path is not None:
        scores = checkrun.scores(checked)
        accuracy = scores.terms.accuracy
        severities.update(f.severity for f in checkrun.reported(checked, "info"))
        yield from _write_checks(target, checked, scores, overwrite=overwrite)
        yield from _write_lint(target, files, glossary_path, overwrite=overwrite, morph=morph_name)
    coverage = scoring.alignment_scores(
        pair.links, len(pair.source.sentences), len(pair.target.sentences)
    ).coverage
    done.append(
        PairSummary(
            folder=pair_name(pair_dir),
            headline=headline(source.sentences),
            source_sentences=len(pair.source.sentences),
            target_sentences=len(pair.target.sentences),
            links=len(pair.links),
            findings=tuple((severity, severities[severity]) for severity in SEVERITIES),
            term_accuracy=accuracy,
            coverage=coverage,
            report=str(target / "report.html") if checked is not None else None,
        )
    )


def _write_index(
    output: Path, done: Sequence[PairSummary], directory: str, *, overwrite: bool
) -> str:
    """``index.html``: every pair's report, linked relative to the index, with its figures."""
    entries = [
        replace(item, report=Path(os.path.relpath(item.report, output)).as_posix())
        if item.report
        else item
        for item in done
    ]
    title = f"align run: {Path(directory).resolve().name}"
    path = output / RUN_INDEX
    fsio.write_text(
        path, report_page.render_index(entries, title, __version__), overwrite=overwrite
    )
    return str(path)


def summary_table(summaries: Sequence[PairSummary], output: str) -> list[str]:
    """What ``align run`` prints at the end: one line per pair, a total, where things are."""
    header = ("pair", "sentences ko/en", "links", *SEVERITIES, "report")
    rows = [
        (
            item.folder,
            f"{item.source_sentences}/{item.target_sentences}",
            str(item.links),
            *(str(count) for _, count in item.findings),
            item.report or "-",
        )
        for item in summaries
    ]
    if len(summaries) > 1:
        totals = [sum(dict(item.findings)[s] for item in summaries) for s in SEVERITIES]
        rows.append(
            (
                f"total ({len(summaries)} pairs)",
                f"{sum(i.source_sentences for i in summaries)}/"
                f"{sum(i.target_sentences for i in summaries)}",
                str(sum(i.links for i in summaries)),
                *(str(total) for total in totals),
                str(Path(output) / RUN_INDEX),
            )
        )
    widths = [max(len(row[k]) for row in (header, *rows)) for k in range(len(header) - 1)]
    numeric = range(1, len(header) - 1)

    def line(row: Sequence[str]) -> str:
        cells = [
            row[k].rjust(widths[k]) if k in numeric else row[k].ljust(widths[k])
            for k in range(len(widths))
        ]
        return "  ".join([*cells, row[-1]]).rstrip()

    lines = [line(header), *(line(row) for row in rows)]
    if len(summaries) > 1:
        lines.append(f"corpus exports: {Path(output) / RUN_CORPUS}")
    lines.append(f"all results: {output}")
    return lines


def planned_outputs(
    pairs: Sequence[tuple[Path, dict[str, Path]]], output: str, *, glossary: bool
) -> list[Path]:
    """Every file ``run`` writes for ``pairs`` into ``output``, known before it starts."""
    names = [f"{lang}.sentences.{suffix}" for lang in PAIR_LANGS for suffix in ("txt", "jsonl")]
    names += [f"alignment.{fmt}" for fmt in ALIGNMENT_FORMATS]
    if glossary:
        names += [*CHECK_OUTPUTS, "lint.txt", "lint.sarif"]
    planned = [Path(output) / pair_name(pair_dir) / name for pair_dir, _ in pairs for name in names]
    if len(pairs) > 1:
        planned.append(Path(output) / RUN_INDEX)
        out = Path(output) / RUN_CORPUS
        planned += [out / name for name in corpus.output_names(corpus.CorpusSettings())]
        planned += [
            path for path in corpus.ours(out, corpus.CorpusSettings()) if path not in planned
        ]
    return planned


def check_outputs(planned: Sequence[Path], overwrite: bool) -> None:
    """Refuse, before any work, outputs that exist (unless ``overwrite``) or are inputs."""
    existing = [path for path in planned if path.exists()]
    if existing and not overwrite:
        names = ", ".join(str(path) for path in existing[:3])
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        raise ExportError(
            f"{len(existing)} of the {len(planned)} outputs exist ({names}{more}); "
            "nothing was written",
            path=str(existing[0]),
            hint="pass --overwrite to replace them, or choose another -o folder",
        )
    for path in planned:
        fsio.check_writable(path, overwrite=True)


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


def _write_checks(
    target: Path, checked: checkrun.Checked, summary: scoring.Scores, *, overwrite: bool
) -> Iterator[str]:
    """``align run``: the term check (``check.json``, ``check.txt``), the scores
    (``score.json``) and the report (``report.html``) of one pair."""
    found = checkrun.reported(checked, "info")
    texts = (
        checkrun.render_findings(found, "json") + "\n",
        _join(split_lines(checkrun.render_findings(found, "text"))),
        json.dumps(scoring.score_record(summary), ensure_ascii=False, indent=2) + "\n",
        reportrun.report_html(checked, summary),
    )
    outputs = dict(zip(CHECK_OUTPUTS, texts, strict=True))
    for name, text in outputs.items():
        fsio.write_text(target / name, text, overwrite=overwrite)
        yield str(target / name)


def _write_lint(
    target: Path, files: dict[str, Path], glossary_path: str, *, overwrite: bool, morph: str
) -> Iterator[str]:
    """``align run``: the editors' lint of each article, as text and as SARIF, at the severity
    ``align lint`` takes by default (``[tool.align] severity``, else warning)."""

    report = lintrun.lint_paths(
        [str(files[lang]) for lang in PAIR_LANGS],
        glossary_path=glossary_path,
        morph=morph,
    )
    for fmt, suffix in (("text", "txt"), ("sarif", "sarif")):
        path = target / f"lint.{suffix}"
        fsio.write_text(
            path, _join(split_lines(lintrun.render_report(report, fmt))), overwrite=overwrite
        )
        yield str(path)


def write_run_corpus(
    directory: str,
    output: str,
    *,
    overwrite: bool = False,
    encoder: str | None = None,
    engine: str | None = None,
    glossary_path: str | None = None,
    dictionary_path: str | None = None,
    morph: str | None = None,
) -> Iterator[str]:
    """``align run`` on a folder of several pairs: also the corpus exports, in ``output/corpus``
    (the same files as ``align corpus build``; the pairs are the folders, not guessed).

    The exports hold the links of the pairs' own ``alignment.*`` files: the corpus is split by
    the run's splitter (``engine``; ``None`` is each language's default, as for the pairs, not
    the corpus builder's ``rules``) and aligned with the run's glossary anchors (Korean terms
    confirmed by ``morph``), dictionary pairs and encoder."""
    found = find_pairs(directory)
    if len(found) < 2:
        return
    # Imported here: the corpus builder (and its scheduler) costs 0.9 s to import, and a folder
    # of one pair never needs it.
    from align.jobs import corpus

    out = Path(output) / RUN_CORPUS
    pairs = [(str(files[PAIR_LANGS[0]]), str(files[PAIR_LANGS[1]])) for _, files in found]
    settings = corpus.CorpusSettings(
        encoder=encoder or DEFAULT_ENCODER,
        engine=engine or segment.engines_for(PAIR_LANGS[0])[0],
        glossary=glossary_path,
        dictionary=dictionary_path,
        morph=morph or DEFAULT_MORPH,
    )
    report = corpus.build_corpus(
        directory, directory, str(out), settings, overwrite=overwrite, pairs=pairs
    )
    for name in [*report.manifest.outputs, corpus.MANIFEST]:
        yield str(out / name)


def _join(lines: Iterator[str] | Sequence[str]) -> str:
    text = "\n".join(lines)
    return text + "\n" if text else ""
