"""Normalisation for matching keeps a map back to the text as read."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from align.text.normalize import (
    LineIndex,
    detect_lang,
    display_text,
    normalize_with_offsets,
    split_lines,
)


def test_nfd_hangul_is_composed_and_mapped_back() -> None:
    raw = unicodedata.normalize("NFD", "반격 능력을")
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "반격 능력을"
    assert offsets is not None
    start = norm.index("능력")
    # The span of 능력 in normalised text maps to the decomposed jamo of 능력 in the raw text.
    assert unicodedata.normalize("NFC", raw[offsets[start] : offsets[start + 2]]) == "능력"


def test_spaces_zero_width_fullwidth_and_crlf() -> None:
    raw = "A\u00a0B\u200bC\r\nＤ１\rE"
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "A BC\nD1\nE"
    assert offsets is not None
    assert raw[offsets[norm.index("D")]] == "Ｄ"
    assert offsets[-1] == len(raw)


def test_a_character_whose_nfc_is_two_characters_keeps_its_offsets() -> None:
    """U+0958 (क़) is excluded from composition: its NFC is क followed by the nukta."""
    raw = "a\u0958b"
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "a\u0915\u093cb"
    assert offsets == [0, 1, 1, 2, 3]


def test_identity_needs_no_map() -> None:
    assert normalize_with_offsets("plain text, 한국어") == ("plain text, 한국어", None)


@given(
    st.text(
        alphabet=st.sampled_from(list("가각ᄀ\u1161\u11a8a\u0301 \u00a0\u200b\r\nＡ1.\t&<")),
        max_size=40,
    )
)
def test_offsets_are_monotone_and_in_range(raw: str) -> None:
    norm, offsets = normalize_with_offsets(raw)
    if offsets is None:
        assert norm == raw
        return
    assert len(offsets) == len(norm) + 1
    assert offsets == sorted(offsets)
    assert all(0 <= offset <= len(raw) for offset in offsets)


def test_display_text_joins_lines() -> None:
    assert display_text("first line\r\n  second") == "first line second"


def test_line_index_counts_crlf_and_cr_as_line_ends() -> None:
    text = "ab\r\ncd\ref\ngh"
    index = LineIndex(text)
    assert index.line_col(text.index("c")) == (2, 1)
    assert index.line_col(text.index("f")) == (3, 2)
    assert index.line_col(text.index("h")) == (4, 2)
    assert index.offset(4, 2) == text.index("h")


def test_detect_lang() -> None:
    assert detect_lang("미국과 일본이 동맹을 격상한다. FT는 보도했다.") == "ko"
    assert detect_lang("The Financial Times reported on Sunday.") == "en"


def test_lines_end_only_at_cr_and_lf_as_in_files() -> None:
    text = "a\u2028b\u0085c\x0bd\x0ce\x1cf\r\ng\rh\n"
    assert split_lines(text) == ["a\u2028b\u0085c\x0bd\x0ce\x1cf", "g", "h"]
    assert "".join(split_lines(text, keepends=True)) == text
    assert split_lines("") == [] and split_lines("x") == ["x"] and split_lines("\n") == [""]
