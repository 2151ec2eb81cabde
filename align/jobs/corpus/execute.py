"""The alignment step of a corpus build: batches of document pairs read, split and aligned in
worker processes (a local pool) or on an existing Dask distributed cluster.

Every batch is a pure function of its documents, so both give the same links; each finished
batch is kept as a Parquet part in the work folder, so a rerun after an interruption does only
the batches not yet done.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import multiprocessing
import os
import socket
import struct
import threading
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from align import fsio, tables
from align.errors import AlignError, ConfigError, InputError
from align.export import filters
from align.jobs.alignment import link_with_meaning, pair_anchors
from align.jobs.corpus.plan import CorpusSettings, engines
from align.jobs.corpus.progress import Progress
from align.models import Glossary, Sentence
from align.read import readers
from align.shown import shown
from align.split import segment
from align.text.encoder import Encoder, load_encoder

_SCORE_DIGITS = 9


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
    #: The sentence encoder's spec, where its vectors are cached on disk (shared by the
    #: workers, kept for a resumed build), and the threads one worker encodes on.
    encoder: str = "none"
    vector_cache: str | None = None
    threads: int = 1
    #: The Korean analyser that confirms glossary terms (:mod:`align.text.morph`).
    morph: str | None = None
    #: Dictionary word pairs (anchors), read once by the coordinating process: a tuple
    #: pickles cheaply to every worker, as the glossary does.
    dictionary: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class BatchResult:
    """A batch's links as Parquet bytes (written by the coordinating process), or its error,
    and whether each of its documents was aligned with the encoder's vectors (``meaning``: a
    language the encoder was not trained on uses them only where they agree with the document's
    lexical links, :func:`align.jobs.alignment.link_with_meaning`)."""

    index: int
    parquet: bytes
    links: int
    error: str | None = None
    meaning: tuple[bool, ...] = ()


def make_tasks(
    pairs: Iterable[tuple[str, str]],
    settings: CorpusSettings,
    glossary: Glossary | None,
    *,
    vector_cache: Path | None = None,
    threads: int = 1,
    dictionary: Sequence[tuple[str, str]] = (),
) -> list[BatchTask]:
    """The document pairs cut into batches of ``settings.batch_size``."""
    source_engine, target_engine = engines(settings)
    documents = [
        (shown(src), str(Path(src).resolve()), shown(tgt), str(Path(tgt).resolve()))
        for src, tgt in pairs
    ]
    size = settings.batch_size
    return [
        BatchTask(
            number,
            tuple(documents[start : start + size]),
            settings.source_lang,
            settings.target_lang,
            source_engine,
            target_engine,
            glossary,
            settings.encoder,
            str(vector_cache) if vector_cache is not None else None,
            threads,
            settings.morph,
            tuple(dictionary),
        )
        for number, start in enumerate(range(0, len(documents), size))
    ]


# --- one batch: split, align, score --------------------------------------------------------------


def _link_rows(
    src_path: str,
    tgt_path: str,
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    task: BatchTask,
    rows: dict[str, list[Any]],
    encoder: Encoder | None,
) -> bool:
    """Align one document pair as ``align sentences`` does (:func:`link_sentences`: roles,
    glossary and dictionary anchors, meaning) and append its links to ``rows``; whether the
    encoder's vectors were used."""
    t = tables
    langs = (task.source_lang, task.target_lang)
    anchors = pair_anchors(source, target, langs, task.glossary, task.morph)
    links, encode, _ = link_with_meaning(
        source, target, langs, anchors=anchors, dictionary=task.dictionary, encoder=encoder
    )
    source_concepts = anchors[0] or [frozenset[str]()] * len(source)
    target_concepts = anchors[1] or [frozenset[str]()] * len(target)
    similarities: list[float | None] = [None] * len(links)
    if encode is not None and source and target:
        similarities = filters.margin_similarities(
            encode([s.text for s in source]),
            encode([s.text for s in target]),
            [(link.source, link.target) for link in links],
        )
    for number, link in enumerate(links):
        src = [source[i] for i in link.source]
        tgt = [target[j] for j in link.target]
        values = {
            t.LINK_SOURCE: src_path,
            t.LINK_TARGET: tgt_path,
            t.LINK_INDEX: number,
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
            t.LINK_SOURCE_CONCEPTS: sorted(set().union(*(source_concepts[i] for i in link.source))),
            t.LINK_TARGET_CONCEPTS: sorted(set().union(*(target_concepts[j] for j in link.target))),
            t.LINK_SIMILARITY: similarities[number],
        }
        for name, value in values.items():
            rows[name].append(value)
    return encode is not None


