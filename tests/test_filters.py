"""The duplicate filters remember every pair of a corpus, compactly, across their merges."""

from __future__ import annotations

from align.export import filters


def test_seen_hashes_finds_repeats_before_and_after_a_merge() -> None:
    seen = filters.SeenHashes()
    keys = [(n * 0x9E3779B97F4A7C15) % (1 << 64) for n in range(filters.SeenHashes.BUFFER * 3)]
    assert all(seen.add(key) for key in keys)
    assert len(seen) == len(keys)
    assert not any(seen.add(key) for key in keys)
    assert len(seen) == len(keys)
    assert (1 << 64) - 1 not in seen and 0 in seen


def test_duplicates_removed_across_a_long_stream() -> None:
    settings = filters.FilterSettings(min_score=0.0)
    state = filters.State()
    total = filters.SeenHashes.BUFFER + 100
    texts = [(f"문장 {n}번입니다.", f"Sentence number {n}.") for n in range(total)]
    first = [filters.decide(filters.Candidate(s, t, 1.0), settings, state) for s, t in texts]
    assert first == [None] * total
    again = [filters.decide(filters.Candidate(s, t, 1.0), settings, state) for s, t in texts]
    assert again == ["exact-duplicate"] * total
    shouted = filters.Candidate("문장 7번입니다!", "SENTENCE NUMBER 7", 1.0)
    assert filters.decide(shouted, settings, state) == "near-duplicate"


def test_min_similarity_zero_keeps_a_link_whose_margin_is_negative() -> None:
    """The default ``--min-similarity 0`` is documented to keep everything: a short verse
    whose cosine with its translation is below zero (margin -0.06 in the Bible build) must
    not be dropped by a filter the user never asked for."""
    settings = filters.FilterSettings(min_score=0.0, max_length_ratio=100.0)
    negative = filters.Candidate(
        "저에게 의로 여기셨다.", "It was counted unto him.", 0.9, similarity=-0.23
    )
    assert filters.decide(negative, settings, filters.State()) is None
    strict = filters.FilterSettings(min_score=0.0, max_length_ratio=100.0, min_similarity=1.1)
    assert filters.decide(negative, strict, filters.State()) == "min-similarity"
