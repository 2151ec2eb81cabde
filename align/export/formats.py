"""Writers (and readers, for round trips) of the ``align sentences`` output formats.

Formats are a small registry, :data:`FORMATS`: ``links`` (``[i,j]:[k]:0.873``), ``tsv``,
``jsonl`` (texts and code-point spans), ``tmx`` (TMX 1.4b, LISA/GALA; built with lxml so text is
escaped; each ``tu`` carries its score as ``<prop type="x-score">`` and its sentence indices as
``x-source``/``x-target``), ``xliff`` (XLIFF 2.1 with the Metadata module) and ``xliff12``
(XLIFF 1.2) for review in a CAT tool, and ``moses`` (two line-aligned files
``OUT.<src>``/``OUT.<tgt>``). Every file is written atomically through :mod:`align.fsio`; an
existing output needs ``overwrite``. Thresholds belong here: ``min_score`` drops links from
``tsv``, ``tmx`` and ``moses`` (``links``, ``jsonl`` and the XLIFF files always hold the whole
partition, so a reviewer sees every sentence, omissions included).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from align import __version__, fsio, xmlio
from align.errors import ExportError, InputError
from align.models import Link, Sentence
from align.shown import shown
from align.text.normalize import split_lines

_XML_LANG = xmlio.XML_LANG
_LINK = re.compile(r"^\[([0-9, ]*)\]:\[([0-9, ]*)\](?::([0-9.eE+-]+))?$")


@dataclass(frozen=True, slots=True)
class AlignedSide:
    """One side of an aligned pair: its file, language, text as read and sentences."""

    path: str
    lang: str
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """The result of ``align sentences``: both sides and the links between them."""

    source: AlignedSide
    target: AlignedSide
    links: tuple[Link, ...]
    #: What the user should know about how the pair was aligned (an encoder that does not know
    #: a language, so the lexical model aligned it alone).
    notes: tuple[str, ...] = ()


def _indices(values: Sequence[int]) -> str:
    return "[" + ",".join(str(v) for v in values) + "]"


def _texts(side: AlignedSide, indices: Sequence[int]) -> str:
    return " ".join(side.sentences[i].text for i in indices)


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def render_links(pair: AlignedPair, min_score: float = 0.0) -> str:
    """``[i,j]:[k]:0.873`` per link, every link (the partition is never cut)."""
    return "".join(
        f"{_indices(link.source)}:{_indices(link.target)}:{link.score:.3f}\n" for link in pair.links
    )


def render_tsv(pair: AlignedPair, min_score: float = 0.0) -> str:
    """``source text<TAB>target text<TAB>score`` for links with both sides and a high score."""
    lines = []
    for link in pair.links:
        if link.source and link.target and link.score >= min_score:
            lines.append(
                f"{_one_line(_texts(pair.source, link.source))}\t"
                f"{_one_line(_texts(pair.target, link.target))}\t{link.score:.3f}\n"
            )
    return "".join(lines)


def render_jsonl(pair: AlignedPair, min_score: float = 0.0) -> str:
    """One JSON object per link with texts and code-point spans into each input file."""
    lines = []
    for link in pair.links:
        record = {
            "src": list(link.source),
            "tgt": list(link.target),
            "score": round(link.score, 6),
            "src_text": _texts(pair.source, link.source),
            "tgt_text": _texts(pair.target, link.target),
            "src_spans": [
                [pair.source.sentences[i].start, pair.source.sentences[i].end] for i in link.source
            ],
            "tgt_spans": [
                [pair.target.sentences[j].start, pair.target.sentences[j].end] for j in link.target
            ],
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


# --- TMX 1.4b (LISA/GALA) ------------------------------------------------------------------------


def _tmx_header(source_lang: str) -> dict[str, str]:
    return {
        "creationtool": "align",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": source_lang,
        "o-tmf": "align",
    }


def tmx_unit(
    tuid: str, props: Sequence[tuple[str, str]], variants: Sequence[tuple[str, str]]
) -> xmlio.Element:
    """One ``tu`` named ``tuid`` (so a QA finding on it, or a CAT tool's match, names the link
    rather than a position): its ``prop`` elements (type, value), then one ``tuv`` per
    (language, text).

    Characters XML cannot hold become U+FFFD (the only lossy step, and only for control
    characters no sentence should contain)."""
    unit = xmlio.element("tu", {"tuid": tuid})
    for kind, value in props:
        xmlio.sub(unit, "prop", {"type": kind}, text=xmlio.xml_text(value))
    for lang, text in variants:
        variant = xmlio.sub(unit, "tuv", {_XML_LANG: lang})
        xmlio.sub(variant, "seg", text=xmlio.xml_text(text))
    return unit


def render_tmx(pair: AlignedPair, min_score: float = 0.0) -> str:
    """TMX 1.4b: one ``tu`` per link with both sides and a score of at least ``min_score``,
    its ``tuid`` the link's number among all links, as the XLIFF writers number their units."""
    root = xmlio.element("tmx", {"version": "1.4"})
    xmlio.sub(root, "header", _tmx_header(pair.source.lang))
    body = xmlio.sub(root, "body")
    for number, link in enumerate(pair.links, start=1):
        if not (link.source and link.target) or link.score < min_score:
            continue
        body.append(
            tmx_unit(
                str(number),
                (
                    ("x-score", f"{link.score:.6f}"),
                    ("x-source", ",".join(map(str, link.source))),
                    ("x-target", ",".join(map(str, link.target))),
                ),
                (
                    (pair.source.lang, _texts(pair.source, link.source)),
                    (pair.target.lang, _texts(pair.target, link.target)),
                ),
            )
        )
    return xmlio.to_bytes(root).decode("utf-8")


