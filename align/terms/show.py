"""What ``align glossary show`` prints, and the one wording of a glossary's size.

Apart from the readers so that the listing's layout can change without touching a format.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from align.errors import GlossaryError
from align.models import Concept, Glossary


def show_lines(glossary: Glossary, concept_id: str | None = None) -> Iterator[str]:
    """What ``align glossary show`` prints: each concept and its terms, then a summary."""
    concepts = glossary.concepts
    if concept_id is not None:
        found = glossary.concept(concept_id)
        if found is None:
            ids = [concept.id for concept in glossary.concepts]
            near = [i for i in ids if concept_id.casefold() in i.casefold()]
            near = near or difflib.get_close_matches(concept_id, ids, n=3)
            raise GlossaryError(
                f"no concept '{concept_id}'",
                path=glossary.path,
                hint=(f"did you mean {', '.join(near[:3])}? " if near else "")
                + "run 'align glossary show FILE' to list the concepts",
            )
        concepts = (found,)
    for concept in concepts:
        domains = sorted({term.domain for term in concept.terms if term.domain})
        yield concept.id + (f"  [{', '.join(domains)}]" if domains else "")
        for term in concept.terms:
            flags = [
                flag
                for flag in (
                    term.pos,
                    "" if term.match == "morph" else f"match={term.match}",
                    "case-sensitive" if term.case_sensitive else "",
                )
                if flag
            ]
            extra = f"  ({', '.join(flags)})" if flags else ""
            note = f"  # {' '.join(term.note.split())}" if term.note else ""
            yield f"  {term.lang:<3} {term.status:<10} {term.text}{extra}{note}"
    langs = sorted({term.lang for concept in concepts for term in concept.terms})
    yield f"{size_of(concepts)}, languages: {', '.join(langs) or '-'}"


def size_of(concepts: Sequence[Concept]) -> str:
    """``69 concepts, 214 terms`` (``1 concept, 1 term``): one wording for every command
    that counts a glossary (``show``, ``convert``)."""
    terms = sum(len(concept.terms) for concept in concepts)
    return f"{len(concepts)} concept{'s' * (len(concepts) != 1)}, {terms} term{'s' * (terms != 1)}"