def align_batch(task: BatchTask) -> BatchResult:
    """Read, split and align every document pair of ``task``; the links as Parquet bytes.

    Runs in a worker process (local pool or Dask worker): a user error comes back as text.
    """
    rows: dict[str, list[Any]] = {name: [] for name in tables.LINK_SCHEMA.names()}
    encoder = _batch_encoder(task)
    meaning = []
    try:
        for src_shown, src_read, tgt_shown, tgt_read in task.documents:
            source, target = (
                segment.split_article(readers.read_article(readable), lang, engine=engine)
                for readable, lang, engine in (
                    (src_read, task.source_lang, task.source_engine),
                    (tgt_read, task.target_lang, task.target_engine),
                )
            )
            meaning.append(_link_rows(src_shown, tgt_shown, source, target, task, rows, encoder))
    except AlignError as error:
        return BatchResult(task.index, b"", 0, str(error))
    finally:
        if encoder is not None:
            encoder.flush()
    data, count = tables.link_parquet(rows)
    return BatchResult(task.index, data, count, meaning=tuple(meaning))


_ENCODERS: dict[tuple[str, str | None, int], Encoder | None] = {}


def _batch_encoder(task: BatchTask) -> Encoder | None:
    """The task's encoder, loaded once per worker process (its model and memory cache serve
    every batch the worker runs)."""
    key = (task.encoder, task.vector_cache, task.threads)
    if key not in _ENCODERS:
        cache = Path(task.vector_cache) if task.vector_cache else None
        _ENCODERS[key] = load_encoder(task.encoder, cache_dir=cache, threads=task.threads)
    return _ENCODERS[key]


# --- execution: in process, local pool, Dask ------------------------------------------------------


def runs_here(tasks: Sequence[BatchTask], workers: int, scheduler: str | None) -> bool:
    """Whether :func:`align_step` aligns ``tasks`` in this process (one worker or one batch,
    no scheduler), so that what it needs (the encoder's model) is worth keeping loaded."""
    return scheduler is None and (workers <= 1 or len(tasks) <= 1)


PARENT_CHECK_SECONDS = 1.0
"""How often a worker checks that the build that started it is still running."""


def _end_with_build(build: int) -> None:
    """Worker initializer: end this worker once the build process ``build`` is gone.

    A build killed outright (SIGKILL, the OOM killer, a batch scheduler's time limit) cannot
    shut its pool down, and a pool worker never notices on its own: each holds both ends of
    the pool's queues, so it waits for the next task for ever, keeping its memory (the
    encoder's model included). An orphan is adopted by another process, so a changed parent
    id means the build has ended (POSIX ``getppid``).
    """

    def watch() -> None:
        while os.getppid() == build:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)  # nothing to hand back to: the results' reader is gone

    threading.Thread(target=watch, name="align-build-watch", daemon=True).start()


def _run_local(tasks: Sequence[BatchTask], workers: int) -> Generator[BatchResult, None, None]:
    if runs_here(tasks, workers, None):
        for task in tasks:
            yield align_batch(task)
        return
    try:
        yield from _run_pool(tasks, workers)
    except concurrent.futures.BrokenExecutor as error:
        # A worker killed from outside (the OOM killer first of all, at scale) is no bug of
        # align's: say what happened and that the batches written so far are kept.
        raise AlignError(
            "a worker process ended abruptly (killed, or out of memory?); the batches "
            "finished so far are kept",
            hint="run the same command again to resume, with fewer --workers if memory is short",
        ) from error


