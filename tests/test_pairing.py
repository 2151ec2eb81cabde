"""Document pairing: explicit evidence first, content next, one to one, distractors left alone."""

from __future__ import annotations

import random
import string
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl
import pytest
from scipy import sparse

from align.errors import ConfigError
from align.models import Article, DocumentPair
from align.pair import candidates, pairing
from align.pair.explicit import DocumentRef
from align.pair.features import document_features
from align.pair.sketch import FeatureVocabulary, sketch
from align.text.translit import hangul_skeleton, latin_skeleton

from .conftest import ROOT, shared_path

KO_SUMMIT = """트럼프, 3월 26일 도쿄 방문

도널드 트럼프 대통령이 3월 26일 일본 도쿄를 방문해 5만4000명의 청중 앞에서 연설했다.
NATO 관계자는 6,200㎞ 떨어진 워싱턴에서 회의가 열린다고 말했다. 회의는 1960년 이후 처음이다.
"""
EN_SUMMIT = """Trump visits Tokyo on March 26

President Donald Trump visited Tokyo, Japan, on March 26 and spoke to a crowd of 54,000.
A NATO official said a meeting would be held in Washington, 6,200 km away, the first since 1960.
"""
KO_DAM = """아스완 댐, 완공 60주년

1964년에 착공된 아스완 댐은 2억 달러가 들었다. UNESCO는 누비아 유적 22곳을 옮겼다.
나일강의 수위는 183m까지 올라갔다. 이집트 정부는 월요일 기념식을 열었다.
"""
EN_DAM = """Aswan Dam turns 60

Work on the Aswan Dam began in 1964 and cost $200 million. UNESCO moved 22 Nubian monuments.
The Nile rose to 183 m. The Egyptian government held a ceremony on Monday.
"""
KO_FOOTBALL = """손흥민, 시즌 17호 골

토트넘의 손흥민이 맨체스터 시티를 상대로 시즌 17번째 골을 넣었다. FA컵 8강전에서 3-1로 이겼다.
경기는 4월 9일 런던에서 열렸고 관중 61,000명이 지켜봤다.
"""
EN_FOOTBALL = """Son scores his 17th goal of the season

Tottenham's Son Heung-min scored his 17th goal of the season against Manchester City. Spurs won
3-1 in the FA Cup quarter-final, played in London on April 9 before 61,000 fans.
"""
KO_WEATHER = """주말 날씨 맑음

이번 주말 전국이 대체로 맑겠다. 아침 기온은 영하로 떨어지겠고 낮에는 포근하겠다.
기상청은 다음 주에 비 소식이 있다고 밝혔다.
"""


def _article(path: str, text: str, original_url: str | None = None) -> Article:
    return Article(path=path, text=text, blocks=(), original_url=original_url)


def _by_source(pairs: list[DocumentPair]) -> dict[str | None, DocumentPair]:
    return {pair.source: pair for pair in pairs if pair.source is not None}


def _every_document_once(
    pairs: list[DocumentPair], sources: list[Article], targets: list[Article]
) -> None:
    seen_sources = Counter(p.source for p in pairs if p.source is not None)
    seen_targets = Counter(p.target for p in pairs if p.target is not None)
    assert seen_sources == Counter(a.path for a in sources)
    assert seen_targets == Counter(a.path for a in targets)


def test_content_pairs_small_articles() -> None:
    sources = [
        _article("ko/a.txt", KO_SUMMIT),
        _article("ko/b.txt", KO_DAM),
        _article("ko/c.txt", KO_FOOTBALL),
    ]
    targets = [
        _article("en/x.txt", EN_FOOTBALL),
        _article("en/y.txt", EN_SUMMIT),
        _article("en/z.txt", EN_DAM),
    ]
    pairs = pairing.pair_documents(sources, targets)
    by_source = _by_source(pairs)
    assert by_source["ko/a.txt"].target == "en/y.txt"
    assert by_source["ko/b.txt"].target == "en/z.txt"
    assert by_source["ko/c.txt"].target == "en/x.txt"
    assert {p.method for p in pairs} == {"content"}
    assert all(0.0 < p.score <= 1.0 for p in pairs)
    _every_document_once(pairs, sources, targets)


