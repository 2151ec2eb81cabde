"""Several glossaries read as one: ``--glossary a.tsv --glossary b.tbx`` on ``lint``,
``check``, ``score`` and ``report`` (a team's shared glossary beside a project's own).

A concept is one entry of the combined glossary; a concept id that two files both hold is
the same concept only when they give it the same terms (languages, texts, statuses and
options), else which file is right is a guess, and the read stops with both files named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from align.errors import GlossaryError
from align.models import Concept, Glossary, Term
from align.terms.formats import read_glossary


def glossary_files(given: str | Sequence[str] | None, default: str | None) -> tuple[str, ...]:
    """The glossary files a command reads: those given (one path, or ``--glossary`` repeated),
    else ``default`` (``[tool.align] glossary``), else none."""
    if isinstance(given, str):
        return (given,)
    if given:
        return tuple(given)
    return (default,) if default else ()


def read_glossaries(paths: Sequence[str]) -> Glossary:
    """The glossaries ``paths`` as one (:func:`combine`); one path reads as
    :func:`~align.terms.glossary.read_glossary` reads it."""
    return combine([read_glossary(path) for path in paths])


def combine(glossaries: Sequence[Glossary]) -> Glossary:
    """``glossaries`` (read from files) as one, concepts in file order; one is returned as it
    is. Each term of a combined glossary keeps its file (:attr:`Term.path`), so an error
    about it names the right file and line."""
    if len(glossaries) == 1:
        return glossaries[0]
    concepts: dict[str, Concept] = {}
    for glossary in glossaries:
        for concept in glossary.concepts:
            terms = tuple(replace(term, path=term.path or glossary.path) for term in concept.terms)
            own = Concept(concept.id, terms)
            first = concepts.setdefault(concept.id, own)
            if first is not own and _contents(first) != _contents(own):
                raise _conflict(first, own)
    return Glossary(
        tuple(concepts.values()),
        path=glossaries[0].path if glossaries else None,
        warnings=tuple(warning for glossary in glossaries for warning in glossary.warnings),
    )


def _contents(concept: Concept) -> frozenset[tuple[object, ...]]:
    """What a concept says, without where it says it."""
    return frozenset(_meaning(term) for term in concept.terms)


def _meaning(term: Term) -> tuple[object, ...]:
    return (
        term.lang,
        term.text,
        term.status,
        term.note,
        term.pos,
        term.domain,
        term.match,
        term.case_sensitive,
    )


def _conflict(first: Concept, second: Concept) -> GlossaryError:
    """The error for a concept id two files give different terms, naming both files and a
    term that only one of them has."""
    ours, theirs = _contents(first), _contents(second)
    only = [term for term in second.terms if _meaning(term) not in ours] or [
        term for term in first.terms if _meaning(term) not in theirs
    ]
    differing = only[0]
    first_term, second_term = first.terms[0], second.terms[0]
    return GlossaryError(
        f"concept '{first.id}' has other terms in {second_term.path} than in "
        f"{first_term.path} (line {first_term.line}): '{differing.text}' ({differing.lang}, "
        f"{differing.status}) is in {differing.path} only",
        path=second_term.path,
        line=second_term.line,
        hint="give the concept the same terms in both files, or another id in one of them",
    )
