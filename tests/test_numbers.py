"""Numbers normalised across Korean and English scripts, formats and units."""

from __future__ import annotations

import pytest

from align.text.datetimes import find_values
from align.text.numbers import find_numbers, number_keys
from align.text.wordnumbers import english_word_numbers, word_number_keys


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
        ("twice a year, once a month, an hour later", [2, 1, 1, 1, 1]),
        ("a yearly review, a daily paper", []),
    ],
)
def test_english_number_words(text: str, values: list[int]) -> None:
    assert english_word_numbers(text) == values


def test_scale_words_after_digits_match_as_words_for_the_aligner() -> None:
    # 3천 reads as 천 (1000) in Korean words; "3 thousand" gives the same key in English.
    assert (
        word_number_keys("3천 명", "ko") == word_number_keys("3 thousand people", "en") == ["1000"]
    )


# --- Korean units in any combination, figures glued to Hangul, short scales -----------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7만 7천을", "77000"),
        ("3천 명", "3000"),
        ("3천만 원", "30000000"),
        ("1천500만", "15000000"),
        ("2억 5천만 달러", "250000000"),
        ("1조 2천억", "1200000000000"),
        ("5백만", "5000000"),
        ("출연한1950년", "1950"),
        ("코로나19", "19"),
        ("$3.6bn", "3600000000"),
        ("$5m", "5000000"),
        ("£40k", "40000"),
        ("5m", "5"),
    ],
)
def test_korean_unit_combinations_glued_figures_and_short_scales(text: str, value: str) -> None:
    assert number_keys(text) == [value]


def test_a_figure_after_a_latin_letter_or_period_is_no_number() -> None:
    assert find_numbers("G20 and v2.1") == []


# --- dates and clock times are one value each --------------------------------------------------


def _keys(text: str) -> list[frozenset[str]]:
    return [number.keys for number in find_values(text)]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("at 4.40 am", "오전 4시 40분에"),
        ("at 4:40 p.m.", "오후 4시 40분에"),
        ("at 4:40pm", "오후 4:40에"),
        ("at 16:40", "오후 4시 40분에"),
        ("at 5.30pm", "오후 5.30에"),
        ("at 4 p.m.", "16시에"),
        ("at 12:26 a.m.", "오전 0시 26분에"),
        ("at 4:30", "4시 반에"),
    ],
)
def test_clock_times_in_every_form_share_a_reading(english: str, korean: str) -> None:
    (source,) = _keys(english)
    (target,) = find_values(korean)
    assert source & target.offers
    assert target.unit == "time"


@pytest.mark.parametrize(
    ("english", "korean"),
    [("4:40 p.m.", "오전 4시 40분"), ("4.40 am", "오전 5시 40분"), ("16:40", "오후 4시 20분")],
)
def test_different_clock_times_share_none(english: str, korean: str) -> None:
    (source,) = _keys(english)
    (target,) = find_values(korean)
    assert not source & target.offers


def test_a_time_without_its_half_of_the_day_reads_both() -> None:
    (time,) = find_values("4시 40분")
    assert time.readings == ("T04:40", "T16:40")
    assert [n.unit for n in find_values("4시간 40분 동안")] == ["시", "분"]  # hours, not a time


@pytest.mark.parametrize(
    "english",
    ["14 May", "May 14", "May 14th", "the 14th of May", "on 14 May.", "Thursday, May 14, 2019"],
)
def test_english_dates_read_as_month_and_day(english: str) -> None:
    dates = [n for n in find_values(english) if n.unit == "date"]
    assert [n.readings for n in dates] == [("--05-14",)]
    assert not dates[0].text.endswith(".")


@pytest.mark.parametrize(
    ("english", "month"),
    [
        ("Jan. 3", 1),
        ("Feb 3", 2),
        ("March 3", 3),
        ("Apr. 3", 4),
        ("June 3", 6),
        ("Jul 3", 7),
        ("Aug. 3", 8),
        ("Sept. 3", 9),
        ("Sep 3", 9),
        ("Oct. 3", 10),
        ("Nov 3", 11),
        ("December 3", 12),
    ],
)
def test_every_month_name_and_abbreviation(english: str, month: int) -> None:
    (date,) = find_values(english)
    assert date.readings == (f"--{month:02d}-03",)


