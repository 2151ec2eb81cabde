"""Numbers in Korean and English text, found with their spans and normalised to one value.

``6,200`` and ``6200㎞``, ``1960`` and ``1960년``, ``5만4000`` and ``54,000``, ``3.5 billion`` and
``35억`` all normalise to the same :class:`decimal.Decimal`, so a number can be matched across the
two languages whatever the script, separators or units. Used by the sentence aligner (numbers are
anchors, as in Moore 2002 and hunalign) and by the term checker ("a number is missing or
different"). Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from align.text.calendar import MONTH_NUMBERS, MONTHS

# Korean large-number units (만 = 10^4, 억 = 10^8, 조 = 10^12) and the small ones used inside
# a group (천 = 1000, 백 = 100), as in 3천만 = 3000 × 10^4.
_KO_BIG = {"만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12}
_KO_SMALL = {"천": Decimal(1000), "백": Decimal(100)}
_EN_SCALE = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "k": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9,
    "tn": Decimal(10) ** 12,
}

# A plain number: digits with optional thousands separators and decimals (1,234.5 or 3.5).
_PLAIN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A number written with Korean units: figures and the units 천/백 (inside a group) and 만/억/조,
# in any well-formed sequence: 5만, 3천만, 7만 7천, 1천500만, 2억 5천만, 5만4000.
_KO_COMPOUND = (
    rf"(?:{_PLAIN})\s?[천백만억조](?:\s?(?:{_PLAIN})?\s?[천백만억조])*(?:\s?(?:{_PLAIN})(?!\d))?"
)
_UNIT = (
    r"%|퍼센트|percent\b|per cent\b|㎞|km\b|㎏|kg\b|㎡|m2\b|달러|원|엔|유로|명|개|년|월|일|"
    r"시|분|초|세|살|위|번째|차|회|st\b|nd\b|rd\b|th\b|s\b"
)
# A figure may follow Hangul directly (출연한1950년, 코로나19), not a Latin letter, digit or
# period (G20, A380, v2.1).
_NUMBER = re.compile(
    rf"(?<![^\W\uac00-\ud7a3])(?<!\.)(?P<body>{_KO_COMPOUND}|(?:{_PLAIN}))"
    rf"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|tn)\b)?"
    rf"(?:\s?(?P<unit>{_UNIT}))?",
    re.IGNORECASE,
)
_KO_TOKEN = re.compile(rf"{_PLAIN}|[천백만억조]")
# $5m, £3k: a short scale only after a currency sign (5m is five metres).
_CURRENCY_SCALE = re.compile(r"(?i)(?P<scale>k|m|mn)\b")

_CURRENCIES = "$£€¥₩"

_UNIT_NAMES = {
    "%": "%",
    "퍼센트": "%",
    "percent": "%",
    "per cent": "%",
    "㎞": "km",
    "km": "km",
    "㎏": "kg",
    "kg": "kg",
    "㎡": "m2",
    "m2": "m2",
    "달러": "$",
    "원": "won",
    "엔": "yen",
    "유로": "eur",
    "년": "year",
    "월": "month",
    "일": "day",
    "st": "ordinal",
    "nd": "ordinal",
    "rd": "ordinal",
    "th": "ordinal",
    "번째": "ordinal",
    "s": "s",
}


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in a text: its value, unit (``""`` if none) and code-point span.

    Dates, year-months and clock times (from :func:`find_values`) are one number each, with
    unit ``date``, ``year-month`` or ``time`` and their ``readings`` in ISO 8601 forms:
    ``--05-14`` (14 May), ``2024-03`` (March 2024, 2024년 3월), ``T16:40``; a time without
    a.m./p.m. (``4시 40분``) has two readings (``T04:40``, ``T16:40``), a dotted year-month
    (``2024.03``) its decimal too (``2024.03``, a stock index). Each year of a span
    that may be a year-month (``2010-12``: 2010 to 2012, or December 2010) is a ``year`` whose
    reading is that year-month."""

    value: Decimal
    unit: str
    start: int
    end: int
    text: str
    readings: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The value as a canonical string (``6200``, ``3.5``): equal keys, equal numbers."""
        return canonical(self.value)

    @property
    def keys(self) -> frozenset[str]:
        """What this number may mean, as the number check asks for it in a translation: a
        date its month-day or, where the translation leaves the month out (news writes
        ``14일`` for "May 14"), its day of month ``---14``; a time its readings; a year of
        ``2010-12`` the year or the year-month."""
        if self.unit == "date":
            return frozenset((*self.readings, f"---{int(self.value):02d}"))
        if self.unit == "year":
            return frozenset((self.key, *self.readings))
        if self.unit in ("time", "year-month"):
            return frozenset(self.readings)
        return frozenset({self.key})

    @property
    def offers(self) -> frozenset[str]:
        """What this number gives a translation's counterpart to match: a date its month-day
        and its day (``5월 14일`` has the 14 a Korean ``14일`` asks for); a day of month
        (``14일``, ``14th``) its value and ``---14``; a time also its hour and minute as
        figures; anything else its :attr:`keys`."""
        if self.unit in ("date", "year-month"):  # March 2024 has the 2024 of "in 2024"
            return frozenset((*self.readings, self.key))
        if self.unit in ("day", "ordinal") and 1 <= self.value <= 31 and self.value % 1 == 0:
            return frozenset({self.key, f"---{int(self.value):02d}"})
        if self.unit == "time":  # 21:30 also has the 21 and 30 of "21시간 30분"
            hour, minute = (int(part) for part in self.readings[-1][1:].split(":"))
            return frozenset((*self.readings, str(hour), *([str(minute)] if minute else [])))
        return self.keys


def canonical(value: Decimal) -> str:
    """``Decimal('6200.00')`` → ``'6200'``; ``Decimal('3.50')`` → ``'3.5'``."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _plain(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _korean_value(body: str) -> Decimal:
    """``7만 7천`` → 77000, ``1천500만`` → 15000000: 천/백 add to the group, 만/억/조 close it."""
    total = group = Decimal(0)
    figure: Decimal | None = None
    for token in _KO_TOKEN.findall(body):
        if token in _KO_SMALL:
            group += (figure if figure is not None else Decimal(1)) * _KO_SMALL[token]
            figure = None
        elif token in _KO_BIG:
            total += (group + (figure or Decimal(0))) * _KO_BIG[token]
            group, figure = Decimal(0), None
        else:
            figure = _plain(token)
    return total + group + (figure or Decimal(0))


