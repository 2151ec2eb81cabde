"""Evaluate the sentence aligner against gold alignments; print a Markdown table.

Metrics are the strict and lax precision, recall and F1 of Sennrich & Volk (2010), as Vecalign's
``score.py`` computes them (our own implementation of the same definitions):

- a *strict* true positive is an output link identical to a gold link;
- a *lax* true positive is an output link sharing at least one (source, target) sentence pair
  with a gold link;
- precision is over all output links (1-0 and 0-1 links included; they are right when the gold
  has the same deletion); recall is precision with output and gold swapped after removing every
  link with an empty side from both; counts are summed over the documents of a set.

Sets (each only when its data is present):

- ``seed``: the seed pair, presplit (``tests/data/seed``) against our hand-made gold;
- ``seed-e2e``: the seed pair end to end (raw files, our splitter), scored on characters (below);
- ``ntrex-dev-perturbed`` / ``bible-dev-perturbed``: the 1-1 Korean–English dev sets, made hard
  by :func:`perturb` (seeded);
- ``ntrex-dev-e2e``: raw ``*.doc.txt`` through our reader and splitter, scored on characters: a
  link's *character set* on a side is the set of non-space code-point offsets its sentences
  cover; an output link is a strict match when its character sets equal a gold link's on both
  sides, a lax match when they intersect a gold link's on both sides. Precision is over all
  output links, recall over gold links;
- ``textberg-dev``, ``textberg-test`` (de–fr), ``parice`` (en–is).

Systems: ``ours`` (``align.aligner.align``, each document alone, as ``align sentences`` runs;
the seed pair through ``alignment.align_files --presplit`` so lines get their roles),
``ours-job`` (the documents of a set as one job, ``align_job``: a lexicon learned over the
confident links of all documents, then a second pass; sets of two or more documents) and
``gale-church`` (nltk's implementation with ``AVERAGE_CHARACTERS`` set to the document's ratio
of target to source characters), and two peers on the same sentence vectors as ours
(``scripts/peer_aligners.py``: the encoder's vectors, joined sentences encoded as texts of their
own through the same ``--vector-cache``), each reimplemented with its authors' defaults:
``vecalign`` (Thompson & Koehn 2019) and ``bertalign`` (Liu & Zhu 2022). On an end-to-end set
a peer aligns the sentences our reader and splitter give ``ours``. A peer does not apply (a
note says so under the table) to a set with a language the encoder was not trained on
(ParIce's Icelandic), where ours uses the vectors only in documents where they agree with its
lexical links (``align.aligner.agreement``).

``--reliability`` adds a reliability table of link scores per set (score bin, links, mean score,
share right); ``--calibrate`` fits the reported scores' temperature on the dev sets only (NTREX
and Bible dev perturbed, Text+Berg dev) and prints ECE and negative log-likelihood per
temperature.

``--ablate full,anchors,meaning+lengths`` runs the systems once per model, each the full model
less the kinds of evidence named (joined by ``+``; see :data:`ABLATIONS`), and prints the
ablation table of the README (strict F1 of ``ours`` per model and set); presplit sets only, since
the seed and end-to-end sets go through the pipeline with its default settings.

``--seeds 13,1,2,3`` runs the perturbed sets once per seed (vectors loaded once for all) and
prints, after a set's per-seed rows for each system, their mean (seed column ``mean of 4``, four
decimals): seed 13 alone is the easiest and overfits, so tuning is judged on that mean. The
other sets run once (empty seed column). With ``--ablate`` the ablation table shows the means;
``--calibrate`` pools the links of all seeds. Without ``--seeds`` the table has no seed column.

``--set KEY=VALUE`` (repeatable) runs the ours systems with one :class:`AlignerSettings` field
changed, of the field's type (``true``/``false`` for flags, JSON for tuples such as ``beads``),
so a setting is tried without editing ``align/aligner/settings.py``; an unknown field is
refused. It applies to every ``--ablate`` row (an ablation's own changes win); presplit sets
only, as with ``--ablate``.

Beside this script, ``evaltables.py`` renders the tables, ``evaloptions.py`` reads the
``--seeds`` and ``--set`` values and ``peer_aligners.py`` holds the same-encoder peers.

Usage: ``python scripts/eval_alignment.py [--sets a,b] [--systems ours,vecalign,bertalign]
[--seed N | --seeds N,N,...] [--set KEY=VALUE]... [--reliability] [--calibrate]
[--ablate MODEL[,MODEL]]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn
from unittest.mock import patch

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "scripts"))  # its own modules, when loaded by path (the tests)

from evaloptions import parse_overrides, parse_seeds  # noqa: E402
from evaltables import (  # noqa: E402
    Row,
    ablation_table,
    calibration_error,
    mean_row,
    reliability,
    results_header,
)
from peer_aligners import PEERS  # noqa: E402

from align.aligner import ALIGNER_DEFAULTS, AlignerSettings, JobDocument, align, align_job  # noqa: E402
from align.models import Link  # noqa: E402
from align.review.scoring import prf, span_prf  # noqa: E402

Bead = tuple[tuple[int, ...], tuple[int, ...]]

#: The sentence encoder the systems use (``--encoder``; ``none``: the lexical model alone).
ENCODER: list[Any] = [None]

#: The aligner settings of the ours systems (the defaults, or an ``--ablate`` variant's).
SETTINGS: list[AlignerSettings] = [ALIGNER_DEFAULTS]


def _encode(src_lang: str, tgt_lang: str) -> Any:
    """The encoder's ``encode`` when it knows both languages (as ``align`` does), else None."""
    from align.jobs.alignment import sentence_meaning

    return sentence_meaning(ENCODER[0], src_lang, tgt_lang)[0]


