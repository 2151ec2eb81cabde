"""Language codes the toolkit takes, and a cheap check that a text is in the language given.

Codes are BCP 47 tags (RFC 5646): ISO 639-1 two-letter codes, with a region or script after
them (``ko-KR``). A three-letter ISO 639-2/3 code of a language that has a two-letter one
(``kor``, ``eng``, ``ger``/``deu``) is read as that code, as RFC 5646 §2.2.1 says a tag must
write it, so ``kor`` gets the Korean rules and matches ``ko`` terms; other three-letter codes
(ISO 639-3 languages without one) are taken as they are.

The check counts the letters of each script (Unicode script blocks), as the CLD family of
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

#: ISO 639-2 (terminology and bibliographic) codes of the ISO 639-1 languages, which are also
#: their ISO 639-3 codes (the terminology ones): the three-letter form → the two-letter code.
ISO_639_2: dict[str, str] = {
    three: two
    for two, threes in (
        entry.split(":")
        for entry in """aa:aar ab:abk ae:ave af:afr ak:aka am:amh an:arg ar:ara as:asm av:ava
        ay:aym az:aze ba:bak be:bel bg:bul bh:bih bi:bis bm:bam bn:ben bo:bod,tib br:bre bs:bos
        ca:cat ce:che ch:cha co:cos cr:cre cs:ces,cze cu:chu cv:chv cy:cym,wel da:dan de:deu,ger
        dv:div dz:dzo ee:ewe el:ell,gre en:eng eo:epo es:spa et:est eu:eus,baq fa:fas,per ff:ful
        fi:fin fj:fij fo:fao fr:fra,fre fy:fry ga:gle gd:gla gl:glg gn:grn gu:guj gv:glv ha:hau
        he:heb hi:hin ho:hmo hr:hrv ht:hat hu:hun hy:hye,arm hz:her ia:ina id:ind ie:ile ig:ibo
        ii:iii ik:ipk io:ido is:isl,ice it:ita iu:iku ja:jpn jv:jav ka:kat,geo kg:kon ki:kik
        kj:kua kk:kaz kl:kal km:khm kn:kan ko:kor kr:kau ks:kas ku:kur kv:kom kw:cor ky:kir
        la:lat lb:ltz lg:lug li:lim ln:lin lo:lao lt:lit lu:lub lv:lav mg:mlg mh:mah mi:mri,mao
        mk:mkd,mac ml:mal mn:mon mr:mar ms:msa,may mt:mlt my:mya,bur na:nau nb:nob nd:nde
        ne:nep ng:ndo nl:nld,dut nn:nno no:nor nr:nbl nv:nav ny:nya oc:oci oj:oji om:orm or:ori
        os:oss pa:pan pi:pli pl:pol ps:pus pt:por qu:que rm:roh rn:run ro:ron,rum ru:rus rw:kin
        sa:san sc:srd sd:snd se:sme sg:sag si:sin sk:slk,slo sl:slv sm:smo sn:sna so:som
        sq:sqi,alb sr:srp ss:ssw st:sot su:sun sv:swe sw:swa ta:tam te:tel tg:tgk th:tha ti:tir
        tk:tuk tl:tgl tn:tsn to:ton tr:tur ts:tso tt:tat tw:twi ty:tah ug:uig uk:ukr ur:urd
        uz:uzb ve:ven vi:vie vo:vol wa:wln wo:wol xh:xho yi:yid yo:yor za:zha zh:zho,chi
        zu:zul""".split()
    )
    for three in threes.split(",")
}

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
#: Scripts that no ISO 639-1 language but one is written in: a text in Hangul given as another
#: two-letter code (``kr``, Kanuri, typed for Korea) is not in that language, whatever scripts
#: it is written in. Three-letter codes are left alone: Jeju (``jje``) is written in Hangul.
_SCRIPT_OF_ONE: dict[str, str] = {"Hangul": "ko"}
#: A text is checked when it has at least this many letters...
MIN_LETTERS = 200
#: ...and refused when the scripts of its language hold less than this share of them.
MAX_OWN_SHARE = 0.1

_CHECKING: contextvars.ContextVar[bool] = contextvars.ContextVar("align_language_check")


def primary_language(tag: str) -> str:
    """The primary language subtag of a BCP 47 tag, lower case and in its two-letter form where
    the language has one: ``ko-KR`` → ``ko``, ``EN_us`` → ``en``, ``kor`` → ``ko`` (region,
    script and variants ignored, as matching by language does)."""
    primary = tag.replace("_", "-").split("-")[0].lower()
    return ISO_639_2.get(primary, primary)


#: A well-formed BCP 47 language tag (RFC 5646 §2.1, the ``langtag`` production; ``_`` taken
#: for ``-`` as POSIX locales write it): language (two or three letters, then up to three
#: extended subtags), script, region, variants, extensions, private use; case-insensitive.
_TAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3})(?:-[a-z]{3}){0,3}
    (?:-[a-z]{4})?                          # script: Hant
    (?:-(?:[a-z]{2}|[0-9]{3}))?             # region: KR, 419
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*  # variants
    (?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*     # extensions: u-ca-gregory
    (?:-x(?:-[a-z0-9]{1,8})+)?              # private use
    """,
    re.ASCII | re.IGNORECASE | re.VERBOSE,
)


