"""Properties that hold for any text (hypothesis), with Hangul, Latin, digits, punctuation, tabs,
``&``, ``<``, emoji, NFD Hangul and CRLF in the mix.

Kept elsewhere, not repeated here: splitting a text never loses a non-space character and spans
slice back (``test_segment.py::test_no_character_lost_*``, every engine), the glossary TSV/CSV/TBX
round trip (``test_glossary.py::test_round_trip_property``), block spans of the plain-text reader
(``test_readers.py::test_blocks_are_ordered_stripped_spans_of_the_text``) and any markup through
the HTML extractor (``test_extract.py::test_any_markup_gives_an_article_or_a_one_line_error``).
This file adds the whole path from a file on disk, the aligner's partition, every exporter's
round trip and glossary terms with emoji and NFD.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align import aligner
from align.export import formats
from align.jobs import documents
from align.models import Concept, Glossary, Link, Term
from align.terms.formats import read_glossary, write_glossary
from align.text.normalize import display_text
from tests.sides import aligned_side

NFD_HANGUL = unicodedata.normalize("NFD", "한국어 문장")
PIECES = [
    "가",
    "나",
    "반격",
    "능력",
    "은",
    "다.",
    "A",
    "b",
    "Z",
    "z",
    "0",
    "9",
    "1,200",
    ".",
    "!",
    "?",
    ",",
    ";",
    ":",
    "'",
    '"',
    "“",
    "”",
    "(",
    ")",
    "-",
    "&",
    "<",
    ">",
    "&amp;",
    "\t",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\n\n",
    "😀",
    "👨‍👩‍👧",
    NFD_HANGUL,
    "Mr.",
    "U.S.",
    "…",
    "。",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
SENTENCE = TEXT.map(display_text).filter(bool)
FILE_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- reading and splitting a file ----------------------------------------------------------------


@FILE_SETTINGS
@given(text=TEXT, lang=st.sampled_from(["en", "ko"]))
def test_split_file_keeps_every_character_of_its_blocks(
    tmp_path: Path, text: str, lang: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode("utf-8"))
    document = documents.split_document(str(path), lang=lang, engine="rules")
    assert document.article.text == text  # kept exactly as read
    covered: set[int] = set()
    previous_end = 0
    for sentence in document.sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert sentence.text == display_text(text[sentence.start : sentence.end])
        covered.update(range(sentence.start, sentence.end))
        previous_end = sentence.end
    for block in document.article.blocks:
        lost = [
            i for i in range(block.start, block.end) if not text[i].isspace() and i not in covered
        ]
        assert not lost, (text, lost)


@FILE_SETTINGS
@given(lines=st.lists(SENTENCE, max_size=12), crlf=st.booleans())
def test_presplit_file_is_one_sentence_per_line(
    tmp_path: Path, lines: list[str], crlf: bool
) -> None:
    path = tmp_path / "lines.txt"
    ending = "\r\n" if crlf else "\n"
    path.write_bytes("".join(line + ending for line in lines).encode("utf-8"))
    text, sentences = documents.read_presplit(str(path))
    assert [s.text for s in sentences] == lines
    assert [text[s.start : s.end] for s in sentences] == lines


# --- alignment -----------------------------------------------------------------------------------


def _assert_monotone_partition(links: list[Link], sources: int, targets: int) -> None:
    assert [i for link in links for i in link.source] == list(range(sources))
    assert [j for link in links for j in link.target] == list(range(targets))
    for link in links:
        assert link.source or link.target
        assert 0.0 <= link.score <= 1.0


@settings(max_examples=60, deadline=None)
@given(
    source=st.lists(SENTENCE, max_size=10),
    target=st.lists(SENTENCE, max_size=10),
    langs=st.sampled_from([("ko", "en"), ("en", "ko"), ("en", "en")]),
)
def test_alignment_is_a_monotone_partition_of_both_sides(
    source: list[str], target: list[str], langs: tuple[str, str]
) -> None:
    links = aligner.align(source, target, source_lang=langs[0], target_lang=langs[1])
    _assert_monotone_partition(links, len(source), len(target))


# --- exporters -----------------------------------------------------------------------------------


@st.composite
def _aligned_pairs(draw: st.DrawFn) -> formats.AlignedPair:
    """Two sides of sentences and a random monotone partition of them into links."""
    source, target = (
        aligned_side(path, lang, draw(st.lists(SENTENCE, max_size=8)))
        for path, lang in (("ko.txt", "ko"), ("en.txt", "en"))
    )
    links: list[Link] = []
    i = j = 0
    while i < len(source.sentences) or j < len(target.sentences):
        take_i = draw(st.integers(0 if j < len(target.sentences) else 1, 2))
        take_j = draw(st.integers(0 if take_i else 1, 2))
        take_i, take_j = (
            min(take_i, len(source.sentences) - i),
            min(take_j, len(target.sentences) - j),
        )
        if not take_i and not take_j:
            take_i, take_j = (1, 0) if i < len(source.sentences) else (0, 1)
        score = draw(st.floats(0, 1))
        links.append(Link(tuple(range(i, i + take_i)), tuple(range(j, j + take_j)), score))
        i, j = i + take_i, j + take_j
    return formats.AlignedPair(source, target, tuple(links))


def _texts(side: formats.AlignedSide, indices: tuple[int, ...]) -> str:
    return " ".join(side.sentences[i].text for i in indices)


EXPORT_SETTINGS = settings(max_examples=80, deadline=None)


@EXPORT_SETTINGS
@given(pair=_aligned_pairs())
def test_links_round_trip(pair: formats.AlignedPair) -> None:
    back = formats.parse_links(formats.render("links", pair))
    assert [(b.source, b.target) for b in back] == [(a.source, a.target) for a in pair.links]
    assert all(abs(b.score - a.score) <= 5e-4 for a, b in zip(pair.links, back, strict=True))


@EXPORT_SETTINGS
@given(pair=_aligned_pairs())
def test_jsonl_round_trip(pair: formats.AlignedPair) -> None:
    back = formats.parse_jsonl(formats.render("jsonl", pair))
    assert len(back) == len(pair.links)
    for link, record in zip(pair.links, back, strict=True):
        assert (record.link.source, record.link.target) == (link.source, link.target)
        assert record.source_text == _texts(pair.source, link.source)
        assert record.target_text == _texts(pair.target, link.target)
        for spans, side in ((record.source_spans, pair.source), (record.target_spans, pair.target)):
            assert [side.text[s:e] for s, e in spans] == [
                side.sentences[i].text
                for i in (link.source if side is pair.source else link.target)
            ]


def _both_sided(pair: formats.AlignedPair) -> list[Link]:
    return [link for link in pair.links if link.source and link.target]


@EXPORT_SETTINGS
@given(pair=_aligned_pairs())
def test_tmx_round_trip(pair: formats.AlignedPair) -> None:
    back = formats.parse_tmx(formats.render("tmx", pair).encode("utf-8"), "p.tmx")
    expected = _both_sided(pair)
    assert len(back) == len(expected)
    for link, unit in zip(expected, back, strict=True):
        assert (unit.link.source, unit.link.target) == (link.source, link.target)
        assert unit.texts == {
            "ko": _texts(pair.source, link.source),
            "en": _texts(pair.target, link.target),
        }
        assert abs(unit.link.score - link.score) <= 5e-7


@EXPORT_SETTINGS
@given(pair=_aligned_pairs())
def test_tsv_round_trip(pair: formats.AlignedPair) -> None:
    rows = [line.split("\t") for line in formats.render("tsv", pair).splitlines()]
    expected = _both_sided(pair)
    assert [row[:2] for row in rows] == [
        [_texts(pair.source, link.source), _texts(pair.target, link.target)] for link in expected
    ]
    assert all(len(row) == 3 for row in rows)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pair=_aligned_pairs())
def test_moses_round_trip(tmp_path: Path, pair: formats.AlignedPair) -> None:
    paths = formats.write("moses", pair, str(tmp_path / "corpus"), overwrite=True)
    source, target = (Path(p).read_text(encoding="utf-8").split("\n")[:-1] for p in paths)
    expected = _both_sided(pair)
    assert source == [_texts(pair.source, link.source) for link in expected]
    assert target == [_texts(pair.target, link.target) for link in expected]


# --- glossary terms with emoji, NFD Hangul, & and < ---------------------------------------------

TERM = st.lists(
    st.sampled_from(
        ["반격", NFD_HANGUL, "😀", "&", "<", "A", "z", "1", "-", " ", "'", '"', "·", "(", ")"]
    ),
    min_size=1,
    max_size=8,
).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.lists(TERM.filter(lambda t: t.strip()), min_size=1, max_size=5, unique=True),
    note=st.sampled_from(["", "note & <b>", "tab\there", "😀"]),
)
def test_glossary_terms_round_trip_through_every_format(
    tmp_path: Path, texts: list[str], note: str
) -> None:
    terms = tuple(Term("c1", "ko", t, note=note) for t in texts)
    original = Glossary((Concept("c1", terms),))
    expected = [" ".join(unicodedata.normalize("NFC", t).split()) for t in texts]
    for name in ("g.tsv", "g.csv", "g.tbx"):
        path = tmp_path / name
        write_glossary(original, str(path), overwrite=True)
        back = read_glossary(str(path))
        assert [t.text for t in back.concepts[0].terms] == expected, name
        assert {t.note for t in back.concepts[0].terms} == {note}, name