@dataclass(frozen=True)
class Doc:
    """One evaluation document: sentences of both sides and the gold beads."""

    name: str
    source: list[str]
    target: list[str]
    gold: list[Bead]
    files: tuple[Path, Path] | None = None


@dataclass(frozen=True)
class SpanDoc:
    """An end-to-end document: raw files and gold links as character sets."""

    name: str
    source_path: Path
    target_path: Path
    gold: list[tuple[frozenset[int], frozenset[int]]]


# --- reading ------------------------------------------------------------------------------------


def read_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n") if text else []


def parse_beads(text: str) -> list[Bead]:
    beads = []
    for line in text.splitlines():
        if not line.strip():
            continue
        left, right = line.split(":")[:2]
        src = tuple(int(x) for x in left.strip()[1:-1].split(",") if x.strip())
        tgt = tuple(int(x) for x in right.strip()[1:-1].split(",") if x.strip())
        beads.append((src, tgt))
    return beads


def gold_set(folder: Path, src: str, tgt: str) -> list[Doc]:
    docs = []
    for gold in sorted((folder / "gold").glob("*.align")):
        docs.append(
            Doc(
                gold.stem,
                read_lines(folder / src / f"{gold.stem}.txt"),
                read_lines(folder / tgt / f"{gold.stem}.txt"),
                parse_beads(gold.read_text(encoding="utf-8")),
            )
        )
    return docs


def one_to_one(folder: Path) -> list[Doc]:
    docs = []
    for doc in sorted((folder / "docs").iterdir()):
        ko, en = read_lines(doc / "ko.txt"), read_lines(doc / "en.txt")
        docs.append(Doc(doc.name, ko, en, [((i,), (i,)) for i in range(len(ko))]))
    return docs


# --- perturbation -------------------------------------------------------------------------------


def perturb(doc: Doc, seed: int, merge: float = 0.07, drop: float = 0.04) -> Doc:
    """Make a 1-1 document hard, with the gold updated to match.

    1. Drops: each pair independently loses its source sentence with probability ``drop``, or
       else its target sentence with probability ``drop`` (never both); the gold link becomes
       ``[]:[j]`` or ``[i]:[]``.
    2. Merges: on each side independently, each boundary between two adjacent remaining
       sentences is removed with probability ``merge`` (the two sentences are joined with a
       space, so runs of merges make 3- or 4-sentence units). Gold links that share a merged
       sentence are united (a merge on the target side makes ``[i, i+1]:[j]``; a dropped
       source next to a merged target makes ``[i]:[j]`` whose target holds the extra sentence).
    3. Indices are renumbered. The random generator is seeded with ``seed`` and the document
       name, so a run is reproducible.
    """
    rng = random.Random(f"{seed}:{doc.name}")
    n = len(doc.gold)
    keep_src = [True] * n
    keep_tgt = [True] * n
    for k in range(n):
        if rng.random() < drop:
            keep_src[k] = False
        elif rng.random() < drop:
            keep_tgt[k] = False

    def groups(keep: list[bool]) -> list[list[int]]:
        units: list[list[int]] = []
        for k in range(n):
            if not keep[k]:
                continue
            if units and rng.random() < merge:
                units[-1].append(k)
            else:
                units.append([k])
        return units

    src_units, tgt_units = groups(keep_src), groups(keep_tgt)
    # Union-find over pair positions: a unit joins all the positions it holds.
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for unit in (*src_units, *tgt_units):
        for k in unit[1:]:
            parent[find(k)] = find(unit[0])
    src_of = {k: u for u, unit in enumerate(src_units) for k in unit}
    tgt_of = {k: u for u, unit in enumerate(tgt_units) for k in unit}
    beads: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for k in range(n):
        root = find(k)
        if k in src_of:
            beads[root][0].add(src_of[k])
        if k in tgt_of:
            beads[root][1].add(tgt_of[k])
    gold = sorted(
        ((tuple(sorted(s)), tuple(sorted(t))) for s, t in beads.values()),
        key=lambda b: (min(b[0], default=-1), min(b[1], default=-1)),
    )
    source = [" ".join(doc.source[k] for k in unit) for unit in src_units]
    target = [" ".join(doc.target[k] for k in unit) for unit in tgt_units]
    return Doc(doc.name, source, target, gold)


# --- scoring ------------------------------------------------------------------------------------


# The metrics live in align.review.scoring (prf: Sennrich & Volk strict/lax; span_prf: characters).
CharLink = tuple[frozenset[int], frozenset[int]]


def chars(text: str, start: int, end: int) -> frozenset[int]:
    return frozenset(k for k in range(start, end) if not text[k].isspace())


# --- systems ------------------------------------------------------------------------------------


