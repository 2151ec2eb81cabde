"""``align corpus build`` and ``align corpus spm``: the steps in order, each resumable.

Steps: read → pair → split → align → score → filter → export. Each step leaves its result in
``OUT_DIR/.align-work/`` (written atomically), so a rerun after an interruption skips what is
done: the document pairs, then one Parquet part per batch of documents, then the merged tables,
the exports and the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align import config, fsio
from align.errors import ConfigError, ExportError, InputError
from align.export import formats, subword
from align.export.formats import CORPUS_FORMATS
from align.jobs.corpus import execute, manifest, output, pairing
from align.jobs.corpus.manifest import Manifest, SubwordModel, Subwords
from align.jobs.corpus.plan import (
    DEFAULT_ENGINE,
    LINKS,
    MANIFEST,
    WORK,
    CorpusSettings,
    Plan,
    check_settings,
    make_plan,
    plain_name,
    prepare,
    refuse_output_inside_inputs,
    sha256,
)
from align.jobs.corpus.progress import Progress, no_progress
from align.jobs.documents import (
    check_folder_language,
    document_count_line,
    document_files,
    engine_choice,
)
from align.models import Glossary
from align.read.dictionary import read_dictionary
from align.terms.formats import read_glossary
from align.text.encoder import (
    DEFAULT_ENCODER,
    covers,
    encoder_languages,
    parse_encoder,
    unload_models,
)
from align.text.morph import morph_choice


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: ``skipped`` when OUT_DIR already held this corpus."""

    out_dir: str
    manifest: Manifest
    skipped: bool = False
    resumed_batches: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def settings_from_options(
    source_lang: str,
    target_lang: str,
    *,
    engine: str | None,
    morph: str | None,
    encoder: str | None,
    formats: Sequence[str] | None,
    glossary: str | None,
    dictionary: str | None,
    min_score: float,
    min_similarity: float,
) -> CorpusSettings:
    """The settings of ``align corpus build``: each option as given, else ``[tool.align]``'s
    engine and morph, else the builder's defaults (the rule engine, every export, the default
    encoder). An unknown engine or analyser is an error here, before any work."""
    project = config.load_settings()
    return CorpusSettings(
        source_lang=source_lang,
        target_lang=target_lang,
        engine=engine_choice(engine, project) or DEFAULT_ENGINE,
        morph=morph_choice(morph, project),
        glossary=glossary,
        dictionary=dictionary,
        min_score=min_score,
        min_similarity=min_similarity,
        formats=tuple(formats or CORPUS_FORMATS),
        encoder=encoder or DEFAULT_ENCODER,
    )


def build_corpus(
    source_dir: str,
    target_dir: str,
    out_dir: str,
    settings: CorpusSettings,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    scheduler_timeout: float = execute.SCHEDULER_TIMEOUT,
    overwrite: bool = False,
    progress: Progress | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
) -> BuildReport:
    """Build (or finish building) the corpus of ``source_dir`` × ``target_dir`` in ``out_dir``.

    ``pairs``, when given, are the document pairs (source path, target path) and no pairing is
    done; document ids are then paths relative to ``source_dir``.

    ``workers`` processes run the batches (default: all cores), or the Dask cluster at
    ``scheduler`` does (it must connect and answer within ``scheduler_timeout`` seconds). A
    rerun with the same settings skips finished steps; ``overwrite`` starts again from nothing.
    """
    settings = check_settings(settings)
    bars: Progress = progress or no_progress
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if scheduler is not None:
        execute.check_scheduler(scheduler, scheduler_timeout)
    glossary, glossary_sha = None, None
    if settings.glossary is not None:
        glossary = read_glossary(settings.glossary)
        glossary_sha = sha256(settings.glossary)
    word_pairs: tuple[tuple[str, str], ...] = ()
    dictionary_sha = None
    if settings.dictionary is not None:
        word_pairs = read_dictionary(settings.dictionary).pairs
        dictionary_sha = sha256(settings.dictionary)
    out = Path(out_dir)
    if pairs is None:
        refuse_output_inside_inputs(out, source_dir, target_dir)
        _check_folder_languages(source_dir, target_dir, settings)
    if out.exists() and not out.is_dir():
        raise ExportError("OUT_DIR is a file", path=out_dir, hint="give a folder")
    plan = make_plan(
        settings,
        source_dir,
        target_dir,
        glossary_sha,
        None if pairs is None else list(pairs),
        dictionary_sha,
        out_dir,
    )
    # One build at a time per OUT_DIR: a second would mix its parts and manifest with ours.
    with fsio.folder_lock(out, "corpus build"):
        return _build_locked(
            out_dir,
            plan,
            source_dir,
            target_dir,
            glossary,
            word_pairs,
            settings,
            workers,
            scheduler,
            scheduler_timeout,
            overwrite,
            bars,
            pairs,
        )


