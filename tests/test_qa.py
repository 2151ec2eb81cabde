"""QA rules on bilingual segments: each rule fires on its error and stays quiet on the traps
of Korean–English translation (particles after terms, 다. against ., reordered codes...)."""

from __future__ import annotations

import pytest

from align.errors import ConfigError
from align.models import BilingualFile, Finding, InlineCode, Segment, SegmentText
from align.review.qa import RULES, qa_findings
from align.text.marks import (
    emails,
    end_kind,
    placeholders,
    repeated_words,
    unbalanced_brackets,
    unbalanced_quotes,
    urls,
)

CONTRACT = (
    "untranslated",
    "inconsistent-target",
    "inconsistent-source",
    "tag-mismatch",
    "placeholder-mismatch",
    "punctuation-end",
    "url-mismatch",
    "email-mismatch",
    "bracket-balance",
    "quote-balance",
    "double-space",
    "repeated-word",
    "whitespace-edge",
    "length-ratio",
)


def seg(
    id: str,
    source: str,
    target: str | None,
    *,
    source_codes: tuple[InlineCode, ...] = (),
    target_codes: tuple[InlineCode, ...] = (),
) -> Segment:
    return Segment(
        id,
        SegmentText(source, source_codes),
        None if target is None else SegmentText(target, target_codes),
    )


def qa_file(*segments: Segment, source: str = "ko", target: str = "en") -> BilingualFile:
    return BilingualFile("doc.xlf", "xliff12", source, target, segments)


def run(rule: str, *segments: Segment, source: str = "ko", target: str = "en") -> list[Finding]:
    return qa_findings(qa_file(*segments, source=source, target=target), enabled=[rule])


def fired(rule: str, *segments: Segment, source: str = "ko", target: str = "en") -> list[str]:
    """The ids of the segments ``rule`` reports."""
    return [f.segment or "" for f in run(rule, *segments, source=source, target=target)]


# --- the registry ---------------------------------------------------------------------------------


def test_every_contract_rule_is_registered_with_a_one_line_description() -> None:
    assert tuple(RULES) == CONTRACT
    for rule in RULES.values():
        assert rule.description and "\n" not in rule.description
        assert rule.severity in ("info", "warning", "error")
    assert RULES["untranslated"].severity == "error"
    assert RULES["length-ratio"].severity == "warning"


def test_unknown_rules_are_refused() -> None:
    with pytest.raises(ConfigError, match="no-such-rule"):
        qa_findings(qa_file(), enabled=["no-such-rule"])


def test_findings_name_the_file_segment_and_side_in_reading_order() -> None:
    document = qa_file(
        seg("b", "회의는 3시에 열린다.", "The meeting is at 3  o'clock."),
        seg("a", "그는 떠났다.", ""),
    )
    found = qa_findings(document)
    assert [(f.segment, f.rule) for f in found] == [("b", "double-space"), ("a", "untranslated")]
    assert {f.path for f in found} == {"doc.xlf"}
    assert {f.side for f in found} == {"target"}


def test_segments_without_target_are_skipped_and_empty_ones_only_untranslated() -> None:
    document = qa_file(
        seg("1", "{0}님, 안녕하세요!", None),
        seg("2", "{0}님, https://example.com 에서 보세요!", " "),
    )
    assert [(f.rule, f.segment) for f in qa_findings(document)] == [("untranslated", "2")]


# --- untranslated ---------------------------------------------------------------------------------


def test_untranslated_empty_target_is_an_error_and_a_copy_a_warning() -> None:
    found = run(
        "untranslated",
        seg("empty", "보고서를 저장했습니다.", ""),
        seg("copy", "Samsung Galaxy 출시", "Samsung  galaxy 출시"),
        seg("numbers", "2019-10-01", "2019-10-01"),
        seg("done", "보고서", "Report"),
    )
    assert [(f.segment, f.severity) for f in found] == [("empty", "error"), ("copy", "warning")]


