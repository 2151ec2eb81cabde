"""Numbers written in figures in Korean and English text, found with their spans and normalised
to one value.

``6,200`` and ``6200㎞``, ``1960`` and ``1960년``, ``5만4000`` and ``54,000``, ``3.5 billion`` and
``35억`` all normalise to the same :class:`decimal.Decimal`, so a number can be matched across the
two languages whatever the script, separators or units. Used by the sentence aligner (numbers are
anchors, as in Moore 2002 and hunalign), by document pairing and by the term checker ("a number
is missing or different"). Pure functions, no I/O. Dates and clock times read whole are
:mod:`align.text.datetimes`, numbers written as words :mod:`align.text.wordnumbers`: each reads
other text with other rules, and each has its own callers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Re-exported: the sentence aligner imports it from here (align/aligner is not this change's).
from align.text.wordnumbers import word_number_keys

__all__ = ["Number", "canonical", "find_numbers", "number_keys", "word_number_keys"]

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

    Dates, year-months and clock times (from :func:`align.text.datetimes.find_values`) are one
    number each, with unit ``date``, ``year-month`` or ``time`` and their ``readings`` in ISO
    8601 forms:
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


def number_keys(text: str) -> list[str]:
    """The canonical values of the numbers in ``text``, in order (for matching)."""
    return [number.key for number in find_numbers(text)]