def find_numbers(text: str) -> list[Number]:
    """Every number in ``text`` (Korean or English), in order, with its normalised value.

    Korean units 만/억/조 (with 천/백 inside a group) and English scales (thousand … trillion)
    are multiplied out; a unit right after the number (``%``, ``km``/``㎞``, ``년``/``월``/``일``,
    ordinal suffixes ``24th``/``번째``) is recorded in ``unit`` and included in the span.
    """
    found: list[Number] = []
    for match in _NUMBER.finditer(text):
        body = match.group("body")
        try:
            if any(unit in body for unit in (*_KO_BIG, *_KO_SMALL)):
                value = _korean_value(body)
            else:
                value = _plain(body.strip())
        except (InvalidOperation, ValueError):
            continue
        scale = match.group("scale")
        unit = (match.group("unit") or "").lower()
        end = match.end() if unit else match.end("scale") if scale else match.end("body")
        if not unit and body.endswith(" "):
            end -= 1
        if not scale and not unit and match.start() and text[match.start() - 1] in _CURRENCIES:
            short = _CURRENCY_SCALE.match(text, end)
            if short:
                scale, end = short.group("scale"), short.end()
        if scale:
            value *= _EN_SCALE[scale.lower()]
        found.append(
            Number(
                value, _UNIT_NAMES.get(unit, unit), match.start(), end, text[match.start() : end]
            )
        )
    return found


# --- dates and clock times ----------------------------------------------------------------------
# Read as one value each, so that "14 May" and "5월 14일", "4.40 am" and "오전 4시 40분", "16:40"
# and "오후 4시 40분" compare whole (ISO 8601 forms as keys), not as loose figures.

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


def number_keys(text: str) -> list[str]:
    """The canonical values of the numbers in ``text``, in order (for matching)."""
    return [number.key for number in find_numbers(text)]


