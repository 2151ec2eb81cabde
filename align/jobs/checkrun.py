"""``align check`` and ``align score`` composed: read, split, align, find terms, then hand the
records to the check and scoring stages (:mod:`align.jobs.reportrun` makes the HTML report of
what this module checks).

The stages never import one another; this module passes each what it needs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypedDict, Unpack

from align import __version__, config
from align.errors import ConfigError, InputError
from align.export.formats import AlignedPair, AlignedSide
from align.jobs import alignment, documents, segments
from align.models import Article, Finding, Glossary, Severity, TermMatch
from align.read import bilingual, readers, sourcemap
from align.review import check, lint, qa, scoring
from align.review.findings import RuleInfo, Styler, at_least, render
from align.review.rules import enabled_rules
from align.shown import shown
from align.terms import combine, matching
from align.text import languages
from align.text.encoder import Encoder, load_encoder
from align.text.morph import morph_choice
from align.text.normalize import LineIndex, split_lines

LOG = logging.getLogger("align")


@dataclass(frozen=True, slots=True)
class Checked:
    """A checked pair: the alignment, the glossary and both sides as the checker saw them."""

    pair: AlignedPair
    glossary: Glossary
    source: check.CheckSide
    target: check.CheckSide
    linked: tuple[check.LinkFinding, ...]
    #: The sentence encoder that aligned the pair (reused for a hypothesis).
    encoder: Encoder | None = None
    #: The Korean analyser that confirmed the terms (reused for a hypothesis).
    morph: str | None = None
    #: A bilingual file's segments, paired by the file: no alignment to score.
    bilingual: bool = False
    #: The splitter engine asked for (reused for a hypothesis; ``None``: each language's).
    engine: str | None = None
    #: A bilingual file's sides (its segments' inline codes are shown in the report).
    sides: segments.SegmentSides | None = None
    #: The pair was read one sentence per line (``--presplit``), not split.
    presplit: bool = False

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(item.finding for item in self.linked)


def check_side(
    side: AlignedSide,
    article: Article | None,
    terms_glossary: Glossary,
    locate: check.Locate | None = None,
    morph: str | None = None,
) -> check.CheckSide:
    """Term matches per sentence, found in the text as read and shifted to article offsets
    (Korean confirmed by the analyser ``morph``, once for all the sentences); ``locate``
    (default: the article's) turns an offset into the reported line and column."""
    matches = []
    per_sentence = matching.find_terms_many(
        [side.text[sentence.start : sentence.end] for sentence in side.sentences],
        matching.matcher_for(terms_glossary, side.lang, morph),
    )
    for sentence, found in zip(side.sentences, per_sentence, strict=True):
        matches.append(
            tuple(
                TermMatch(
                    m.term, m.start + sentence.start, m.end + sentence.start, m.found, m.variant
                )
                for m in found
            )
        )
    if locate is None:
        locate = (
            sourcemap.locator(article) if article is not None else LineIndex(side.text).line_col
        )
    return check.CheckSide(side.path, side.lang, side.text, side.sentences, tuple(matches), locate)


def check_documents(
    source: documents.SplitDocument,
    target: documents.SplitDocument,
    terms_glossary: Glossary,
    encoder: Encoder | None = None,
    morph: str | None = None,
    *,
    dictionary: Sequence[tuple[str, str]] = (),
) -> Checked:
    """Align two split documents (glossary terms and ``dictionary`` pairs as anchors,
    ``encoder``'s sentence vectors for the semantic term) and check them; ``morph`` names the
    Korean analyser."""
    pair = alignment.align_sentences(
        source,
        target,
        glossary=terms_glossary,
        dictionary=dictionary,
        encoder=encoder,
        morph=morph,
    )
    source_side = check_side(pair.source, source.article, terms_glossary, morph=morph)
    target_side = check_side(pair.target, target.article, terms_glossary, morph=morph)
    linked = check.check(source_side, target_side, pair.links, terms_glossary)
    return Checked(pair, terms_glossary, source_side, target_side, tuple(linked), encoder, morph)


def check_files(
    source_path: str,
    target_path: str | None,
    glossary_path: str | Sequence[str] | None,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    encoder: str | None = None,
    start: Path | None = None,
    morph: str | None = None,
    engine: str | None = None,
    presplit: bool = False,
) -> Checked:
    """Read, split, align and check ``source_path`` against its translation ``target_path``;
    ``encoder`` names the sentence encoder (default ``use-m3``; ``none``), ``morph`` the
    Korean analyser (default: ``[tool.align] morph``, else ``mecab``), ``engine`` the
    splitter where a language has it (default: ``[tool.align] engine``, else each
    language's default); ``presplit`` reads both files as one sentence per line instead. With
    no ``target_path``, ``source_path`` is a bilingual file, checked by
    :func:`check_bilingual`.

    The glossary is ``glossary_path``, else ``[tool.align] glossary``; rules switched off in
    ``[tool.align] rules`` are not reported."""
    if target_path is None:
        if engine is not None:  # given on the command line: segments are not split
            LOG.warning(
                "warning: --engine %s has no effect on a bilingual file: its segments are "
                "checked as they stand (drop --engine)",
                engine,
            )
        if presplit:
            LOG.warning(
                "warning: --presplit has no effect on a bilingual file: its segments are "
                "checked as they stand (drop --presplit)"
            )
        return check_bilingual(
            source_path,
            glossary_path,
            source_lang=source_lang,
            target_lang=target_lang,
            start=start,
            morph=morph,
        )
    source_lang, target_lang = source_lang or "ko", target_lang or "en"
    source_lang, target_lang = documents.check_languages(source_lang, target_lang)
    _refuse_bilingual(source_path, target_path)
    if presplit:
        documents.warn_presplit_engine(engine)
    settings = config.load_settings(start)
    enabled = enabled_rules(settings)
    morph_name = morph_choice(morph, settings)
    engine_name = documents.engine_choice(engine, settings)
    terms_paths = combine.glossary_files(glossary_path, settings.glossary)
    if not terms_paths:
        raise ConfigError(
            "no glossary given", hint="pass --glossary FILE or set glossary in [tool.align]"
        )
    sentence_encoder = load_encoder(encoder, exact=False)  # one document pair: one batch
    terms_glossary = combine.read_glossaries(terms_paths)
    if presplit:
        source, target = documents.presplit_pair(
            (source_path, source_lang), (target_path, target_lang)
        )
    else:
        source, target = (
            documents.split_document(path, lang=lang, engine=engine_name, where_known=True)
            for path, lang in ((source_path, source_lang), (target_path, target_lang))
        )
    checked = check_documents(source, target, terms_glossary, sentence_encoder, morph_name)
    return replace(without_disabled(checked, enabled), engine=engine_name, presplit=presplit)


def without_disabled(checked: Checked, enabled: frozenset[str]) -> Checked:
    """``checked`` less the findings of the rules ``[tool.align] rules`` switches off (not in
    ``enabled``): one place, so ``check`` and ``run``'s ``check.txt`` report alike."""
    return replace(
        checked, linked=tuple(item for item in checked.linked if item.finding.rule in enabled)
    )


def _refuse_bilingual(*paths: str) -> None:
    """A bilingual file given as one of two articles is a mistake: said before any model
    loads (reading each article says it again, and warns of a misnamed one)."""
    for path in paths:
        bilingual.refuse_as_article(path)


def _refuse_bilingual_hypothesis(path: str, *, document: bool) -> None:
    """A bilingual file given as the hypothesis would be read as lines (or a document) of its
    markup, sources and all, and scored without a word: refused, saying how it is scored."""
    bilingual.refuse_as_article(
        path,
        expected="a hypothesis document" if document else "hypothesis lines",
        hint="give it alone: 'align score FILE' scores its targets against its sources; or give "
        "its target texts as lines, one per source sentence",
    )


def check_bilingual(
    path: str,
    glossary_path: str | Sequence[str] | None = None,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    start: Path | None = None,
    morph: str | None = None,
) -> Checked:
    """Check the segment pairs of a bilingual file (XLIFF, TMX, PO) as they stand, with no
    splitting or aligning: the term and number rules on each segment, the QA rules of
    :mod:`align.review.qa` across the file. Findings name their segment and side.

    ``glossary_path`` (else ``[tool.align] glossary``) is optional here: without one, the term
    rules have nothing to look for and the QA rules still run. Rules switched off in
    ``[tool.align] rules`` are not run, and ``align: ignore RULE`` comments in the file silence
    their line (and the next, when alone on theirs), as in lint.
    """
    settings = config.load_settings(start)
    enabled = enabled_rules(settings)
    morph_name = morph_choice(morph, settings)
    if source_lang is not None:
        source_lang = languages.check_code(source_lang, "--src-lang")
    if target_lang is not None:
        target_lang = languages.check_code(target_lang, "--tgt-lang")
    sides = segments.read_sides(path, source_lang=source_lang, target_lang=target_lang)
    terms_paths = combine.glossary_files(glossary_path, settings.glossary)
    terms_glossary = combine.read_glossaries(terms_paths) if terms_paths else Glossary(())
    pair = sides.pair
    source_side = check_side(pair.source, None, terms_glossary, sides.source_locate, morph_name)
    target_side = check_side(pair.target, None, terms_glossary, sides.target_locate, morph_name)
    linked = [
        check.LinkFinding(
            item.link,
            sides.located(_in_segment(item.finding), item.link),
            item.target_span,
            item.source_span,
        )
        for item in check.check(
            source_side, target_side, pair.links, terms_glossary, check.SEGMENTS
        )
        if item.finding.rule in enabled
    ]
    link_of: dict[str, int] = {}
    for index, segment in enumerate(sides.segments):
        link_of.setdefault(segment.id, index)
    for finding in qa.qa_findings(sides.document, enabled=enabled & qa.RULES.keys()):
        linked.append(check.LinkFinding(link_of.get(finding.segment or "", 0), finding))
    ignores = lint.suppressions(sides.document.text)
    kept = [
        item
        for item in linked
        if not lint.silenced(item.finding, ignores.get(item.finding.line, set()), by_rule=True)
    ]
    kept.sort(key=lambda i: (i.finding.line, i.finding.column, i.finding.rule, i.finding.message))
    return Checked(
        pair,
        terms_glossary,
        source_side,
        target_side,
        tuple(kept),
        None,
        morph_name,
        True,
        sides=sides,
    )


def _in_segment(finding: Finding) -> Finding:
    """A segment with no target has no place in the target text: an ``untranslated-term`` is
    put at its source term, in the segment's own unit (not at the next segment's target)."""
    if finding.rule != "untranslated-term" or finding.source_line is None:
        return finding
    column = finding.source_column or 1
    return replace(
        finding,
        line=finding.source_line,
        column=column,
        end_line=finding.source_line,
        end_column=column,
    )


def rule_infos() -> list[RuleInfo]:
    return [*check.RULES.values(), *qa.RULES.values()]


def list_rules() -> list[str]:
    """What ``align check --list-rules`` prints: id, default severity, description."""
    return [f"{rule.id:<20} {rule.severity:<8} {rule.description}" for rule in rule_infos()]


def render_findings(findings: Sequence[Finding], fmt: str, style: Styler | None = None) -> str:
    """``findings`` as text, json, sarif or github (the formats of ``align lint``); ``style``
    colours the text format."""
    return render(
        findings,
        fmt,
        rules=rule_infos(),
        tool="align",
        version=__version__,
        style=style,
    )


def severity_choice(severity: Severity | None, start: Path | None = None) -> Severity:
    """The lowest severity ``check`` reports: ``--severity``, else ``[tool.align] severity``
    (as for ``lint``: an editor sets it once for the project), else ``warning``."""
    return severity or config.load_settings(start).severity or "warning"


def reported(checked: Checked, severity: Severity = "warning") -> list[Finding]:
    """The findings at ``severity`` or above."""
    return at_least(checked.findings, severity)


def _link_terms(checked: Checked) -> list[scoring.LinkTerms]:
    return [
        scoring.LinkTerms(
            tuple(m for i in link.source for m in checked.source.matches[i]),
            tuple(m for j in link.target for m in checked.target.matches[j]),
        )
        for link in checked.pair.links
    ]


def scores(
    checked: Checked, hypothesis_path: str | None = None, *, hypothesis_document: bool = False
) -> scoring.Scores:
    """Term accuracy, consistency, alignment coverage and (with a hypothesis) MT metrics.

    A hypothesis holds one line per source sentence, unless ``hypothesis_document``: then it is
    a document, split and aligned to the source like any target."""
    pair = checked.pair
    mt = None
    if hypothesis_path is not None:
        mt = _mt_scores(checked, hypothesis_path, document=hypothesis_document)
    if checked.bilingual:
        translated = sum(1 for link in pair.links if link.target)
        return scoring.Scores(
            terms=scoring.term_scores(_link_terms(checked)),
            alignment=None,
            mt=mt,
            segments=scoring.SegmentCounts(len(pair.links), translated),
        )
    return scoring.Scores(
        terms=scoring.term_scores(_link_terms(checked)),
        alignment=scoring.alignment_scores(
            pair.links, len(pair.source.sentences), len(pair.target.sentences)
        ),
        mt=mt,
    )


def _hypothesis_count_error(checked: Checked, lines: int, hypothesis_path: str) -> InputError:
    """A --hyp whose line count is not the source's, in the source's terms: an article's
    sentences as ``align split`` prints them, or a bilingual file's segments with a source
    (``align split`` does not read a bilingual file)."""
    source = checked.pair.source
    count = len(source.sentences)
    if checked.bilingual:
        what, unit = f"{_counted(count, 'segment')} with source text", "segment"
        remedy = "translate each segment's source, one per line in the file's order"
    elif checked.presplit:
        what, unit = _counted(count, "line"), "line of SRC"
        remedy = "translate SRC line by line"
    else:
        what, unit = _counted(count, "sentence"), "source sentence"
        remedy = "translate the lines 'align split SRC' prints"
    return InputError(
        f"the hypothesis has {_counted(lines, 'line')} but {shown(source.path)} has {what}; "
        f"--hyp needs one line per {unit}",
        path=hypothesis_path,
        hint=f"{remedy}, or pass an unaligned document as --hyp-document to split and align it",
    )


def _counted(count: int, noun: str) -> str:
    """``1 line``, ``2 lines``: a one-sentence article or one-line hypothesis is common."""
    return f"{count} {noun}{'s' * (count != 1)}"


def _mt_scores(checked: Checked, hypothesis_path: str, *, document: bool) -> scoring.MTScores:
    """Hypothesis segments per link: line i translates source sentence i; a ``document`` is
    split and aligned to the source instead."""
    pair = checked.pair
    if not document:
        lines = split_lines(readers.read_article(hypothesis_path).text)
        if len(lines) != len(pair.source.sentences):
            raise _hypothesis_count_error(checked, len(lines), hypothesis_path)
        per_source = [line.strip() for line in lines]
    else:
        hypothesis = documents.split_document(
            hypothesis_path, lang=pair.target.lang, engine=checked.engine, where_known=True
        )
        source_document = documents.SplitDocument(
            Article(pair.source.path, pair.source.text, ()), pair.source.lang, pair.source.sentences
        )
        aligned = alignment.align_sentences(
            source_document,
            hypothesis,
            glossary=checked.glossary,
            encoder=checked.encoder,
            morph=checked.morph,
        )
        per_source = [""] * len(pair.source.sentences)
        for link in aligned.links:
            if link.source:
                text = " ".join(hypothesis.sentences[j].text for j in link.target)
                per_source[link.source[0]] = text
    texts: list[tuple[str, str, tuple[TermMatch, ...]]] = []
    for link in pair.links:
        if not link.source or not link.target:
            continue
        hyp = " ".join(t for t in (per_source[i] for i in link.source) if t)
        ref = " ".join(pair.target.sentences[j].text for j in link.target)
        source_matches = tuple(m for i in link.source for m in checked.source.matches[i])
        texts.append((hyp, ref, source_matches))
    matcher = matching.matcher_for(checked.glossary, pair.target.lang, checked.morph)
    found = matching.find_terms_many([t for hyp, ref, _ in texts for t in (hyp, ref)], matcher)
    scored = [
        scoring.Segment(
            hypothesis=hyp,
            reference=ref,
            source_terms=source_matches,
            hypothesis_terms=tuple(found[2 * k]),
            reference_terms=tuple(found[2 * k + 1]),
        )
        for k, (hyp, ref, source_matches) in enumerate(texts)
    ]
    return scoring.mt_scores(scored, pair.target.lang, checked.morph)


class CheckOptions(TypedDict, total=False):
    """How :func:`check_files` reads and checks a pair, as ``align check``, ``align score`` and
    ``align report`` take it (each key means what the argument of that name does there). The
    commands built on a check pass these on whole, so a new option is added in one place."""

    source_lang: str | None
    target_lang: str | None
    encoder: str | None
    morph: str | None
    engine: str | None
    presplit: bool


def score_files(
    source_path: str,
    target_path: str | None,
    glossary_path: str | Sequence[str] | None,
    *,
    hypothesis_path: str | None = None,
    hypothesis_document: bool = False,
    **options: Unpack[CheckOptions],
) -> scoring.Scores:
    """``align score``: the numbers for one pair (or one bilingual file; ``presplit``: SRC and
    TGT hold one sentence per line)."""
    if hypothesis_path is not None:  # before any model loads
        _refuse_bilingual_hypothesis(hypothesis_path, document=hypothesis_document)
    return scores(
        check_files(source_path, target_path, glossary_path, **options),
        hypothesis_path,
        hypothesis_document=hypothesis_document,
    )