def run_ours(doc: Doc, src_lang: str, tgt_lang: str) -> list[Bead]:
    if doc.files is not None:
        # Presplit files through the pipeline, as ``align sentences --presplit`` runs them
        # (each line gets its role from the readers' line table).
        from align.jobs import alignment

        pair = alignment.align_files(
            str(doc.files[0]),
            str(doc.files[1]),
            source_lang=src_lang,
            target_lang=tgt_lang,
            presplit=True,
            encoder=ENCODER[0] or "none",
        )
        return [(link.source, link.target) for link in pair.links]
    return [(link.source, link.target) for link in _aligned(doc, src_lang, tgt_lang)]


def _aligned(
    doc: Doc, src_lang: str, tgt_lang: str, settings: AlignerSettings | None = None
) -> list[Link]:
    """``align`` with the encoder's vectors where ``align sentences`` uses them: for a
    language the encoder was not trained on, only when they agree with the lexical links."""
    from align.jobs.alignment import meaning_evidence, sentence_meaning

    def aligned(encode: Any) -> list[Link]:
        return align(
            doc.source,
            doc.target,
            source_lang=src_lang,
            target_lang=tgt_lang,
            encode=encode,
            settings=settings or SETTINGS[0],
        )

    encode = _encode(src_lang, tgt_lang)
    links = aligned(encode)
    if encode is not None or ENCODER[0] is None:
        return links
    evidence = meaning_evidence(ENCODER[0], doc.source, doc.target, links)
    encode = sentence_meaning(ENCODER[0], src_lang, tgt_lang, evidence)[0]
    return links if encode is None else aligned(encode)


def run_ours_job(docs: Sequence[Doc], src_lang: str, tgt_lang: str) -> list[list[Link]]:
    """The whole set as one job: a lexicon learned over all documents (``align_job``)."""
    jobs = [JobDocument(tuple(d.source), tuple(d.target)) for d in docs]
    return align_job(
        jobs,
        source_lang=src_lang,
        target_lang=tgt_lang,
        settings=SETTINGS[0],
        encode=_encode(src_lang, tgt_lang),
    )


def run_gale_church(doc: Doc, src_lang: str, tgt_lang: str) -> list[Bead]:
    from nltk.translate import gale_church

    src_lens = [max(1, len(s)) for s in doc.source]
    tgt_lens = [max(1, len(t)) for t in doc.target]
    if not src_lens or not tgt_lens:
        return [((i,), ()) for i in range(len(src_lens))] + [
            ((), (j,)) for j in range(len(tgt_lens))
        ]

    class Params:
        """Gale & Church's language-independent parameters, with this pair's length ratio."""

        PRIORS = gale_church.LanguageIndependent.PRIORS
        VARIANCE_CHARACTERS = gale_church.LanguageIndependent.VARIANCE_CHARACTERS
        AVERAGE_CHARACTERS = sum(tgt_lens) / sum(src_lens)

    pairs = gale_church.align_blocks(src_lens, tgt_lens, Params)
    return beads_from_pairs(pairs, len(src_lens), len(tgt_lens))


def beads_from_pairs(pairs: Iterable[tuple[int, int]], n: int, m: int) -> list[Bead]:
    """Connected components of (source, target) pairs, plus unlinked sentences as 1-0/0-1."""
    src_to: dict[int, set[int]] = defaultdict(set)
    tgt_to: dict[int, set[int]] = defaultdict(set)
    for s, t in pairs:
        src_to[s].add(t)
        tgt_to[t].add(s)
    seen_src: set[int] = set()
    beads: list[Bead] = []
    for s in range(n):
        if s in seen_src:
            continue
        if s not in src_to:
            beads.append(((s,), ()))
            seen_src.add(s)
            continue
        src_c, tgt_c = {s}, set(src_to[s])
        grew = True
        while grew:
            grew = False
            for t in list(tgt_c):
                if not tgt_to[t] <= src_c:
                    src_c |= tgt_to[t]
                    grew = True
            for x in list(src_c):
                if not src_to[x] <= tgt_c:
                    tgt_c |= src_to[x]
                    grew = True
        seen_src |= src_c
        beads.append((tuple(sorted(src_c)), tuple(sorted(tgt_c))))
    linked = set(tgt_to)
    beads.extend(((), (t,)) for t in range(m) if t not in linked)
    return beads


def run_peer(name: str) -> Callable[[Doc, str, str], list[Bead]]:
    """A peer aligner of ``scripts/peer_aligners.py`` on the encoder's vectors (the caller
    checks that the encoder knows both languages: see :func:`evaluate`)."""

    def run(doc: Doc, src_lang: str, tgt_lang: str) -> list[Bead]:
        encode = _encode(src_lang, tgt_lang)
        if encode is None:
            raise ValueError(f"{name} needs sentence vectors of {src_lang} and {tgt_lang}")
        return PEERS[name](doc.source, doc.target, encode)

    return run


SYSTEMS: dict[str, Callable[[Doc, str, str], list[Bead]]] = {
    "ours": run_ours,
    "gale-church": run_gale_church,
    **{name: run_peer(name) for name in PEERS},
}


# --- ablation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ablation:
    """One kind of evidence that ``--ablate`` removes from the ours systems: settings changed
    with :func:`dataclasses.replace`, the encoder dropped (``meaning``: as ``--encoder none``),
    or the length term made flat in every pass (``lengths``)."""

    what: str
    changes: tuple[tuple[str, Any], ...] = ()
    drops_meaning: bool = False
    drops_lengths: bool = False


