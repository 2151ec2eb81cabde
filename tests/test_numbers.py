"""Numbers normalised across Korean and English scripts, formats and units."""

from __future__ import annotations

import pytest

from align.numbers import find_numbers, number_keys


@pytest.mark.parametrize(("korean", "english"), [
    ("6200㎞", "6,200 km"),
    ("1960년", "1960"),
    ("24일", "24th"),
    ("3.5%", "3.5 percent"),
    ("5만4000명", "54,000 people"),
    ("35억 달러", "$3.5 billion"),
    ("3천만 원", "30 million won"),
])
def test_korean_and_english_forms_normalise_to_one_value(korean: str, english: str) -> None:
    assert number_keys(korean) == number_keys(english)


def test_spans_units_and_values() -> None:
    text = "2023년 9월 약 6,200㎞"
    numbers = find_numbers(text)
    assert [(n.key, n.unit) for n in numbers] == [("2023", "year"), ("9", "month"),
                                                  ("6200", "km")]
    assert [text[n.start:n.end] for n in numbers] == ["2023년", "9월", "6,200㎞"]


def test_text_without_numbers() -> None:
    assert find_numbers("미국과 일본") == []
    assert find_numbers("") == []
