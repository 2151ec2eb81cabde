"""``align corpus build``: two folders of articles → a filtered, documented parallel corpus.

Steps: read → pair → split → align → score → filter → export. Each step leaves its result in
``OUT_DIR/.align-work/`` (written atomically), so a rerun after an interruption skips what is
done: the document pairs, then one Parquet part per batch of documents, then the merged tables,
the exports and the manifest. Filters apply only at export (OpusFilter's score/decision split).
Batches run on a local process pool, or on an existing Dask distributed cluster
(``--scheduler``); every batch is a pure function of its documents, so both give the same
files. The manifest carries a reproducibility signature in the manner of sacrebleu (Post 2018,
"A Call for Clarity in Reporting BLEU Scores").
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import socket
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from align import __version__, aligner, fsio
from align.errors import AlignError, ConfigError, ExportError, InputError
from align.export import filters, formats
from align.jobs.documents import document_files
from align.models import Glossary, Sentence
from align.read import readers
from align.split import segment
from align.terms import matching

if TYPE_CHECKING:
    from align.pair.pairing import ContentSketch, DocumentRef, FeatureVocabulary

WORK = ".align-work"
MANIFEST = "manifest.json"
DOCUMENTS = "documents.parquet"
LINKS = "links.parquet"
DEFAULT_BATCH = 8
"""Document pairs per task: small enough to spread over workers, large enough to amortise."""
_RATIO_SAMPLE = 50_000
_ROW_GROUP = 8192
"""Links per Parquet row group of ``links.parquet``: the merge holds one group, not the table
(without it polars buffers the whole table as one group: 120 MB more at 10,000 pairs)."""
_SCORE_DIGITS = 9


class Bar(Protocol):
    """A progress bar (``click.progressbar`` is one): told how many more items are done."""

    def update(self, n_steps: int) -> None: ...


Progress = Callable[[str, int], AbstractContextManager[Bar]]
"""Opens a bar for a step: ``progress(label, total)``."""


class _NoBar:
    def update(self, n_steps: int) -> None:
        return None


@contextlib.contextmanager
def _no_progress(label: str, total: int) -> Iterator[Bar]:
    yield _NoBar()


@dataclass(frozen=True, slots=True)
class Settings:
    """What decides the content of a corpus (recorded in the manifest; a rerun must match)."""

    source_lang: str = "ko"
    target_lang: str = "en"
    engine: str = "rules"
    glossary: str | None = None
    min_score: float = 0.5
    formats: tuple[str, ...] = formats.CORPUS_FORMATS
    batch_size: int = DEFAULT_BATCH


@dataclass(frozen=True, slots=True)
class BatchTask:
    """One unit of work: document pairs as (shown source path, readable source path, shown
    target path, readable target path), and what the stages need."""

    index: int
    documents: tuple[tuple[str, str, str, str], ...]
    source_lang: str
    target_lang: str
    source_engine: str
    target_engine: str
    glossary: Glossary | None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """A batch's links as Parquet bytes (written by the coordinating process), or its error."""

    index: int
    parquet: bytes
    links: int
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """What a build did: ``skipped`` when OUT_DIR already held this corpus."""

    out_dir: str
    manifest: dict[str, Any]
    skipped: bool = False
    resumed_batches: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- settings, plan and the state of OUT_DIR -----------------------------------------------------


def _engines(settings: Settings) -> tuple[str, str]:
    chosen = []
    for lang in (settings.source_lang, settings.target_lang):
        available = segment.engines_for(lang)
        chosen.append(settings.engine if settings.engine in available else available[0])
    if settings.engine not in segment.engines_for(settings.source_lang) + segment.engines_for(
            settings.target_lang):
        raise ConfigError(f"unknown splitter engine {settings.engine!r}",
                          hint="choose one of: " + ", ".join(sorted(
                              set(segment.engines_for(settings.source_lang))
                              | set(segment.engines_for(settings.target_lang)))))
    return chosen[0], chosen[1]


