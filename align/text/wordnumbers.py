"""Numbers written as words, in Korean and English, read for matching only.

Korean writes numbers in words in formal and older text (the Bible: 일백 삼십세 = 130 years,
첫째 날 = the first day, 사흘 = three days), English in words too (an hundred and thirty,
threescore and ten, the seventh day). Many Korean numeral syllables are also ordinary words (천사
is "angel", 구원 "salvation"), so a word counts only when what follows the numeral is empty, a
counter or a particle, and a few whole words that look like numerals are excluded. The values are
*not* part of :func:`align.text.numbers.find_numbers`, whose callers (the number-mismatch check)
must not flag a word as a missing number; hence a module of its own.
"""

from __future__ import annotations

import re

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