# --- XLIFF 2.1 and 1.2 (OASIS) -------------------------------------------------------------------

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
"""XLIFF 2.1 keeps the 2.0 namespace (XLIFF Version 2.1, OASIS Standard, 13 February 2018)."""
XLIFF2_MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_OMISSION = "no target sentence is aligned to this source text (omitted in the translation?)"
_ADDITION = "no source sentence is aligned to this target text (added in the translation?)"


def _gap_note(link: Link) -> str:
    """What a translator should know about a 1-0 or 0-1 link; empty for the others."""
    if not link.target:
        return _OMISSION
    if not link.source:
        return _ADDITION
    return ""


def render_xliff(pair: AlignedPair, min_score: float = 0.0) -> str:
    """XLIFF 2.1 with the Metadata module: one ``unit`` per link of the partition.

    A unit holds one ``segment`` whose source and target are the link's sentences joined by a
    space (a link is the smallest unit the alignment vouches for; the sentences of a 2-1 link
    are not translations of each other one by one). Its ``mda:metadata`` records the score and
    the 0-based sentence indices of each side. Every link is written, whatever its score, so a
    reviewer sees omissions: a 1-0 link has no ``target`` (state ``initial``), a 0-1 link an
    empty ``source``, and both carry a ``note`` saying so.
    """
    x, mda = f"{{{XLIFF2_NS}}}", f"{{{XLIFF2_MDA_NS}}}"
    root = xmlio.element(
        x + "xliff",
        {"version": "2.1", "srcLang": pair.source.lang, "trgLang": pair.target.lang},
        nsmap={None: XLIFF2_NS, "mda": XLIFF2_MDA_NS},
    )
    document = xmlio.sub(
        root,
        x + "file",
        {"id": "f1", "original": _file_name(pair.source.path), _XML_SPACE: "preserve"},
    )
    for number, link in enumerate(pair.links, start=1):
        unit = xmlio.sub(document, x + "unit", {"id": f"u{number}"})
        metadata = xmlio.sub(unit, mda + "metadata")
        group = xmlio.sub(metadata, mda + "metaGroup", {"category": "align"})
        for kind, value in _link_metadata(link):
            xmlio.sub(group, mda + "meta", {"type": kind}, text=value)
        gap = _gap_note(link)
        if gap:
            notes = xmlio.sub(unit, x + "notes")
            xmlio.sub(notes, x + "note", {"category": "align"}, text=gap)
        segment = xmlio.sub(
            unit, x + "segment", {"state": "translated" if link.target else "initial"}
        )
        xmlio.sub(segment, x + "source", text=xmlio.xml_text(_texts(pair.source, link.source)))
        if link.target:
            xmlio.sub(segment, x + "target", text=xmlio.xml_text(_texts(pair.target, link.target)))
    return xmlio.to_bytes(root).decode("utf-8")


