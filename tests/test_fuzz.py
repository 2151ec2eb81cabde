"""Every reader survives fuzzing (scripts/fuzz.py), and the crashes fuzzing found stay fixed."""

from __future__ import annotations

import itertools
import time
from types import SimpleNamespace

import pytest

from align import xmlio
from align.errors import InputError
from align.export import formats
from tests.conftest import script_module

INPUTS_PER_TARGET = 4_000


FUZZ = script_module("fuzz", "align_fuzz")
TARGETS = sorted(FUZZ.TARGETS)


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS)
def test_reader_gives_a_result_or_an_align_error_on_fuzzed_input(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same 4,000 inputs per reader on every machine: fuzz.py budgets seconds, so its clock
    here stands still while it sets its deadline, then moves one second per input."""
    clock = itertools.chain([0.0], itertools.count())
    monkeypatch.setattr(FUZZ, "time", SimpleNamespace(monotonic=lambda: float(next(clock))))
    report = FUZZ.fuzz(target, INPUTS_PER_TARGET, seed=0)
    assert report.tried == INPUTS_PER_TARGET
    # Mutants both pass and fail the reader (a name is checked inside its target: no errors).
    assert report.results > 0 and (report.errors > 0 or target == "names")
    assert report.crashes == {}, "\n".join(
        f"{where}: {what}" for where, (what, _data) in report.crashes.items()
    )


def test_mutations_are_deterministic() -> None:
    import random

    seeds = [b"<martif>x</martif>", b"concept\tlang\tterm\n"]
    first = [FUZZ.mutate(seeds[0], seeds, random.Random(7)) for _ in range(5)]
    second = [FUZZ.mutate(seeds[0], seeds, random.Random(7)) for _ in range(5)]
    assert first == second and any(m != seeds[0] for m in first)


def test_control_characters_and_file_names_are_mutated() -> None:
    """Issue 17: the fuzzer inserts control characters into every target's inputs, and the
    ``names`` target mutates file names (bytes that are not UTF-8, controls, overrides)."""
    import random

    rng = random.Random(3)
    mutants = [FUZZ.mutate(b"plain text " * 8, [], rng) for _ in range(400)]
    assert sum(any(c in m for c in FUZZ.CONTROLS if len(c) > 1) for m in mutants) >= 20
    assert "names" in TARGETS and b"\xff" in b"".join(FUZZ.NAME_SEEDS)
    runs = [FUZZ.mutate_controls(rng) for _ in range(50)]
    assert all(runs) and sum(not r.decode("utf-8", "replace").isprintable() for r in runs) >= 40


# --- crashes found by fuzzing, each fixed -------------------------------------------------------


def test_long_xml_prolog_without_doctype_is_linear() -> None:
    """Found by fuzzing tbx: nested repetition in the prolog pattern backtracked exponentially."""
    started = time.process_time()
    for data in (
        b'<?xml version="1.0"?>' + b" " * 5000 + b"x",
        b"<?a?>" * 3000 + b"<!-- " * 100 + b"<x/>",
    ):
        with pytest.raises(InputError):
            xmlio.parse_xml(data, "g.tbx")
    assert time.process_time() - started < 5  # exponential would take hours


@pytest.mark.parametrize("line", ["[1 11]:[0]:0.5", "[0]:[1]:1e999.9", "[0]:[1]:1.2.3"])
def test_bad_link_lines_are_input_errors(line: str) -> None:
    """Found by fuzzing links: indices with inner spaces and malformed scores raised ValueError."""
    with pytest.raises(InputError, match=r"^a\.links:2: bad index or score"):
        formats.parse_links("[0]:[0]:1.0\n" + line, "a.links")


@pytest.mark.parametrize(
    "record",
    [
        '{"src": [0], "tgt": [0], "score": 1, "src_text": "", "tgt_text": "",'
        ' "src_spans": [[1e999, 2]], "tgt_spans": []}',
        "[" * 100_000,
    ],
)
def test_bad_jsonl_records_are_input_errors(record: str) -> None:
    """Found by fuzzing jsonl: an infinite span raised OverflowError; deep nesting too."""
    with pytest.raises(InputError, match=r"^a\.jsonl:1: bad alignment record"):
        formats.parse_jsonl(record, "a.jsonl")


@pytest.mark.parametrize(
    ("prop", "value"), [("x-score", "0.😀9"), ("x-source", "0 1"), ("x-target", "a")]
)
def test_bad_tmx_properties_are_input_errors(prop: str, value: str) -> None:
    """Found by fuzzing tmx: a non-numeric x-score or x-source raised ValueError."""
    data = (
        f'<tmx version="1.4"><header/><body>\n<tu><prop type="{prop}">{value}</prop>'
        '<tuv xml:lang="ko"><seg>가</seg></tuv></tu></body></tmx>'
    ).encode()
    with pytest.raises(InputError, match=r"^a\.tmx:2: bad x-source, x-target or x-score"):
        formats.parse_tmx(data, "a.tmx")