def check_settings(settings: Settings) -> None:
    """Reject settings that cannot work, with the option to change."""
    for lang in (settings.source_lang, settings.target_lang):
        if not lang.isalpha() or not 2 <= len(lang) <= 3:
            raise ConfigError(f"language code {lang!r} is not valid",
                              hint="give an ISO 639-1 code such as ko or en")
    unknown = [f for f in settings.formats if f not in formats.CORPUS_FORMATS]
    if unknown or not settings.formats:
        raise ConfigError(f"unknown format {', '.join(unknown) or '(none)'}",
                          hint="--format takes a comma-separated list of "
                          + ",".join(formats.CORPUS_FORMATS))
    if settings.batch_size < 1:
        raise ConfigError("batch size must be at least 1")
    filters.check_settings(_filter_settings(settings))
    _engines(settings)


def _filter_settings(settings: Settings, typical: float = 0.0) -> filters.Settings:
    return filters.Settings(source_lang=settings.source_lang, target_lang=settings.target_lang,
                            min_score=settings.min_score, typical_log_ratio=typical)


def _sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def signature(settings: Settings, glossary_sha: str | None) -> str:
    """The one-line reproducibility signature of a corpus (sacrebleu-style)."""
    source_engine, target_engine = _engines(settings)
    split = source_engine if source_engine == target_engine else f"{source_engine}+{target_engine}"
    return (f"align|src:{settings.source_lang}|tgt:{settings.target_lang}|split:{split}"
            f"|aligner:banded-dp-posterior|min-score:{settings.min_score:g}"
            f"|glossary:{glossary_sha[:12] if glossary_sha else 'none'}|version:{__version__}")


def _plan(settings: Settings, source_dir: str, target_dir: str,
          glossary_sha: str | None) -> dict[str, Any]:
    plan = asdict(settings)
    plan["formats"] = list(settings.formats)
    plan["glossary_sha256"] = glossary_sha
    plan["source_dir"] = str(Path(source_dir).resolve())
    plan["target_dir"] = str(Path(target_dir).resolve())
    plan["version"] = __version__
    return plan


def _plan_with_pairs(plan: dict[str, Any], pairs: Sequence[tuple[str, str]] | None
                     ) -> dict[str, Any]:
    if pairs is not None:
        digest = hashlib.sha256("\n".join(f"{s}\t{t}" for s, t in pairs).encode()).hexdigest()
        plan["given_pairs_sha256"] = digest
    return plan


def output_names(settings: Settings) -> list[str]:
    """File names a finished build leaves in OUT_DIR (besides sentencepiece models)."""
    names = [MANIFEST]
    if "parquet" in settings.formats:
        names += [DOCUMENTS, LINKS]
    folder = "."
    names += [Path(p).name for p in formats.corpus_paths(
        folder, settings.formats, settings.source_lang, settings.target_lang).values()]
    return names


def _ours(out: Path) -> list[Path]:
    """Everything a build (or ``corpus spm``) may have left in ``out``."""
    patterns = (MANIFEST, DOCUMENTS, LINKS, "corpus.*", "spm*.model", "spm*.vocab")
    found = {path for pattern in patterns for path in out.glob(pattern) if path.is_file()}
    return sorted(found)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read: {error}", path=str(path),
                         hint="pass --overwrite to rebuild the corpus") from error
    if not isinstance(data, dict):
        raise InputError("not a manifest", path=str(path), hint="pass --overwrite to rebuild")
    return data