#: The anchor classes' weights (numbers, words, cognates, punctuation, names, glossary concepts,
#: dictionary pairs; not the learned lexicon's) and the weight of unmatched anchors against a bead.
_ANCHORS = tuple(
    (name, 0.0)
    for name in (
        "number_weight",
        "word_weight",
        "cognate_weight",
        "punct_weight",
        "name_weight",
        "anchor_weight",
        "dictionary_weight",
        "missing_weight",
    )
)

#: Gale & Church's variance that makes the length misfit vanish (about 1e-5 for a 100-character
#: difference); :func:`ablated` keeps it in every pass.
_FLAT_VARIANCE = 1e6

ABLATIONS: dict[str, Ablation] = {
    "meaning": Ablation("meaning (`--encoder none`)", drops_meaning=True),
    "anchors": Ablation("anchors (numbers, names, words, glossary, dictionary)", _ANCHORS),
    "lexicon": Ablation("the document's learned lexicon", (("bootstrap", False),)),
    "semantic-beads": Ablation("the 2-3/3-2/3-3 beads meaning adds", (("semantic_beads", ()),)),
    "lengths": Ablation(
        "lengths (no length term in any pass)",
        (("variance", _FLAT_VARIANCE),),
        drops_lengths=True,
    ),
    "open-end": Ablation("the open-end penalty", (("open_end_penalty", 0.0),)),
    "quotes": Ablation("the quotation penalty", (("quote_penalty", 0.0),)),
    "length-outliers": Ablation("the bounded length misfit", (("length_outliers", 0.0),)),
    "bead-vectors": Ablation("the bead-vector veto", (("bead_vector_weight", 0.0),)),
    "reorder": Ablation("the crosswise links (local reordering)", (("reorder_cosine", 0.0),)),
}


@dataclass(frozen=True)
class Variant:
    """A model of the ablation table: the full model less the evidence of ``removed``."""

    label: str
    removed: tuple[str, ...]

    @classmethod
    def parse(cls, spec: str) -> Variant:
        """``full``, or ablation names joined by ``+`` (``meaning+anchors+lexicon``)."""
        removed = () if spec == "full" else tuple(spec.split("+"))
        unknown = [name for name in removed if name not in ABLATIONS]
        if unknown:
            raise ValueError(
                f"unknown ablation {', '.join(unknown)}: use full or {', '.join(ABLATIONS)}"
            )
        return cls(spec, removed)

    @property
    def what(self) -> str:
        """The model's row label in the ablation table."""
        if not self.removed:
            return "full"
        names = [ABLATIONS[name].what for name in self.removed]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        return "without " + listed

    @property
    def settings(self) -> AlignerSettings:
        """The default settings with every removed kind's changes."""
        return self.settings_on(ALIGNER_DEFAULTS)

    def settings_on(self, base: AlignerSettings) -> AlignerSettings:
        """``base`` (the defaults with any ``--set``) with every removed kind's changes: a
        removed kind stays removed whatever ``--set`` gave its fields."""
        changes = {key: value for name in self.removed for key, value in ABLATIONS[name].changes}
        return replace(base, **changes)


def _prior_variance(*args: Any) -> float:
    """In place of :func:`align.aligner.costs.estimate_variance`: the default it is given."""
    return float(args[-1])


@contextmanager
def ablated(
    variant: Variant, encoder: Any, base: AlignerSettings = ALIGNER_DEFAULTS
) -> Iterator[None]:
    """Run the ours systems as ``variant`` of ``base``. Without lengths, the variance the aligner
    estimates from its first pass is replaced by the settings' flat one: a large ``variance``
    setting alone lasts only that first pass."""
    from align.aligner import search

    removed = [ABLATIONS[name] for name in variant.removed]
    ENCODER[0] = None if any(a.drops_meaning for a in removed) else encoder
    SETTINGS[0] = variant.settings_on(base)
    try:
        if any(a.drops_lengths for a in removed):
            with patch.object(search, "estimate_variance", _prior_variance):
                yield
        else:
            yield
    finally:
        ENCODER[0], SETTINGS[0] = encoder, base


# --- sets ---------------------------------------------------------------------------------------


def load_set(name: str, seed: int) -> tuple[list[Doc], str, str] | None:
    ntrex = SHARED / "ko-en-news-ntrex128"
    bible = SHARED / "ko-en-bible-krv-kjv"
    gold = SHARED / "align-gold"
    if name == "seed":
        folder = ROOT / "tests" / "data" / "seed"
        if not (folder / "gold.align").exists():
            return None
        return (
            [
                Doc(
                    "seed",
                    read_lines(folder / "ko.sentences.txt"),
                    read_lines(folder / "en.sentences.txt"),
                    parse_beads((folder / "gold.align").read_text(encoding="utf-8")),
                    (folder / "ko.sentences.txt", folder / "en.sentences.txt"),
                )
            ],
            "ko",
            "en",
        )
    if name == "ntrex-dev-perturbed" and ntrex.exists():
        return [perturb(d, seed) for d in one_to_one(ntrex)], "ko", "en"
    if name == "bible-dev-perturbed" and bible.exists():
        return [perturb(d, seed) for d in one_to_one(bible)], "ko", "en"
    if name == "textberg-dev" and (gold / "textberg-de-fr-dev").exists():
        return gold_set(gold / "textberg-de-fr-dev", "de", "fr"), "de", "fr"
    if name == "textberg-test" and (gold / "textberg-de-fr-test").exists():
        return gold_set(gold / "textberg-de-fr-test", "de", "fr"), "de", "fr"
    if name == "parice" and (gold / "parice-en-is").exists():
        return gold_set(gold / "parice-en-is", "en", "is"), "en", "is"
    return None