def _check_folder_languages(source_dir: str, target_dir: str, settings: CorpusSettings) -> None:
    """Refuse a missing folder and swapped folders before any work (a missing one was only
    found once OUT_DIR had been made, and was said after its "created folder" and "removed
    folder" lines); a folder without documents is left to the pairing step, which says so
    once it holds OUT_DIR's lock (a build writing there comes first)."""
    for folder, lang in ((source_dir, settings.source_lang), (target_dir, settings.target_lang)):
        try:
            files = document_files(folder)
        except InputError:
            if not Path(folder).is_dir():
                raise
            continue
        check_folder_language(files, lang, folder)


def _build_locked(
    out_dir: str,
    plan: Plan,
    source_dir: str,
    target_dir: str,
    glossary: Glossary | None,
    word_pairs: tuple[tuple[str, str], ...],
    settings: CorpusSettings,
    workers: int | None,
    scheduler: str | None,
    scheduler_timeout: float,
    overwrite: bool,
    bars: Progress,
    pairs: Sequence[tuple[str, str]] | None,
) -> BuildReport:
    """:func:`build_corpus` once it holds OUT_DIR's lock."""
    out = Path(out_dir)
    state = prepare(out, plan, overwrite)
    if state == "done":
        shutil.rmtree(out / WORK, ignore_errors=True)
        return BuildReport(out_dir, manifest.read_manifest(out / MANIFEST), skipped=True)
    work = out / WORK
    if state == "fresh":
        if pairs is None:  # a missing or empty input folder stops here, leaving no plan behind
            for folder in (source_dir, target_dir):
                document_files(folder)
        fsio.write_text(work / "plan.json", json.dumps(plan.to_json(), indent=1), overwrite=True)
    if not (work / pairing.PAIRS).is_file():
        pairing.pair_step(source_dir, target_dir, settings, work, bars, pairs)
    processes = workers or os.cpu_count() or 1
    tasks = execute.make_tasks(
        pairing.paired(work),
        settings,
        glossary,
        # Local workers share the vectors on disk; Dask workers may not share the folder. One
        # encoding thread in each: the workers already keep every core busy (a vector is the
        # same bits on any number of threads, as Dask must give the local files byte for byte).
        vector_cache=None if scheduler else work / "vectors",
        threads=1,
        dictionary=word_pairs,
    )
    if not execute.runs_here(execute.pending(tasks, work), processes, scheduler):
        unload_models()  # the workers encode; ours (about 110 MB) is no use from here
    resumed = execute.align_step(tasks, work, processes, scheduler, bars, scheduler_timeout)
    unload_models()  # merging and exporting encode nothing
    tables_dir = out if "parquet" in settings.formats else work
    meaning = output.merge_step(tasks, work, tables_dir)
    exported = output.export_step(settings, tables_dir / LINKS, out, source_dir, bars)
    built = output.make_manifest(plan, work, tables_dir, out, exported)
    manifest.write_manifest(out, built)
    shutil.rmtree(work, ignore_errors=True)
    note = meaning_note(settings, meaning)
    return BuildReport(out_dir, built, resumed_batches=resumed, notes=(note,) if note else ())


def meaning_note(settings: CorpusSettings, meaning: Mapping[tuple[str, str], bool]) -> str | None:
    """The line that tells for how many documents the encoder's vectors were used, when a
    language is one it was not trained on (each document's lexical links decide,
    :func:`align.jobs.alignment.sentence_meaning`); ``None`` when both are covered (meaning is
    then used for every document), no encoder is used, or no document's use is recorded (a
    resumed build whose batches an older version aligned)."""
    spec = parse_encoder(settings.encoder)
    languages = encoder_languages(spec)  # the ones Encoder.covers goes by, without loading it
    missing = [
        lang for lang in (settings.source_lang, settings.target_lang) if not covers(languages, lang)
    ]
    total = len(meaning)
    if not missing or not total:
        return None
    return (
        f"meaning: {sum(meaning.values())} of {total} document{'s' if total != 1 else ''} "
        f"({', '.join(missing)}: not among {spec.name}'s languages; used where its vectors "
        "agree with the document's lexical links, else lengths and anchors alone)"
    )


def build_warnings(built: Manifest) -> list[str]:
    """What a researcher must know of the corpus ``built`` that its settings do not say:
    links ``--min-similarity`` could not vet (aligned without sentence vectors, so without a
    margin) and passed, while the signature names the threshold. Not an error: the encoder
    may still have given vectors for some documents, which the filter does vet."""
    threshold = built.settings.get("min_similarity")
    unvetted = built.filters.unmeasured.get("min-similarity", 0)
    if not isinstance(threshold, int | float) or not threshold or not unvetted:
        return []
    links = built.counts.links
    return [
        f"--min-similarity {threshold:g} could not vet {unvetted} of {links} "
        f"link{'s' if links != 1 else ''}: aligned without sentence vectors (a language the "
        "encoder was not trained on), they have no margin and the filter passed them "
        "(manifest: filters.unmeasured)"
    ]


