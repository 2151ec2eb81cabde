"""What a corpus build will make, and what OUT_DIR already holds: settings, the plan recorded for
resumes, the signature, and the decision to start fresh, resume or do nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from align import __version__, fsio
from align.errors import ConfigError, ExportError, InputError
from align.export import filters, formats
from align.jobs.documents import check_languages, document_files
from align.shown import shown
from align.split import segment
from align.text.encoder import DEFAULT_ENCODER, model_sha256, parse_encoder
from align.text.morph import DEFAULT_MORPH, analyser

WORK = ".align-work"
"""The folder of OUT_DIR where unfinished steps keep their results."""
MANIFEST = "manifest.json"
DOCUMENTS = "documents.parquet"
LINKS = "links.parquet"
DEFAULT_ENGINE = "rules"
"""The splitter engine of a corpus where ``--engine`` and ``[tool.align] engine`` name none: the
fast rule engine, for bulk news (issue 19), where its cuts equal the mecab engine's."""
DEFAULT_BATCH = 8
"""Document pairs per task: small enough to spread over workers, large enough to amortise."""


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    """What decides the content of a corpus (recorded in the manifest; a rerun must match)."""

    source_lang: str = "ko"
    target_lang: str = "en"
    engine: str = DEFAULT_ENGINE
    glossary: str | None = None
    #: A ``--dictionary`` file of word pairs, anchors as in ``align sentences``.
    dictionary: str | None = None
    min_score: float = 0.5
    #: The lowest margin similarity of meanings exported (0: no such filter).
    min_similarity: float = 0.0
    formats: tuple[str, ...] = formats.CORPUS_FORMATS
    batch_size: int = DEFAULT_BATCH
    #: The sentence encoder (``use-m3``, ``none`` or ``st:PATH``; :mod:`align.text.encoder`).
    encoder: str = DEFAULT_ENCODER
    #: The Korean analyser that confirms glossary terms, the anchors (:mod:`align.text.morph`).
    morph: str = DEFAULT_MORPH


def engines(settings: CorpusSettings) -> tuple[str, str]:
    """The splitter engine for each side: the chosen one where the language has it."""
    chosen = []
    for lang in (settings.source_lang, settings.target_lang):
        available = segment.engines_for(lang)
        chosen.append(settings.engine if settings.engine in available else available[0])
    if settings.engine != DEFAULT_ENGINE and settings.engine not in segment.engines_for(
        settings.source_lang
    ) + segment.engines_for(settings.target_lang):
        raise ConfigError(
            f"unknown splitter engine {settings.engine!r}",
            hint="choose one of: "
            + ", ".join(
                sorted(
                    set(segment.engines_for(settings.source_lang))
                    | set(segment.engines_for(settings.target_lang))
                )
            ),
        )
    return chosen[0], chosen[1]


def check_settings(settings: CorpusSettings) -> CorpusSettings:
    """``settings`` with their language codes canonical (``kor`` → ``ko``); settings that
    cannot work are rejected, with the option to change."""
    source_lang, target_lang = check_languages(settings.source_lang, settings.target_lang)
    settings = replace(
        settings,
        source_lang=source_lang,
        target_lang=target_lang,
        morph=analyser(settings.morph).name,
    )
    unknown = [f for f in settings.formats if f not in formats.CORPUS_FORMATS]
    if unknown or not settings.formats:
        raise ConfigError(
            f"unknown format {', '.join(unknown) or '(none)'}",
            hint="--format takes a comma-separated list of " + ",".join(formats.CORPUS_FORMATS),
        )
    if settings.batch_size < 1:
        raise ConfigError("batch size must be at least 1")
    filters.check_settings(filter_settings(settings))
    engines(settings)
    if parse_encoder(settings.encoder).kind == "none" and settings.min_similarity > 0:
        # Without vectors no link has a margin, so the filter would keep every link while
        # the signature claims it was applied.
        raise ConfigError(
            f"--min-similarity {settings.min_similarity:g} needs sentence vectors, and "
            "--encoder none gives none",
            hint="drop --min-similarity, or choose an encoder (use-m3 or st:PATH)",
        )
    return settings