def test_distractors_are_left_unpaired() -> None:
    sources = [
        _article("ko/a.txt", KO_SUMMIT),
        _article("ko/weather.txt", KO_WEATHER),
        _article("ko/c.txt", KO_FOOTBALL),
    ]
    targets = [
        _article("en/y.txt", EN_SUMMIT),
        _article("en/z.txt", EN_DAM),
        _article("en/x.txt", EN_FOOTBALL),
    ]
    pairs = pairing.pair_documents(sources, targets)
    by_source = _by_source(pairs)
    assert by_source["ko/a.txt"].target == "en/y.txt"
    assert by_source["ko/c.txt"].target == "en/x.txt"
    assert by_source["ko/weather.txt"] == DocumentPair("ko/weather.txt", None, 0.0, "unpaired")
    assert DocumentPair(None, "en/z.txt", 0.0, "unpaired") in pairs
    _every_document_once(pairs, sources, targets)


def test_one_to_one_even_with_a_duplicate_source() -> None:
    sources = [
        _article("ko/a.txt", KO_SUMMIT),
        _article("ko/a-copy.txt", KO_SUMMIT),
        _article("ko/b.txt", KO_DAM),
    ]
    targets = [_article("en/y.txt", EN_SUMMIT), _article("en/z.txt", EN_DAM)]
    pairs = pairing.pair_documents(sources, targets)
    paired = [p for p in pairs if p.method != "unpaired"]
    assert len(paired) == 2
    assert Counter(p.target for p in paired) == Counter({"en/y.txt": 1, "en/z.txt": 1})
    assert [p.method for p in pairs].count("unpaired") == 1
    _every_document_once(pairs, sources, targets)


def test_explicit_link_wins_over_content() -> None:
    # The English page says it translates 1133000.html, although its text reads like another.
    sources = [_article("ko/1133000.html", KO_DAM), _article("ko/1132001.html", KO_SUMMIT)]
    targets = [
        _article(
            "en/e-77.html",
            EN_SUMMIT,
            original_url="https://www.hani.co.kr/arti/politics/1133000.html?x=1",
        ),
        _article("en/e-78.html", EN_DAM),
    ]
    pairs = pairing.pair_documents(sources, targets)
    by_source = _by_source(pairs)
    assert by_source["ko/1133000.html"] == DocumentPair(
        "ko/1133000.html", "en/e-77.html", 1.0, "link"
    )
    # The remaining two have nothing in common: they are not forced together.
    assert by_source["ko/1132001.html"].method == "unpaired"


def test_shared_article_id_in_names_pairs_them() -> None:
    sources = [
        _article("ko/hani-2024-1133000.txt", KO_DAM),
        _article("ko/hani-2024-1133005.txt", KO_FOOTBALL),
    ]
    targets = [
        _article("en/hani-2024-1133000-en.txt", EN_SUMMIT),
        _article("en/other.txt", EN_FOOTBALL),
    ]
    by_source = _by_source(pairing.pair_documents(sources, targets))
    # "2024" is in every name, so only the unique id counts.
    assert by_source["ko/hani-2024-1133000.txt"].target == "en/hani-2024-1133000-en.txt"
    assert by_source["ko/hani-2024-1133000.txt"].method == "id"
    assert by_source["ko/hani-2024-1133005.txt"].method == "content"


def test_explicit_evidence_can_be_switched_off() -> None:
    sources = [_article("ko/1133000.txt", KO_DAM), _article("ko/2.txt", KO_SUMMIT)]
    targets = [_article("en/1133000.txt", EN_SUMMIT), _article("en/3.txt", EN_DAM)]
    by_source = _by_source(pairing.pair_documents(sources, targets, explicit=False))
    assert by_source["ko/1133000.txt"].target == "en/3.txt"
    assert by_source["ko/1133000.txt"].method == "content"


def test_glossary_concepts_count_as_evidence() -> None:
    sources = [_article("ko/a.txt", "첫 문서입니다."), _article("ko/b.txt", "둘째 문서입니다.")]
    targets = [_article("en/x.txt", "The first one."), _article("en/y.txt", "The second one.")]
    pairs = pairing.pair_documents(
        sources,
        targets,
        source_concepts=[{"c-alliance", "c-summit"}, {"c-dam"}],
        target_concepts=[{"c-dam"}, {"c-alliance", "c-summit"}],
    )
    by_source = _by_source(pairs)
    assert by_source["ko/a.txt"].target == "en/y.txt"
    assert by_source["ko/b.txt"].target == "en/x.txt"