def test_a_source_of_codes_or_white_space_alone_is_nothing_to_translate() -> None:
    """A segment holding only an image or a field (a CAT tool copies its code to the target)
    or only white space was "the target is empty", an error on every such segment; its codes
    are compared instead, so a target that lost them is a tag-mismatch."""
    image = (InlineCode("x", "standalone", "1", 0),)
    bold = (InlineCode("bpt", "open", "1", 0, "<b>"), InlineCode("ept", "close", "1", 0, "</b>"))
    document = qa_file(
        seg("image", "", "", source_codes=image, target_codes=image),
        seg("blank", "  ", "  "),
        seg("lost", "", "", source_codes=bold),
        seg("empty", "그는 떠났다.", ""),
    )
    found = qa_findings(document)
    assert [(f.segment, f.rule) for f in found] == [
        ("lost", "tag-mismatch"),
        ("lost", "tag-mismatch"),
        ("empty", "untranslated"),
    ]


# --- consistency ----------------------------------------------------------------------------------


def test_inconsistent_target_reports_the_minority_and_lists_the_majority() -> None:
    bold = (InlineCode("g", "open", "1", 0), InlineCode("g", "close", "1", 4))
    found = run(
        "inconsistent-target",
        seg("1", "반격 능력", "counterstrike capability"),
        seg("2", "반격  능력", "counterattack capability"),
        seg("3", "반격 능력", "Counterstrike capability", source_codes=bold),
        seg("4", "전쟁", "war"),
        seg("5", "전쟁", "war"),  # the same source translated identically: no finding
    )
    [finding] = found
    assert (finding.segment, finding.side, finding.related) == ("2", "target", ("1", "3"))
    assert finding.suggestion == "counterstrike capability"
    assert finding.severity == "warning"


def test_inconsistent_target_tie_reports_the_later_segment() -> None:
    assert fired(
        "inconsistent-target", seg("a", "안녕", "Hello"), seg("b", "안녕", "Hi there")
    ) == ["b"]


def test_inconsistent_source_reports_on_the_source_side() -> None:
    document = qa_file(
        seg("1", "확인", "OK"),
        seg("2", "확인", "ok"),
        Segment("3", SegmentText("승인", anchors=((0, 9, 13),)), SegmentText("OK")),
    )
    [finding] = qa_findings(document, enabled=["inconsistent-source"])
    assert (finding.segment, finding.side, finding.related) == ("3", "source", ("1", "2"))
    assert (finding.line, finding.column, finding.end_column) == (9, 13, 15)


# --- inline codes ---------------------------------------------------------------------------------


def _pair(code_id: str, start: int, end: int, name: str = "g") -> tuple[InlineCode, InlineCode]:
    return (InlineCode(name, "open", code_id, start), InlineCode(name, "close", code_id, end))


def test_codes_reordered_in_the_translation_are_fine() -> None:
    # "<1>Seoul</1> is the capital of <2>Korea</2>" → "<2>한국</2>의 수도는 <1>서울</1>이다"
    source = (*_pair("1", 0, 5), *_pair("2", 24, 29), InlineCode("x", "standalone", "3", 30))
    target = (*_pair("2", 0, 2), *_pair("1", 8, 10), InlineCode("x", "standalone", "3", 3))
    segment = seg(
        "1",
        "Seoul is the capital of Korea.",
        "한국의 수도는 서울이다.",
        source_codes=source,
        target_codes=target,
    )
    assert fired("tag-mismatch", segment, source="en", target="ko") == []


def test_missing_extra_and_crossed_codes() -> None:
    source = (*_pair("1", 0, 2), *_pair("2", 3, 5))
    missing = seg("missing", "ab cd", "가 나", source_codes=source, target_codes=source[:3])
    extra_code = InlineCode("ph", "standalone", "9", 2, "{br}")
    extra = seg("extra", "ab cd", "가 나", source_codes=source, target_codes=(*source, extra_code))
    crossed_codes = (*_pair("1", 0, 2), *_pair("2", 1, 3))  # <1>가<2> </1>나</2>
    crossed = seg("crossed", "ab cd", "가 나", source_codes=source, target_codes=crossed_codes)
    found = run("tag-mismatch", missing, extra, crossed)
    assert [(f.segment, f.column) for f in found] == [("missing", 1), ("extra", 3), ("crossed", 3)]
    assert "missing" in found[0].message and "{br}" in found[1].message
    assert "out of order" in found[2].message