def _prepare(out: Path, plan: dict[str, Any], overwrite: bool) -> str:
    """Decide what to do with ``out``: ``done``, ``resume`` or ``fresh`` (cleaning it first
    when ``overwrite``); refuse to touch a different or foreign build without it."""
    work = out / WORK
    # Temporary files of writes a killed build left behind: never outputs, always removable.
    for stale in out.glob(".*.tmp"):
        if any(stale.name.startswith(f".{path.name}.") for path in _ours(out)) or \
                stale.name.startswith((".corpus.", f".{MANIFEST}.", f".{LINKS}.",
                                       f".{DOCUMENTS}.", ".spm")):
            stale.unlink()
    if overwrite:
        for path in _ours(out):
            path.unlink()
        shutil.rmtree(work, ignore_errors=True)
        return "fresh"
    for recorded, state in ((out / MANIFEST, "done"), (work / "plan.json", "resume")):
        if recorded.is_file():
            found = _read_json(recorded)
            found_plan = found.get("settings", found) if state == "done" else found
            if found_plan != plan:
                changed = sorted(k for k in plan if found_plan.get(k) != plan[k])
                raise ConfigError(
                    f"holds a corpus built with other settings ({', '.join(changed)})",
                    path=str(out), hint="pass --overwrite to rebuild it, or choose another "
                    "OUT_DIR")
            return state
    existing = _ours(out)
    if existing:
        raise ExportError("output exists", path=str(existing[0]),
                          hint="pass --overwrite to replace it, or choose another OUT_DIR")
    return "fresh"


# --- read and pair -------------------------------------------------------------------------------


def _read_refs(files: Sequence[Path], bar: Bar,
               errors: list[str]) -> tuple[list[Path], list[DocumentRef]]:
    """The readable files and their refs (path, link to an original); texts are dropped."""
    from align.pair.pairing import DocumentRef

    readable: list[Path] = []
    refs: list[DocumentRef] = []
    for path in files:
        try:
            article = readers.read_article(str(path))
        except InputError as error:
            errors.append(str(error))
        else:
            readable.append(path)
            refs.append(DocumentRef(article.path, article.original_url))
        bar.update(1)
    return readable, refs


def _sketcher(files: Sequence[Path], lang: str, other_lang: str,
              vocabulary: FeatureVocabulary) -> Callable[[int], ContentSketch]:
    """Reads file ``i`` again and keeps only its content sketch, one text at a time.

    Feature names are interned in ``vocabulary`` (shared by both sides): a sketch, the only
    per-document state of content pairing, is two small arrays of feature ids and positions,
    about 2 KB per document on NTREX news instead of an 11 KB dict of names.
    """
    from align.pair import pairing

    def sketch(index: int) -> ContentSketch:
        article = readers.read_article(str(files[index]))
        return pairing.sketch(article, lang, other_lang=other_lang, vocabulary=vocabulary)

    return sketch


def _pair_step(source_dir: str, target_dir: str, settings: Settings, work: Path,
               progress: Progress, given: Sequence[tuple[str, str]] | None) -> None:
    from align import tables
    from align.models import DocumentPair
    from align.pair import pairing

    if given is not None:
        fsio.write_text(work / "inputs.json", json.dumps(
            {"source_documents": len(given), "target_documents": len(given), "unreadable": []}),
            overwrite=True)
        tables.write_parquet(work / "pairs.parquet", tables.pairs_frame(
            [DocumentPair(src, tgt, 1.0, "id") for src, tgt in given]), overwrite=True)
        return
    sources, targets = document_files(source_dir), document_files(target_dir)
    errors: list[str] = []
    with progress("read", len(sources) + len(targets)) as bar:
        source_files, source_refs = _read_refs(sources, bar, errors)
        target_files, target_refs = _read_refs(targets, bar, errors)
    # Only documents without explicit evidence are read again, for their content features.
    vocabulary = pairing.FeatureVocabulary()
    pairs = pairing.pair_refs(
        source_refs, target_refs,
        source_sketch=_sketcher(source_files, settings.source_lang, settings.target_lang,
                                vocabulary),
        target_sketch=_sketcher(target_files, settings.target_lang, settings.source_lang,
                                vocabulary),
        vocabulary=vocabulary)
    fsio.write_text(work / "inputs.json", json.dumps(
        {"source_documents": len(sources), "target_documents": len(targets),
         "unreadable": errors}, ensure_ascii=False, indent=1), overwrite=True)
    tables.write_parquet(work / "pairs.parquet", tables.pairs_frame(pairs), overwrite=True)


# --- split, align, score (one batch) -------------------------------------------------------------