@pytest.mark.parametrize("text", ["May 2019", "May 14,000", "march 3 people", "you may 3"])
def test_month_words_that_are_no_dates(text: str) -> None:
    assert all(n.unit != "date" for n in find_values(text))


def test_korean_dates_and_ranges() -> None:
    date, day = find_values("5월 14~16일")
    assert date.readings == ("--05-14",) and day.key == "16"
    (whole,) = [n for n in find_values("2019년 5월 14일") if n.unit == "date"]
    assert whole.text == "5월 14일"
    # "14 May" and 6월 14일 share the day only: a date compares month and day.
    (english,) = find_values("14 May")
    (wrong,) = find_values("6월 14일")
    assert not english.keys & wrong.offers
    (bare,) = find_values("14일")  # Korean news leaves the month out: still the same day
    assert english.keys & bare.offers


@pytest.mark.parametrize("text", ["2024-03-25", "2024/03/25", "2024.03.25", "2024. 3. 25."])
def test_iso_and_dotted_dates_read_as_a_year_and_a_date(text: str) -> None:
    year, date = find_values(text)
    assert (year.key, date.unit, date.readings) == ("2024", "date", ("--03-25",))
    # The same reading as the Korean and English ways of writing the day.
    assert date.keys & find_values("3월 25일")[0].offers
    assert date.keys & find_values("March 25")[0].offers


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("the 2019-20 season", ["2019", "2020"]),
        ("2019–2020", ["2019", "2020"]),
        ("2019~20", ["2019", "2020"]),
        ("1999-00", ["1999", "2000"]),
    ],
)
def test_year_spans_read_as_two_years(text: str, years: list[str]) -> None:
    assert [n.key for n in find_values(text)] == years


@pytest.mark.parametrize(
    "text",
    ["2024-03", "2024년 3월", "2024년3월", "March 2024", "Mar. 2024", "3/2024", "March of 2024"],
)
def test_year_months_read_as_one_iso_year_month(text: str) -> None:
    (number,) = find_values(f"({text}에)")
    assert (number.unit, number.readings, number.text) == ("year-month", ("2024-03",), text)
    # It offers its year to a text that gives the year alone ("in 2024").
    assert "2024" in number.offers and "2024" not in number.keys


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("3 2024 votes", [("3", ""), ("2024", "")]),
        ("pages 2024-2030", [("2024", "year"), ("2030", "year")]),
        ("the 2008-09 crisis", [("2008", "year"), ("2009", "year")]),  # a span, as before
        ("March 14, 2024", [("14", "date"), ("2024", "")]),
        ("14 March 2024", [("14", "date"), ("2024", "")]),
        ("2024년 3월 14일", [("2024", "year"), ("14", "date")]),
        ("2024년 3월 14~16일", [("2024", "year"), ("14", "date"), ("16", "day")]),
        ("2024-03-25", [("2024", "year"), ("25", "date")]),
        ("2024-13", [("2024", ""), ("13", "")]),
        ("$2024.03", [("2024.03", "")]),  # an amount, not March 2024
        ("1,999.12", [("1999.12", "")]),
        ("2024.13", [("2024.13", "")]),
        ("1/1000 of a second", [("1", ""), ("1000", "")]),
    ],
)
def test_what_is_no_year_month(text: str, found: list[tuple[str, str]]) -> None:
    assert [(n.key, n.unit) for n in find_values(text)] == found


@pytest.mark.parametrize("text", ["2024-13-01", "555-12-34", "12024-03-25", "2024-03-25-7"])
def test_figures_that_only_look_like_iso_dates(text: str) -> None:
    assert all(n.unit != "date" for n in find_values(text))


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("the 1990s", "1990년대"),
        ("the '90s", "90년대"),
        ("the 21st century", "21세기"),
        ("up 2.7%", "2.7% 상승"),
        ("5 percentage points", "5%p"),
        ("10-15 people", "10~15명"),
        ("3/4 of them", "4분의 3"),
    ],
)
def test_decades_ordinals_percent_ranges_fractions(english: str, korean: str) -> None:
    assert {n.key for n in find_values(english)} <= {n.key for n in find_values(korean)}