# --- numbers written as words --------------------------------------------------------------------
# Korean writes numbers in words in formal and older text (the Bible: 일백 삼십세 = 130 years,
# 첫째 날 = the first day, 사흘 = three days), English in words too (an hundred and thirty,
# threescore and ten, the seventh day). Read both, for matching only: many Korean numeral
# syllables are also ordinary words (천사 is "angel", 구원 "salvation"), so a word counts only
# when what follows the numeral is empty, a counter or a particle, and a few whole words that
# look like numerals are excluded. The values are *not* part of :func:`find_numbers`, whose
# callers (the number-mismatch check) must not flag a word as a missing number.

_SINO_DIGITS = {
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "륙": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
}
_SINO_UNITS = {"십": 10, "백": 100, "천": 1000}
_SINO_BIG = {"만": 10**4, "억": 10**8}
_KO_COUNTERS = (
    "세겔",
    "규빗",
    "달란트",
    "가지",
    "마리",
    "번째",
    "째",
    "세",
    "살",
    "년",
    "월",
    "일",
    "명",
    "개",
    "번",
    "날",
    "장",
    "절",
    "인",
    "배",
    "척",
    "리",
    "필",
    "대",
    "근",
    "되",
    "해",
    "달",
    "시",
    "분",
    "주",
    "개월",
    "시간",
    "주일",
)
_KO_ENDINGS = (
    "이니라",
    "이더라",
    "이었",
    "이요",
    "이라",
    "이니",
    "이며",
    "이오",
    "이나",
    "에서",
    "으로",
    "까지",
    "이",
    "가",
    "을",
    "를",
    "에",
    "은",
    "는",
    "의",
    "과",
    "와",
    "도",
    "만",
    "로",
    "씩",
    "요",
)
_KO_REST = re.compile(rf"(?:{'|'.join(_KO_COUNTERS)})?(?:{'|'.join(_KO_ENDINGS)})?")
_KO_COUNTER_ONLY = re.compile(rf"(?:{'|'.join(_KO_COUNTERS)})(?:{'|'.join(_KO_ENDINGS)})?")
# Whole words made of numeral syllables that are ordinary words.
_KO_NOT_NUMBERS = frozenset(
    {"천사", "만일", "사사", "이사", "구구", "천만", "이삼", "오륙", "일일", "이일", "사일", "일이"}
)
_NATIVE_TENS = {
    "열": 10,
    "스물": 20,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "예순": 60,
    "일흔": 70,
    "여든": 80,
    "아흔": 90,
}
_NATIVE_ONES = {
    "하나": 1,
    "한": 1,
    "둘": 2,
    "두": 2,
    "셋": 3,
    "세": 3,
    "넷": 4,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}
# Native ones that stand alone as numbers (한, 세, 네, 셋, 하나 are also common words).
_NATIVE_ALONE = ("두", "둘", "넷", "다섯", "여섯", "일곱", "여덟", "아홉")
_NATIVE_DAYS = {"사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "여드레": 8, "열흘": 10}
_NATIVE = re.compile(
    rf"(?P<tens>{'|'.join(_NATIVE_TENS)})?(?P<ones>{'|'.join(_NATIVE_ONES)})?"
    rf"(?P<ord>째)?"
)
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")

_EN_ONES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "threescore": 60,
    "fourscore": 80,
}
_EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
    "thousandth": 1000,
}
# Multipliers of the number before them (one when there is none: "hundred", "an hundred"); a
# "score" only after a number ("threescore", "four score"), since alone it is mostly a tally.
_EN_SCALES = {
    "score": 20,
    "dozen": 12,
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
# Ten years each, only after a count: "two decades", "a decade", "3 decades" ("for decades" and
# "a decades-old feud" are none).
_EN_DECADES = frozenset({"decade", "decades"})
# One of a unit of time with the article ("a year", "an hour": 1년, 1시간), and the adverbs
# of repetition ("twice" a year: 두 번, 2회).
_EN_ONE_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "century"})
_EN_TIMES = {"once": 1, "twice": 2, "thrice": 3}
# Words, and digit runs (which end a number written in words, and count decades).
_EN_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")
_FIRST = re.compile(r"(?<![a-z])first(?![a-z])")
# Syllables a Korean numeral word can start with, and a quick test for English number words.
_KO_STARTS = frozenset(
    "".join(_SINO_DIGITS)
    + "".join(_SINO_UNITS)
    + "".join(_SINO_BIG)
    + "".join(w[0] for w in (*_NATIVE_TENS, *_NATIVE_ONES, *_NATIVE_DAYS))
    + "첫"
)
_EN_WORDS = frozenset(
    (*_EN_ONES, *_EN_ORDINALS, *_EN_SCALES, *_EN_DECADES, *_EN_ONE_UNITS, *_EN_TIMES)
)


