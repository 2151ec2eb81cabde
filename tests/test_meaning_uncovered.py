"""A language the encoder was not trained on: its vectors are used where they agree with the
document's own lexical links, and the user is told which (align.aligner.agreement)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from click.testing import CliRunner

from align.aligner.agreement import agreement
from align.cli import cli
from align.jobs import corpus
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
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda: _Model(meaning))
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
    monkeypatch.setattr(encoder_module, "_use_m3_model", lambda: _Model(True))
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


def _stand_in(monkeypatch: pytest.MonkeyPatch, meaning: bool) -> None:
    """The stand-in model, cached as the real one is (a build unloads it between steps)."""
    model = functools.lru_cache(maxsize=None)(lambda: _Model(meaning))
    monkeypatch.setattr(encoder_module, "_use_m3_model", model)


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    """An English and an Icelandic folder: the harbour's history, and a one-sentence notice
    (no confident lexical link to check the vectors on)."""
    en, isl = tmp_path / "en", tmp_path / "is"
    en.mkdir()
    isl.mkdir()
    (en / "harbour.txt").write_text("\n\n".join(HARBOUR_EN) + "\n", encoding="utf-8")
    (isl / "harbour.txt").write_text("\n\n".join(HARBOUR_IS) + "\n", encoding="utf-8")
    (en / "notice.txt").write_text(HARBOUR_EN[0] + "\n", encoding="utf-8")
    (isl / "notice.txt").write_text(HARBOUR_IS[0] + "\n", encoding="utf-8")
    return en, isl


def _build(en: Path, isl: Path, out: Path, *extra: str) -> str:
    args = ["corpus", "build", str(en), str(isl), "-o", str(out), "--workers", "1", *extra]
    result = CliRunner().invoke(cli, [*args, "--src-lang", "en", "--tgt-lang", "is"])
    assert result.exit_code == 0, result.output
    return result.stderr


def _meaning(out: Path) -> dict[str, bool | None]:
    documents = pl.read_parquet(out / "documents.parquet")
    return {
        Path(src).name: used
        for src, used in zip(documents["src_path"], documents["meaning"], strict=True)
    }


def test_a_corpus_build_says_for_how_many_documents_meaning_was_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in(monkeypatch, meaning=True)
    en, isl = _folders(tmp_path)
    stderr = _build(en, isl, tmp_path / "out")
    assert (
        "meaning: 1 of 2 documents (is: not among use-m3's languages; used where its vectors "
        "agree with the document's lexical links, else lengths and anchors alone)"
    ) in stderr.splitlines()
    assert _meaning(tmp_path / "out") == {"harbour.txt": True, "notice.txt": False}


def test_a_build_without_vectors_that_agree_says_none_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in(monkeypatch, meaning=False)
    en, isl = _folders(tmp_path)
    stderr = _build(en, isl, tmp_path / "out")
    assert "meaning: 0 of 2 documents (is: not among use-m3's languages;" in stderr
    assert _meaning(tmp_path / "out") == {"harbour.txt": False, "notice.txt": False}


def test_a_build_without_an_encoder_says_nothing_of_meaning(tmp_path: Path) -> None:
    en, isl = _folders(tmp_path)
    stderr = _build(en, isl, tmp_path / "out", "--encoder", "none")
    assert "meaning" not in stderr
    assert _meaning(tmp_path / "out") == {"harbour.txt": False, "notice.txt": False}


class _Interrupting:
    """A progress bar that stops the build once the first batch is aligned."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.seen = label, 0

    def __enter__(self) -> _Interrupting:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n_steps: int) -> None:
        self.seen += 1
        if self.label == "align" and self.seen == 2:  # told 0 done, then each batch
            raise KeyboardInterrupt


def test_a_resumed_build_keeps_what_older_batches_did_not_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch aligned by a version that did not record meaning has no record: its documents'
    flag is null, and the line counts only the documents whose use is known."""
    _stand_in(monkeypatch, meaning=True)
    en, isl = _folders(tmp_path)
    out = tmp_path / "out"
    settings = corpus.CorpusSettings(
        source_lang="en", target_lang="is", batch_size=1, formats=("parquet",)
    )
    with pytest.raises(KeyboardInterrupt):
        corpus.build_corpus(
            str(en), str(isl), str(out), settings, workers=1, progress=_Interrupting
        )
    (out / corpus.WORK / "parts" / "meaning-000000.json").unlink()
    report = corpus.build_corpus(str(en), str(isl), str(out), settings, workers=1)
    assert report.resumed_batches == 1
    assert _meaning(out) == {"harbour.txt": None, "notice.txt": False}
    assert report.notes == (
        "meaning: 0 of 1 document (is: not among use-m3's languages; used where its vectors "
        "agree with the document's lexical links, else lengths and anchors alone)",
    )


def test_a_covered_build_says_nothing_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Korean and English are among use-m3's languages: meaning aligns every document, and the
    build says what it said before."""
    _stand_in(monkeypatch, meaning=True)
    ko, en = tmp_path / "ko", tmp_path / "en"
    ko.mkdir()
    en.mkdir()
    (ko / "port.txt").write_text(
        "부산항은 1876년에 열렸다.\n\n오늘날 한국에서 가장 큰 항구이다.\n", encoding="utf-8"
    )
    (en / "port.txt").write_text(
        "The port of Busan opened in 1876.\n\nToday it is the largest port in Korea.\n",
        encoding="utf-8",
    )
    args = ["corpus", "build", str(ko), str(en), "-o", str(tmp_path / "out"), "--workers", "1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "meaning" not in result.stderr
    assert _meaning(tmp_path / "out") == {"port.txt": True}


@pytest.mark.parametrize(("meaning", "unvetted"), [(True, 1), (False, 8)])
def test_min_similarity_says_how_many_links_it_could_not_vet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meaning: bool, unvetted: int
) -> None:
    """Links aligned without vectors (an uncovered language, where the vectors did not agree)
    have no margin, and --min-similarity passed them while the signature and manifest said
    the filter ran: a warning and the manifest now say how many (the notice's one link when
    the harbour's vectors agree, every link the filter sees when none do)."""
    _stand_in(monkeypatch, meaning=meaning)
    en, isl = _folders(tmp_path)
    out = tmp_path / "out"
    stderr = _build(en, isl, out, "--min-similarity", "1.05")
    manifest = corpus.read_manifest(out / "manifest.json")
    assert manifest.filters.unmeasured == {"min-similarity": unvetted}
    links = pl.read_parquet(out / "links.parquet")
    assert links.height == manifest.counts.links == 10
    # The links the filter saw (no earlier filter removed them) that have no margin.
    seen = links.filter(~pl.col("filter").is_in(["one-sided", "min-score"]).fill_null(False))
    assert seen["similarity"].null_count() == unvetted
    assert (
        f"align: warning: --min-similarity 1.05 could not vet {unvetted} of 10 links: aligned "
        "without sentence vectors"
    ) in stderr
    assert "min-similarity:1.05" in manifest.signature
    # Without the threshold there is nothing to vet, and nothing to warn of.
    stderr = _build(en, isl, tmp_path / "plain")
    assert "could not vet" not in stderr
    assert corpus.read_manifest(tmp_path / "plain" / "manifest.json").filters.unmeasured == {
        "min-similarity": 0
    }
