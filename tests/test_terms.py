"""Term matching: Korean particles, spacing and compounds; English inflections and variants."""

from __future__ import annotations

import pytest

from align.models import Glossary
from align.terms.matching import find_terms
from align.terms.table import parse_table

GLOSSARY = parse_table(
    "concept\tlang\tterm\tstatus\tmatch\tcase\n"
    "counterstrike\tko\t반격 능력\tpreferred\t\t\n"
    "counterstrike\tko\t적기지 공격 능력\tdeprecated\t\t\n"
    "counterstrike\ten\tcounterstrike capabilities\tpreferred\t\t\n"
    "counterstrike\ten\tenemy base strike capabilities\tdeprecated\t\t\n"
    "ability\tko\t능력\tpreferred\t\t\n"
    "indopacom\tko\t인도태평양사령부\tpreferred\t\t\n"
    "indopacom\tko\t태평양사령부\tdeprecated\t\t\n"
    "indopacom\ten\tIndo-Pacific Command\tpreferred\t\t\n"
    "indopacom\ten\tPacific Command\tdeprecated\t\t\n"
    "usfj\tko\t주일미군\tpreferred\t\t\n"
    "usfj\ten\tUSFJ\tadmitted\t\tsensitive\n"
    "jtf\tko\t합동임무부대\tpreferred\t\t\n"
    "jsdf\tko\t자위대\tpreferred\t\t\n"
    "japan\ten\tJapan\tpreferred\t\t\n"
    "us\ten\tUS\tpreferred\t\tsensitive\n"
    "strike\ten\tcounter-strike\tpreferred\t\t\n"
    "year\ten\t(19|20)\\d\\d\tpreferred\tregex\t\n"
    "exact\ten\tSeoul\tpreferred\texact\t\n",
    "test.tsv",
)


def _found(text: str, lang: str, glossary: Glossary = GLOSSARY) -> list[tuple[str, str]]:
    return [(m.term.concept, m.found) for m in find_terms(text, glossary, lang)]


@pytest.mark.parametrize("particle", ["을", "이", "은", "의", "과", "으로", "에", "도", "이다"])
def test_korean_particles_attached_still_match(particle: str) -> None:
    text = f"일본은 반격 능력{particle} 보유한다."
    [match] = find_terms(text, GLOSSARY, "ko")
    assert match.found == "반격 능력"
    assert text[match.start : match.end] == "반격 능력"  # the particle is not in the span


@pytest.mark.parametrize("particle", ["를", "가", "는", "와", "로"])
def test_vowel_final_particles(particle: str) -> None:
    assert _found(f"합동임무부대{particle} 만든다", "ko") == [("jtf", "합동임무부대")]
    assert _found(f"자위대{particle} 움직인다", "ko") == [("jsdf", "자위대")]


def test_spacing_variants_match_and_are_flagged() -> None:
    [solid] = find_terms("반격능력을 보유", GLOSSARY, "ko")
    assert (solid.found, solid.variant) == ("반격능력", True)
    [spaced] = find_terms("반격 능력을 보유", GLOSSARY, "ko")
    assert (spaced.found, spaced.variant) == ("반격 능력", False)
    [deprecated] = find_terms("'적기지 공격능력'(반격능력)", GLOSSARY, "ko")[:1]
    assert deprecated.term.status == "deprecated" and deprecated.found == "적기지 공격능력"


def test_compounds_do_not_match() -> None:
    assert _found("초능력을 가진 사람", "ko") == []
    assert _found("능력자와 초능력", "ko") == []
    # a longer word, not the term plus a particle:
    assert _found("주일미군사령부가 있다", "ko") == []
    assert _found("그의 능력은 크다", "ko") == [("ability", "능력")]