def e2e_docs(name: str) -> list[SpanDoc] | None:
    if name == "ntrex-dev-e2e":
        folder = SHARED / "ko-en-news-ntrex128" / "docs"
        if not folder.exists():
            return None
        docs = []
        for doc in sorted(folder.iterdir()):
            rows = read_lines(doc / "gold.tsv")[1:]
            ko_text = (doc / "ko.doc.txt").read_text(encoding="utf-8")
            en_text = (doc / "en.doc.txt").read_text(encoding="utf-8")
            links = []
            for row in rows:
                cells = row.split("\t")
                ks, ke, es, ee = (int(c) for c in cells[2:6])
                links.append((chars(ko_text, ks, ke), chars(en_text, es, ee)))
            docs.append(SpanDoc(doc.name, doc / "ko.doc.txt", doc / "en.doc.txt", links))
        return docs
    if name == "seed-e2e":
        folder = ROOT / "tests" / "data" / "seed"
        corpus = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
        if not (folder / "gold.align").exists():
            return None
        ko_text = (corpus / "ko.txt").read_text(encoding="utf-8-sig")
        en_text = (corpus / "en.txt").read_text(encoding="utf-8-sig")
        ko_sets = locate(ko_text, read_lines(folder / "ko.sentences.txt"))
        en_sets = locate(en_text, read_lines(folder / "en.sentences.txt"))
        links = [
            (
                frozenset().union(*(ko_sets[i] for i in s)),
                frozenset().union(*(en_sets[j] for j in t)),
            )
            for s, t in parse_beads((folder / "gold.align").read_text(encoding="utf-8"))
        ]
        return [SpanDoc("seed", corpus / "ko.txt", corpus / "en.txt", links)]
    return None


def locate(text: str, sentences: list[str]) -> list[frozenset[int]]:
    """Character sets of sentences found in order in ``text`` (inner line breaks as spaces)."""
    squeezed = []
    positions = []
    for k, ch in enumerate(text):
        if not ch.isspace():
            squeezed.append(ch)
            positions.append(k)
    flat = "".join(squeezed)
    out: list[frozenset[int]] = []
    at = 0
    for sentence in sentences:
        key = "".join(sentence.split())
        found = flat.find(key, at)
        if found < 0 or not key:
            out.append(frozenset())
            continue
        out.append(frozenset(positions[found : found + len(key)]))
        at = found + len(key)
    return out


def run_e2e(doc: SpanDoc) -> list[CharLink]:
    """One end-to-end document's links as character sets (system ``ours``)."""
    return char_links(align_e2e(doc))


def align_e2e(doc: SpanDoc) -> Any:
    """One end-to-end document through ``align sentences`` (an ``AlignedPair``)."""
    from align.jobs import alignment

    return alignment.align_files(
        str(doc.source_path),
        str(doc.target_path),
        source_lang="ko",
        target_lang="en",
        encoder=ENCODER[0] or "none",
    )


def run_e2e_peer(name: str, doc: SpanDoc) -> list[CharLink]:
    """A peer end to end: the sentences our reader and splitter give ``align sentences`` (taken
    from its result, so every system aligns the same sentences), aligned by the peer."""
    pair = align_e2e(doc)
    encode = _encode("ko", "en")
    if encode is None:
        raise ValueError(f"{name} needs sentence vectors of ko and en")
    beads = PEERS[name](
        [s.text for s in pair.source.sentences], [s.text for s in pair.target.sentences], encode
    )
    src_sets, tgt_sets = sentence_chars(pair.source), sentence_chars(pair.target)
    return [
        (
            frozenset().union(*(src_sets[i] for i in src)),
            frozenset().union(*(tgt_sets[j] for j in tgt)),
        )
        for src, tgt in beads
    ]


def run_e2e_job(docs: Sequence[SpanDoc]) -> list[list[CharLink]]:
    """The end-to-end documents as one job (``alignment.align_job``)."""
    from align.jobs import alignment, documents

    pairs = [
        (
            documents.split_document(str(d.source_path), lang="ko"),
            documents.split_document(str(d.target_path), lang="en"),
        )
        for d in docs
    ]
    return [char_links(result) for result in alignment.align_job(pairs, encoder=ENCODER[0])]


def sentence_chars(side: Any) -> list[frozenset[int]]:
    """The character set of each sentence of an ``AlignedSide``."""
    return [chars(side.text, s.start, s.end) for s in side.sentences]


