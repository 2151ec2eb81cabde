"""Korean morphology: the analyser registry, offsets, the same term confirmations from MeCab and
Kiwi on the traps, choosing one with ``--morph`` or ``[tool.align] morph``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli
from align.errors import ConfigError
from align.terms import matching
from align.terms.table import parse_table
from align.text import morph

from .conftest import ROOT
from .subproc import run_batch

NAMES = tuple(morph.ANALYSERS)

GLOSSARY = parse_table(
    "concept\tlang\tterm\tstatus\n"
    "counterstrike\tko\t반격 능력\tpreferred\n"
    "usfj\tko\t주일미군\tpreferred\n"
    "jsdf\tko\t해상자위대\tpreferred\n"
    "indopacom\tko\t인도태평양\tpreferred\n"
    "yomiuri\tko\t요미우리신문\tpreferred\n"
    "mofa\tko\t외교부\tpreferred\n"
    "expert\tko\t전문\tpreferred\n"
    "cooperation\tko\t협력\tpreferred\n"
    "mod\tko\t방위성\tpreferred\n",
    "traps.tsv",
)

# (sentence, the terms found in it): particles, the copula and 하다 after a term match; a
# longer word does not. Kiwi and MeCab must agree on every one.
TRAPS = [
    ("일본은 반격능력이 있다.", ["반격능력"]),
    ("주일미군사령부가 생긴다.", []),
    ("주일미군이 움직인다.", ["주일미군"]),
    ("해상자위대가 출동했다.", ["해상자위대"]),
    ("인도태평양사령부에 위임한다.", []),
    ("요미우리신문도 보도했다.", ["요미우리신문"]),  # MeCab alone reads 신문도, an island
    ("외교부가 발표했다.", ["외교부"]),  # MeCab alone reads 외교 + 부가
    ("전문가들이 말했다.", []),
    ("양국은 협력했다.", ["협력"]),
]


def _found(text: str, name: str) -> list[str]:
    return [m.found for m in matching.find_terms(text, GLOSSARY, "ko", name)]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("text", "expected"), TRAPS, ids=[t for t, _ in TRAPS])
def test_both_analysers_confirm_the_traps_alike(name: str, text: str, expected: list[str]) -> None:
    assert _found(text, name) == expected


SAMPLES = [
    "반격능력을 갖춘  주일미군사령부는, “인도·태평양사령부”와\n협력했다.",
    "\t앞 공백과 끝 공백 \u00a0",
    "EOS 라는 낱말과 영어 words, 숫자 1,234 및 😀 이모지.",
    "널\x00문자도 있다",
    "전각 ＡＢＣ와 한자 韓國語",
]


@pytest.mark.parametrize("name", NAMES)
def test_offsets_point_into_the_text(name: str) -> None:
    for text, tokens in zip(SAMPLES, morph.analyser(name).analyse(SAMPLES), strict=True):
        assert tokens, text
        ends = [0]
        for token in tokens:
            # Kiwi may give an elided morpheme no length (the copula in 문자다) and overlap
            # the morphemes of one syllable (했 → 하 + 었); MeCab's tokens are disjoint slices.
            assert 0 <= token.start <= token.end <= len(text)
            assert name == "kiwi" or (token.start >= ends[-1] and token.end > token.start)
            assert not text[token.start : token.end].isspace()
            ends.append(token.end)
        if name == "mecab":  # the surface is the span
            assert all(text[t.start : t.end] == t.form for t in tokens)


def test_mecab_offsets_skip_spaces_and_keep_punctuation() -> None:
    text = "반격 능력을,  “협력했다”."
    [tokens] = morph.analyser("mecab").analyse([text])
    assert [(t.form, t.start) for t in tokens] == [
        ("반격", 0),
        ("능력", 3),
        ("을", 5),
        (",", 6),
        ("“", 9),
        ("협력", 10),
        ("했", 12),
        ("다", 13),
        ("”", 14),
        (".", 15),
    ]
    assert [t.tag for t in tokens][:3] == ["NNG", "NNG", "JKO"]


@pytest.mark.parametrize("name", NAMES)
def test_a_forced_boundary_splits_where_asked(name: str) -> None:
    [tokens] = morph.analyser(name).analyse(["외교부가"], [3])
    assert any(t.start == 3 and t.tag.startswith("J") for t in tokens)


def test_unknown_analyser_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown morphological analyser 'nope'.*mecab, kiwi"):
        morph.analyser("nope")


@dataclass
class Recording:
    """An analyser that records what it is asked and says every tail is a particle."""

    name: str = "recording"
    description: str = "test double"
    asked: list[str] = field(default_factory=list)

    def analyse(
        self, texts: Sequence[str], heads: Sequence[int] | None = None
    ) -> list[list[morph.Morpheme]]:
        self.asked.extend(texts)
        return [[morph.Morpheme(text, "JKS", 0, len(text))] for text in texts]


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> Recording:
    analyser = Recording()
    monkeypatch.setitem(morph.ANALYSERS, "recording", analyser)
    return analyser


def test_plain_particles_need_no_analysis(recording: Recording) -> None:
    matcher = matching.build_matcher(GLOSSARY, "ko", "recording")
    found = matching.find_terms_many(["주일미군을 보라.", "반격 능력의 주일미군, 외교부."], matcher)
    assert [[m.found for m in matches] for matches in found] == [
        ["주일미군"],
        ["반격 능력", "주일미군", "외교부"],
    ]
    assert recording.asked == []


def test_confirmations_are_batched_and_cached_by_word(recording: Recording) -> None:
    matcher = matching.build_matcher(GLOSSARY, "ko", "recording")
    texts = ["주일미군이 왔다.", "외교부가 말했다.", "주일미군이 또 왔다."]
    matching.find_terms_many(texts, matcher)
    matching.find_terms_many(texts, matcher)
    assert recording.asked == ["주일미군이", "외교부가"]


def _lint_file(tmp_path: Path) -> Path:
    path = tmp_path / "ko.txt"
    path.write_text("주일미군이 왔다.\n", encoding="utf-8")
    return path


def test_morph_option_selects_the_analyser(tmp_path: Path, recording: Recording) -> None:
    glossary = ROOT / "glossaries" / "defence-diplomacy.tsv"
    args = ["lint", str(_lint_file(tmp_path)), "--glossary", str(glossary), "--lang", "ko"]
    result = CliRunner().invoke(cli, [*args, "--morph", "recording"])
    assert result.exit_code == 0, result.output
    assert recording.asked == ["주일미군이"]


def test_tool_align_morph_selects_the_analyser(
    tmp_path: Path, recording: Recording, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = ROOT / "glossaries" / "defence-diplomacy.tsv"
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.align]\nglossary = "{glossary.as_posix()}"\nmorph = "recording"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lint", str(_lint_file(tmp_path)), "--lang", "ko"])
    assert result.exit_code == 0, result.output
    assert recording.asked == ["주일미군이"]


def _align(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "align", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_unknown_morph_option_or_setting_is_one_line_exit_2(tmp_path: Path) -> None:
    glossary = str(ROOT / "glossaries" / "defence-diplomacy.tsv")
    path = str(_lint_file(tmp_path))
    done = _align("lint", path, "--glossary", glossary, "--morph", "nope", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "align: error: --morph: unknown morphological analyser 'nope' (choose one of: mecab, kiwi)"
    )
    (tmp_path / "pyproject.toml").write_text('[tool.align]\nmorph = "nope"\n', encoding="utf-8")
    done = _align("lint", path, "--glossary", glossary, cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "pyproject.toml: [tool.align] morph: unknown morphological analyser 'nope'" in (
        done.stderr
    )


# Unpunctuated Korean (as in an archive without final stops): each line a sentence.
UNPUNCTUATED = (
    "정부는 오늘 새 예산안을 국회에 제출했다",
    "여당은 서민 지원을 늘렸다고 설명했다",
    "야당은 재정 건전성이 나빠진다고 비판했다",
    "전문가들은 경기 둔화를 걱정하고 있다",
    "시장은 발표 직후 조용히 움직였다",
    "다음 주에는 상임위원회 심사가 시작된다",
)


class _CountingKiwi:
    """The real Kiwi, remembering the length of every text it is given."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.lengths: list[int] = []

    def split_into_sents(self, texts: str | list[str], **options: object) -> object:
        self.lengths.extend(len(t) for t in ([texts] if isinstance(texts, str) else texts))
        return self.real.split_into_sents(texts, **options)  # type: ignore[attr-defined]