def _concepts(sentences: Sequence[Sentence], matcher: matching.TermMatcher | None
              ) -> list[frozenset[str]]:
    if matcher is None:
        return [frozenset() for _ in sentences]
    return [frozenset(m.term.concept for m in matching.find_terms_with(s.text, matcher))
            for s in sentences]


def _link_rows(src_path: str, tgt_path: str, source: Sequence[Sentence],
               target: Sequence[Sentence], source_concepts: Sequence[frozenset[str]],
               target_concepts: Sequence[frozenset[str]], task: BatchTask,
               rows: dict[str, list[Any]]) -> None:
    from align import tables as t

    links = aligner.align([s.text for s in source], [s.text for s in target],
                          source_lang=task.source_lang, target_lang=task.target_lang,
                          source_anchors=source_concepts if task.glossary else None,
                          target_anchors=target_concepts if task.glossary else None)
    for number, link in enumerate(links):
        src = [source[i] for i in link.source]
        tgt = [target[j] for j in link.target]
        values = {
            t.LINK_SOURCE: src_path, t.LINK_TARGET: tgt_path, t.LINK_INDEX: number,
            t.LINK_SOURCE_TEXT: " ".join(s.text for s in src),
            t.LINK_TARGET_TEXT: " ".join(s.text for s in tgt),
            # Rounded: summation order (set order differs between processes) moves the last
            # bits, and a Dask run must give the local run's files byte for byte.
            t.LINK_SCORE: round(link.score, _SCORE_DIGITS),
            t.LINK_SOURCE_SENTENCES: list(link.source),
            t.LINK_TARGET_SENTENCES: list(link.target),
            t.LINK_SOURCE_START: src[0].start if src else None,
            t.LINK_SOURCE_END: src[-1].end if src else None,
            t.LINK_TARGET_START: tgt[0].start if tgt else None,
            t.LINK_TARGET_END: tgt[-1].end if tgt else None,
            t.LINK_SOURCE_ROLES: [s.role for s in src],
            t.LINK_TARGET_ROLES: [s.role for s in tgt],
            t.LINK_SOURCE_CONCEPTS: sorted(set().union(*(source_concepts[i]
                                                         for i in link.source))),
            t.LINK_TARGET_CONCEPTS: sorted(set().union(*(target_concepts[j]
                                                         for j in link.target))),
        }
        for name, value in values.items():
            rows[name].append(value)


def align_batch(task: BatchTask) -> BatchResult:
    """Read, split and align every document pair of ``task``; the links as Parquet bytes.

    Runs in a worker process (local pool or Dask worker): a user error comes back as text.
    """
    import polars as pl

    from align import tables as t

    rows: dict[str, list[Any]] = {name: [] for name in t.LINK_SCHEMA.names()}
    matchers: tuple[matching.TermMatcher | None, matching.TermMatcher | None] = (None, None)
    if task.glossary is not None:
        matchers = (matching.build_matcher(task.glossary, task.source_lang),
                    matching.build_matcher(task.glossary, task.target_lang))
    try:
        for src_shown, src_read, tgt_shown, tgt_read in task.documents:
            sides = []
            for readable, lang, engine, matcher in (
                    (src_read, task.source_lang, task.source_engine, matchers[0]),
                    (tgt_read, task.target_lang, task.target_engine, matchers[1])):
                article = readers.read_article(readable)
                sentences = segment.split_article(article, lang, engine=engine)
                sides.append((sentences, _concepts(sentences, matcher)))
            (source, source_concepts), (target, target_concepts) = sides
            _link_rows(src_shown, tgt_shown, source, target, source_concepts, target_concepts,
                       task, rows)
    except AlignError as error:
        return BatchResult(task.index, b"", 0, str(error))
    frame = pl.DataFrame(rows, schema=t.LINK_SCHEMA)
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return BatchResult(task.index, buffer.getvalue(), frame.height)


