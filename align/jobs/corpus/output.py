"""The last steps of a corpus build: merge the batches' links, apply the filters while
exporting (OpusFilter's split of scores from decisions: links are scored once, thresholds apply
only here), and describe the result in the manifest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from align import tables
from align.export import filters, formats
from align.jobs.corpus.execute import BatchTask, part_path, read_meaning
from align.jobs.corpus.manifest import (
    Counts,
    FilterCounts,
    Manifest,
    OutputFile,
    library_versions,
)
from align.jobs.corpus.pairing import INPUTS, PAIRS
from align.jobs.corpus.plan import (
    DOCUMENTS,
    LINKS,
    MANIFEST,
    CorpusSettings,
    Plan,
    filter_settings,
    output_names,
    read_json,
    sha256,
    signature,
)
from align.jobs.corpus.progress import Progress
from align.shown import shown, unshown

_RATIO_SAMPLE = 50_000
_ROW_GROUP = 8192
"""Links per Parquet row group of ``links.parquet``: the merge holds one group, not the table
(without it polars buffers the whole table as one group: 120 MB more at 10,000 pairs)."""


def merge_step(
    tasks: Sequence[BatchTask], work: Path, tables_dir: Path
) -> dict[tuple[str, str], bool]:
    """``links.parquet`` from the batches' parts, and ``documents.parquet`` beside it; returns
    whether each document pair was aligned with meaning (:func:`read_meaning`)."""
    links_path = tables_dir / LINKS
    tables.merge_links(
        [part_path(work, task.index) for task in tasks], links_path, row_group=_ROW_GROUP
    )
    meaning = read_meaning(tasks, work)
    tables.write_documents(work / PAIRS, links_path, tables_dir / DOCUMENTS, meaning)
    return meaning


def _doc_id(path: str, root: str) -> str:
    """A document's id: its path (as links.parquet shows it) relative to the source folder."""
    try:
        return shown(Path(unshown(path)).resolve().relative_to(Path(root).resolve()).as_posix())
    except ValueError:
        return path


@dataclass(frozen=True, slots=True)
class Exported:
    """What :func:`export_step` did: the links each filter removed, the links kept, the
    typical length ratio used, and the links each filter passed unmeasured
    (:attr:`FilterCounts.unmeasured <align.jobs.corpus.manifest.FilterCounts>`)."""

    removed: Counter[str]
    kept: int
    typical: float
    unmeasured: dict[str, int]


def _unmeasured(candidate: filters.Candidate, reason: str | None, min_similarity: float) -> bool:
    """Whether the ``min-similarity`` filter (on) passed ``candidate`` for want of a margin:
    it reached that filter (no earlier one removed it) and was aligned without vectors."""
    if min_similarity == 0.0 or candidate.similarity is not None:
        return False
    return reason is None or _ORDER[reason] > _ORDER["min-similarity"]


_ORDER = {name: k for k, name in enumerate(filters.FILTER_NAMES)}


def export_step(
    settings: CorpusSettings, links_path: Path, out: Path, source_dir: str, progress: Progress
) -> Exported:
    """Filter the links in order and write the kept ones in every format."""
    typical = filters.typical_log_ratio(
        tables.link_texts(links_path, min_score=settings.min_score, limit=_RATIO_SAMPLE)
    )
    decisions = filter_settings(settings, typical)
    state = filters.State()
    removed: Counter[str] = Counter({name: 0 for name in filters.FILTER_NAMES})
    kept = unmeasured = 0
    total = tables.count_rows(links_path)
    columns = (
        tables.LINK_SOURCE,
        tables.LINK_INDEX,
        tables.LINK_SOURCE_TEXT,
        tables.LINK_TARGET_TEXT,
        tables.LINK_SCORE,
        tables.LINK_SOURCE_ROLES,
        tables.LINK_TARGET_ROLES,
        tables.LINK_SIMILARITY,
    )
    reasons: list[str | None] = []
    writers = [f for f in settings.formats if f != "parquet"]
    doc_ids: dict[str, str] = {}
    with (
        formats.CorpusWriter(
            str(out),
            writers,
            source_lang=settings.source_lang,
            target_lang=settings.target_lang,
            overwrite=True,
        ) as writer,
        progress("export", total) as bar,
    ):
        for rows in tables.link_row_batches(links_path, columns):
            for src_path, number, source, target, score, src_roles, tgt_roles, similar in rows:
                candidate = filters.Candidate(
                    source, target, score, tuple(src_roles), tuple(tgt_roles), similar
                )
                reason = filters.decide(candidate, decisions, state)
                reasons.append(reason)
                unmeasured += _unmeasured(candidate, reason, settings.min_similarity)
                if reason is not None:
                    removed[reason] += 1
                    continue
                if src_path not in doc_ids:
                    doc_ids.clear()  # links come document by document: keep one id
                    doc_ids[src_path] = _doc_id(src_path, source_dir)
                writer.write(formats.CorpusUnit(source, target, score, doc_ids[src_path], number))
                kept += 1
            bar.update(len(rows))
    tables.add_decisions(links_path, reasons, row_group=_ROW_GROUP)
    return Exported(removed, kept, typical, {"min-similarity": unmeasured})


def describe_outputs(out: Path, names: Iterable[str]) -> dict[str, OutputFile]:
    """Checksum, size and (for line-based formats) line count of each file present."""
    described = {}
    for name in names:
        path = out / name
        if not path.is_file() or name == MANIFEST:
            continue
        lines = None
        if name.startswith("corpus.") and not name.endswith(".tmx"):
            with open(path, "rb") as stream:
                lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
        described[name] = OutputFile(sha256(path), path.stat().st_size, lines)
    return described


def make_manifest(
    plan: Plan,
    work: Path,
    tables_dir: Path,
    out: Path,
    exported: Exported,
) -> Manifest:
    """The manifest of a finished build."""
    removed = exported.removed
    settings = plan.settings
    inputs = read_json(work / INPUTS)
    methods, links = tables.document_counts(tables_dir / DOCUMENTS)
    defaults = filters.FilterSettings()
    return Manifest(
        version=plan.version,
        signature=signature(
            settings, plan.glossary_sha256, plan.dictionary_sha256, plan.encoder_sha256
        ),
        settings=plan.to_json(),
        filters=FilterCounts(
            order=tuple(filters.FILTER_NAMES),
            removed={name: removed[name] for name in filters.FILTER_NAMES},
            max_length_ratio=defaults.max_length_ratio,
            typical_log_ratio=round(exported.typical, 6),
            min_script=defaults.min_script,
            unmeasured=exported.unmeasured,
        ),
        counts=Counts(
            source_documents=inputs["source_documents"],
            target_documents=inputs["target_documents"],
            unreadable_documents=len(inputs["unreadable"]),
            pairs=sum(n for m, n in methods.items() if m != "unpaired"),
            pair_methods=dict(sorted(methods.items())),
            links=links,
            exported=exported.kept,
            removed=sum(removed.values()),
        ),
        unreadable=tuple(inputs["unreadable"]),
        outputs=describe_outputs(out, output_names(settings)),
        libraries=library_versions(),
    )
