"""Checks of a readable glossary: the warnings ``align glossary validate`` and ``align lint``
report, each at the file and line of the term concerned.

A file that cannot be read at all is refused by its reader with a :class:`GlossaryError`;
these are the problems of a file that reads, but whose terms the matcher will treat otherwise
than its author meant (duplicates, missing preferred terms, spellings that fold together,
disguised letters). They are apart from the readers because they judge content, whatever the
format.
"""

from __future__ import annotations

import re

from align.models import Finding, Glossary, Term
from align.text.languages import foreign_script
from align.text.normalize import fold_quotes, hidden_characters, nfc, visible


def term_key(text: str) -> str:
    """The form two terms share when they differ only in case, spacing, hyphens or quotes."""
    folded = fold_quotes(nfc(text)).casefold()
    return re.sub(r"[\s\-\u2010\u2011\u00b7\u30fb\u2027]+", "", folded)


#: The rules of :func:`validate_glossary` and what each finds (SARIF's rule descriptions).
VALIDATE_RULES = {
    "duplicate-term": "A term is in two concepts, or twice in one.",
    "no-preferred-term": "A language of a concept has no preferred term.",
    "conflicting-status": "One term is both approved and deprecated or forbidden.",
    "equal-after-normalisation": "Two terms of a concept differ only in case, spacing or "
    "hyphens, which the matcher cannot tell apart.",
    "disguised-term": "A term holds invisible, bidi or look-alike characters.",
    "unknown-tbx-value": "A TBX value is outside its picklist; the term is read as nearest.",
    "wrong-language": "A term is written in a script of another language alone (Hangul under "
    "a code other than ko), so no file in its language can match it.",
}


def _at(term: Term) -> str:
    """Where ``term`` is, for a message: ``line 4``, or ``line 4:63`` in a TBX file, whose
    terms may share a line."""
    return f"line {term.line}" if term.column is None else f"line {term.line}:{term.column}"


def validate_glossary(glossary: Glossary) -> list[Finding]:
    """Warnings about a readable glossary, each at the file and line of the term concerned.

    Rules: ``duplicate-term`` (one term in two concepts, or twice in one),
    ``no-preferred-term`` (a language of a concept without a preferred term),
    ``conflicting-status`` (one term both approved and deprecated/forbidden),
    ``equal-after-normalisation`` (two terms of a concept that differ only in case, spacing or
    hyphens, which the matcher cannot tell apart), ``disguised-term`` (a term holding invisible
    or bidi characters, combining marks, mathematical letters or Cyrillic and Greek look-alikes
    among Latin letters, which the matcher reads as plain letters and a reader cannot see),
    ``wrong-language`` (a term in Hangul under ``kr``, the code of Kanuri typed for Korea, or
    any code but ``ko``), and what the reader warned about (``unknown-tbx-value``: a TBX status
    outside the picklist).
    """
    path = glossary.path or "<glossary>"
    findings: list[Finding] = list(glossary.warnings)

    def warn(rule: str, term: Term, message: str, suggestion: str = "") -> None:
        line = term.line or 1
        findings.append(
            Finding(
                rule=rule,
                severity="warning",
                path=path,
                line=line,
                column=term.column or 1,
                end_line=line,
                end_column=term.end_column or term.column or 1,
                message=message,
                concept=term.concept,
                found=term.text,
                suggestion=suggestion,
            )
        )

    owners: dict[tuple[str, str], Term] = {}
    for concept in glossary.concepts:
        seen: dict[tuple[str, str], Term] = {}
        for term in concept.terms:
            hidden = hidden_characters(term.text)
            if hidden:
                warn(
                    "disguised-term",
                    term,
                    f"'{visible(term.text)}' is written with {' and '.join(hidden)}",
                    "type the term in plain letters",
                )
            foreign = foreign_script(term.text, term.lang)
            if foreign is not None:
                script, home = foreign
                warn(
                    "wrong-language",
                    term,
                    f"'{term.text}' is in {script}, the script of {home} alone, but its lang "
                    f"is {term.lang}: no {term.lang} text can match it",
                    f"write its lang as {home}",
                )
            key = (term.lang, term_key(term.text))
            first = seen.get(key)
            if first is None:
                seen[key] = term
            elif first.text == term.text:
                kinds = {first.status, term.status}
                if kinds & {"preferred", "admitted"} and kinds & {"deprecated", "forbidden"}:
                    warn(
                        "conflicting-status",
                        term,
                        f"'{term.text}' is both {first.status} ({_at(first)}) and "
                        f"{term.status} in concept {concept.id}",
                        "keep one status",
                    )
                else:
                    warn(
                        "duplicate-term",
                        term,
                        f"'{term.text}' ({term.lang}, {term.status}) repeats {_at(first)} "
                        f"({first.status}) in concept {concept.id}",
                        "delete one of the rows",
                    )
            elif first.text != term.text:
                warn(
                    "equal-after-normalisation",
                    term,
                    f"'{term.text}' equals '{first.text}' ({_at(first)}) after "
                    "normalising case, spacing and hyphens; the matcher treats them as one",
                    "keep one spelling",
                )
            owner = owners.get(key)
            if owner is None:
                owners[key] = term
            elif owner.concept != concept.id:
                warn(
                    "duplicate-term",
                    term,
                    f"'{term.text}' ({term.lang}) is also in concept {owner.concept} "
                    f"({_at(owner)})",
                    "give each term one concept",
                )
        for lang in dict.fromkeys(term.lang for term in concept.terms):
            if concept.preferred(lang) is None:
                first_term = concept.terms_in(lang)[0]
                warn(
                    "no-preferred-term",
                    first_term,
                    f"concept {concept.id} has no preferred {lang} term",
                    "mark one term status=preferred",
                )
    findings.sort(key=lambda finding: (finding.line, finding.column))
    return findings