def _tasks(pairs: Iterable[tuple[str, str]], settings: Settings,
           glossary: Glossary | None) -> list[BatchTask]:
    source_engine, target_engine = _engines(settings)
    documents = [(src, str(Path(src).resolve()), tgt, str(Path(tgt).resolve()))
                 for src, tgt in pairs]
    size = settings.batch_size
    return [BatchTask(number, tuple(documents[start:start + size]), settings.source_lang,
                      settings.target_lang, source_engine, target_engine, glossary)
            for number, start in enumerate(range(0, len(documents), size))]


# --- execution: in process, local pool, Dask ------------------------------------------------------


def _run_local(tasks: Sequence[BatchTask], workers: int) -> Iterator[BatchResult]:
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield align_batch(task)
        return
    # "spawn": a forked child of a process that has loaded polars may deadlock.
    context = multiprocessing.get_context("spawn")
    pending: set[concurrent.futures.Future[BatchResult]] = set()
    queue = iter(tasks)
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(tasks)),
                                                mp_context=context) as pool:
        # At most two tasks per worker in flight: results are held only until written.
        for task in queue:
            pending.add(pool.submit(align_batch, task))
            if len(pending) >= 2 * workers:
                break
        while pending:
            done, pending = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                yield future.result()
                task_next = next(queue, None)
                if task_next is not None:
                    pending.add(pool.submit(align_batch, task_next))


def _run_dask(tasks: Sequence[BatchTask], address: str) -> Iterator[BatchResult]:
    try:
        from distributed import Client, as_completed
    except ImportError as error:
        raise ConfigError("--scheduler needs Dask distributed",
                          hint="install it: pip install 'align[dask]'") from error
    try:
        client = Client(address, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as error:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {error}",
                          hint="check --scheduler tcp://host:port and that it is running"
                          ) from error
    with client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        queue = iter(tasks)
        futures = [client.submit(align_batch, task, pure=False)
                   for task in _take(queue, 2 * workers)]
        running = as_completed(futures)  # type: ignore[no-untyped-call]
        for future in running:
            result: BatchResult = future.result()
            future.release()
            yield result
            task_next = next(queue, None)
            if task_next is not None:
                running.add(  # type: ignore[no-untyped-call]
                    client.submit(align_batch, task_next, pure=False))


def check_scheduler(address: str) -> None:
    """Fail fast, before any work, when ``address`` is not a reachable ``tcp://host:port``."""
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != "tcp" or not parts.hostname or port is None:
        raise ConfigError(f"--scheduler {address!r} is not an address",
                          hint="give the Dask scheduler as tcp://host:port")
    try:
        socket.create_connection((parts.hostname, port), timeout=10).close()
    except OSError as error:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {error}",
                          hint="check --scheduler tcp://host:port and that it is running"
                          ) from error


def _take(queue: Iterator[BatchTask], count: int) -> list[BatchTask]:
    taken = []
    for task in queue:
        taken.append(task)
        if len(taken) >= count:
            break
    return taken


def _part(work: Path, index: int) -> Path:
    return work / "parts" / f"links-{index:06d}.parquet"


def _align_step(tasks: Sequence[BatchTask], work: Path, workers: int, scheduler: str | None,
                progress: Progress) -> int:
    todo = [task for task in tasks if not _part(work, task.index).is_file()]
    done_before = len(tasks) - len(todo)
    total_documents = sum(len(task.documents) for task in tasks)
    results = _run_dask(todo, scheduler) if scheduler else _run_local(todo, workers)
    sizes = {task.index: len(task.documents) for task in todo}
    with progress("align", total_documents) as bar:
        bar.update(total_documents - sum(sizes.values()))
        for result in results:
            if result.error is not None:
                raise InputError(result.error)
            fsio.write_bytes(_part(work, result.index), result.parquet, overwrite=True)
            bar.update(sizes[result.index])
    return done_before


# --- merge and export ----------------------------------------------------------------------------


