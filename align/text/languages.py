"""Language codes the toolkit takes, and a cheap check that a text is in the language given.

Codes are ISO 639-1 (two letters; ISO 639-2/3 three-letter codes are taken as they are). The
check counts the letters of each script (Unicode script blocks), as the CLD family of
detectors starts: a text given as Korean whose letters are nearly all Latin, or as English
whose letters are nearly all Hangul, is a swapped file, not a translation to align. Only the
script is compared: English and German, both Latin, are not told apart. Short texts and mixed
ones (a bilingual glossary, a Korean article quoting English) are never refused.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator

from align.errors import ConfigError, InputError
from align.text.normalize import primary_language

#: ISO 639-1, the two-letter codes (ISO 639-1:2002 and its registration authority's list).
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la
    lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj
    om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
    sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh
    zu""".split()
)

#: Languages with rules of their own (splitters, term rules); every other code is split by
#: punctuation and case.
OWN_RULES = ("ko", "en")

#: Letters of each script, by Unicode block (the scripts of the languages below).
_SCRIPTS: dict[str, re.Pattern[str]] = {
    "Hangul": re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "Han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"),
    "Kana": re.compile(r"[\u3040-\u30ff]"),
    "Cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "Arabic": re.compile(r"[\u0600-\u06ff]"),
    "Greek": re.compile(r"[\u0370-\u03ff]"),
    "Hebrew": re.compile(r"[\u0590-\u05ff]"),
    "Thai": re.compile(r"[\u0e00-\u0e7f]"),
    "Devanagari": re.compile(r"[\u0900-\u097f]"),
}
#: The scripts a language is written in (languages not listed are not checked).
_WRITTEN_IN: dict[str, frozenset[str]] = {
    "ko": frozenset({"Hangul"}),
    "ja": frozenset({"Kana", "Han"}),
    "zh": frozenset({"Han"}),
    "ar": frozenset({"Arabic"}),
    "fa": frozenset({"Arabic"}),
    "ur": frozenset({"Arabic"}),
    "el": frozenset({"Greek"}),
    "he": frozenset({"Hebrew"}),
    "th": frozenset({"Thai"}),
    "hi": frozenset({"Devanagari"}),
    "mr": frozenset({"Devanagari"}),
    "ne": frozenset({"Devanagari"}),
    **{lang: frozenset({"Cyrillic"}) for lang in ("ru", "uk", "bg", "be", "mk", "kk", "mn")},
    **{
        lang: frozenset({"Latin"})
        for lang in (
            "en de fr es it pt nl pl tr sv da no nb nn fi cs sk sl hr ro hu id ms vi "
            "ca eu gl et lv lt is ga cy sq af sw tl"
        ).split()
    },
}
#: A text is checked when it has at least this many letters...
MIN_LETTERS = 200
#: ...and refused when the scripts of its language hold less than this share of them.
MAX_OWN_SHARE = 0.1

_CHECKING: contextvars.ContextVar[bool] = contextvars.ContextVar("align_language_check")


def check_code(code: str, option: str = "--lang") -> str:
    """``code`` when it is a language code the toolkit takes; else a ``ConfigError`` that lists
    what is supported."""
    primary = primary_language(code)
    if primary.isalpha() and (len(primary) == 3 or primary in ISO_639_1):
        return code
    raise ConfigError(
        f"{option} {code!r} is not a known language code",
        hint=f"give an ISO 639-1 code: {' and '.join(OWN_RULES)} have rules of their own; "
        f"the other {len(ISO_639_1) - len(OWN_RULES)} codes (de, fr, ja, zh, ...) split by "
        "punctuation",
    )


def _letters(text: str) -> dict[str, int]:
    """Letters per script in the first 20,000 characters (enough to tell; cheap on any file)."""
    head = text[:20000]
    return {script: len(pattern.findall(head)) for script, pattern in _SCRIPTS.items()}


def judged(text: str, lang: str) -> bool:
    """Whether :func:`mismatch` can tell for ``text`` given as ``lang``: the scripts of the
    language are known and the text has enough letters."""
    scripts = _WRITTEN_IN.get(primary_language(lang))
    return scripts is not None and sum(_letters(text).values()) >= MIN_LETTERS


def mismatch(text: str, lang: str) -> str | None:
    """What ``text`` looks like when it is clearly not in ``lang``, else ``None``."""
    scripts = _WRITTEN_IN.get(primary_language(lang))
    if scripts is None:
        return None
    counts = _letters(text)
    letters = sum(counts.values())
    if letters < MIN_LETTERS or sum(counts[s] for s in scripts) / letters >= MAX_OWN_SHARE:
        return None
    script = max(counts, key=lambda name: counts[name])
    return f"{round(100 * counts[script] / letters)}% of its {letters} letters are {script}"


@contextlib.contextmanager
def checking(enabled: bool) -> Iterator[None]:
    """Within the block, :func:`check_text` checks (the default) or not
    (``--no-language-check``)."""
    token = _CHECKING.set(enabled)
    try:
        yield
    finally:
        _CHECKING.reset(token)


def enabled() -> bool:
    """Whether languages are checked here (not within ``checking(False)``)."""
    return _CHECKING.get(True)


def check_text(text: str, lang: str, path: str) -> None:
    """Refuse ``text`` (read from ``path``) given as ``lang`` when it is clearly not in it."""
    if not enabled():
        return
    seen = mismatch(text, lang)
    if seen is not None:
        raise InputError(
            f"given as {lang}, but it does not look like {lang}: {seen}",
            path=path,
            hint="check the file and the language given (swapped files?); "
            "pass --no-language-check to go on anyway",
        )
