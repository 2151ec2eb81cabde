"""Transliterated names across Hangul and Latin script, matched by their consonant skeletons.

Korean writes foreign names by sound (트럼프 for Trump, 아브라함 for Abraham, 바이든 for Biden),
with its own consonants: f becomes ㅍ, v ㅂ, r and l both ㄹ, z and j ㅈ. Reducing both
spellings to the consonant classes they share (P, T, K, S, L, M, N; vowels dropped, repeats
collapsed) gives one key for both: 트럼프 → ``TLMP`` ← Trump. This is the phonetic-key idea of
Soundex (Russell 1918) and of transliteration mining for alignment (Knight & Graehl 1998, who
model the sound change itself); here it is a fixed table, so it needs no training data.

Used by document pairing (shared names) and by the sentence aligner (names as anchors). Pure
functions, no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# Consonant classes of the 19 initial and 28 final jamo of a precomposed Hangul syllable.
_INITIAL_CLASS = (
    "K",
    "K",
    "N",
    "T",
    "T",
    "L",
    "M",
    "P",
    "P",
    "S",
    "S",
    "",
    "S",
    "S",
    "S",
    "K",
    "T",
    "P",
    "",
)
_FINAL_CLASS = (
    "",
    "K",
    "K",
    "K",
    "N",
    "N",
    "N",
    "T",
    "L",
    "L",
    "L",
    "L",
    "L",
    "L",
    "L",
    "L",
    "M",
    "P",
    "P",
    "T",
    "T",
    "N",
    "S",
    "S",
    "K",
    "T",
    "P",
    "",
)
_EN_SKELETON_RULES = (
    (re.compile(r"['’]s$"), ""),
    (re.compile(r"gh"), ""),
    (re.compile(r"ph"), "p"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ch(?=[lr])"), "k"),
    (re.compile(r"sch"), "s"),
    (re.compile(r"(?:tch|ch|sh)"), "j"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"q"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"g(?=[eiy])"), "j"),
    (re.compile(r"ng$"), "n"),
    # Korean follows British pronunciation: an r before a consonant or at the end is silent
    # (Ford → 포드, Virginia → 버지니아).
    (re.compile(r"r(?![aeiouy])"), ""),
)
_EN_CLASS = {
    "b": "P",
    "p": "P",
    "f": "P",
    "v": "P",
    "d": "T",
    "t": "T",
    "k": "K",
    "g": "K",
    "s": "S",
    "z": "S",
    "j": "S",
    "l": "L",
    "r": "L",
    "m": "M",
    "n": "N",
}

#: Skeletons shorter than this match too much by chance (``TL``, ``MS``) and are not keys.
MIN_SKELETON = 3

_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:['’-][A-Za-z]+)*")
# Particles and copula endings that follow a name inside a Korean word (트럼프는, 아브라함에게),
# longest first so that 에게서 wins over 에게.
_KO_PARTICLES = tuple(
    sorted(
        "은 는 이 가 을 를 에 의 와 과 도 로 만 께 랑 으로 에서 에게 까지 부터 보다 처럼 이나 "
        "이다 였다 이며 한테 께서 에는 에도 과의 와의 에게서 으로서 으로는 에서는 이라 이라는 "
        "라는 이요 이니 이라 더러 하고 이고 들 들이 들은 들을 들의 들에게 의게 에서도".split(),
        key=len,
        reverse=True,
    )
)
# Common English words capitalised only because they start a sentence, and titles: not names.
_NOT_NAMES = frozenset(
    "The A An And But Or If In On At For Of To By With From As It He She They We You I This "
    "That These Those There Then When Where What Who Why How So Now And Thus Yet Also Let "
    "Mr Mrs Ms Dr Sir Lord God".split()
)


def hangul_skeleton(word: str) -> str:
    """The consonant classes of a Hangul word (트럼프 → ``TLMP``), repeats collapsed."""
    classes: list[str] = []
    for char in word:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            continue
        classes.append(_INITIAL_CLASS[code // 588])
        classes.append(_FINAL_CLASS[code % 28])
    return _collapse(classes)


def latin_skeleton(word: str) -> str:
    """The consonant classes of a Latin-script name (Trump → ``TLMP``), repeats collapsed."""
    text = word.lower()
    for pattern, replacement in _EN_SKELETON_RULES:
        text = pattern.sub(replacement, text)
    return _collapse([_EN_CLASS.get(char, "") for char in text])


@functools.lru_cache(maxsize=1 << 16)
def _latin_word_skeleton(word: str) -> str:
    return latin_skeleton(word)


def _collapse(classes: Iterable[str]) -> str:
    out: list[str] = []
    for item in classes:
        if item and (not out or out[-1] != item):
            out.append(item)
    return "".join(out)


def hangul_name_keys(text: str) -> set[str]:
    """Skeletons of the Hangul words of ``text``, each word also without a trailing particle
    (아브라함에게 → the skeletons of 아브라함에게 and 아브라함). Words of one syllable are
    skipped: they are rarely names and their skeletons are too short to be keys."""
    keys: set[str] = set()
    for word in _HANGUL_WORD.findall(text):
        if len(word) >= 2:
            keys.update(_hangul_word_keys(word))
    return keys


@functools.lru_cache(maxsize=1 << 17)
def _hangul_word_keys(word: str) -> tuple[str, ...]:
    forms = [word]
    for particle in _KO_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            forms.append(word[: -len(particle)])
            break
    skeletons = (hangul_skeleton(form) for form in forms)
    return tuple(s for s in skeletons if len(s) >= MIN_SKELETON)


def latin_name_keys(text: str) -> set[str]:
    """Skeletons of the capitalised words of ``text`` (likely names), and of two adjacent
    capitalised words written together, as Korean writes them (West Virginia → 웨스트버지니아)."""
    keys: set[str] = set()
    previous: re.Match[str] | None = None
    for match in _CAPITALISED.finditer(text):
        if match[0] in _NOT_NAMES:
            previous = None
            continue
        skeleton = _latin_word_skeleton(match[0])
        if len(skeleton) >= MIN_SKELETON:
            keys.add(skeleton)
        # Biblical and Hebrew names keep the sound y for an initial J (Jerusalem → 예루살렘,
        # Joseph → 요셉), which has no consonant in Hangul.
        if match[0][0] == "J" and len(skeleton) > MIN_SKELETON:
            keys.add(skeleton[1:])
        if previous is not None and text[previous.end() : match.start()] == " ":
            joined = latin_skeleton(previous[0] + match[0])
            if len(joined) >= MIN_SKELETON:
                keys.add(joined)
        previous = match
    return keys