def _merge_step(tasks: Sequence[BatchTask], work: Path, tables_dir: Path) -> None:
    import polars as pl

    from align import tables as t

    links_path = tables_dir / LINKS
    parts = [_part(work, task.index) for task in tasks]
    with fsio.atomic_path(links_path, overwrite=True) as temporary:
        if parts:
            pl.scan_parquet(parts, schema=t.LINK_SCHEMA).sink_parquet(
                temporary, row_group_size=_ROW_GROUP)
        else:
            pl.DataFrame(schema=t.LINK_SCHEMA).write_parquet(temporary)
    pairs = t.read_parquet(work / "pairs.parquet", t.PAIR_SCHEMA)
    counts = (pl.scan_parquet(links_path)
              .group_by(t.LINK_SOURCE, t.LINK_TARGET).agg(pl.len().alias(t.DOC_LINKS))
              .collect())
    documents = (pairs.rename({t.PAIR_SOURCE: t.DOC_SOURCE, t.PAIR_TARGET: t.DOC_TARGET,
                               t.PAIR_SCORE: t.DOC_PAIR_SCORE,
                               t.PAIR_METHOD: t.DOC_PAIR_METHOD})
                 .join(counts.rename({t.LINK_SOURCE: t.DOC_SOURCE,
                                      t.LINK_TARGET: t.DOC_TARGET}),
                       on=[t.DOC_SOURCE, t.DOC_TARGET], how="left", maintain_order="left")
                 .with_columns(pl.col(t.DOC_LINKS).fill_null(0))
                 .select(t.DOCUMENT_SCHEMA.names()).cast(t.DOCUMENT_SCHEMA))
    t.write_parquet(tables_dir / DOCUMENTS, documents, overwrite=True)