def summary_lines(report: BuildReport) -> list[str]:
    """What ``align corpus build`` tells on stderr: counts, filters, signature."""
    built = report.manifest
    counts = built.counts
    lines = []
    if report.skipped:
        lines.append(f"{report.out_dir}: up to date (pass --overwrite to rebuild)")
    elif report.resumed_batches:
        done = report.resumed_batches
        lines.append(f"resumed: {done} batch{'es were' if done != 1 else ' was'} already done")
    lines.append(
        document_count_line(
            counts.source_documents,
            counts.target_documents,
            counts.pairs,
            counts.unreadable_documents,
        )
    )
    lines.append(f"links: {counts.links}, exported {counts.exported}, removed {counts.removed}")
    lines += list(report.notes)
    for name, removed in built.filters.removed.items():
        lines.append(f"  filter {name}: {removed} removed")
    lines += [f"unreadable: {message}" for message in built.unreadable]
    lines.append(built.signature)
    return lines


# --- subword models (``align corpus spm``) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrainedSubwords:
    """What ``align corpus spm`` did: the files written, removed, and warnings to show."""

    written: list[str]
    removed: list[str]
    warnings: list[str]


def train_subwords(
    out_dir: str, *, vocab_size: int = 8000, joint: bool = True, overwrite: bool = False
) -> TrainedSubwords:
    """Train sentencepiece on the Moses files of the corpus in ``out_dir``; record the models
    (file names, checksums, sizes) under ``subword`` in its manifest, replacing the record of
    models trained before. Those models' files that the new record does not list are removed
    (only with ``overwrite``, and only files the old manifest names), so OUT_DIR holds what its
    manifest says. A model with fewer pieces than ``vocab_size`` is a warning."""
    out = Path(out_dir)
    built, langs, texts = _moses_corpus(out_dir)
    groups = (
        {"": texts}
        if joint or langs[0] == langs[1]
        else {f".{lang}": [path] for lang, path in zip(langs, texts, strict=True)}
    )
    new_names = {f"spm{key}.{kind}" for key in groups for kind in ("model", "vocab")}
    dropped = _replaced_models(out, built, new_names)
    if dropped and not overwrite:
        raise ExportError(
            "holds models trained before ("
            + ", ".join(path.name for path in dropped)
            + ") that these would replace in the manifest",
            path=out_dir,
            hint="pass --overwrite to replace them (their files are removed)",
        )
    written = subword.train_files(groups, out, vocab_size=vocab_size, overwrite=overwrite)
    warnings = [
        f"{model.model_path}: {model.pieces} pieces, fewer than --vocab-size {vocab_size}: "
        f"the corpus has no more (pass --vocab-size {model.pieces} to silence this)"
        for model in written
        if model.pieces < vocab_size
    ]
    record = _subword_record(written, "joint" if joint else "per-language", vocab_size)
    manifest.write_manifest(out, built.with_subwords(record))
    for path in dropped:  # after the manifest that no longer lists them
        path.unlink(missing_ok=True)
    return TrainedSubwords(
        [str(path) for model in written for path in (model.model_path, model.vocab_path)],
        [str(path) for path in dropped],
        warnings,
    )


def _moses_corpus(out_dir: str) -> tuple[Manifest, tuple[str, str], list[Path]]:
    """The finished corpus in ``out_dir``: its manifest, its languages and its Moses files
    (source, target), which the models are trained on; each missing piece is an error that
    says which command makes it."""
    out = Path(out_dir)
    manifest_path = out / MANIFEST
    if not out.is_dir():  # worded as every command words a missing folder
        raise InputError(
            "no such folder",
            path=out_dir,
            hint="give the -o folder of an 'align corpus build'",
        )
    if not manifest_path.is_file():
        raise InputError(
            "no manifest.json: not a finished corpus",
            path=out_dir,
            hint="run 'align corpus build' first (with the moses format)",
        )
    built = manifest.read_manifest(manifest_path)
    langs = (built.source_lang, built.target_lang)
    moses = formats.corpus_paths(str(out), ["moses"], *langs)
    texts = [Path(moses["source"]), Path(moses["target"])]
    if not all(path.is_file() for path in texts):
        raise InputError(
            "the corpus has no Moses files",
            path=out_dir,
            hint="rebuild it with --format including moses",
        )
    return built, langs, texts


def _replaced_models(out: Path, built: Manifest, new_names: set[str]) -> list[Path]:
    """The files of the models the manifest records that ``new_names`` do not replace by
    name, which the new record will not list. Only plain names the old manifest gives, of
    files that are there, so that nothing else in OUT_DIR is ever removed."""
    old_names = [
        name
        for model_name, model in (built.subword.models.items() if built.subword else ())
        for name in (model_name, model.vocab)
    ]
    return [
        out / name
        for name in dict.fromkeys(old_names)
        if name not in new_names and plain_name(name) and (out / name).is_file()
    ]


def _subword_record(
    written: Sequence[subword.WrittenModel], layout: str, vocab_size: int
) -> Subwords:
    """The manifest's record of the models trained: file names, pieces and checksums."""
    models = {
        model.model_path.name: SubwordModel(
            tuple(path.name for path in model.trained_on),
            model.pieces,
            sha256(model.model_path),
            model.vocab_path.name,
            sha256(model.vocab_path),
        )
        for model in written
    }
    return Subwords("sentencepiece", subword.MODEL_TYPE, layout, vocab_size, models)
