"""A language the encoder was not trained on: its vectors are used where they agree with the
document's own lexical links, and the user is told which (align.aligner.agreement)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from align.aligner.agreement import agreement
from align.cli import cli
from align.text import encoder as encoder_module

# A harbour's history; the Icelandic leaves out the fishermen (English sentence 4). Its
# neighbours share no anchor and have like lengths, so the lexical model alone drops the wrong
# one; the dated sentences are confident lexical links the vectors are checked on.
HARBOUR_EN = [
    "The harbour of Reykjavik was built in 1913.",
    "It cost 1.5 million crowns at the time.",
    "Some 240 workers laid the stones by hand.",
    "The first ship docked there on 16 November 1917.",
    "Fishermen mended their nets on the quay every morning.",
    "Children watched the gulls from the old wall.",
    "In 1940 British troops took over the docks.",
    "They stayed until 1946, six years in all.",
    "Today about 70 boats still land their catch there.",
]
HARBOUR_IS = [
    "Reykjavíkurhöfn var byggð árið 1913.",
    "Hún kostaði 1,5 milljónir króna á þeim tíma.",
    "Um 240 verkamenn lögðu steinana í höndunum.",
    "Fyrsta skipið lagðist þar að 16. nóvember 1917.",
    "Börnin horfðu á mávana af gamla garðinum.",
    "Árið 1940 tóku breskir hermenn yfir höfnina.",
    "Þeir voru þar til 1946, sex ár alls.",
    "Í dag landa um 70 bátar enn afla sínum þar.",
]
#: Which English sentence each sentence means (the Icelandic has no sentence 4).
MEANING = {text: k for k, text in enumerate(HARBOUR_EN)} | {
    text: k for k, text in zip((0, 1, 2, 3, 5, 6, 7, 8), HARBOUR_IS, strict=True)
}
RIGHT = ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[]", "[5]:[4]", "[6]:[5]", "[7]:[6]"]


def _random(key: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha1(key.encode()).digest()[:4], "big")
    return np.random.default_rng(seed).standard_normal(512)


class _Model:
    """Stands in for USE: with ``meaning``, a sentence's vector is its meaning's plus a little
    of its own (a translation is near its original); without, every text is noise."""

    def __init__(self, meaning: bool) -> None:
        self.meaning = meaning

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [
            _random(f"meaning {MEANING[text]}") + 0.5 * _random(text)
            if self.meaning and text in MEANING
            else _random(text)
            for text in texts
        ]
        out: np.ndarray = np.stack(rows)
        unit: np.ndarray = (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)
        return unit


def _align(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meaning: bool) -> tuple[list[str], str]:
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda threads: _Model(meaning))
    en, isl = tmp_path / "en.txt", tmp_path / "is.txt"
    en.write_text("\n".join(HARBOUR_EN) + "\n", encoding="utf-8")
    isl.write_text("\n".join(HARBOUR_IS) + "\n", encoding="utf-8")
    args = ["sentences", str(en), str(isl), "--presplit", "--src-lang", "en", "--tgt-lang", "is"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return [line.rsplit(":", 1)[0] for line in result.stdout.splitlines()], result.stderr


def test_vectors_that_agree_with_the_lexical_links_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    links, stderr = _align(tmp_path, monkeypatch, meaning=True)
    assert links[:8] == RIGHT
    assert "is: not among use-m3's languages; its vectors agree with this document's" in stderr
    assert "so meaning is used" in stderr


def test_noise_vectors_leave_the_lexical_model_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    links, stderr = _align(tmp_path, monkeypatch, meaning=False)
    assert links[4:6] == ["[4]:[4]", "[5]:[]"]  # the lexical model's choice, as without vectors
    assert "its vectors do not agree enough with this document's lexical links" in stderr
    assert "aligned by lengths and anchors alone" in stderr


def test_one_sentence_a_side_is_said_to_be_unchecked_not_to_disagree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-sentence document has no other target sentence to rank its partner against: the
    note said the vectors "do not agree enough (no confident link to check them on < 2.65)"."""
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda threads: _Model(True))
    en, isl = tmp_path / "en.txt", tmp_path / "is.txt"
    en.write_text(HARBOUR_EN[0] + "\n", encoding="utf-8")
    isl.write_text(HARBOUR_IS[0] + "\n", encoding="utf-8")
    args = ["sentences", str(en), str(isl), "--presplit", "--src-lang", "en", "--tgt-lang", "is"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[0]:[0]:")
    assert result.stderr.splitlines() == [
        "align: is: not among use-m3's languages, and this document has no confident lexical "
        "link to check its vectors on: aligned by lengths and anchors alone (--encoder none "
        "says so explicitly)"
    ]


def test_the_rank_statistic_is_one_for_partners_and_about_zero_for_noise() -> None:
    """Partners closest of all give the mean share 1 and z = sqrt(3 k); unrelated vectors a z
    near 0."""
    rng = np.random.default_rng(3)
    source = rng.standard_normal((20, 16)).astype(np.float32)
    pairs = [(k, k) for k in range(12)]
    same = agreement(source, source + 0.1 * rng.standard_normal((20, 16)).astype(np.float32), pairs)
    assert same.links == 12 and same.auc == 1.0 and same.z == pytest.approx(6.0)
    noise = agreement(source, rng.standard_normal((20, 16)).astype(np.float32), pairs)
    assert abs(noise.z) < 2.0