def _doc_id(path: str, root: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path


def _typical_ratio(links_path: Path, min_score: float) -> float:
    import polars as pl

    from align import tables as t

    sample = (pl.scan_parquet(links_path)
              .filter(pl.col(t.LINK_SCORE) >= min_score)
              .select(t.LINK_SOURCE_TEXT, t.LINK_TARGET_TEXT).head(_RATIO_SAMPLE).collect())
    return filters.typical_log_ratio(sample.iter_rows())


def _export_step(settings: Settings, links_path: Path, out: Path, source_dir: str,
                 progress: Progress) -> tuple[Counter[str], int, float]:
    import polars as pl

    from align import tables as t

    typical = _typical_ratio(links_path, settings.min_score)
    decisions = _filter_settings(settings, typical)
    state = filters.State()
    removed: Counter[str] = Counter({name: 0 for name in filters.FILTER_NAMES})
    kept = 0
    total = pl.scan_parquet(links_path).select(pl.len()).collect().item()
    columns = (t.LINK_SOURCE, t.LINK_INDEX, t.LINK_SOURCE_TEXT, t.LINK_TARGET_TEXT,
               t.LINK_SCORE, t.LINK_SOURCE_ROLES, t.LINK_TARGET_ROLES)
    writers = [f for f in settings.formats if f != "parquet"]
    doc_ids: dict[str, str] = {}
    with formats.CorpusWriter(str(out), writers, source_lang=settings.source_lang,
                             target_lang=settings.target_lang, overwrite=True) as writer, \
            progress("export", total) as bar:
        for batch in pl.scan_parquet(links_path).select(columns).collect_batches():
            for src_path, number, source, target, score, src_roles, tgt_roles in \
                    batch.iter_rows():
                candidate = filters.Candidate(source, target, score, tuple(src_roles),
                                              tuple(tgt_roles))
                reason = filters.decide(candidate, decisions, state)
                if reason is not None:
                    removed[reason] += 1
                    continue
                if src_path not in doc_ids:
                    doc_ids.clear()  # links come document by document: keep one id
                    doc_ids[src_path] = _doc_id(src_path, source_dir)
                writer.write(formats.CorpusUnit(source, target, score, doc_ids[src_path],
                                               number))
                kept += 1
            bar.update(batch.height)
    return removed, kept, typical


def _outputs(out: Path, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    described = {}
    for name in names:
        path = out / name
        if not path.is_file() or name == MANIFEST:
            continue
        entry: dict[str, Any] = {"sha256": _sha256(path), "bytes": path.stat().st_size}
        if name.startswith("corpus.") and not name.endswith(".tmx"):
            with open(path, "rb") as stream:
                entry["lines"] = sum(block.count(b"\n")
                                     for block in iter(lambda: stream.read(1 << 20), b""))
        described[name] = entry
    return described


def _manifest(settings: Settings, plan: dict[str, Any], glossary_sha: str | None, work: Path,
              tables_dir: Path, out: Path, removed: Counter[str], kept: int,
              typical: float) -> dict[str, Any]:
    import polars as pl

    from align import tables as t

    inputs = _read_json(work / "inputs.json")
    documents = pl.read_parquet(tables_dir / DOCUMENTS)
    methods = Counter(documents.get_column(t.DOC_PAIR_METHOD).to_list())
    links = int(documents.get_column(t.DOC_LINKS).sum())
    return {
        "tool": "align", "version": __version__,
        "signature": signature(settings, glossary_sha),
        "settings": plan,
        "filters": {"order": list(filters.FILTER_NAMES),
                    "removed": {name: removed[name] for name in filters.FILTER_NAMES},
                    "max_length_ratio": filters.Settings().max_length_ratio,
                    "typical_log_ratio": round(typical, 6),
                    "min_script": filters.Settings().min_script},
        "counts": {"source_documents": inputs["source_documents"],
                   "target_documents": inputs["target_documents"],
                   "unreadable_documents": len(inputs["unreadable"]),
                   "pairs": sum(n for m, n in methods.items() if m != "unpaired"),
                   "pair_methods": dict(sorted(methods.items())),
                   "links": links, "exported": kept,
                   "removed": sum(removed.values())},
        "unreadable": inputs["unreadable"],
        "outputs": _outputs(out, output_names(settings)),
        "subword": None,
    }


# --- the job -------------------------------------------------------------------------------------


def build_corpus(source_dir: str, target_dir: str, out_dir: str, settings: Settings, *,
                 workers: int | None = None, scheduler: str | None = None,
                 overwrite: bool = False, progress: Progress | None = None,
                 pairs: Sequence[tuple[str, str]] | None = None) -> Report:
    """Build (or finish building) the corpus of ``source_dir`` × ``target_dir`` in ``out_dir``.

    ``pairs``, when given, are the document pairs (source path, target path) and no pairing is
    done; document ids are then paths relative to ``source_dir``.

    ``workers`` processes run the batches (default: all cores), or the Dask cluster at
    ``scheduler`` does. A rerun with the same settings skips finished steps; ``overwrite``
    starts again from nothing.
    """
    check_settings(settings)
    bars: Progress = progress or _no_progress
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if scheduler is not None:
        check_scheduler(scheduler)
    glossary, glossary_sha = None, None
    if settings.glossary is not None:
        from align.terms.glossary import read_glossary

        glossary = read_glossary(settings.glossary)
        glossary_sha = _sha256(settings.glossary)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError("OUT_DIR is a file", path=out_dir, hint="give a folder")
    plan = _plan_with_pairs(_plan(settings, source_dir, target_dir, glossary_sha), pairs)
    state = _prepare(out, plan, overwrite)
    if state == "done":
        shutil.rmtree(out / WORK, ignore_errors=True)
        return Report(out_dir, _read_json(out / MANIFEST), skipped=True)
    work = out / WORK
    if state == "fresh":
        fsio.write_text(work / "plan.json", json.dumps(plan, indent=1), overwrite=True)
    if not (work / "pairs.parquet").is_file():
        _pair_step(source_dir, target_dir, settings, work, bars, pairs)
    from align import tables as t

    pair_table = t.read_parquet(work / "pairs.parquet", t.PAIR_SCHEMA)
    paired = [(src, tgt) for src, tgt in pair_table.select(t.PAIR_SOURCE, t.PAIR_TARGET).iter_rows()
              if src is not None and tgt is not None]
    tasks = _tasks(paired, settings, glossary)
    resumed = _align_step(tasks, work, workers or os.cpu_count() or 1, scheduler, bars)
    tables_dir = out if "parquet" in settings.formats else work
    _merge_step(tasks, work, tables_dir)
    removed, kept, typical = _export_step(settings, tables_dir / LINKS, out, source_dir, bars)
    manifest = _manifest(settings, plan, glossary_sha, work, tables_dir, out, removed, kept,
                         typical)
    fsio.write_text(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                    overwrite=True)
    shutil.rmtree(work, ignore_errors=True)
    return Report(out_dir, manifest, resumed_batches=resumed)


def summary_lines(report: Report) -> list[str]:
    """What ``align corpus build`` tells on stderr: counts, filters, signature."""
    manifest = report.manifest
    counts = manifest["counts"]
    lines = []
    if report.skipped:
        lines.append(f"{report.out_dir}: up to date (pass --overwrite to rebuild)")
    elif report.resumed_batches:
        lines.append(f"resumed: {report.resumed_batches} batches were already done")
    lines.append(f"documents: {counts['source_documents']} source, "
                 f"{counts['target_documents']} target, {counts['pairs']} pairs, "
                 f"{counts['unreadable_documents']} unreadable")
    lines.append(f"links: {counts['links']}, exported {counts['exported']}, "
                 f"removed {counts['removed']}")
    for name, removed in manifest["filters"]["removed"].items():
        lines.append(f"  filter {name}: {removed} removed")
    lines += [f"unreadable: {message}" for message in manifest["unreadable"]]
    lines.append(manifest["signature"])
    return lines


# --- subword models (``align corpus spm``) -------------------------------------------------------


def train_subwords(out_dir: str, *, vocab_size: int = 8000, joint: bool = True,
                   overwrite: bool = False) -> list[str]:
    """Train sentencepiece on the Moses files of the corpus in ``out_dir``; record the models
    (file names, checksums, sizes) under ``subword`` in its manifest. Returns the files."""
    from align.export import subword

    out = Path(out_dir)
    manifest_path = out / MANIFEST
    if not manifest_path.is_file():
        raise InputError("no manifest.json: not a finished corpus", path=out_dir,
                         hint="run 'align corpus build' first (with the moses format)")
    manifest = _read_json(manifest_path)
    settings = manifest.get("settings", {})
    langs = (str(settings.get("source_lang")), str(settings.get("target_lang")))
    moses = formats.corpus_paths(str(out), ["moses"], *langs)
    texts = [Path(moses["source"]), Path(moses["target"])]
    if not all(path.is_file() for path in texts):
        raise InputError("the corpus has no Moses files", path=out_dir,
                         hint="rebuild it with --format including moses")
    groups = ({"": texts} if joint or langs[0] == langs[1]
              else {f".{lang}": [path] for lang, path in zip(langs, texts, strict=True)})
    targets = [out / f"spm{key}.{kind}" for key in groups for kind in ("model", "vocab")]
    for path in targets:
        fsio.check_writable(path, overwrite=overwrite)
    record: dict[str, Any] = {"library": "sentencepiece", "model_type": subword.MODEL_TYPE,
                              "mode": "joint" if joint else "per-language",
                              "vocab_size": vocab_size, "models": {}}
    written = []
    for key, inputs in groups.items():
        model = subword.train([str(path) for path in inputs], vocab_size=vocab_size)
        model_path, vocab_path = out / f"spm{key}.model", out / f"spm{key}.vocab"
        fsio.write_bytes(model_path, model.model, overwrite=overwrite)
        fsio.write_text(vocab_path, model.vocab, overwrite=overwrite)
        record["models"][model_path.name] = {
            "trained_on": [path.name for path in inputs], "pieces": model.size,
            "sha256": _sha256(model_path), "vocab": vocab_path.name,
            "vocab_sha256": _sha256(vocab_path)}
        written += [str(model_path), str(vocab_path)]
    manifest["subword"] = record
    fsio.write_text(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                    overwrite=True)
    return written
