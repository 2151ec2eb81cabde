"""Typed records passed between the stages. Frozen and slotted: stages return new records."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    each block carries the HTML line it came from, and ``anchors`` (as in
    :class:`SegmentText`: ``(offset, line, column)`` in increasing offset) say where the
    extracted characters are in the page's source. ``reference_ends`` (same triples) say where
    a character written as a character reference ends: the text before ``offset`` ends just
    before ``line``:``column``, past the whole reference.
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
    anchors: tuple[tuple[int, int, int], ...] = ()
    reference_ends: tuple[tuple[int, int, int], ...] = ()


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
    #: Where a TBX term's text is on ``line`` (1-based code-point columns, the end just past
    #: it, on the same line); ``None`` for a table row, whose term is the row at ``line``.
    column: int | None = None
    end_column: int | None = None
    #: The file of a term read with others (``--glossary`` given twice); ``None``: the
    #: glossary's own path.
    path: str | None = None


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
    #: What the reader understood only in part (a TBX value outside its picklist, read with the
    #: nearest meaning), each at its file and line; ``validate_glossary`` reports them.
    warnings: tuple[Finding, ...] = ()

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
    name the column just past the match, as SARIF's ``endColumn`` does. A finding of the QA
    checks on a bilingual file names its ``segment`` (the id the file gives it) and the ``side``
    (``source`` or ``target``) the position is on; a consistency finding lists the other
    segments involved in ``related``.
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
    segment: str | None = None
    side: Literal["source", "target"] | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fix:
    """The edit ``align lint --fix`` makes for one finding: the text from ``line``/``column``
    up to (not including) ``end_line``/``end_column`` becomes ``replacement``.

    Positions count as :class:`Finding`'s do. The region may run past the finding's own span:
    a Korean particle after the term is re-selected with it (를 → 을), so it is replaced too.
    """

    finding: Finding
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


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


# Bilingual files of the translation trade (XLIFF, TMX, PO): segments read from them.

BilingualFormat = Literal["xliff12", "xliff2", "tmx", "po"]
BILINGUAL_FORMATS: tuple[BilingualFormat, ...] = get_args(BilingualFormat)
CodeKind = Literal["open", "close", "standalone"]


@dataclass(frozen=True, slots=True)
class InlineCode:
    """An inline code of a segment (a tag, placeholder or marker), kept out of its text.

    ``name`` is the element (``ph``, ``bpt``, ``g``, ``pc``...); ``kind`` says whether it opens
    a pair, closes one or stands alone (an XLIFF 1.2 ``<g>`` becomes an ``open`` and a ``close``
    code); ``id`` pairs an opening code with its closing one and a source code with its target
    counterpart (XLIFF ``id``/``rid``, TMX ``i``/``x``; empty when the file gives none);
    ``offset`` is where the code sits in :attr:`SegmentText.text`; ``content`` is the code's
    native data (the ``<b>`` inside a ``bpt``), for messages. ``annotation`` marks a marker
    (XLIFF ``mrk``, ``sm``/``em``, TMX ``hi``) rather than a code of the original document: a
    term, a comment or a tracked change a CAT tool or a reviewer put on one side, which the
    other side need not repeat.
    """

    name: str
    kind: CodeKind
    id: str
    offset: int
    content: str = ""
    annotation: bool = False


@dataclass(frozen=True, slots=True)
class SegmentText:
    """One side of a segment: its text between inline codes, and where that text is in the file.

    ``text`` is the text as written, entities decoded and codes removed (whitespace kept as in
    the file). ``anchors`` are ``(offset, line, column)`` triples in increasing ``offset``: the
    character at ``offset`` of ``text`` is at the 1-based ``line``:``column`` of the file, and
    the characters after it, up to the next anchor, follow on the same line one column each (a
    reader adds an anchor after every line break and every entity or code in the text).
    ``reference_ends`` (same triples, as in :class:`Article`) say where a character written
    wider than one column (``&#47141;``, ``&amp;``, PO's ``\\t``) ends: the text before
    ``offset`` ends just before ``line``:``column``, past the whole reference or escape.
    """

    text: str
    codes: tuple[InlineCode, ...] = ()
    anchors: tuple[tuple[int, int, int], ...] = ()
    reference_ends: tuple[tuple[int, int, int], ...] = ()

    def locate(self, offset: int) -> tuple[int, int]:
        """The file's 1-based (line, column) of ``text[offset]`` (or of the end, at ``len``)."""
        line, column, base = 1, 1, 0
        low, high = 0, len(self.anchors)
        while low < high:  # the last anchor at or before offset
            middle = (low + high) // 2
            if self.anchors[middle][0] <= offset:
                low = middle + 1
            else:
                high = middle
        if low:
            base, line, column = self.anchors[low - 1]
        return line, column + offset - base


@dataclass(frozen=True, slots=True)
class Segment:
    """A source text and its translation as a bilingual file holds them.

    ``id`` names the segment as the file does (XLIFF ``trans-unit``/``unit`` id, plus the
    segment id where a unit has several; TMX ``tuid`` or position; PO ``msgctxt`` else
    ``msgid``); ``target`` is ``None`` when the file has no target for it (an empty target
    element is an empty text). ``fuzzy`` marks a PO fuzzy entry or an XLIFF target whose state
    is not final; ``state`` is the file's own word for it (``needs-translation``, ``fuzzy``...).
    ``layout_space`` says that line breaks and the spaces around them are the file's layout,
    not the text's: an XLIFF element without ``xml:space="preserve"``, whose writer may wrap
    and indent it (Angular's extractor does), so the white-space rules leave them alone.
    """

    id: str
    source: SegmentText
    target: SegmentText | None
    fuzzy: bool = False
    state: str = ""
    note: str = ""
    layout_space: bool = False


@dataclass(frozen=True, slots=True)
class BilingualFile:
    """A bilingual file as read: its format, languages (BCP 47 as written) and segments."""

    path: str
    format: BilingualFormat
    source_lang: str
    target_lang: str
    segments: tuple[Segment, ...]
    #: The file's text as decoded for reading (its ``align: ignore`` comments are read from
    #: it, so the file is read and decoded once).
    text: str = field(default="", repr=False, compare=False)
    #: The source and target languages the file itself declares (``None``: it declares none),
    #: whatever ``--src-lang``/``--tgt-lang`` chose instead.
    declared: tuple[str | None, str | None] = field(default=(None, None), compare=False)
