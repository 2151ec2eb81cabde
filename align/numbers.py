"""Numbers in Korean and English text, found with their spans and normalised to one value.

``6,200`` and ``6200㎞``, ``1960`` and ``1960년``, ``5만4000`` and ``54,000``, ``3.5 billion`` and
``35억`` all normalise to the same :class:`decimal.Decimal`, so a number can be matched across the
two languages whatever the script, separators or units. Used by the sentence aligner (numbers are
anchors, as in Moore 2002 and hunalign) and by the term checker ("a number is missing or
different"). Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Korean large-number units (만 = 10^4, 억 = 10^8, 조 = 10^12) and the small ones used inside
# a group (천 = 1000, 백 = 100), as in 3천만 = 3000 × 10^4.
_KO_BIG = {"만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12}
_KO_SMALL = {"천": Decimal(1000), "백": Decimal(100)}
_EN_SCALE = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6,
             "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}

# A plain number: digits with optional thousands separators and decimals (1,234.5 or 3.5).
_PLAIN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# One Korean group: a number with optional 천/백 and a big unit, e.g. 5만, 3천만, 2.5조.
_KO_GROUP = rf"(?:{_PLAIN})\s?(?:[천백]\s?)?[만억조]"
_UNIT = (r"%|퍼센트|percent\b|per cent\b|㎞|km\b|㎏|kg\b|㎡|m2\b|달러|원|엔|유로|명|개|년|월|일|"
         r"시|분|초|세|살|위|번째|차|회|st\b|nd\b|rd\b|th\b|s\b")
_NUMBER = re.compile(
    rf"(?<![\w.])(?P<body>(?:{_KO_GROUP}\s?)+(?:{_PLAIN})?|(?:{_PLAIN}))"
    rf"(?:\s?(?P<scale>thousand|million|billion|trillion)\b)?"
    rf"(?:\s?(?P<unit>{_UNIT}))?",
    re.IGNORECASE,
)
_KO_PART = re.compile(rf"(?P<num>{_PLAIN})?\s?(?P<small>[천백])?\s?(?P<big>[만억조])?")

_UNIT_NAMES = {"%": "%", "퍼센트": "%", "percent": "%", "per cent": "%", "㎞": "km", "km": "km",
               "㎏": "kg", "kg": "kg", "㎡": "m2", "m2": "m2", "달러": "$", "원": "won",
               "엔": "yen", "유로": "eur", "년": "year", "월": "month", "일": "day",
               "st": "ordinal", "nd": "ordinal", "rd": "ordinal", "th": "ordinal",
               "번째": "ordinal", "s": "s"}


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in a text: its value, unit (``""`` if none) and code-point span."""

    value: Decimal
    unit: str
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        """The value as a canonical string (``6200``, ``3.5``): equal keys, equal numbers."""
        return canonical(self.value)


def canonical(value: Decimal) -> str:
    """``Decimal('6200.00')`` → ``'6200'``; ``Decimal('3.50')`` → ``'3.5'``."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _plain(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _korean_value(body: str) -> Decimal:
    total = Decimal(0)
    for part in _KO_PART.finditer(body):
        if not part.group(0).strip():
            continue
        num = _plain(part.group("num")) if part.group("num") else Decimal(1)
        if part.group("small"):
            num *= _KO_SMALL[part.group("small")]
        if part.group("big"):
            num *= _KO_BIG[part.group("big")]
        total += num
    return total


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
            if any(unit in body for unit in _KO_BIG):
                value = _korean_value(body)
            else:
                value = _plain(body.strip())
        except (InvalidOperation, ValueError):
            continue
        scale = match.group("scale")
        if scale:
            value *= _EN_SCALE[scale.lower()]
        unit = (match.group("unit") or "").lower()
        end = match.end() if unit else match.end("scale") if scale else match.end("body")
        if not unit and body.endswith(" "):
            end -= 1
        found.append(Number(value, _UNIT_NAMES.get(unit, unit), match.start(), end,
                            text[match.start():end]))
    return found


def number_keys(text: str) -> list[str]:
    """The canonical values of the numbers in ``text``, in order (for matching)."""
    return [number.key for number in find_numbers(text)]