def char_links(result: Any) -> list[CharLink]:
    """An ``AlignedPair``'s links as character sets of both sides."""
    src_sets, tgt_sets = sentence_chars(result.source), sentence_chars(result.target)
    return [
        (
            frozenset().union(*(src_sets[i] for i in link.source)),
            frozenset().union(*(tgt_sets[j] for j in link.target)),
        )
        for link in result.links
    ]


@dataclass(frozen=True)
class SplitCeiling:
    """What our sentences allow against character-span gold: gold links whose four edges are
    our sentence boundaries (``reachable``), and the groups of the other gold links that share
    our sentences (each needs one output link, which cannot be right)."""

    gold: int
    reachable: int
    groups: int

    @property
    def f1(self) -> float:
        """Strict F1 of the oracle that outputs every reachable gold link and one link per
        group: recall reachable / gold, precision reachable / (reachable + groups)."""
        return 2 * self.reachable / max(1, self.gold + self.reachable + self.groups)


def _covering(target: frozenset[int], sets: Sequence[frozenset[int]]) -> list[int]:
    return [k for k, s in enumerate(sets) if s & target]


def split_ceiling(doc: SpanDoc, result: Any) -> SplitCeiling:
    """The :class:`SplitCeiling` of one end-to-end document split as ``result`` splits it."""
    src_sets, tgt_sets = sentence_chars(result.source), sentence_chars(result.target)
    reachable = 0
    apart: list[tuple[set[int], set[int]]] = []
    for src, tgt in doc.gold:
        rows, cols = _covering(src, src_sets), _covering(tgt, tgt_sets)
        if (
            frozenset().union(*(src_sets[i] for i in rows)) == src
            and frozenset().union(*(tgt_sets[j] for j in cols)) == tgt
        ):
            reachable += 1
            continue
        group = (set(rows), set(cols))
        for other in [g for g in apart if g[0] & group[0] or g[1] & group[1]]:
            apart.remove(other)
            group[0].update(other[0])
            group[1].update(other[1])
        apart.append(group)
    return SplitCeiling(len(doc.gold), reachable, len(apart))


def error_lines(doc: SpanDoc, result: Any) -> list[str]:
    """Each gold link we miss (``reachable``: its edges are our sentence boundaries; ``split``:
    our splitter cuts elsewhere) and each output link that is wrong, as bead shapes in our
    sentences with the start of every sentence."""
    src_sets, tgt_sets = sentence_chars(result.source), sentence_chars(result.target)
    output = set(char_links(result))
    gold = set(doc.gold)
    lines = []

    def show(kind: str, rows: Sequence[int], cols: Sequence[int], score: str = "") -> None:
        lines.append(
            f"{doc.name} {kind} {len(rows)}-{len(cols)} ko{list(rows)} en{list(cols)}{score}"
        )
        lines.extend(f"    ko{i}: {result.source.sentences[i].text[:70]}" for i in rows)
        lines.extend(f"    en{j}: {result.target.sentences[j].text[:70]}" for j in cols)

    for src, tgt in doc.gold:
        if (src, tgt) in output or not (src and tgt):
            continue
        rows, cols = _covering(src, src_sets), _covering(tgt, tgt_sets)
        whole = (
            frozenset().union(*(src_sets[i] for i in rows)) == src
            and frozenset().union(*(tgt_sets[j] for j in cols)) == tgt
        )
        show("missed, reachable" if whole else "missed, split", rows, cols)
    for link, sets in zip(result.links, char_links(result), strict=True):
        if sets not in gold:
            show("wrong", link.source, link.target, f" score {link.score:.2f}")
    return lines


ALL_SETS = [
    "seed",
    "seed-e2e",
    "ntrex-dev-perturbed",
    "bible-dev-perturbed",
    "ntrex-dev-e2e",
    "textberg-dev",
    "textberg-test",
    "parice",
]


def scored_links(
    docs: Sequence[Doc], src_lang: str, tgt_lang: str, settings: AlignerSettings = ALIGNER_DEFAULTS
) -> list[tuple[float, bool]]:
    """(score, right) for every output link of ``align`` on ``docs`` (right: identical to a
    gold link, 1-0 and 0-1 included)."""
    out = []
    for doc in docs:
        gold = set(doc.gold)
        for link in _aligned(doc, src_lang, tgt_lang, settings):
            out.append((link.score, (link.source, link.target) in gold))
    return out


#: The development sets the reported scores' temperature is fitted on: both kinds of text,
#: Korean–English news and scripture and German–French prose (Text+Berg dev alone, one
#: document, was 43% of the links when Bible dev was left out).
CALIBRATION_SETS = ("ntrex-dev-perturbed", "bible-dev-perturbed", "textberg-dev")
TEMPERATURES = (1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 4.0)