def _sino_value(word: str) -> tuple[int, int] | None:
    """The value of the Sino-Korean numeral at the start of ``word`` and its length in
    syllables (well formed: digits before units, units in falling order), or ``None``."""
    total = 0
    group = 0
    digit: int | None = None
    last_unit = 10**9
    used = 0
    for k, ch in enumerate(word):
        if ch in _SINO_DIGITS and digit is None:
            digit = _SINO_DIGITS[ch]
        elif ch in _SINO_UNITS and _SINO_UNITS[ch] < last_unit:
            group += (digit or 1) * _SINO_UNITS[ch]
            last_unit = _SINO_UNITS[ch]
            digit = None
        elif ch in _SINO_BIG and (group or digit):
            total += (group + (digit or 0)) * _SINO_BIG[ch]
            group, digit, last_unit = 0, None, 10**9
        else:
            break
        used = k + 1
    if not used:
        return None
    return total + group + (digit or 0), used


def _korean_word_numbers(text: str) -> list[int]:
    values: list[int] = []
    words = _HANGUL_RUN.findall(text)
    pending: int | None = None  # a numeral word waiting for the next word (일백 삼십세)
    for at, word in enumerate(words):
        word = word[1:] if word.startswith("제") and len(word) > 1 else word
        if word[0] not in _KO_STARTS:  # most words: no numeral can start here
            if pending is not None:
                values.append(pending)
                pending = None
            continue
        value: int | None = None
        whole = False
        if word == "일" and pending is not None:
            pass  # 사십 일: "forty days", 일 being the counter
        elif word in _NATIVE_DAYS or word[:-1] in _NATIVE_DAYS and word[-1] in "을에의은는도":
            value = _NATIVE_DAYS.get(word, _NATIVE_DAYS.get(word[:-1]))
        elif word not in _KO_NOT_NUMBERS and word[:2] not in _KO_NOT_NUMBERS:
            sino = _sino_value(word)
            if sino is not None:
                number, used = sino
                rest = word[used:]
                has_unit = any(ch in _SINO_UNITS or ch in _SINO_BIG for ch in word[:used])
                # A lone digit counts when a counter follows, glued (오주) or as the next
                # word (오 주, "five weeks"); 일/이/사 alone are mostly other words.
                counted = (
                    used == 1
                    and word[0] not in "일이사"
                    and bool(
                        _KO_COUNTER_ONLY.fullmatch(rest)
                        or not rest
                        and at + 1 < len(words)
                        and _KO_COUNTER_ONLY.fullmatch(words[at + 1])
                    )
                )
                if _KO_REST.fullmatch(rest) and (has_unit or pending is not None or counted):
                    value, whole = number, not rest
                    if used > 1 and has_unit and word[used - 1] == "일" and rest:
                        value -= 1  # 사십일을: "forty days", the final 일 being the counter
            if value is None:
                native = _NATIVE.match(word)
                if native and native.end():
                    tens = _NATIVE_TENS.get(native.group("tens") or "", 0)
                    ones_word = native.group("ones") or ""
                    ones = _NATIVE_ONES.get(ones_word, 0)
                    rest = word[native.end() :]
                    ordinal = bool(native.group("ord"))
                    if (ordinal or tens or ones_word in _NATIVE_ALONE) and (
                        _KO_REST.fullmatch(rest) if (ordinal or tens) else not rest
                    ):
                        value = (tens + ones) or None
                        whole = bool(tens) and not ones and not rest and not ordinal
                        if ordinal and ones_word == "첫":
                            value = 1
                    elif word.startswith("첫째"):
                        value = 1
        if word.startswith("첫째") and value is None:
            value = 1
        if value is None:
            if pending is not None:
                values.append(pending)
                pending = None
            continue
        if pending is not None:
            value += pending
            pending = None
        if whole:
            pending = value
        else:
            values.append(value)
    if pending is not None:
        values.append(pending)
    return values