def test_longest_term_wins_in_korean() -> None:
    matches = find_terms("하와이의 미 인도태평양사령부에 위임", GLOSSARY, "ko")
    assert [(m.found, m.term.status) for m in matches] == [("인도태평양사령부", "preferred")]
    assert _found("옛 태평양사령부는", "ko") == [("indopacom", "태평양사령부")]


def test_longest_term_wins_in_english() -> None:
    matches = find_terms("the US Indo-Pacific Command in Hawaii", GLOSSARY, "en")
    assert [(m.found, m.term.status) for m in matches] == [
        ("US", "preferred"),
        ("Indo-Pacific Command", "preferred"),
    ]
    assert _found("the old Pacific Command", "en") == [("indopacom", "Pacific Command")]


@pytest.mark.parametrize(
    "text",
    [
        "counterstrike capability",
        "Counterstrike capabilities",
        "counter-strike capabilities",
        "COUNTERSTRIKE CAPABILITIES",
        "counter strike capability",
    ],
)
def test_english_inflection_case_and_hyphen_variants(text: str) -> None:
    [match] = find_terms(f"Japan's new {text}.", GLOSSARY, "en")[1:]
    assert match.found == text and match.term.concept == "counterstrike"
    assert match.variant == ("-" in text or "counter strike" in text)


@pytest.mark.parametrize("text", ["Japan's", "Japan’s", "Japan", "Japans'"])
def test_possessives_match_without_the_apostrophe(text: str) -> None:
    [match] = find_terms(f"{text} forces", GLOSSARY, "en")
    assert match.found in ("Japan", "Japans")


def test_english_word_boundaries_and_case_sensitive_terms() -> None:
    assert _found("Japanese forces", "en") == []
    assert _found("let us go", "en") == []
    assert _found("the US and USFJ", "en") == [("us", "US"), ("usfj", "USFJ")]
    assert _found("counterstrike, counter strike and counter-strike", "en") == [
        ("strike", "counterstrike"),
        ("strike", "counter strike"),
        ("strike", "counter-strike"),
    ]


def test_regex_and_exact_terms() -> None:
    assert _found("in 1960 and 2022", "en") == [("year", "1960"), ("year", "2022")]
    assert _found("Seoul and SEOUL's", "en") == [("exact", "Seoul"), ("exact", "SEOUL")]
    assert _found("Seouls", "en") == []


def test_spans_index_the_text_as_given_even_when_decomposed_or_crlf() -> None:
    import unicodedata

    text = "첫 줄\r\n" + unicodedata.normalize("NFD", "주일미군과 반격능력을")
    matches = find_terms(text, GLOSSARY, "ko")
    assert [unicodedata.normalize("NFC", text[m.start : m.end]) for m in matches] == [
        "주일미군",
        "반격능력",
    ]


def test_empty_inputs() -> None:
    assert find_terms("", GLOSSARY, "ko") == []
    assert find_terms("아무 용어 없음", Glossary(()), "ko") == []


def test_a_backtracking_regex_term_stops_with_its_glossary_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from align.errors import GlossaryError
    from align.terms import matching

    glossary = parse_table(
        "concept\tlang\tterm\tmatch\nnested\ten\t(a+)+$\tregex\nbad\ten\t(a|aa)+$\tregex\n",
        "hostile.tsv",
    )
    # (a+)+$ is answered at once by the regex engine; (a|aa)+$ backtracks 2^n ways, and is
    # stopped (the limit made small here so the test stays fast).
    monkeypatch.setattr(matching, "REGEX_TIMEOUT", 0.2)
    with pytest.raises(GlossaryError) as caught:
        find_terms("a" * 60 + "!", glossary, "en")
    assert str(caught.value).startswith("hostile.tsv:3:")
    assert "(a|aa)+$" in str(caught.value) and "nested" in str(caught.value)
    just_nested = parse_table("concept\tlang\tterm\tmatch\nn\ten\t(a+)+$\tregex\n", "g.tsv")
    assert find_terms("a" * 41 + "!", just_nested, "en") == []