def test_bad_settings_are_config_errors() -> None:
    articles = [_article("a.txt", KO_DAM)]
    with pytest.raises(ConfigError, match="threshold"):
        pairing.pair_documents(articles, articles, threshold=1.5)
    with pytest.raises(ConfigError, match="concept sets"):
        pairing.pair_documents(articles, articles, source_concepts=[set(), set()])


def test_empty_sides_leave_everything_unpaired() -> None:
    pairs = pairing.pair_documents([_article("ko/a.txt", KO_DAM)], [])
    assert pairs == [DocumentPair("ko/a.txt", None, 0.0, "unpaired")]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("Trump", "트럼프"),
        ("Kavanaugh", "캐버노"),
        ("Christine", "크리스틴"),
        ("Ford", "포드"),
        ("Brexit", "브렉시트"),
        ("Feinstein", "파인스타인"),
        ("Abraham", "아브라함"),
    ],
)
def test_transliterated_names_share_a_skeleton(english: str, korean: str) -> None:
    assert latin_skeleton(english) == hangul_skeleton(korean)


# --- the command ----------------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "align", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    ko, en = tmp_path / "ko", tmp_path / "en"
    (ko / "sub").mkdir(parents=True)
    en.mkdir()
    (ko / "summit.txt").write_text(KO_SUMMIT, encoding="utf-8")
    (ko / "sub" / "football.txt").write_text(KO_FOOTBALL, encoding="utf-8")
    (ko / "weather.txt").write_text(KO_WEATHER, encoding="utf-8")
    (ko / "notes.md").write_text("not an article", encoding="utf-8")
    (en / "p1.txt").write_text(EN_FOOTBALL, encoding="utf-8")
    (en / "p2.txt").write_text(EN_SUMMIT, encoding="utf-8")
    return ko, en


def test_cli_prints_tsv_with_the_exact_columns(folders: tuple[Path, Path]) -> None:
    ko, en = folders
    done = _run("pair", str(ko), str(en))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "src_path\ttgt_path\tscore\tmethod"
    rows = {tuple(line.split("\t")[:2]): line.split("\t") for line in lines[1:]}
    assert len(lines) == 4  # header, two pairs, the unpaired weather report
    assert rows[(str(ko / "summit.txt"), str(en / "p2.txt"))][3] == "content"
    assert rows[(str(ko / "sub" / "football.txt"), str(en / "p1.txt"))][3] == "content"
    assert rows[(str(ko / "weather.txt"), "")][2:] == ["0.000000", "unpaired"]