def test_codes_without_ids_compare_by_content() -> None:
    source = (InlineCode("ph", "standalone", "", 0, "<br/>"),)
    same = (InlineCode("ph", "standalone", "", 2, "<br/>"),)
    other = (InlineCode("ph", "standalone", "", 2, "<hr/>"),)
    assert (
        fired("tag-mismatch", seg("a", "줄 바꿈", "line", source_codes=source, target_codes=same))
        == []
    )
    assert (
        len(run("tag-mismatch", seg("b", "줄", "line", source_codes=source, target_codes=other)))
        == 2
    )


def test_rules_read_the_text_between_codes() -> None:
    # A number split by a code ("1<b>0</b>0") is one text; two spaces around a code are one each.
    codes = (InlineCode("x", "standalone", "1", 5, "<br/>"),)
    target = seg("1", "새 창 열기", "Open  a window", source_codes=codes, target_codes=codes)
    assert fired("double-space", target) == []


# --- placeholders ---------------------------------------------------------------------------------


def test_placeholders_of_each_syntax() -> None:
    text = (
        "%s %1$d %.2f %% %@ {0} {name} {0:N2} %(user)s {{ item }} {n, plural, one {# 개} other {#}}"
    )
    keys = [p.key for p in placeholders(text)]
    assert keys == [
        "%s",
        "%1$d",
        "%.2f",
        "%@",
        "{0}",
        "{name}",
        "{0:N2}",
        "%(user)s",
        "{{item}}",
        "{n}",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "지지율이 3.5%p 올랐다",
        "50% discount",
        "10%를 넘었다",
        "100%% 완료",
        "a {not a placeholder}",
    ],
)
def test_percent_signs_and_braces_that_are_not_placeholders(text: str) -> None:
    assert placeholders(text) == []


def test_placeholder_mismatch_compares_multisets_not_order() -> None:
    found = run(
        "placeholder-mismatch",
        seg("order", "{0}이(가) {1}을(를) 보냄", "{0} sent {1}"),
        seg(
            "plural", "{count, plural, other {파일 #개}}", "{count, plural, one {# file} other {#}}"
        ),
        seg("missing", "%1$s님, %2$d개의 새 메시지", "%1$s, you have new messages"),
        seg("changed", "%(name)s님 환영합니다", "Welcome %(이름)s"),
        seg("twice", "{0}", "{0} {0}"),
    )
    assert [(f.segment, f.column) for f in found] == [
        ("missing", 1),
        ("changed", 1),
        ("changed", 9),
        ("twice", 5),
    ]
    assert "'%2$d'" in found[0].message


# --- final punctuation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("회의가 끝났다.", "period"),
        ("회의가 끝났습니까?", "question"),
        ('He said "no."', "period"),
        ("“정말이에요?”", "question"),
        ("会議は終わった。", "period"),
        ("本当？", "question"),
        ("Really?!", "question"),
        ("Wait...", "ellipsis"),
        ("기다려…", "ellipsis"),
        ("Note:", "colon"),
        ("회의가 끝났다", "none"),
        ("(Reuters)", "none"),
    ],
)
def test_end_kind(text: str, kind: str) -> None:
    assert end_kind(text) == kind


def test_greek_question_mark() -> None:
    assert end_kind("Τι κάνεις;", "el") == "question"
    assert end_kind("Note;", "en") == "semicolon"


def test_punctuation_end() -> None:
    found = run(
        "punctuation-end",
        seg("da", "그는 서울에 갔다.", "He went to Seoul."),
        seg("kka", "서울에 갔습니까?", "Did he go to Seoul?"),
        seg("quoted", "‘당신이 그랬어요?’라고 말했다.", "He said, 'Did you do it?'"),
        seg("headline", "트럼프, 웨스트버지니아에서 집회", "Trump rallies in West Virginia"),
        seg("dropped", "그는 떠났다.", "He left"),
    )
    assert [f.segment for f in found] == ["dropped"]
    en_ko = run("punctuation-end", seg("m", "He left.", "그는 떠났다 "), source="en", target="ko")
    assert [(f.column, f.message) for f in en_ko] == [
        (7, "the source ends with a period, the target with no final punctuation")
    ]