def render_xliff12(pair: AlignedPair, min_score: float = 0.0) -> str:
    """XLIFF 1.2: one ``trans-unit`` per link of the partition, ``approved="no"``.

    The score and sentence indices go in a ``note from="align"`` (``score=0.873000 source=0,1
    target=2``), the form XLIFF 1.2 tools show and keep; 1-0 and 0-1 links are written as for
    XLIFF 2.1 (no ``target``, or an empty ``source``) with a second note saying so.
    """
    x = f"{{{XLIFF12_NS}}}"
    root = xmlio.element(x + "xliff", {"version": "1.2"}, nsmap={None: XLIFF12_NS})
    document = xmlio.sub(
        root,
        x + "file",
        {
            "original": _file_name(pair.source.path),
            "source-language": pair.source.lang,
            "target-language": pair.target.lang,
            "datatype": "plaintext",
        },
    )
    header = xmlio.sub(document, x + "header")
    xmlio.sub(
        header,
        x + "tool",
        {"tool-id": "align", "tool-name": "align", "tool-version": __version__},
    )
    body = xmlio.sub(document, x + "body")
    for number, link in enumerate(pair.links, start=1):
        unit = xmlio.sub(
            body,
            x + "trans-unit",
            {"id": str(number), "approved": "no", _XML_SPACE: "preserve"},
        )
        xmlio.sub(unit, x + "source", text=xmlio.xml_text(_texts(pair.source, link.source)))
        if link.target:
            xmlio.sub(
                unit,
                x + "target",
                {"state": "needs-review-translation"},
                text=xmlio.xml_text(_texts(pair.target, link.target)),
            )
        summary = " ".join(f"{kind}={value}" for kind, value in _link_metadata(link))
        xmlio.sub(unit, x + "note", {"from": "align"}, text=summary)
        gap = _gap_note(link)
        if gap:
            xmlio.sub(unit, x + "note", {"from": "align"}, text=gap)
    return xmlio.to_bytes(root).decode("utf-8")


def _link_metadata(link: Link) -> tuple[tuple[str, str], ...]:
    return (
        ("score", f"{link.score:.6f}"),
        ("source", ",".join(map(str, link.source))),
        ("target", ",".join(map(str, link.target))),
    )


def _file_name(path: str) -> str:
    return shown(Path(path).name or path)