def calibrate(seeds: Sequence[int]) -> None:
    """Fit the reported scores' temperature (``AlignerSettings.score_temperature``) on the
    development sets only (:data:`CALIBRATION_SETS`): the temperature with the lowest negative
    log-likelihood of link correctness over their links wins (each set's own NLL is printed
    beside it; a perturbed set's links are those of all ``seeds``). The links are the same at
    every temperature (decisions use ``AlignerSettings.temperature``)."""
    present = []
    for name in CALIBRATION_SETS:
        loaded = [load_set(name, seed) for seed in set_seeds(name, seeds)]
        if all(item is not None for item in loaded):
            present.append((name, [item for item in loaded if item is not None]))
    print(f"| score temperature | links | ECE | NLL | {' | '.join(n for n, _ in present)} |")
    print(f"|---|---|---|---|{'---|' * len(present)}")
    for temperature in TEMPERATURES:
        settings = replace(SETTINGS[0], score_temperature=temperature)
        per_set = [
            [pair for docs, src, tgt in runs for pair in scored_links(docs, src, tgt, settings)]
            for _, runs in present
        ]
        ece, nll = calibration_error([pair for pairs in per_set for pair in pairs])
        each = " | ".join(f"{calibration_error(pairs)[1]:.4f}" for pairs in per_set)
        print(f"| {temperature:g} | {sum(map(len, per_set))} | {ece:.4f} | {nll:.4f} | {each} |")


def e2e_report(set_name: str, docs: Sequence[SpanDoc], pairs: Sequence[Any]) -> list[str]:
    """``--errors`` for an end-to-end set: the split ceiling, then every error link."""
    ceilings = [split_ceiling(d, pair) for d, pair in zip(docs, pairs, strict=True)]
    total = SplitCeiling(
        sum(c.gold for c in ceilings),
        sum(c.reachable for c in ceilings),
        sum(c.groups for c in ceilings),
    )
    return [
        "",
        f"Errors, {set_name} (ours): {total.reachable} of {total.gold} gold links have their "
        f"edges on our sentence boundaries; the other {total.gold - total.reachable} fall in "
        f"{total.groups} groups of our sentences; split ceiling F1 {total.f1:.3f}",
        "",
        *(line for d, pair in zip(docs, pairs, strict=True) for line in error_lines(d, pair)),
    ]


def peer_applies(
    system: str,
    set_name: str,
    src_lang: str,
    tgt_lang: str,
    args: argparse.Namespace,
    tables: list[str],
) -> bool:
    """False, with a note under the table, for a peer on a set whose languages the encoder
    was not trained on (the peers have no lexical model to check its vectors against, as ours
    has); True otherwise."""
    if system not in PEERS or _encode(src_lang, tgt_lang) is not None:
        return True
    tables.append(
        f"{system} does not apply to {set_name}: the encoder ({args.encoder}) was not "
        f"trained on {src_lang}-{tgt_lang} (ours uses its vectors only in documents where "
        f"they agree with its lexical links)"
    )
    return False


def evaluate(
    set_name: str, system: str, seed: int, args: argparse.Namespace, tables: list[str]
) -> tuple[dict[str, float], int] | None:
    """One system on one set (perturbed with ``seed``): P/R/F1 and the number of documents
    (None when the set's data is missing or the system does not apply); ``--errors`` and
    ``--reliability`` tables go to ``tables``."""
    if set_name.endswith("-e2e"):
        e2e = e2e_docs(set_name)
        if (
            e2e is None
            or system not in ("ours", "ours-job", *PEERS)
            or (system == "ours-job" and len(e2e) < 2)
        ):
            return None
        if system == "ours-job":
            runs = run_e2e_job(e2e)
        elif system in PEERS:
            if not peer_applies(system, set_name, "ko", "en", args, tables):
                return None
            runs = [run_e2e_peer(system, d) for d in e2e]
        else:
            pairs = [align_e2e(d) for d in e2e]
            runs = [char_links(pair) for pair in pairs]
            if args.errors:
                tables += e2e_report(set_name, e2e, pairs)
        return span_prf([d.gold for d in e2e], runs), len(e2e)
    loaded = load_set(set_name, seed)
    if loaded is None:
        return None
    docs, src_lang, tgt_lang = loaded
    if not peer_applies(system, set_name, src_lang, tgt_lang, args, tables):
        return None
    if system == "ours-job":
        if len(docs) < 2:
            return None
        tests = [
            [(x.source, x.target) for x in links]
            for links in run_ours_job(docs, src_lang, tgt_lang)
        ]
    else:
        tests = [SYSTEMS[system](d, src_lang, tgt_lang) for d in docs]
    if args.reliability and system == "ours":
        several = args.seeds is not None and set_name in PERTURBED_SETS
        seed_note = f", seed {seed}" if several else ""
        tables += [
            "",
            f"Reliability, {set_name}{seed_note} (ours, per document):",
            "",
            *reliability(scored_links(docs, src_lang, tgt_lang, SETTINGS[0])),
        ]
    return prf([d.gold for d in docs], tests), len(docs)


# --- the results table --------------------------------------------------------------------------

#: The sets a seed perturbs (``--seed``, ``--seeds``); the others are the same on every seed.
PERTURBED_SETS = ("ntrex-dev-perturbed", "bible-dev-perturbed")


def set_seeds(set_name: str, seeds: Sequence[int]) -> Sequence[int]:
    """The seeds ``set_name`` runs with: every one for a perturbed set, else the first alone
    (the set does not depend on it)."""
    return seeds if set_name in PERTURBED_SETS else seeds[:1]