# --- URLs and e-mail ------------------------------------------------------------------------------


def test_urls_leave_out_sentence_punctuation_and_korean_particles() -> None:
    assert [u.text for u in urls("See https://example.com/a. Or (www.x.org/b).")] == [
        "https://example.com/a",
        "www.x.org/b",
    ]
    assert [u.text for u in urls("https://example.com/a에서 보세요")] == ["https://example.com/a"]
    assert [u.text for u in urls("https://en.wikipedia.org/wiki/Seoul_(city)")] == [
        "https://en.wikipedia.org/wiki/Seoul_(city)"
    ]
    assert urls("http://EXAMPLE.com")[0].key == urls("http://example.com/")[0].key


def test_url_mismatch() -> None:
    found = run(
        "url-mismatch",
        seg("same", "자세한 내용은 https://Example.com 참조.", "See https://example.com/."),
        seg("path", "https://example.com/a에서 보세요.", "See https://example.com/b."),
        seg("gone", "https://example.com/a에서 보세요.", "See the website."),
    )
    assert [(f.segment, f.column) for f in found] == [("path", 1), ("path", 5), ("gone", 1)]


def test_email_mismatch() -> None:
    assert [e.text for e in emails("press@Example.com로 문의하세요.")] == ["press@Example.com"]
    assert emails("see https://user@example.com/x") == []
    found = run(
        "email-mismatch",
        seg("same", "press@example.com으로 보내세요.", "Write to press@EXAMPLE.com."),
        seg("local", "Press@example.com으로 보내세요.", "Write to press@example.com."),
    )
    assert [f.segment for f in found] == ["local", "local"]


# --- brackets and quotes --------------------------------------------------------------------------


def test_unbalanced_brackets() -> None:
    assert unbalanced_brackets("트럼프(Trump)가 「한국」을 방문") == []
    assert unbalanced_brackets("1) 첫째, 2) 둘째") == []
    assert unbalanced_brackets("트럼프(Trump가") == [3]
    assert unbalanced_brackets("【공지】 (a]") == [5, 7]


def test_bracket_balance_only_where_the_source_is_balanced() -> None:
    found = run(
        "bracket-balance",
        seg("gloss", "Trump rallies.", "트럼프(Trump)가 집회를 열었다."),
        seg("lost", "Trump (R) spoke.", "트럼프(공화당가 말했다."),
        seg("source", "Items a) and b", "항목 가)와 나"),
        seg("cjk", "Title", "『제목"),
    )
    assert [(f.segment, f.column, f.found) for f in found] == [("lost", 4, "("), ("cjk", 1, "『")]


def test_unbalanced_quotes_tell_apostrophes_from_quotes() -> None:
    assert unbalanced_quotes("Don’t say ‘no’ to the AMs’ title, it’s 'fine'") == []
    assert unbalanced_quotes("시리아, 난민 귀환 ‘준비 완료’라고 말함") == []
    assert unbalanced_quotes('"대통령답게 행동하는 것은 쉽습니다.” 라고') == []
    assert unbalanced_quotes("“열린 자세를 갖고") == [0]
    assert unbalanced_quotes('말했다."') == [4]
    assert unbalanced_quotes("‘미국과의 '상응하는 조치'를") == [0]


def test_quote_balance() -> None:
    found = run(
        "quote-balance",
        seg("fine", 'He said "no."', "그는 “아니오”라고 말했다."),
        seg("stray", 'He was "in a dark place."', '그는 어두운 곳에 있었다."'),
        seg("runs-on", '"It rips a hole', "“가슴에 구멍을"),
        source="en",
        target="ko",
    )
    assert [(f.segment, f.column) for f in found] == [("stray", 15)]


# --- spacing and repeats --------------------------------------------------------------------------


def test_double_space_points_at_the_run() -> None:
    target = SegmentText("Welsh AMs  worried", anchors=((0, 12, 20),))
    document = qa_file(Segment("7", SegmentText("웨일스 의원들은 걱정했다"), target))
    [finding] = qa_findings(document, enabled=["double-space"])
    assert (finding.line, finding.column, finding.end_column) == (12, 29, 31)
    assert fired("double-space", seg("edges", "가", "  a  ")) == []