def render_moses(pair: AlignedPair, min_score: float = 0.0) -> tuple[str, str]:
    """Two line-aligned texts (source, target) of the links with both sides."""
    source, target = [], []
    for link in pair.links:
        if link.source and link.target and link.score >= min_score:
            source.append(_one_line(_texts(pair.source, link.source)) + "\n")
            target.append(_one_line(_texts(pair.target, link.target)) + "\n")
    return "".join(source), "".join(target)


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: how to render it, whether it is one stream or two files, and the
    file extensions that name it (an output so named is written in it)."""

    render: Callable[[AlignedPair, float], str] | None
    render_pair: Callable[[AlignedPair, float], tuple[str, str]] | None = None
    suffixes: tuple[str, ...] = ()


FORMATS: dict[str, Format] = {
    "links": Format(render_links, suffixes=(".links",)),
    "tsv": Format(render_tsv, suffixes=(".tsv",)),
    "jsonl": Format(render_jsonl, suffixes=(".jsonl",)),
    "tmx": Format(render_tmx, suffixes=(".tmx",)),
    "xliff": Format(render_xliff, suffixes=(".xlf", ".xliff")),
    "xliff12": Format(render_xliff12),  # also .xlf, which names XLIFF 2.1 when none is given
    "moses": Format(None, render_moses),  # OUT is a stem: OUT.<lang>
}
#: The format given when neither ``--format`` nor the output's extension names one.
DEFAULT_FORMAT = "links"


def output_format(fmt: str | None, output: str | None) -> str:
    """The format to write: ``fmt`` when given, else the one ``output``'s extension names
    (``seed.tmx``: tmx), else :data:`DEFAULT_FORMAT`. A given format whose files another
    format's extension names (``--format links -o seed.tmx``) is refused: the file would not be
    what its name says, and a CAT tool or a TMX reader would reject it later."""
    suffix = Path(output).suffix.lower() if output is not None else ""
    named = next((name for name, spec in FORMATS.items() if suffix in spec.suffixes), None)
    if fmt is None:
        return named or DEFAULT_FORMAT
    clash = named is not None and named != fmt and FORMATS[fmt].render is not None
    if clash and not (fmt == "xliff12" and named == "xliff"):
        raise ExportError(
            f"--format {fmt}, but -o names a {suffix} file, which format {named} writes",
            path=output,
            hint=f"give --format {named}, or another -o name",
        )
    return fmt


def render(fmt: str, pair: AlignedPair, *, min_score: float = 0.0) -> str:
    """The output of a one-stream format as text (what goes to stdout without ``-o``)."""
    spec = FORMATS[fmt]
    if spec.render is None:
        raise ExportError(f"format {fmt} writes two files", hint="give -o OUT (writes OUT.<lang>)")
    return spec.render(pair, min_score)


def write(
    fmt: str, pair: AlignedPair, output: str, *, overwrite: bool = False, min_score: float = 0.0
) -> list[str]:
    """Write ``pair`` as ``fmt`` to ``output`` (``moses``: ``output.<src>``/``output.<tgt>``)."""
    spec = FORMATS[fmt]
    if spec.render_pair is not None:
        source_text, target_text = spec.render_pair(pair, min_score)
        paths = [f"{output}.{pair.source.lang}", f"{output}.{pair.target.lang}"]
        if paths[0] == paths[1]:
            paths = [f"{output}.src", f"{output}.tgt"]
        for path in paths:
            fsio.check_writable(path, overwrite=overwrite)
        fsio.write_text(paths[0], source_text, overwrite=overwrite)
        fsio.write_text(paths[1], target_text, overwrite=overwrite)
        return paths
    fsio.write_text(output, render(fmt, pair, min_score=min_score), overwrite=overwrite)
    return [output]


# --- readers (round trips, and reuse of earlier runs) --------------------------------------------


def parse_links(text: str, path: str = "<links>") -> list[Link]:
    """Read the ``links`` format back; a malformed line is an ``InputError`` with its line."""
    links = []
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        match = _LINK.match(line.strip())
        if match is None:
            raise InputError(
                "not a link line", path=path, line=number, hint="expected [i,j]:[k]:score"
            )
        try:
            source, target = (
                tuple(int(v) for v in group.split(",") if v.strip()) for group in match.group(1, 2)
            )
            links.append(Link(source, target, float(match.group(3) or 1.0)))
        except ValueError as error:
            raise InputError(
                f"bad index or score: {error}",
                path=path,
                line=number,
                hint="expected [i,j]:[k]:score",
            ) from error
    return links


@dataclass(frozen=True, slots=True)
class JsonLink:
    """One ``jsonl`` record read back."""

    link: Link
    source_text: str
    target_text: str
    source_spans: tuple[tuple[int, int], ...]
    target_spans: tuple[tuple[int, int], ...]


def parse_jsonl(text: str, path: str = "<jsonl>") -> list[JsonLink]:
    """Read the ``jsonl`` format back."""
    records = []
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            records.append(
                JsonLink(
                    Link(tuple(data["src"]), tuple(data["tgt"]), float(data["score"])),
                    data["src_text"],
                    data["tgt_text"],
                    tuple((int(s), int(e)) for s, e in data["src_spans"]),
                    tuple((int(s), int(e)) for s, e in data["tgt_spans"]),
                )
            )
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as error:
            raise InputError(
                f"bad alignment record: {error}",
                path=path,
                line=number,
                hint="expected one JSON object per line as align writes",
            ) from error
    return records


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One TMX translation unit read back: texts per language, score and indices."""

    link: Link
    texts: dict[str, str]


def parse_tmx(data: bytes, path: str = "<tmx>") -> list[TmxUnit]:
    """Read TMX (any 1.4 file; indices/score from our ``x-`` props when present)."""
    root = xmlio.parse_xml(data, path)
    if root.tag != "tmx":
        raise InputError(
            f"root element is <{root.tag}>, not <tmx>",
            path=path,
            line=root.sourceline,
            hint="give a TMX file",
        )
    units = []
    for unit in root.iter("tu"):
        props = {p.get("type"): (p.text or "") for p in unit.findall("prop")}
        texts = {}
        for variant in unit.findall("tuv"):
            seg = variant.find("seg")
            lang = variant.get(_XML_LANG) or variant.get("lang") or ""
            texts[lang] = "" if seg is None else "".join(seg.itertext())
        try:
            source = tuple(int(v) for v in props.get("x-source", "").split(",") if v)
            target = tuple(int(v) for v in props.get("x-target", "").split(",") if v)
            score = float(props["x-score"]) if props.get("x-score") else 1.0
        except ValueError as error:
            raise InputError(
                f"bad x-source, x-target or x-score property: {error}",
                path=path,
                line=unit.sourceline,
                hint="give comma-separated indices and a number, as align writes them",
            ) from error
        units.append(TmxUnit(Link(source, target, score), texts))
    return units