def english_word_numbers(text: str, *, scales_after_digits: bool = False) -> list[int]:
    """The values of the numbers written as English words in ``text``, in order: cardinals and
    their compounds, hyphenated or not (``seven``, ``twenty-five``, ``an hundred and thirty``,
    ``threescore and ten``, ``three million``), ordinals (``seventh``, ``twenty-first``), dozens
    (``a dozen`` = 12), decades (``two decades`` = 20, ``3 decades`` = 30), one of a unit of
    time (``a year``, ``an hour`` = 1) and repetitions (``once``, ``twice``). A multiplier
    alone counts as itself (``hundred`` = 100); ``one`` alone is 1, though it is often a
    pronoun (see :func:`word_number_keys`).

    A multiplier after digits (``5 million``) belongs to a number :func:`find_numbers` reads
    (5,000,000) and is skipped, unless ``scales_after_digits``: then it counts as itself
    (1,000,000), as the Korean reading of ``5백만`` gives 백만 (see :func:`word_number_keys`)."""
    values: list[int] = []
    tokens = _EN_TOKEN.findall(text.lower().replace("-", " "))
    if _EN_WORDS.isdisjoint(tokens):
        return values
    total = current = 0
    active = False
    after_digits = False

    def close() -> None:
        nonlocal total, current, active
        if active and total + current:
            values.append(total + current)
        total = current = 0
        active = False

    for k, token in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else ""
        if after_digits and token in _EN_SCALES and not scales_after_digits:
            continue
        after_digits = token[0].isdigit()
        if token in _EN_ONES:
            if active and current % 10:
                close()
            current += _EN_ONES[token]
            active = True
        elif token in _EN_SCALES and (active or token != "score"):
            scale = _EN_SCALES[token]
            if scale >= 1000:
                total += max(current, 1) * scale
                current = 0
            else:
                current = max(current, 1) * scale
            active = True
        elif token in _EN_ORDINALS:
            ordinal = _EN_ORDINALS[token]
            if ordinal >= 100:
                current = max(current, 1) * ordinal
            else:
                current += ordinal
            active = True
            close()
        elif token in _EN_DECADES and active:
            current = (total + current) * 10
            total = 0
            close()
        elif token in ("a", "an") and not active and following == "decade":
            current, active = 1, True  # "a decade"; "a decades-old feud" is no count
        elif token in ("a", "an") and not active and following in _EN_SCALES:
            continue
        elif token in ("a", "an") and not active and following in _EN_ONE_UNITS:
            values.append(1)  # "a year" ago, "an hour" later
        elif token in _EN_TIMES:
            close()
            values.append(_EN_TIMES[token])
        elif token == "and" and active and (following in _EN_ONES or following in _EN_ORDINALS):
            continue
        else:
            close()
            if token.isdigit() and following in _EN_DECADES:
                current, active = int(token), True
    close()
    return values


def word_number_keys(text: str, lang: str) -> list[str]:
    """Canonical values of the numbers written as words in ``text`` (Korean: Sino-Korean
    일백 삼십 = 130, native 마흔 = 40, 첫째 = 1, 사흘 = 3; English: an hundred and thirty,
    threescore and ten, seventh), for matching across languages. Other languages: none."""
    if lang == "ko":
        return [str(v) for v in _korean_word_numbers(text)]
    if lang == "en":
        # A scale word after digits counts (3 thousand gives 1000), as the Korean reading
        # does (3천 gives 천, 1000): a pair of such words is an anchor.
        values = english_word_numbers(text, scales_after_digits=True)
        # "one" alone is mostly a pronoun: a 1 counts only where the text also says "first".
        if 1 in values and not _FIRST.search(text.lower()):
            values = [value for value in values if value != 1]
        return [str(v) for v in values]
    return []