def filter_settings(settings: CorpusSettings, typical: float = 0.0) -> filters.FilterSettings:
    """The export filters' thresholds for a corpus with this typical length ratio."""
    return filters.FilterSettings(
        source_lang=settings.source_lang,
        target_lang=settings.target_lang,
        min_score=settings.min_score,
        min_similarity=settings.min_similarity,
        typical_log_ratio=typical,
    )


def sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def signature(
    settings: CorpusSettings,
    glossary_sha: str | None,
    dictionary_sha: str | None = None,
    encoder_sha: str | None = None,
) -> str:
    """The one-line reproducibility signature of a corpus (in the manner of sacrebleu: Post
    2018, "A Call for Clarity in Reporting BLEU Scores"); a dictionary appears only when one
    was given, and the model's fingerprint only for an ``st:PATH`` encoder (a path does not
    tell models apart), so the signatures of builds without them stay as they were."""
    dictionary = f"|dictionary:{dictionary_sha[:12]}" if dictionary_sha else ""
    model = f"|encoder-model:{encoder_sha[:12]}" if encoder_sha else ""
    source_engine, target_engine = engines(settings)
    split = source_engine if source_engine == target_engine else f"{source_engine}+{target_engine}"
    return (
        f"align|src:{settings.source_lang}|tgt:{settings.target_lang}|split:{split}"
        f"|aligner:banded-dp-posterior|encoder:{settings.encoder}{model}"
        f"|min-score:{settings.min_score:g}|min-similarity:{settings.min_similarity:g}"
        f"|glossary:{glossary_sha[:12] if glossary_sha else 'none'}{dictionary}"
        f"|version:{__version__}"
    )