# --- corpus (``align corpus build``) -------------------------------------------------------------

CORPUS_FORMATS = ("parquet", "tmx", "moses", "jsonl")
"""Formats ``align corpus build --format`` accepts (``parquet`` is the tables themselves)."""


@dataclass(frozen=True, slots=True)
class CorpusUnit:
    """One kept link of a corpus: both texts, its score, its document id and link index."""

    source: str
    target: str
    score: float
    doc: str
    link: int


def corpus_paths(
    folder: str, formats: Sequence[str], source_lang: str, target_lang: str
) -> dict[str, str]:
    """The files :class:`CorpusWriter` writes into ``folder``, by role: ``tmx``, ``source``
    and ``target`` (Moses), ``jsonl``; only those of ``formats``."""
    paths = {}
    if "tmx" in formats:
        paths["tmx"] = f"{folder}/corpus.tmx"
    if "moses" in formats:
        source_suffix, target_suffix = (
            (source_lang, target_lang) if source_lang != target_lang else ("src", "tgt")
        )
        paths["source"] = f"{folder}/corpus.{source_suffix}"
        paths["target"] = f"{folder}/corpus.{target_suffix}"
    if "jsonl" in formats:
        paths["jsonl"] = f"{folder}/corpus.jsonl"
    return paths


class CorpusWriter:
    """Streams units into ``corpus.tmx`` (TMX 1.4b), ``corpus.<src>``/``corpus.<tgt>`` (Moses)
    and ``corpus.jsonl`` (the Hugging Face ``translation`` shape), one unit at a time.

    Use as a context manager: every file is written through :func:`align.fsio.atomic_open`, so
    all of them appear on a clean exit and none of them (not even partly) after an error.
    """

    def __init__(
        self,
        folder: str,
        formats: Sequence[str],
        *,
        source_lang: str,
        target_lang: str,
        overwrite: bool = False,
    ) -> None:
        self.folder = folder
        self.formats = tuple(formats)
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.overwrite = overwrite
        self.paths = corpus_paths(folder, formats, source_lang, target_lang)
        self._stack = contextlib.ExitStack()
        self._streams: dict[str, IO[str]] = {}
        self._tmx: Any = None

    def __enter__(self) -> CorpusWriter:
        for path in self.paths.values():
            fsio.check_writable(path, overwrite=self.overwrite)
        try:
            for role, path in self.paths.items():
                self._streams[role] = self._stack.enter_context(
                    fsio.atomic_open(path, "wb" if role == "tmx" else "w", overwrite=self.overwrite)
                )
            if "tmx" in self._streams:
                self._open_tmx(self._streams["tmx"])
        except BaseException:
            self._stack.close()
            raise
        return self

    def _open_tmx(self, stream: IO[str]) -> None:
        xmlfile = self._stack.enter_context(xmlio.stream_writer(stream))
        self._stack.enter_context(xmlfile.element("tmx", version="1.4"))
        xmlfile.write("\n")
        xmlfile.write(xmlio.element("header", _tmx_header(self.source_lang)), pretty_print=True)
        self._stack.enter_context(xmlfile.element("body"))
        xmlfile.write("\n")
        self._tmx = xmlfile

    def write(self, unit: CorpusUnit) -> None:
        """Append ``unit`` to every open format."""
        if self._tmx is not None:
            self._tmx.write(
                tmx_unit(
                    f"{unit.doc}:{unit.link}",
                    (
                        ("x-score", f"{unit.score:.6f}"),
                        ("x-doc", unit.doc),
                        ("x-link", str(unit.link)),
                    ),
                    ((self.source_lang, unit.source), (self.target_lang, unit.target)),
                ),
                pretty_print=True,
            )
        if "source" in self._streams:
            self._streams["source"].write(_one_line(unit.source) + "\n")
            self._streams["target"].write(_one_line(unit.target) + "\n")
        if "jsonl" in self._streams:
            record = {
                "translation": {self.source_lang: unit.source, self.target_lang: unit.target},
                "score": round(unit.score, 6),
                "doc": unit.doc,
                "link": unit.link,
            }
            self._streams["jsonl"].write(json.dumps(record, ensure_ascii=False) + "\n")

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)  # type: ignore[arg-type]
