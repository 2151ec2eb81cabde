"""Calendar names in English and Korean: months and weekdays, with their numbers.

The one owner of these facts: the aligner (month and weekday anchors), the document pairer
(dates as content features) and the term checker (a Korean ``9월`` rendered as ``September``)
take the names from here and build the patterns their purpose needs. Korean writes months with
numbers (``11월``), so only English month names need a table; weekdays have names in both.
"""

from __future__ import annotations

#: English month names, January first, lower case.
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: The abbreviations English writes for month names (``Jan.``, ``Sept.``), lower case, with the
#: month each stands for; May has none.
MONTH_ABBREVIATIONS: dict[str, int] = {
    **{name[:3]: number for number, name in enumerate(MONTHS, start=1) if name != "may"},
    "sept": 9,
}
#: Month names and their abbreviations, lower case, to the month's number (``november`` and
#: ``nov`` → 11).
MONTH_NUMBERS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTHS, start=1)},
    **MONTH_ABBREVIATIONS,
}
#: English weekday names, Monday first, lower case.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Korean weekday names, Monday first, to their English names (월요일 → ``monday``).
KO_WEEKDAYS: dict[str, str] = {
    syllable + "요일": name for syllable, name in zip("월화수목금토일", WEEKDAYS, strict=True)
}

# Regular-expression pieces: alternations without groups, in the order of the tables (an
# abbreviation's longer form first: ``Sept|Sep``), capitalised as English writes the names.
#: ``January|February|…|December``.
EN_MONTH_NAMES = "|".join(name.capitalize() for name in MONTHS)
#: ``Jan|Feb|…|Aug|Sept|Sep|Oct|Nov|Dec``.
EN_MONTH_ABBREVIATIONS = "|".join(
    sorted(
        (name.capitalize() for name in MONTH_ABBREVIATIONS),
        key=lambda name: (MONTH_ABBREVIATIONS[name.lower()], -len(name)),
    )
)
#: ``Monday|Tuesday|…|Sunday``.
EN_WEEKDAY_NAMES = "|".join(name.capitalize() for name in WEEKDAYS)
#: ``월요일|화요일|…|일요일``.
KO_WEEKDAY_NAMES = "|".join(KO_WEEKDAYS)