def well_formed(tag: str) -> bool:
    """Whether ``tag`` is a BCP 47 language tag as RFC 5646 spells one (``ko``, ``ko-KR``,
    ``en_US``, ``zh-Hant-TW``), whatever its language; ``ko-``, ``k`` and ``ko KR`` are not."""
    return _TAG.fullmatch(tag.replace("_", "-")) is not None


def canonical(tag: str) -> str:
    """``tag`` with ``-`` between subtags, its primary subtag as :func:`primary_language` gives
    it and the case RFC 5646 §2.1.1 recommends (script in title case, region in upper case,
    the rest lower): ``kor_KR`` → ``ko-KR``, ``EN`` → ``en``, ``zh-hant-tw`` → ``zh-Hant-TW``."""
    primary, *rest = tag.strip().replace("_", "-").split("-")
    subtags = [primary_language(primary)]
    extended = False  # past a singleton: extension and private-use subtags stay lower case
    for subtag in rest:
        extended = extended or len(subtag) == 1
        if len(subtag) == 4 and subtag.isalpha() and not extended:
            subtags.append(subtag.title())
        elif len(subtag) == 2 and not extended:
            subtags.append(subtag.upper())
        else:
            subtags.append(subtag.lower())
    return "-".join(subtags)


def known_code(code: str) -> bool:
    """Whether ``code``'s primary subtag is an ISO 639-1 code or three ASCII letters (ISO 639-3
    has some 7,900; they are not listed here)."""
    primary = primary_language(code)
    return primary.isascii() and primary.isalpha() and (len(primary) == 3 or primary in ISO_639_1)


def known_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 tag on a language the toolkit takes
    (:func:`known_code`): what every language option accepts."""
    return well_formed(tag) and known_code(tag)


def check_code(code: str, option: str = "--lang") -> str:
    """``code`` in its :func:`canonical` form when it is a language the toolkit takes, alone
    (``ko``) or in a BCP 47 tag (``ko-KR``); else a ``ConfigError`` that says what to give."""
    if known_tag(code):
        return canonical(code)
    what = "a known language code" if well_formed(code) else "a well-formed language tag"
    raise ConfigError(
        f"{option} {code!r} is not {what}",
        hint=f"give an ISO 639-1 code, alone or with a region or script as BCP 47 writes it "
        f"(ko-KR, en-US, zh-Hant-TW): {' and '.join(OWN_RULES)} have rules of their own; "
        f"the other {len(ISO_639_1) - len(OWN_RULES)} codes (de, fr, ja, zh, ...) split by "
        "punctuation",
    )


def _script_letters(text: str) -> dict[str, int]:
    """Letters per script in the first 20,000 characters (enough to tell; cheap on any file)."""
    head = text[:20000]
    return {script: len(pattern.findall(head)) for script, pattern in _SCRIPTS.items()}


def _scripts_of(lang: str) -> frozenset[str] | None:
    """The scripts ``lang`` is written in; for another ISO 639-1 language, every script but
    those of :data:`_SCRIPT_OF_ONE` (which are another language's alone); else ``None``:
    not checked."""
    primary = primary_language(lang)
    if primary in _WRITTEN_IN:
        return _WRITTEN_IN[primary]
    if primary in ISO_639_1:
        return frozenset(_SCRIPTS) - {s for s, one in _SCRIPT_OF_ONE.items() if one != primary}
    return None


def foreign_script(text: str, lang: str) -> tuple[str, str] | None:
    """(script, language) when every letter of ``text`` is in a script only that language is
    written in (a glossary term in Hangul: ``("Hangul", "ko")``) and ``lang`` is another ISO
    639-1 language, else ``None``: a term too short for :func:`mismatch` still cannot be
    Kanuri (``kr``, typed for Korea) or English in Hangul."""
    primary = primary_language(lang)
    counts = _script_letters(text)
    for script, owner in _SCRIPT_OF_ONE.items():
        alone = counts[script] and counts[script] == sum(counts.values())
        if alone and primary != owner and primary in ISO_639_1:
            return script, owner
    return None


def judged(text: str, lang: str) -> bool:
    """Whether :func:`mismatch` can tell for ``text`` given as ``lang``: the scripts of the
    language are known and the text has enough letters."""
    return _scripts_of(lang) is not None and sum(_script_letters(text).values()) >= MIN_LETTERS


def mismatch(text: str, lang: str) -> str | None:
    """What ``text`` looks like when it is clearly not in ``lang``, else ``None``."""
    scripts = _scripts_of(lang)
    if scripts is None:
        return None
    counts = _script_letters(text)
    letters = sum(counts.values())
    if letters < MIN_LETTERS or sum(counts[s] for s in scripts) / letters >= MAX_OWN_SHARE:
        return None
    script = max(counts, key=lambda name: counts[name])
    seen = f"{round(100 * counts[script] / letters)}% of its {letters} letters are {script}"
    one = _SCRIPT_OF_ONE.get(script)
    return seen if one is None else f"{seen}, the script of {one} alone"


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