def _run_pool(tasks: Sequence[BatchTask], workers: int) -> Generator[BatchResult, None, None]:
    """``tasks`` on a pool of ``workers`` processes, results in the order they finish.

    Interrupted (Ctrl-C, or closed by its reader on an error), the pool stops at once: the
    tasks not started are cancelled and the workers terminated, where leaving the pool would
    wait for every batch in flight (two per worker, ~15 s) only to throw their links away.
    On Ctrl-C the batches that had finished are still handed over, so they are kept; a batch
    cut short leaves nothing (its links are written by this process, its vectors atomically)."""
    # "spawn": a forked child of a process that has loaded polars may deadlock.
    context = multiprocessing.get_context("spawn")
    inflight: set[concurrent.futures.Future[BatchResult]] = set()
    queue = iter(tasks)
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=context,
        initializer=_end_with_build,
        initargs=(os.getpid(),),
    ) as pool:
        try:
            # At most two tasks per worker in flight: results are held only until written.
            for task in _take(queue, 2 * workers):
                inflight.add(pool.submit(align_batch, task))
            while inflight:
                done, _ = concurrent.futures.wait(
                    inflight, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in done:
                    inflight.discard(future)
                    yield future.result()
                    task_next = next(queue, None)
                    if task_next is not None:
                        inflight.add(pool.submit(align_batch, task_next))
        except BaseException as error:
            _stop_pool(pool)
            if isinstance(error, KeyboardInterrupt):
                yield from _finished(inflight)
            raise


def _stop_pool(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Cancel ``pool``'s tasks not started and terminate its workers (SIGTERM), so that
    leaving it does not wait for the batches they are running."""
    # Python 3.14 has terminate_workers(); before it, the pool's processes are its private
    # ``_processes``, taken before shutdown() drops them.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


def _finished(
    futures: Iterable[concurrent.futures.Future[BatchResult]],
) -> Iterator[BatchResult]:
    """The results of ``futures`` that had finished without an error (a worker interrupted
    by the same Ctrl-C, or terminated, finished with one)."""
    for future in futures:
        if future.done() and not future.cancelled() and future.exception() is None:
            yield future.result()


SCHEDULER_TIMEOUT = 30.0
"""Seconds a Dask scheduler has to answer (``--scheduler-timeout``): connection and handshake."""
MAX_SCHEDULER_TIMEOUT = 86400.0
"""A day: a scheduler silent that long will not answer, and a socket cannot wait for ever
(``inf`` or ``1e308`` seconds overflow the system's clock)."""

_UNREACHABLE_HINT = "check --scheduler tcp://host:port and that it is running"


def _silent(address: str, timeout: float) -> ConfigError:
    return ConfigError(
        f"the Dask scheduler at {address} accepted the connection but did not answer within "
        f"{timeout:g} s",
        hint="check that the address is a Dask scheduler's, or raise --scheduler-timeout",
    )


def _connect_client(address: str, timeout: float) -> Any:
    """A Dask client of ``address``, connected within ``timeout`` seconds or an error.

    distributed's own ``timeout`` bounds the TCP connection but not every read of the
    handshake: a listener that accepts and never replies holds ``Client()`` forever
    (distributed 2025.x). So the client is made in a daemon thread that is abandoned when it
    does not finish in time.
    """
    from distributed import Client

    made: list[Any] = []
    failed: list[BaseException] = []

    def connect() -> None:
        try:
            client = Client(address, timeout=timeout)  # type: ignore[no-untyped-call]
            made.append(client)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            failed.append(error)

    thread = threading.Thread(target=connect, name="align-dask-connect", daemon=True)
    thread.start()
    thread.join(timeout + 1.0)
    if thread.is_alive():
        raise _silent(address, timeout)
    if failed:
        error = failed[0]
        if isinstance(error, Exception):  # refused, reset, or not Dask's protocol after all
            raise ConfigError(
                f"cannot reach the Dask scheduler at {address}: {error}", hint=_UNREACHABLE_HINT
            ) from error
        raise error
    return made[0]


def _run_dask(
    tasks: Sequence[BatchTask], address: str, timeout: float = SCHEDULER_TIMEOUT
) -> Generator[BatchResult, None, None]:
    try:
        from distributed import as_completed
    except ImportError as error:
        raise ConfigError(
            "--scheduler needs Dask distributed", hint="install it: pip install 'align[dask]'"
        ) from error
    client = _connect_client(address, timeout)
    with client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        queue = iter(tasks)
        futures = [
            client.submit(align_batch, task, pure=False) for task in _take(queue, 2 * workers)
        ]
        running = as_completed(futures)  # type: ignore[no-untyped-call]
        for future in running:
            result: BatchResult = future.result()
            future.release()
            yield result
            task_next = next(queue, None)
            if task_next is not None:
                running.add(  # type: ignore[no-untyped-call]
                    client.submit(align_batch, task_next, pure=False)
                )


def check_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Fail fast, before any work, when ``address`` is not a reachable ``tcp://host:port``
    whose listener speaks first as a Dask scheduler does (it sends its handshake as soon as it
    accepts), all within ``timeout`` seconds."""
    if not 0 < timeout <= MAX_SCHEDULER_TIMEOUT:
        raise ConfigError(
            f"--scheduler-timeout must be above 0 seconds, not {timeout:g}"
            if not timeout > 0
            else f"--scheduler-timeout must be at most {MAX_SCHEDULER_TIMEOUT:g} seconds (a day), "
            f"not {timeout:g}"
        )
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:  # an unclosed IPv6 bracket, a port out of range
        parts, port = urlsplit(""), None
    if parts.scheme != "tcp" or not parts.hostname or port is None:
        raise ConfigError(
            f"--scheduler {address!r} is not an address",
            hint="give the Dask scheduler as tcp://host:port",
        )
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout) as probe:
            header = _receive(probe, _LENGTH.size, deadline)
            (length,) = _LENGTH.unpack(header) if len(header) == _LENGTH.size else (0,)
            if 0 < length <= _MAX_GREETING:
                greeting = _receive(probe, length, deadline)
    except TimeoutError as error:
        raise _silent(address, timeout) from error
    except OSError as error:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {address}: {error}", hint=_UNREACHABLE_HINT
        ) from error
    if not 0 < length <= _MAX_GREETING or len(greeting) < length:
        raise ConfigError(
            f"{address} answered, but not with a Dask scheduler's handshake",
            hint=_UNREACHABLE_HINT,
        )


# A Dask scheduler speaks first: its handshake is one message, an 8-byte length (native byte
# order, as distributed's TCP comm writes it) and that many bytes, a few hundred in practice.
_LENGTH = struct.Struct("Q")
_MAX_GREETING = 1 << 20


def _receive(probe: socket.socket, count: int, deadline: float) -> bytes:
    """Up to ``count`` bytes from ``probe`` (fewer when it closes), by ``deadline``."""
    received = bytearray()
    while len(received) < count:
        probe.settimeout(max(0.001, deadline - time.monotonic()))
        chunk = probe.recv(min(count - len(received), 65536))
        if not chunk:
            break
        received += chunk
    return bytes(received)


def _take(queue: Iterator[BatchTask], count: int) -> list[BatchTask]:
    taken = []
    for task in queue:
        taken.append(task)
        if len(taken) >= count:
            break
    return taken


def part_path(work: Path, index: int) -> Path:
    """Where batch ``index`` keeps its links until the merge."""
    return work / "parts" / f"links-{index:06d}.parquet"


def meaning_path(work: Path, index: int) -> Path:
    """Where batch ``index`` keeps whether each of its documents was aligned with meaning
    (written before its part: a batch with a part has it, unless an older version aligned it)."""
    return work / "parts" / f"meaning-{index:06d}.json"


def read_meaning(tasks: Sequence[BatchTask], work: Path) -> dict[tuple[str, str], bool]:
    """Whether each document pair (shown source path, shown target path) of ``tasks`` was
    aligned with the encoder's vectors; a batch an older version aligned has no record, and
    its pairs are left out."""
    used = {}
    for task in tasks:
        path = meaning_path(work, task.index)
        if not path.is_file():
            continue
        flags = json.loads(path.read_text(encoding="utf-8"))
        for (src, _, tgt, _), flag in zip(task.documents, flags, strict=True):
            used[src, tgt] = bool(flag)
    return used


def pending(tasks: Sequence[BatchTask], work: Path) -> list[BatchTask]:
    """The tasks whose batch has no part in ``work`` yet (a resumed build skips the rest)."""
    return [task for task in tasks if not part_path(work, task.index).is_file()]


def align_step(
    tasks: Sequence[BatchTask],
    work: Path,
    workers: int,
    scheduler: str | None,
    progress: Progress,
    scheduler_timeout: float = SCHEDULER_TIMEOUT,
) -> int:
    """Align every batch not yet done; returns how many were done before."""
    todo = pending(tasks, work)
    done_before = len(tasks) - len(todo)
    total_documents = sum(len(task.documents) for task in tasks)
    results = (
        _run_dask(todo, scheduler, scheduler_timeout) if scheduler else _run_local(todo, workers)
    )
    sizes = {task.index: len(task.documents) for task in todo}
    # Closed on the way out, whatever ends the loop: the workers stop now, not when the
    # generator is collected (at exit, after the batches in flight, for a Ctrl-C).
    with contextlib.closing(results), progress("align", total_documents) as bar:
        bar.update(total_documents - sum(sizes.values()))
        for result in results:
            if result.error is not None:
                raise InputError(result.error)
            fsio.write_text(
                meaning_path(work, result.index), json.dumps(list(result.meaning)), overwrite=True
            )
            fsio.write_bytes(part_path(work, result.index), result.parquet, overwrite=True)
            bar.update(sizes[result.index])
    return done_before
