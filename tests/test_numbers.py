"""Numbers normalised across Korean and English scripts, formats and units."""

from __future__ import annotations

import pytest

from align.text.numbers import english_word_numbers, find_numbers, number_keys, word_number_keys


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("6200㎞", "6,200 km"),
        ("1960년", "1960"),
        ("24일", "24th"),
        ("3.5%", "3.5 percent"),
        ("5만4000명", "54,000 people"),
        ("35억 달러", "$3.5 billion"),
        ("3천만 원", "30 million won"),
    ],
)
def test_korean_and_english_forms_normalise_to_one_value(korean: str, english: str) -> None:
    assert number_keys(korean) == number_keys(english)


def test_spans_units_and_values() -> None:
    text = "2023년 9월 약 6,200㎞"
    numbers = find_numbers(text)
    assert [(n.key, n.unit) for n in numbers] == [("2023", "year"), ("9", "month"), ("6200", "km")]
    assert [text[n.start : n.end] for n in numbers] == ["2023년", "9월", "6,200㎞"]


def test_text_without_numbers() -> None:
    assert find_numbers("미국과 일본") == []
    assert find_numbers("") == []


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("아담이 일백 삼십세에 아들을 낳아", "And Adam lived an hundred and thirty years"),
        ("그가 구백 십 이세를 향수하고", "nine hundred and twelve years"),
        ("이는 첫째 날이니라", "the first day"),
        ("사십일을 지나서", "at the end of forty days"),
        ("열 두 지파", "the twelve tribes"),
        ("칠일에 안식하니라", "he rested on the seventh day"),
        ("칠십 인", "threescore and ten persons"),
        ("오 주 남았습니다", "five weeks away"),
    ],
)
def test_numbers_written_as_words_match_across_languages(korean: str, english: str) -> None:
    assert word_number_keys(korean, "ko") == word_number_keys(english, "en") != []


@pytest.mark.parametrize(
    "korean",
    [
        "오, 오, 뭐?",
        "천사가 이르되",
        "구원을 얻으리라",
        "백성이 만나를 먹고",
        "하나님이 이르시되",
        "일을 마치니",
    ],
)
def test_ordinary_words_are_not_read_as_numbers(korean: str) -> None:
    assert word_number_keys(korean, "ko") == []


def test_number_words_stay_out_of_find_numbers() -> None:
    # The number-mismatch check reads find_numbers: a numeral word must not become a number.
    assert find_numbers("일백 삼십세") == []
    assert word_number_keys("the one and the other", "en") == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a four-star general, twenty-five ships, two decades", [4, 25, 20]),
        ("twenty five and an hundred and thirty", [25, 130]),
        ("the twenty-first day of the seventh month", [21, 7]),
        ("three dozen, a dozen and a decade", [36, 12, 10]),
        ("for decades; for 3 decades; a decades-old feud", [30]),
        ("two billion, a trillion", [2 * 10**9, 10**12]),
        ("one of them", [1]),
        ("5 million people", []),  # find_numbers reads it: 5,000,000
    ],
)
def test_english_number_words(text: str, values: list[int]) -> None:
    assert english_word_numbers(text) == values


def test_scale_words_after_digits_match_as_words_for_the_aligner() -> None:
    # 3천 reads as 천 (1000) in Korean words; "3 thousand" gives the same key in English.
    assert (
        word_number_keys("3천 명", "ko") == word_number_keys("3 thousand people", "en") == ["1000"]
    )
