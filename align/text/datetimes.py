"""Dates, year-months and clock times in Korean and English text, each read as one number.

``14 May`` and ``5월 14일``, ``4.40 am`` and ``오전 4시 40분``, ``16:40`` and ``오후 4시 40분``
compare whole (ISO 8601 forms as keys, see :class:`align.text.numbers.Number`), not as loose
figures: the number check (:func:`find_values`) would otherwise count a date's day and a time's
minutes as numbers of their own. Apart from :mod:`align.text.numbers` because only the number
check reads them; the aligner and pairing match plain figures.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from align.text.calendar import MONTH_NUMBERS, MONTHS
from align.text.numbers import Number, canonical, find_numbers

_MONTH_WORD = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_WORD_2 = _MONTH_WORD.replace("?P<month>", "?P<month2>")
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
# The month capitalised (may, march are verbs); the day not part of a longer figure (May 2019,
# May 14,000).
_EN_DATE = re.compile(
    rf"(?<![\w.]){_MONTH_WORD}\s(?P<day>\d{{1,2}}){_ORDINAL_SUFFIX}(?![\d\w]|[.,]\d)"
    rf"|(?<![\w.,])(?P<day2>\d{{1,2}}){_ORDINAL_SUFFIX}\s(?:of\s)?{_MONTH_WORD_2}(?!\w)"
)
# 5월 14일, and the first day of a range: 5월 14~16일.
_KO_DATE = re.compile(
    r"(?<![\d.])(?P<month>\d{1,2})\s?월\s?(?P<day>\d{1,2})(?:\s?일|(?=\s?[~∼\-–]\s?\d{1,2}\s?일))"
)
_MERIDIEM = r"(?P<meridiem>[ap]\.\s?m\.|[ap]m\b)"
_EN_TIME = re.compile(
    rf"(?<![\w.:])(?P<hour>\d{{1,2}})(?:[:.](?P<minute>\d{{2}}))?\s?{_MERIDIEM}"
    r"|(?<![\w.:])(?P<hour2>\d{1,2}):(?P<minute2>\d{2})(?![\d:]|\.\d)"
    r"|(?<![\w.:])(?P<hour3>\d{1,2})\so'clock\b",
    re.IGNORECASE,
)
# 오후 4시 40분, 16시, 4시 반; not 4시간 (hours), 4시즌.
# 오후 5.30 and 오후 5:30 too (the half of the day said in Korean, the time in figures).
_KO_TIME = re.compile(
    r"(?:(?P<part>오전|오후|새벽|아침|저녁|밤|낮)\s?)?(?<![\d.])(?P<hour>\d{1,2})\s?시(?![간즌대각])"
    r"(?:\s?(?P<minute>\d{1,2})\s?분|\s?(?P<half>반))?"
    r"|(?P<part2>오전|오후|새벽|아침|저녁|밤|낮)\s?(?P<hour2>\d{1,2})[:.](?P<minute2>\d{2})(?!\d)"
)
# ISO 8601 calendar dates (2024-03-25, and 2024/03/25) and the Korean dotted form (2024.03.25,
# 2024. 3. 25.): a year of 1000-2999, a month and a day, each separator the same, not part of a
# longer run of figures (a phone number, a version).
# Hangul may touch either (2024-03-25에, 2019~20년), as it may a figure.
_ISO_DATE = re.compile(
    r"(?<![0-9A-Za-z_.\-/])(?P<year>[12]\d{3})"
    r"(?:-(?P<month>\d\d)-(?P<day>\d\d)|/(?P<month2>\d\d)/(?P<day2>\d\d)"
    r"|\.\s?(?P<month3>\d{1,2})\.\s?(?P<day3>\d{1,2})\.?)"
    r"(?![0-9A-Za-z_\-/]|\.\d)"
)
# A span of years (the 2019-20 season, 2019~2020, 1999-00): the second year written whole or
# by its last two figures, after the first and at most 20 years on (2024-03 is a month). With a
# hyphen and a tail of 01-12 it may also be an ISO 8601 year-month: English news writes the
# 2011-12 season, and a table December 2010 as 2010-12; both readings are kept.
_YEAR_SPAN = re.compile(
    r"(?<![0-9A-Za-z_.\-/~])(?P<first>[12]\d{3})[-–~∼/](?P<second>[12]\d{3}|\d\d)"
    r"(?![0-9A-Za-z_\-/~]|[.,]\d)"
)
# A year and a month (ISO 8601 4.1.2.3 "a specific month", 2024-03): March 2024, Mar. 2024,
# 2024년 3월, 3/2024 and 2024-03. Never a month and day (2024년 3월 14일 is a year and a date;
# in "14 March 2024" the date starts first and wins), never a span the year-span pattern reads
# (2008-09 is the season 2008-2009, as English writes it; 2024-03 cannot be a span), and the
# slashed form only for years 1900-2099 (1/2000 of a second is a fraction).
_EN_YEAR_MONTH = re.compile(
    rf"(?<![\w.]){_MONTH_WORD}\s(?:of\s)?(?P<year>[12]\d{{3}})(?![0-9A-Za-z_\-/]|[.,]\d)"
)
_KO_YEAR_MONTH = re.compile(
    r"(?<![\d.])(?P<year>[12]\d{3})\s?년\s?(?P<month>\d{1,2})\s?월(?!\s?\d)"
)
_NUMERIC_YEAR_MONTH = re.compile(
    r"(?<![0-9A-Za-z_.\-/~])(?:(?P<year>[12]\d{3})-(?P<month>\d\d)"
    r"|(?P<month2>\d{1,2})/(?P<year2>(?:19|20)\d\d))"
    r"(?![0-9A-Za-z_\-/~]|[.,]\d)"
)
# Korean news and documents write a year and month with a dot (2024.03, as in 2024.03.25):
# years 1900-2099, the month in two figures, not part of a longer figure or an amount
# ($2024.03, 1,999.12). A stock index may close at 2024.03 too: the decimal stays a reading.
_DOTTED_YEAR_MONTH = re.compile(
    r"(?<![0-9A-Za-z_.,\-/~$€£¥₩])(?P<year>(?:19|20)\d\d)\.(?P<month>0[1-9]|1[0-2])"
    r"(?![0-9A-Za-z_\-/~]|[.,]\d)"
)
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_MORNING = frozenset({"오전", "새벽", "아침", "a"})
_EVENING = frozenset({"오후", "저녁", "p"})


def _date(month: int, day: int, match: re.Match[str], text: str) -> Number | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Number(
        Decimal(day), "date", match.start(), match.end(), text, (f"--{month:02d}-{day:02d}",)
    )


def _year_month(year: int, month: int, match: re.Match[str]) -> Number | None:
    """A year and month as one number (its value the year), read ``2024-03``."""
    if not 1 <= month <= 12:
        return None
    return Number(
        Decimal(year), "year-month", *match.span(), match.group(), (f"{year:04d}-{month:02d}",)
    )


def _year_months(text: str, latin: bool) -> list[Number]:
    """Every year-month of ``text`` (``latin``: whether it has Latin letters to look at)."""
    found: list[Number] = []
    for match in _EN_YEAR_MONTH.finditer(text) if latin else ():
        name = match.group("month").rstrip(".").lower()
        month = MONTH_NUMBERS.get(name)
        if month is not None and (number := _year_month(int(match.group("year")), month, match)):
            found.append(number)
    for match in _KO_YEAR_MONTH.finditer(text) if "월" in text else ():
        if number := _year_month(int(match.group("year")), int(match.group("month")), match):
            found.append(number)
    for match in _NUMERIC_YEAR_MONTH.finditer(text):
        year = int(match.group("year") or match.group("year2"))
        figures = match.group("month") or match.group("month2")
        span = _YEAR_SPAN.fullmatch(match.group()) if match.group("year") else None
        if span is not None and _year_span(span):
            continue  # 2008-09, 2010-12: read by the year-span pattern, with both readings
        if number := _year_month(year, int(figures), match):
            found.append(number)
    for match in _DOTTED_YEAR_MONTH.finditer(text) if "." in text else ():
        if number := _year_month(int(match.group("year")), int(match.group("month")), match):
            decimal = canonical(Decimal(match.group()))
            found.append(replace(number, readings=(*number.readings, decimal)))
    return found


def _iso_date(match: re.Match[str], text: str) -> list[Number]:
    """A calendar date written by figures as its year (a number, as in ``2024년``) and its
    month and day (a date, as in ``3월 25일``), so each is compared on its own."""
    month = int(match.group("month") or match.group("month2") or match.group("month3"))
    day = int(match.group("day") or match.group("day2") or match.group("day3"))
    year_end = match.start() + 4
    date_start = year_end + 1
    while not text[date_start].isdigit():
        date_start += 1
    date = _date(month, day, match, text[date_start : match.end()])
    if date is None:
        return []
    year = Number(
        Decimal(match.group("year")), "year", match.start(), year_end, match.group("year")
    )
    return [year, replace(date, start=date_start)]


def _year_span(match: re.Match[str]) -> list[Number]:
    """Both years of a span; the second in full (``2019-20`` → 2019, 2020). Written with a
    hyphen and a tail that is a month (``2010-12``), each also reads as the year-month."""
    first, second = int(match.group("first")), match.group("second")
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if len(second) == 2 and last <= first:
        last += 100  # 1999-00
    if not 0 < last - first <= 20:
        return []
    month = match.group()[4] == "-" and len(second) == 2 and 1 <= int(second) <= 12
    readings = (f"{first:04d}-{second}",) if month else ()
    at = match.start("second")
    return [
        Number(
            Decimal(first),
            "year",
            match.start(),
            match.end("first"),
            match.group("first"),
            readings,
        ),
        Number(Decimal(last), "year", at, match.end(), second, readings),
    ]


def _time(
    hour: int, minute: int, half: str | None, start: int, end: int, text: str
) -> Number | None:
    """A clock time's readings: ``half`` is ``"a"``/``"p"`` (or a Korean word for it) when
    the text says which half of the day, ``"24"`` for the 24-hour clock (``06:30``), else
    both halves are possible."""
    if hour > 24 or minute > 59:
        return None
    hour %= 24
    if hour > 12 or hour == 0:
        hours = {hour}
    elif half in _MORNING:
        hours = {hour % 12}
    elif half in _EVENING:
        hours = {hour % 12 + 12}
    elif half == "24":
        hours = {hour}
    else:
        hours = {hour % 12, hour % 12 + 12}
    readings = tuple(sorted(f"T{h:02d}:{minute:02d}" for h in hours))
    value = Decimal(hour) + Decimal(minute) / 100
    return Number(value, "time", start, end, text[start:end], readings)


def _dates_and_times(text: str) -> list[Number]:
    found: list[Number] = []
    # Each pattern runs only where what it needs is there (most sentences hold no date).
    latin = text.isascii() or _LATIN.search(text) is not None
    for match in _EN_DATE.finditer(text) if latin else ():
        name = (match.group("month") or match.group("month2")).rstrip(".").lower()
        month = MONTH_NUMBERS.get(name)
        day = int(match.group("day") or match.group("day2"))
        if month is not None and (number := _date(month, day, match, match.group())):
            if name in MONTHS and number.text.endswith("."):  # "14 May." ends a sentence
                number = replace(number, end=number.end - 1, text=number.text[:-1])
            found.append(number)
    for match in _ISO_DATE.finditer(text):
        found.extend(_iso_date(match, text))
    for match in _YEAR_SPAN.finditer(text):
        found.extend(_year_span(match))
    found.extend(_year_months(text, latin))
    for match in _KO_DATE.finditer(text) if "월" in text else ():
        number = _date(int(match.group("month")), int(match.group("day")), match, match.group())
        if number is not None:
            found.append(number)
    for match in _EN_TIME.finditer(text) if latin or ":" in text else ():
        hour = match.group("hour") or match.group("hour2") or match.group("hour3")
        minute = match.group("minute") or match.group("minute2") or "0"
        meridiem = (match.group("meridiem") or "")[:1].lower() or None
        if meridiem and int(hour) > 12:
            continue  # 16 pm: not a time
        if not meridiem and hour.startswith("0"):
            meridiem = "24"  # 06:30 is the 24-hour clock
        if number := _time(int(hour), int(minute), meridiem, *match.span(), text):
            found.append(number)
    for match in _KO_TIME.finditer(text) if "시" in text or ":" in text or "." in text else ():
        minute = 30 if match.group("half") else int(match.group("minute") or 0)
        minute = int(match.group("minute2") or minute)
        part = match.group("part") or match.group("part2")
        hour = int(match.group("hour") or match.group("hour2"))
        if number := _time(hour, minute, part, *match.span(), text):
            found.append(number)
    found.sort(key=lambda number: (number.start, -number.end))
    kept: list[Number] = []
    for number in found:
        if not kept or number.start >= kept[-1].end:
            kept.append(number)
    return kept


def find_values(text: str) -> list[Number]:
    """The numbers of ``text`` as the number check compares them: :func:`find_numbers`, with
    every date (``14 May``, ``May 14th``, ``Sept. 5``, ``5월 14일``), year-month (``March
    2024``, ``Mar. 2024``, ``2024년 3월``, ``3/2024``, ``2024-03``) and clock time (``4:40
    p.m.``, ``4.40 am``, ``16:40``, ``4 o'clock``, ``오후 4시 40분``, ``4시 반``) read as one
    number (see :class:`Number`) instead of its separate figures."""
    spans = _dates_and_times(text) if _DIGIT.search(text) else []
    if not spans:
        return find_numbers(text)
    plain = [
        number
        for number in find_numbers(text)
        if not any(number.start < other.end and other.start < number.end for other in spans)
    ]
    return sorted([*plain, *spans], key=lambda number: number.start)
