"""The peer aligners of ``scripts/peer_aligners.py`` (Vecalign, Bertalign) on a made-up encoder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from tests.conftest import script_module

Vectors = npt.NDArray[np.float32]


PEERS = script_module("peer_aligners").PEERS


def _bag_encoder(words: dict[str, Vectors]) -> Callable[[Sequence[str]], Vectors]:
    """A made-up encoder: a text's vector is the sum of its words' vectors, unit length, so a
    run of sentences joined by spaces has the meaning of all its words."""

    def encode(texts: Sequence[str]) -> Vectors:
        rows = np.stack([sum(words[w] for w in text.split()) for text in texts])
        out: Vectors = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
        return out

    return encode


def _topics(count: int, seed: int = 0) -> list[Vectors]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=64).astype(np.float32) for _ in range(count)]


def _pair(n: int, dropped: set[int], seed: int) -> tuple[list[str], list[str], dict[str, Vectors]]:
    """``n`` made-up sentence pairs, German word ``dK`` and French word ``fK`` near topic K
    (each its own noise, so no two texts have the same vector), with the French of the pairs
    in ``dropped`` left out."""
    topics, noise = _topics(n, seed), _topics(2 * n, seed + 1)
    words = {f"d{k}": topics[k] + 0.3 * noise[k] for k in range(n)}
    words |= {f"f{k}": topics[k] + 0.3 * noise[n + k] for k in range(n)}
    source = [" ".join([f"d{k}"] * 6) for k in range(n)]
    target = [" ".join([f"f{k}"] * 6) for k in range(n) if k not in dropped]
    return source, target, words


def _covered(beads: list[tuple[tuple[int, ...], tuple[int, ...]]], side: int) -> list[int]:
    return [index for bead in beads for index in bead[side]]


@pytest.mark.parametrize("name", sorted(PEERS))
@pytest.mark.parametrize(
    ("n", "dropped"), [(0, set()), (1, set()), (1, {0}), (5, {2}), (5, {0, 1, 2}), (12, {0, 7, 11})]
)
def test_a_peer_partitions_both_sides_in_order(name: str, n: int, dropped: set[int]) -> None:
    source, target, words = _pair(n, dropped, seed=n)
    beads = PEERS[name](source, target, _bag_encoder(words))
    assert _covered(beads, 0) == list(range(len(source)))
    assert _covered(beads, 1) == list(range(len(target)))
    assert all(bead[0] or bead[1] for bead in beads)


@pytest.mark.parametrize("name", sorted(PEERS))
def test_a_peer_joins_two_halves_of_a_sentence(name: str) -> None:
    """French splits German sentence 3 in two halves, each half its topic plus opposite
    noise: only their join has the German sentence's meaning (cosine 1 against about 0.7
    for either half), and the halves are as long as the German together."""
    source, target, words = _pair(8, set(), seed=3)
    noise = _topics(1, seed=99)[0]
    noise *= np.linalg.norm(words["d3"]) / np.linalg.norm(noise)
    words |= {"plus": noise, "minus": -noise}
    source[3] = " ".join(["d3"] * 12)
    target[3:4] = [" ".join(["f3"] * 3 + ["plus"] * 3), " ".join(["f3"] * 3 + ["minus"] * 3)]

    beads = PEERS[name](source, target, _bag_encoder(words))

    assert ((3,), (3, 4)) in beads
    others = [bead for bead in beads if bead != ((3,), (3, 4))]
    assert all(len(s) == len(t) == 1 for s, t in others)
    assert len(others) == 7


def test_eval_runs_the_peers_on_the_encoder_and_says_where_they_do_not_apply(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    evaluation = script_module("eval_alignment")
    source, target, words = _pair(6, set(), seed=6)
    gold = [((k,), (k,)) for k in range(6)]

    def load_set(name: str, seed: int) -> tuple[list[object], str, str]:
        return [evaluation.Doc("toy", source, target, gold)], "de", "fr"

    monkeypatch.setattr(evaluation, "load_set", load_set)
    toy = ["--sets", "textberg-dev", "--systems", "vecalign,bertalign", "--encoder", "none"]
    evaluation.main(toy)
    out = capsys.readouterr().out
    assert "| textberg-dev | vecalign" not in out
    assert "vecalign does not apply to textberg-dev" in out
    assert "bertalign does not apply to textberg-dev" in out

    monkeypatch.setattr(evaluation, "_encode", lambda *langs: _bag_encoder(words))
    evaluation.main(toy)
    rows = [line.split(" | ") for line in capsys.readouterr().out.splitlines()[2:]]
    assert [(row[1], row[5]) for row in rows] == [("vecalign", "1.000"), ("bertalign", "1.000")]


def test_a_peer_end_to_end_aligns_the_sentences_ours_aligns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    evaluation = script_module("eval_alignment")
    ko_text = "그는 왔다. 그녀는 떠났다. 모두가 웃었다."
    en_text = "He came. She left. Everyone laughed."
    (tmp_path / "ko.txt").write_text(ko_text, encoding="utf-8")
    (tmp_path / "en.txt").write_text(en_text, encoding="utf-8")
    topics = _topics(3, seed=5)
    pairs = [
        ("그는 왔다.", "He came."),
        ("그녀는 떠났다.", "She left."),
        ("모두가 웃었다.", "Everyone laughed."),
    ]
    # Each word its sentence's topic plus noise of its own, so that no two texts are alike.
    tokens = [(k, w) for k, pair in enumerate(pairs) for text in pair for w in text.split()]
    noise = _topics(len(tokens), seed=6)
    words = {w: topics[k] + 0.3 * noise[n] for n, (k, w) in enumerate(tokens)}
    monkeypatch.setattr(evaluation, "_encode", lambda *langs: _bag_encoder(words))
    gold = [
        (
            evaluation.chars(ko_text, ko_text.index(ko), ko_text.index(ko) + len(ko)),
            evaluation.chars(en_text, en_text.index(en), en_text.index(en) + len(en)),
        )
        for ko, en in pairs
    ]
    doc = evaluation.SpanDoc("toy", tmp_path / "ko.txt", tmp_path / "en.txt", gold)
    for name in PEERS:
        assert evaluation.run_e2e_peer(name, doc) == gold