def test_repeated_words() -> None:
    assert [w for w in repeated_words("the the cat")] == [(4, 7)]
    assert repeated_words("The the cat") == [(4, 7)]
    assert repeated_words("서울 에서 에서 만났다") == [(6, 8)]
    assert repeated_words("scores 10 10 and had had enough") == []
    assert repeated_words("하나 하나 살펴보았다") == []
    assert repeated_words("theme the") == []


def test_repeated_word_not_where_the_source_repeats_itself() -> None:
    found = run(
        "repeated-word",
        seg("slip", "그는 회의에 참석했다.", "He attended the the meeting."),
        seg("echo", '"쭉 짜내자, 쭉 짜내자"', "Pump pump it out!"),
        seg("ko", "He met them in Seoul.", "그는 서울에서 서울에서 만났다."),
    )
    assert [(f.segment, f.column, f.found) for f in found] == [
        ("slip", 17, "the"),
        ("ko", 9, "서울에서"),
    ]


def test_whitespace_edge() -> None:
    found = run(
        "whitespace-edge",
        seg("same", " 안녕\n", " Hello\n"),
        seg("trail", "안녕", "Hello "),
        seg("lead", " 안녕", "Hello"),
    )
    assert [(f.segment, f.column, f.end_column) for f in found] == [
        ("trail", 6, 7),
        ("lead", 1, 1),
    ]


# --- length ---------------------------------------------------------------------------------------

_KO = "정부는 내년 예산안을 국회에 제출했다고 밝혔다"  # 21 letters
_EN = "The government said it had submitted next year's budget to parliament"  # 57


def _typical(count: int) -> list[Segment]:
    return [
        seg(
            f"s{i}",
            f"{_EN} {i}.",
            f"{_KO} {i}.",
        )
        for i in range(count)
    ]


def test_length_ratio_flags_a_truncated_and_an_overlong_target() -> None:
    segments = [
        *_typical(10),
        seg("cut", _EN + ".", "정부는."),
        seg("long", _EN + ".", " ".join([_KO] * 4) + "."),
        seg("short", "Yes.", "네, 그렇습니다. 정말 그렇습니다."),  # too short to measure
        seg("gloss", _EN + ".", _KO + " The government (parliament)."),  # copied words
    ]
    found = run("length-ratio", *segments, source="en", target="ko")
    assert [f.segment for f in found] == ["cut", "long"]
    assert "too short" in found[0].message and "too long" in found[1].message


def test_length_ratio_needs_enough_segments() -> None:
    segments = [*_typical(6), seg("cut", _EN + ".", "정부는.")]
    assert fired("length-ratio", *segments, source="en", target="ko") == []


# --- positions ------------------------------------------------------------------------------------


def test_positions_come_from_the_side_anchors_across_lines() -> None:
    # The target starts at line 3, column 10; a line break after offset 5 (anchor at 6).
    target = SegmentText("Hello\nthe the world", anchors=((0, 3, 10), (6, 4, 1)))
    document = qa_file(Segment("x", SegmentText("안녕\n세상"), target))
    [finding] = qa_findings(document, enabled=["repeated-word"])
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (4, 5, 4, 8)


def test_a_segment_without_source_text_is_compared_with_nothing() -> None:
    """Units with an empty source (the 0-1 links ``align sentences --format xliff`` exports for
    review: text added in the translation) all shared the "same source", so each was reported
    as translated inconsistently, and its punctuation, URL and edges as differing from a
    source it does not have. The target-only rules still read its target."""
    segments = (
        seg("a1", "병력 5만 명.", "50,000 troops."),
        seg("u3", "", "Posted on : 2024-03-26 16:46 KST"),
        seg("u7", "", " See https://example.com for more."),
        seg("u8", "", "Posted  on the the wire."),
    )
    compared = ("inconsistent-target", "inconsistent-source", "punctuation-end")
    for rule in (*compared, "url-mismatch", "whitespace-edge"):
        assert fired(rule, *segments) == [], rule
    assert fired("double-space", *segments) == ["u8"]
    assert fired("repeated-word", *segments) == ["u8"]