def measure(
    set_name: str,
    system: str,
    label: str,
    seeds: Sequence[int],
    args: argparse.Namespace,
    tables: list[str],
) -> list[Row]:
    """``system`` on ``set_name`` once per seed the set runs with, each row printed as it is
    measured, then the mean when there are several (none when the set is missing or the
    system does not apply)."""
    with_seed = args.seeds is not None
    rows: list[Row] = []
    for seed in set_seeds(set_name, seeds):
        started = time.perf_counter()
        measured = evaluate(set_name, system, seed, args, tables)
        if measured is None:
            return rows
        result, count = measured
        shown = str(seed) if set_name in PERTURBED_SETS else ""
        rows.append(Row(set_name, label, shown, count, result, time.perf_counter() - started))
        print(rows[-1].markdown(with_seed), flush=True)
    if len(rows) > 1:
        rows.append(mean_row(rows))
        print(rows[-1].markdown(with_seed), flush=True)
    return rows


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sets",
        default=",".join(ALL_SETS),
        metavar="NAME,NAME,...",
        help=f"sets to measure, the rows of the tables (default: all): {', '.join(ALL_SETS)}",
    )
    parser.add_argument(
        "--systems",
        default="ours,ours-job,gale-church",
        metavar="NAME,NAME,...",
        help="systems to measure: ours, ours-job, gale-church, and the same-encoder peers "
        f"{', '.join(PEERS)} (scripts/peer_aligners.py) (default: %(default)s)",
    )
    seeds = parser.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=int, default=13, help="the perturbation's seed")
    seeds.add_argument(
        "--seeds",
        default=None,
        metavar="N,N,...",
        help="run the perturbed sets with every seed and print each set's mean over them too "
        "(tuning: 13,1,2,3)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one AlignerSettings field for the ours systems (repeatable; tuples "
        "as JSON); presplit sets only",
    )
    parser.add_argument(
        "--encoder",
        default="use-m3",
        help="sentence encoder of the ours systems: use-m3 (default), none, st:PATH",
    )
    parser.add_argument(
        "--vector-cache",
        default=None,
        metavar="DIR",
        help="keep sentence vectors in DIR between runs (tuning runs encode once)",
    )
    parser.add_argument(
        "--reliability",
        action="store_true",
        help="also print a reliability table of link scores per set",
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="for end-to-end sets, also list every missed and wrong link (ours) and the ceiling "
        "our sentence boundaries allow",
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="fit the reported scores' temperature on the dev sets and stop",
    )
    parser.add_argument(
        "--ablate",
        default=None,
        metavar="MODEL[,MODEL]",
        help="also print the ablation table: each MODEL is full or kinds of evidence to remove, "
        f"joined by + ({', '.join(ABLATIONS)}); presplit sets only",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)

    def fail(option: str, error: object) -> NoReturn:
        parser.exit(2, f"{parser.prog}: error: {option}: {error}\n")

    try:
        seeds = parse_seeds(args.seeds) if args.seeds is not None else [args.seed]
    except ValueError as error:
        fail("--seeds", error)
    try:
        overrides = parse_overrides(args.set)
    except ValueError as error:
        fail("--set", error)
    try:
        variants = [Variant.parse(spec) for spec in args.ablate.split(",")] if args.ablate else []
    except ValueError as error:
        fail("--ablate", error)
    known = [*SYSTEMS, "ours-job"]
    unknown = [name for name in args.systems.split(",") if name not in known]
    if unknown:
        fail("--systems", f"unknown system {unknown[0]!r}: choose from {', '.join(known)}")
    sets = args.sets.split(",")
    strange = [name for name in sets if name not in ALL_SETS]
    if strange:
        # An unknown name would give an empty table: a misspelt row looked like a set skipped.
        fail("--sets", f"unknown set {strange[0]!r}: choose from {', '.join(ALL_SETS)}")
    piped = [name for name in sets if name == "seed" or name.endswith("-e2e")]
    for option, given in (("--ablate", variants), ("--set", overrides)):
        if given and piped:
            fail(
                option,
                f"{', '.join(piped)} run through the pipeline's default settings: "
                f"choose presplit sets with --sets",
            )
    from align.text.encoder import load_encoder

    ENCODER[0] = load_encoder(
        args.encoder, cache_dir=Path(args.vector_cache) if args.vector_cache else None
    )
    SETTINGS[0] = replace(ALIGNER_DEFAULTS, **overrides)
    if args.calibrate:
        calibrate(seeds)
        return
    results_table(args, sets, seeds, variants)


def results_table(
    args: argparse.Namespace, sets: Sequence[str], seeds: Sequence[int], variants: list[Variant]
) -> None:
    """Print the results table (a ``seed`` column with ``--seeds``), then the ablation,
    reliability and error tables asked for. The ours systems run with ``SETTINGS[0]``."""
    for line in results_header(args.seeds is not None):
        print(line)
    tables: list[str] = []
    f1: dict[tuple[str, str], float] = {}
    encoder, base = ENCODER[0], SETTINGS[0]
    for variant in variants or [Variant("full", ())]:
        with ablated(variant, encoder, base):
            for set_name in sets:
                for system in args.systems.split(","):
                    label = f"{system} -{variant.label}" if variant.removed else system
                    rows = measure(set_name, system, label, seeds, args, tables)
                    if rows and system == "ours":
                        f1[variant.label, set_name] = rows[-1].result["strict_f1"]
    if variants:
        tables += ablation_table(variants, sets, f1)
    for line in tables:
        print(line)


if __name__ == "__main__":
    main()
