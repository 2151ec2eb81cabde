"""Typed records passed between the stages. Frozen and slotted: stages return new records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# Each set of values is spelled once, as a Literal type; the tuples are read from it.
Role = Literal["title", "subtitle", "caption", "body", "byline", "boilerplate"]
ROLES: tuple[Role, ...] = get_args(Role)

Status = Literal["preferred", "admitted", "deprecated", "forbidden"]
STATUSES: tuple[Status, ...] = get_args(Status)
APPROVED: frozenset[str] = frozenset({"preferred", "admitted"})

MatchMode = Literal["morph", "exact", "regex"]
MATCH_MODES: tuple[MatchMode, ...] = get_args(MatchMode)
Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)


@dataclass(frozen=True, slots=True)
class Block:
    """A run of an article's text with one role (a headline, a paragraph, a caption...).

    ``start``/``end`` are code-point offsets into ``Article.text``; for HTML input
    ``source_line`` is the 1-based line of the element in the HTML file.
    """

    role: Role
    start: int
    end: int
    source_line: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One document as read: its decoded text (BOM removed) and its blocks.

    For plain text, ``text`` is the file's content exactly as decoded, so offsets point into the
    user's file. For HTML, ``text`` is the extracted article (blocks separated by blank lines) and
    each block carries the HTML line it came from.
    """

    path: str
    text: str
    blocks: tuple[Block, ...]
    encoding: str = "utf-8"
    format: Literal["text", "html"] = "text"
    lang: str | None = None
    title: str | None = None
    subtitle: str | None = None
    date: str | None = None
    byline: str | None = None
    captions: tuple[str, ...] = ()
    original_url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``text`` is NFC, inner line breaks as spaces; the span indexes the article."""

    text: str
    start: int
    end: int
    role: Role = "body"


_new_object = object.__new__
_SET_TEXT, _SET_START, _SET_END, _SET_ROLE = (
    Sentence.__dict__[name].__set__ for name in ("text", "start", "end", "role")
)


def make_sentence(text: str, start: int, end: int, role: Role) -> Sentence:
    """``Sentence(text, start, end, role)``, about twice as fast, for splitters that make
    thousands: the slots are filled directly instead of through the frozen dataclass's
    ``object.__setattr__`` calls. The result is an ordinary ``Sentence``: equal to and hashed
    like one built by the constructor, and just as immutable."""
    sentence: Sentence = _new_object(Sentence)
    _SET_TEXT(sentence, text)
    _SET_START(sentence, start)
    _SET_END(sentence, end)
    _SET_ROLE(sentence, role)
    return sentence


@dataclass(frozen=True, slots=True)
class Link:
    """An alignment link: source and target sentence indices (either may be empty) and a score."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a concept in one language, with its status and matching options."""

    concept: str
    lang: str
    text: str
    status: Status = "preferred"
    note: str = ""
    pos: str = ""
    domain: str = ""
    match: MatchMode = "morph"
    case_sensitive: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Concept:
    """A glossary concept: a stable id and its terms in every language."""

    id: str
    terms: tuple[Term, ...]

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.lang == lang)

    def preferred(self, lang: str) -> Term | None:
        for term in self.terms:
            if term.lang == lang and term.status == "preferred":
                return term
        return None


@dataclass(frozen=True, slots=True)
class Glossary:
    """A concept-oriented glossary (TBX's model): concepts in file order."""

    concepts: tuple[Concept, ...]
    path: str | None = None

    def concept(self, concept_id: str) -> Concept | None:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        return None


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A glossary term found in a text: the span of the term itself (without particles).

    ``variant`` is true when ``found`` spaces or hyphenates the term differently
    (``반격능력`` for ``반격 능력``, ``counter-strike`` for ``counterstrike``).
    """

    term: Term
    start: int
    end: int
    found: str
    variant: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """A lint or check finding; fields are the JSON contract of ``align lint``.

    ``line``/``column`` are 1-based, columns counted in code points; ``end_line``/``end_column``
    name the column just past the match, as SARIF's ``endColumn`` does.
    """

    rule: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    concept: str | None = None
    found: str = ""
    suggestion: str = ""
    source_path: str | None = None
    source_line: int | None = None
    source_column: int | None = None


PairMethod = Literal["link", "id", "content", "unpaired"]
PAIR_METHODS: tuple[PairMethod, ...] = ("link", "id", "content", "unpaired")


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """A source document paired with its translation, or a document left unpaired.

    ``source``/``target`` are the documents' paths (``None`` on the missing side of an unpaired
    document); ``score`` in [0, 1] is the pairing evidence; ``method`` says what paired them.
    """

    source: str | None
    target: str | None
    score: float
    method: PairMethod