def test_kiwi_reads_a_bounded_chunk_and_finds_the_sentences_of_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paragraph = " ".join(UNPUNCTUATED * 40)  # about 5,000 characters, no punctuation
    short = ["짧은 문단이다 곧 끝난다", "또 하나의 짧은 문단"] * 30
    real = morph.kiwi()
    whole = [
        [morph.KiwiSentence(s.start, s.end, True) for s in real.split_into_sents(text)]
        for text in [paragraph, *short]
    ]
    counting = _CountingKiwi(real)
    monkeypatch.setattr(morph, "kiwi", lambda: counting)
    monkeypatch.setattr(morph, "KIWI_CHUNK", 600)
    found = morph.sentences([paragraph, *short])
    assert max(counting.lengths) <= 600
    assert len(counting.lengths) < 2 * (len(paragraph) // 300 + len(short))  # batched
    assert [[(s.start, s.end) for s in sents] for sents in found] == [
        [(s.start, s.end) for s in sents] for sents in whole
    ]
    assert len(found[0]) == len(UNPUNCTUATED) * 40


def test_a_sentence_longer_than_a_chunk_is_cut_at_white_space(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(morph, "KIWI_CHUNK", 40)
    text = "그리고 " * 30 + "끝났다"  # one long sentence
    found = morph.sentences([text])[0]
    assert len(found) > 1
    for sentence in found:
        assert sentence.end - sentence.start <= 40
        assert sentence.start == 0 or text[sentence.start - 1] == " "


@pytest.mark.slow
def test_kiwi_splitter_memory_does_not_grow_with_an_unpunctuated_paragraph(
    tmp_path: Path,
) -> None:
    (tmp_path / "small.txt").write_text(UNPUNCTUATED[0] + "\n", encoding="utf-8")
    body = " ".join(UNPUNCTUATED * 1200)  # about 130,000 characters in one paragraph
    (tmp_path / "big.txt").write_text(body + "\n", encoding="utf-8")
    split = ["split", "--lang", "ko", "--engine", "kiwi"]
    warm, big = run_batch([[*split, "small.txt"], [*split, "big.txt"]], tmp_path)
    assert warm.code == 0 and big.code == 0, big.describe()
    assert len(big.stdout.splitlines()) == len(UNPUNCTUATED) * 1200
    # Kiwi is loaded by the first command; the second may add the text and its sentences
    # (a few MB), not Kiwi's tokens of the whole paragraph (over 20 MB before it was bounded).
    assert big.rss_mb - warm.rss_mb < 10, (warm.describe(), big.describe())


def test_mecab_tokens_are_the_analysers_forms_and_tags() -> None:
    # The splitter's light path must read MeCab-ko exactly as the analyser does.
    text = "맛있었어요ㅋㅋ  근데, “협력했다”. 3~5개\t있음"
    [morphemes] = morph.analyser("mecab").analyse([text])
    [tokens] = morph.mecab_tokens([text])
    assert tokens == [(m.form, m.tag) for m in morphemes]
    assert "".join(surface for surface, _ in tokens) == "".join(text.split())