def test_cli_writes_parquet_and_refuses_to_clobber(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    ko, en = folders
    out = tmp_path / "pairs.parquet"
    done = _run("pair", str(ko), str(en), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    frame = pl.read_parquet(out)
    assert frame.columns == ["src_path", "tgt_path", "score", "method"]
    assert frame.schema["score"] == pl.Float64
    unpaired = frame.filter(pl.col("method") == "unpaired")
    assert unpaired["src_path"].to_list() == [str(ko / "weather.txt")]
    assert unpaired["tgt_path"].to_list() == [None]
    again = _run("pair", str(ko), str(en), "-o", str(out))
    assert again.returncode == 2
    assert "--overwrite" in again.stderr
    assert _run("pair", str(ko), str(en), "-o", str(out), "--overwrite").returncode == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_skips_unreadable_documents_and_pairs_the_rest(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    # As `corpus build` does (issue 17: one broken page must not stop a crawl): each skipped
    # file is one warning line naming it and why, a summary counts them, exit 0.
    from click.testing import CliRunner

    from align.cli import cli

    ko, en = folders
    (ko / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (en / "broken.txt").write_bytes("Caf\u00e9 ".encode("latin-1") + b"\xff\xfe\x00 x")
    result = CliRunner().invoke(cli, ["pair", str(ko), str(en), "--encoder", "none"])
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split("\t")[:2]) for line in result.stdout.splitlines()[1:]}
    assert rows == {
        (str(ko / "summit.txt"), str(en / "p2.txt")),
        (str(ko / "sub" / "football.txt"), str(en / "p1.txt")),
        (str(ko / "weather.txt"), ""),
    }
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2
    assert warnings[0] == (
        f"align: {ko / 'photo.txt'}: warning: skipped, unreadable: looks like a binary file "
        "(a PNG image) (give a plain-text or HTML article)"
    )
    assert warnings[1].startswith(f"align: {en / 'broken.txt'}:1:")
    assert warnings[1].endswith(")")  # the remedy, as corpus build gives it
    # Counted as corpus build counts them: weather.txt is read but has no partner.
    assert result.stderr.splitlines()[-1] == (
        "documents: 4 source, 3 target, 2 pairs, 2 unreadable"
    )


def test_cli_writes_tsv_file(folders: tuple[Path, Path], tmp_path: Path) -> None:
    ko, en = folders
    out = tmp_path / "pairs.tsv"
    assert _run("pair", str(ko), str(en), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("src_path\ttgt_path\tscore\tmethod\n")


@pytest.mark.parametrize(
    "args",
    [
        ("missing-ko", "missing-en"),
        ("{ko}", "{en}", "-o", "pairs.csv"),
        ("{ko}", "{en}", "--src-lang", "korean!"),
    ],
)
def test_cli_errors_are_one_line_exit_2(folders: tuple[Path, Path], args: tuple[str, ...]) -> None:
    ko, en = folders
    done = _run("pair", *(arg.format(ko=ko, en=en) for arg in args))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# --- shared data ----------------------------------------------------------------------------------


def _ntrex_articles(
    rng: random.Random, names: list[str]
) -> tuple[list[tuple[str, Article]], list[tuple[str, Article]]]:
    docs = shared_path("data", "ko-en-news-ntrex128") / "docs"

    def name() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(10)) + ".txt"

    sources, targets = [], []
    for doc_id in names:
        sources.append(
            (doc_id, _article(name(), (docs / doc_id / "ko.doc.txt").read_text(encoding="utf-8")))
        )
        targets.append(
            (doc_id, _article(name(), (docs / doc_id / "en.doc.txt").read_text(encoding="utf-8")))
        )
    return sources, targets


def test_ntrex_dev_documents_pair_by_content_alone() -> None:
    docs = shared_path("data", "ko-en-news-ntrex128") / "docs"
    rng = random.Random(7)
    names = sorted(path.name for path in docs.iterdir())
    sources, targets = _ntrex_articles(rng, names)
    rng.shuffle(targets)
    doc_of = {a.path: doc_id for doc_id, a in sources + targets}
    pairs = pairing.pair_documents([a for _, a in sources], [a for _, a in targets], explicit=False)
    correct = sum(
        1 for p in pairs if p.source and p.target and doc_of[p.source] == doc_of[p.target]
    )
    assert correct / len(names) >= 0.98


def test_ntrex_distractors_stay_unpaired() -> None:
    docs = shared_path("data", "ko-en-news-ntrex128") / "docs"
    rng = random.Random(11)
    names = sorted(path.name for path in docs.iterdir())
    rng.shuffle(names)
    sources, targets = _ntrex_articles(rng, names)
    # 20 full pairs; 10 Korean-only and 11 English-only documents whose partner is withheld.
    sources, targets = sources[:30], targets[:20] + targets[30:]
    doc_of = {a.path: doc_id for doc_id, a in sources + targets}
    pairs = pairing.pair_documents([a for _, a in sources], [a for _, a in targets], explicit=False)
    predicted = [p for p in pairs if p.method == "content"]
    correct = sum(
        1 for p in predicted if p.source and p.target and doc_of[p.source] == doc_of[p.target]
    )
    assert correct / len(predicted) >= 0.95
    assert correct >= 19


def test_saved_pages_pair_by_the_english_page_link(tmp_path: Path) -> None:
    # The English edition links to its original (.../japan/1133872.html); a crawler saved the
    # Korean page under that id.
    html = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance" / "html"
    ko, en = tmp_path / "ko", tmp_path / "en"
    ko.mkdir()
    en.mkdir()
    (ko / "1133872.html").write_bytes((html / "ko.html").read_bytes())
    (ko / "1133999.txt").write_text(KO_DAM, encoding="utf-8")
    (en / "us-japan-alliance.html").write_bytes((html / "en.html").read_bytes())
    done = _run("pair", str(ko), str(en))
    assert done.returncode == 0, done.stderr
    assert (
        f"{ko / '1133872.html'}\t{en / 'us-japan-alliance.html'}\t1.000000\tlink"
        in done.stdout.splitlines()
    )


def test_more_identical_copies_than_candidates_all_pair() -> None:
    # A crawl that saved each article many times: every copy scores the same, and each must
    # still find a partner of its own in the one-to-one assignment.
    names = [("삼성전자", "Samsung"), ("나사", "NASA"), ("테슬라", "Tesla"), ("구글", "Google")]
    texts = [
        (
            f"{ko}는 {k + 3}월 {k + 10}일 {k * 70 + 250}억 원을 투자했다.",
            f"{en} invested {k * 7 + 25} billion won on {MONTHS[k + 2]} {k + 10}.",
        )
        for k, (ko, en) in enumerate(names)
    ]
    copies = candidates._CANDIDATES * 3
    sources = [
        Article(f"ko/{kind}-{n}.txt", ko, ())
        for n in range(copies)
        for kind, (ko, _) in enumerate(texts)
    ]
    targets = [
        Article(f"en/{kind}-{n}.txt", en, ())
        for n in range(copies)
        for kind, (_, en) in enumerate(texts)
    ]
    random.Random(3).shuffle(targets)
    pairs = pairing.pair_documents(sources, targets, explicit=False)
    assert all(p.method == "content" for p in pairs) and len(pairs) == len(sources)
    assert all(Path(p.source or "").name[0] == Path(p.target or "").name[0] for p in pairs)


def test_meaning_candidates_of_copies_are_those_of_exact_sums() -> None:
    # Document vectors are compared by dense matrix products, which may round one cell apart
    # from an identical one elsewhere; copies of one article must still tie exactly, so their
    # candidates (ties spread among the copies) are those of a plain sum, as sparse products.
    rng = np.random.default_rng(1)
    distinct = rng.standard_normal((1200, 64))
    sources = np.vstack((distinct, distinct[rng.integers(0, 1200, 300)]))
    targets = sources + 0.3 * rng.standard_normal(sources.shape)
    targets[-150:] = targets[rng.integers(0, 750, 150)]
    unit = [side / np.linalg.norm(side, axis=1, keepdims=True) for side in (sources, targets)]
    dense = candidates.top_candidates(*unit)
    exact = candidates.top_candidates(*(sparse.csr_matrix(side) for side in unit))
    assert np.array_equal(dense.sources, exact.sources)
    assert np.array_equal(dense.targets, exact.targets)


MONTHS = ("January", "February", "March", "April", "May", "June", "July")


def test_sketches_hold_interned_feature_ids_and_positions() -> None:
    # Content pairing keeps a sketch per document for the whole collection: two flat arrays,
    # the features in the order found and their positions, names held once by the vocabulary.
    vocabulary = FeatureVocabulary()
    ko_article, en_article = _article("ko/a.txt", KO_SUMMIT), _article("en/a.txt", EN_SUMMIT)
    ko = sketch(ko_article, "ko", other_lang="en", vocabulary=vocabulary)
    en = sketch(en_article, "en", other_lang="ko", vocabulary=vocabulary)
    for found, article, lang, other in ((ko, ko_article, "ko", "en"), (en, en_article, "en", "ko")):
        expected = document_features(article, lang, other_lang=other)
        assert [vocabulary.name(f) for f in found.features.tolist()] == list(expected)
        assert found.positions.tolist() == list(expected.values())
        assert found.features.dtype.itemsize == 4 and found.positions.dtype.itemsize == 8
    shared = {vocabulary.name(f) for f in set(ko.features.tolist()) & set(en.features.tolist())}
    assert shared == {
        "n:1960",
        "n:54000",
        "n:6200",
        "n:26",
        "m:3",
        "d:3-26",
        "l:nato",
        "s:TLMP",
        "s:TNLT",
    }
    assert len(vocabulary) == len(set(ko.features.tolist()) | set(en.features.tolist()))


def test_pair_refs_pairs_from_sketches_like_pair_documents() -> None:
    articles = [
        (_article("ko/a.txt", KO_SUMMIT), _article("en/x.txt", EN_DAM)),
        (_article("ko/b.txt", KO_DAM), _article("en/y.txt", EN_SUMMIT)),
    ]
    sources, targets = [s for s, _ in articles], [t for _, t in articles]
    vocabulary = FeatureVocabulary()
    pairs = pairing.pair_refs(
        [DocumentRef(a.path) for a in sources],
        [DocumentRef(a.path) for a in targets],
        source_sketch=lambda i: sketch(sources[i], "ko", other_lang="en", vocabulary=vocabulary),
        target_sketch=lambda j: sketch(targets[j], "en", other_lang="ko", vocabulary=vocabulary),
        vocabulary=vocabulary,
    )
    assert pairs == pairing.pair_documents(sources, targets)
    assert [(p.source, p.target) for p in pairs] == [
        ("ko/a.txt", "en/y.txt"),
        ("ko/b.txt", "en/x.txt"),
    ]


def _chapters(
    rng: np.random.Generator, count: int, size: int, told: int
) -> tuple[list[npt.NDArray[np.float32]], list[npt.NDArray[np.float32]]]:
    """Sentence vectors of ``count`` chapters of one book and of their translations.

    Every chapter tells ``size`` of the same ``told`` things in its own order (one style, one
    story), so the chapters' mean vectors are close; a translation says each sentence again
    (the same meaning, some noise) in the same order.
    """
    pool = rng.normal(size=(told, 64))
    sources: list[npt.NDArray[np.float32]] = []
    targets: list[npt.NDArray[np.float32]] = []
    for _ in range(count):
        said = pool[rng.choice(told, size=size, replace=False)]
        source = said + 0.6 * rng.normal(size=said.shape)
        target = said + 0.6 * rng.normal(size=said.shape)
        for side, vectors in ((sources, source), (targets, target)):
            unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
            side.append(unit.astype(np.float32))
    return sources, targets


def test_chapters_of_one_book_pair_by_their_sentences_in_order() -> None:
    rng = np.random.default_rng(5)
    source_vectors, target_vectors = _chapters(rng, 12, 12, told=16)
    sources = [_article(f"ko/{n}.txt", "장 " * 200) for n in range(12)]
    targets = [_article(f"en/{n}.txt", "chapter " * 150) for n in range(12)]
    pairs = pairing.pair_documents(
        sources,
        targets,
        explicit=False,
        source_vectors=source_vectors,
        target_vectors=target_vectors,
    )
    found = {(p.source, p.target) for p in pairs if p.method == "content"}
    assert found == {(f"ko/{n}.txt", f"en/{n}.txt") for n in range(12)}


def test_chapters_whose_partner_is_missing_stay_unpaired() -> None:
    rng = np.random.default_rng(6)
    source_vectors, target_vectors = _chapters(rng, 12, 12, told=24)
    # Chapter 10 lost its translation and chapter 11 its original.
    sources = [_article(f"ko/{n}.txt", "장 " * 200) for n in range(11)]
    targets = [_article(f"en/{n}.txt", "chapter " * 150) for n in (*range(10), 11)]
    pairs = pairing.pair_documents(
        sources,
        targets,
        explicit=False,
        source_vectors=source_vectors[:11],
        target_vectors=target_vectors[:10] + target_vectors[11:],
    )
    found = {(p.source, p.target) for p in pairs if p.method == "content"}
    assert found == {(f"ko/{n}.txt", f"en/{n}.txt") for n in range(10)}


def test_an_id_after_a_dot_in_the_name_pairs_them() -> None:
    """NTREX-style names (``bbc.381646.txt``): the id followed the first dot, which ended the
    name read for ids, so every ``bbc.*`` file was paired by content alone (here crossed,
    as a content pairing may be); the number unique to one name on each side decides."""
    sources = [_article("ko/bbc.381646.txt", KO_DAM), _article("ko/bbc.381647.txt", KO_SUMMIT)]
    targets = [_article("en/bbc.381646.txt", EN_SUMMIT), _article("en/bbc.381647.txt", EN_DAM)]
    by_source = _by_source(pairing.pair_documents(sources, targets))
    assert by_source["ko/bbc.381646.txt"] == DocumentPair(
        "ko/bbc.381646.txt", "en/bbc.381646.txt", 1.0, "id"
    )
    assert by_source["ko/bbc.381647.txt"].target == "en/bbc.381647.txt"