@dataclass(frozen=True, slots=True)
class Plan:
    """The settings of a build with what else decides its content (the glossary's checksum,
    the input folders, the version, the given pairs): a rerun resumes only an identical plan."""

    settings: CorpusSettings
    glossary_sha256: str | None
    source_dir: str
    target_dir: str
    version: str
    given_pairs_sha256: str | None = None
    dictionary_sha256: str | None = None
    inputs_sha256: str | None = None
    #: The fingerprint of an ``st:PATH`` encoder's model folder (``None`` for the others).
    encoder_sha256: str | None = None
    #: The folder that holds OUT_DIR (resolved): input folders under it are recorded relative
    #: to it, so a manifest names no machine's home folder and a moved tree still resumes.
    base: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The plan as recorded in ``plan.json`` and under ``settings`` in the manifest."""
        settings = self.settings
        record: dict[str, Any] = {
            "source_lang": settings.source_lang,
            "target_lang": settings.target_lang,
            "engine": settings.engine,
            "glossary": None if settings.glossary is None else shown(settings.glossary),
            "min_score": settings.min_score,
            "min_similarity": settings.min_similarity,
            "formats": list(settings.formats),
            "batch_size": settings.batch_size,
            "encoder": settings.encoder,
            "morph": settings.morph,
            "glossary_sha256": self.glossary_sha256,
            "source_dir": self.recorded(self.source_dir),
            "target_dir": self.recorded(self.target_dir),
            "version": self.version,
        }
        if self.given_pairs_sha256 is not None:
            record["given_pairs_sha256"] = self.given_pairs_sha256
        if self.inputs_sha256 is not None:
            record["inputs_sha256"] = self.inputs_sha256
        # Only for st:PATH: a use-m3 build keeps the plan it had, and resumes.
        if self.encoder_sha256 is not None:
            record["encoder_sha256"] = self.encoder_sha256
        # Recorded only when given: a build without one keeps the plan it had, and resumes.
        if settings.dictionary is not None:
            record["dictionary"] = shown(settings.dictionary)
            record["dictionary_sha256"] = self.dictionary_sha256
        return record

    def recorded(self, folder: str) -> str:
        """How the plan names the input ``folder`` (resolved): relative to :attr:`base` (as
        ``corpora/ko``, POSIX) when under it, else absolute."""
        if self.base is not None and fsio.within(folder, self.base):
            return shown(Path(folder).relative_to(self.base).as_posix())
        return shown(folder)


def inputs_sha256(source_dir: str, target_dir: str) -> str:
    """One SHA-256 of the documents a build reads: each file's side, path in its folder and
    content. It names the data in a data statement, and tells a rerun that the folders
    changed since the build began (a crawler added articles, one was re-saved), when resuming
    or calling the corpus up to date would mix or leave out documents. Contents, not
    modification times, so a copied crawl is the same crawl. A file that cannot be read
    counts by its name alone (the build lists it as unreadable), a folder without documents
    as empty."""
    digest = hashlib.sha256()
    for side, folder in (("source", source_dir), ("target", target_dir)):
        root = Path(folder)
        try:
            files = document_files(folder)
        except InputError:  # missing or empty: said where the build reads it, under its lock
            files = []
        for path in files:
            try:
                content = sha256(path)
            except OSError:
                content = "unreadable"
            name = path.relative_to(root).as_posix()
            digest.update(f"{side}\t{name}\t{content}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def make_plan(
    settings: CorpusSettings,
    source_dir: str,
    target_dir: str,
    glossary_sha: str | None,
    pairs: list[tuple[str, str]] | None,
    dictionary_sha: str | None = None,
    out_dir: str | None = None,
) -> Plan:
    """The plan of a build of ``source_dir`` × ``target_dir`` (or of the given ``pairs``)
    into ``out_dir``, whose parent the input folders are recorded relative to."""
    given = None
    if pairs is not None:
        given = hashlib.sha256(
            "\n".join(f"{s}\t{t}" for s, t in pairs).encode("utf-8", "surrogateescape")
        ).hexdigest()
    return Plan(
        settings,
        glossary_sha,
        str(Path(source_dir).resolve()),
        str(Path(target_dir).resolve()),
        __version__,
        given,
        dictionary_sha,
        inputs_sha256(source_dir, target_dir) if pairs is None else None,
        model_sha256(settings.encoder),
        None if out_dir is None else str(Path(out_dir).resolve().parent),
    )


def output_names(settings: CorpusSettings) -> list[str]:
    """File names a finished build leaves in OUT_DIR (besides sentencepiece models)."""
    names = [MANIFEST]
    if "parquet" in settings.formats:
        names += [DOCUMENTS, LINKS]
    names += [
        Path(p).name
        for p in formats.corpus_paths(
            ".", settings.formats, settings.source_lang, settings.target_lang
        ).values()
    ]
    return names


def ours(out: Path, settings: CorpusSettings) -> list[Path]:
    """The files of ``out`` a build (or ``corpus spm``) wrote: those its manifest lists, and
    the outputs of these settings; never anything else (a user's ``corpus.docx`` stays)."""
    names = set(output_names(settings))
    manifest = out / MANIFEST
    if manifest.is_file():
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            recorded = {}
        if isinstance(recorded, dict):
            listed = recorded.get("outputs")
            if isinstance(listed, dict):
                names.update(name for name in listed if plain_name(name))
            subword = recorded.get("subword")
            models = subword.get("models") if isinstance(subword, dict) else None
            if isinstance(models, dict):
                for name, model in models.items():
                    if plain_name(name):
                        names.add(name)
                    vocab = model.get("vocab") if isinstance(model, dict) else None
                    if plain_name(vocab):
                        names.add(str(vocab))
    return sorted(out / name for name in names if (out / name).is_file())


def plain_name(name: object) -> bool:
    """A file name inside OUT_DIR: no folder, no parent, not hidden, no NUL (what a manifest
    may name; a name from a file is checked before a path is made of it)."""
    return (
        isinstance(name, str)
        and bool(name)
        and name == Path(name).name
        and not name.startswith(".")
        and "\\" not in name
        and "\x00" not in name
    )


def refuse_output_inside_inputs(out: Path, *inputs: str) -> None:
    """An OUT_DIR that is, or is inside, an input folder would be read back as input (and its
    files replaced by a rebuild): refuse it before any work."""
    for folder in inputs:
        if fsio.within(out, folder):
            raise ConfigError(
                "OUT_DIR is inside an input folder",
                path=str(out),
                hint=f"choose an OUT_DIR outside {folder}",
            )


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object the build wrote, or a one-line error naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        raise InputError(
            f"cannot read: {str(error)[:200]}",
            path=str(path),
            hint="pass --overwrite to rebuild the corpus",
        ) from error
    if not isinstance(data, dict):
        raise InputError("not a manifest", path=str(path), hint="pass --overwrite to rebuild")
    return data


State = Literal["done", "resume", "fresh"]

INPUTS_KEY = "inputs_sha256"


def prepare(out: Path, plan: Plan, overwrite: bool) -> State:
    """Decide what to do with ``out``: ``done``, ``resume`` or ``fresh`` (cleaning it first
    when ``overwrite``); refuse to touch a different or foreign build without it."""
    work = out / WORK
    # Temporary files of writes a killed build left behind: never outputs, always removable.
    for stale in out.glob(".*.tmp"):
        if any(
            stale.name.startswith(f".{path.name}.") for path in ours(out, plan.settings)
        ) or stale.name.startswith(
            (".corpus.", f".{MANIFEST}.", f".{LINKS}.", f".{DOCUMENTS}.", ".spm")
        ):
            stale.unlink()
    if overwrite:
        for path in ours(out, plan.settings):
            path.unlink()
        shutil.rmtree(work, ignore_errors=True)
        return "fresh"
    wanted = plan.to_json()
    recorded: tuple[tuple[Path, State], ...] = (
        (out / MANIFEST, "done"),
        (work / "plan.json", "resume"),
    )
    for path, state in recorded:
        if path.is_file():
            found = read_json(path)
            found_plan = found.get("settings", found) if state == "done" else found
            if not isinstance(found_plan, dict):
                raise InputError(
                    "not a manifest", path=str(path), hint="pass --overwrite to rebuild"
                )
            if INPUTS_KEY in wanted and INPUTS_KEY not in found_plan:
                # Recorded before the inputs were: unknown, not a change.
                found_plan = {**found_plan, INPUTS_KEY: wanted[INPUTS_KEY]}
            for key, folder in (("source_dir", plan.source_dir), ("target_dir", plan.target_dir)):
                if found_plan.get(key) == shown(folder):
                    # Recorded absolute, before input folders were relative: the same folder.
                    found_plan = {**found_plan, key: wanted[key]}
            if found_plan != wanted:
                changed = sorted(k for k in wanted if found_plan.get(k) != wanted[k])
                if changed == [INPUTS_KEY]:
                    raise ConfigError(
                        "the input folders changed since this corpus was "
                        + ("built" if state == "done" else "begun")
                        + " (documents added, removed or edited)",
                        path=str(out),
                        hint="pass --overwrite to rebuild it from the folders as they are, "
                        "or choose another OUT_DIR",
                    )
                raise ConfigError(
                    f"holds a corpus built with other settings ({', '.join(changed)})",
                    path=str(out),
                    hint="pass --overwrite to rebuild it, or choose another OUT_DIR",
                )
            return state
    existing = ours(out, plan.settings)
    if existing:
        raise ExportError(
            "output exists",
            path=str(existing[0]),
            hint="pass --overwrite to replace it, or choose another OUT_DIR",
        )
    return "fresh"
