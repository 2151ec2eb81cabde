"""The sentence aligner: partitions, seed gold, bead types, anchors and dictionaries."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.aligner import ALIGNER_DEFAULTS, AlignerSettings, JobDocument, align, align_job
from align.aligner.features import SideFeatures, calendar_keys, open_end
from align.aligner.lexicon import learn_ibm1
from align.aligner.meaning import SideVectors
from align.aligner.reorder import crosswise
from align.jobs import alignment
from align.models import Link
from tests.conftest import DATA, ROOT, script_module, shared_path
from tests.subproc import run_align

FloatVectors = npt.NDArray[np.float32]

SEED = DATA / "seed"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _gold() -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    beads = []
    for line in _lines(SEED / "gold.align"):
        left, right = line.split(":")
        beads.append(
            (
                tuple(int(x) for x in left.strip("[]").split(",") if x.strip()),
                tuple(int(x) for x in right.strip("[]").split(",") if x.strip()),
            )
        )
    return beads


def assert_partition(links: list[Link], n: int, m: int) -> None:
    """Every sentence of both sides once, in order; scores in [0, 1]."""
    assert [i for link in links for i in link.source] == list(range(n))
    assert [j for link in links for j in link.target] == list(range(m))
    assert all(link.source or link.target for link in links)
    assert all(0.0 <= link.score <= 1.0 for link in links)


sentences = st.lists(st.text(alphabet="가나다라 abc12.,&<\t“”", max_size=30), max_size=12)


@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_output_is_a_monotone_partition(source: list[str], target: list[str]) -> None:
    assert_partition(align(source, target), len(source), len(target))


def test_empty_and_one_sided_inputs() -> None:
    assert align([], []) == []
    assert [(x.source, x.target) for x in align(["가.", "나."], [])] == [((0,), ()), ((1,), ())]
    assert [(x.source, x.target) for x in align([], ["A."])] == [((), (0,))]
    links = align(["x"] * 100_000, [])
    assert len(links) == 100_000


def test_seed_pair_against_the_hand_made_gold() -> None:
    # Presplit through the pipeline, so each line gets its role from the readers' line table.
    pair = alignment.align_files(
        str(SEED / "ko.sentences.txt"), str(SEED / "en.sentences.txt"), presplit=True
    )
    links = list(pair.links)
    assert_partition(links, len(pair.source.sentences), len(pair.target.sentences))
    assert [(x.source, x.target) for x in links] == _gold()


def test_language_tags_with_a_region_or_three_letters_align_as_their_language() -> None:
    """An API caller may pass ``ko-KR``/``en-US`` or ``kor``/``eng``: the Korean features
    (names, particles, calendar) still apply, as they do not for an unknown pair."""
    source, target = _lines(SEED / "ko.sentences.txt"), _lines(SEED / "en.sentences.txt")

    def links(source_lang: str, target_lang: str) -> list[tuple[tuple[int, ...], ...]]:
        found = align(source, target, source_lang=source_lang, target_lang=target_lang)
        return [(link.source, link.target) for link in found]

    plain = links("ko", "en")
    assert links("ko-KR", "en-US") == plain
    assert links("kor", "eng") == plain
    assert links("xx", "yy") != plain


def test_seed_pair_end_to_end_matches_the_gold() -> None:
    corpus = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
    evaluation = _eval_module()
    docs = evaluation.e2e_docs("seed-e2e")
    assert docs is not None and (corpus / "ko.txt").exists()
    result = evaluation.span_prf([docs[0].gold], [evaluation.run_e2e(docs[0])])
    assert result["strict_f1"] == 1.0


def test_boilerplate_is_never_aligned() -> None:
    source = ["등록 : 2024-03-25 18:10", "미국과 일본이 동맹을 격상한다.", "홍석재 기자"]
    target = [
        "Posted on : 2024-03-26 16:46 KST",
        "The US and Japan upgrade their alliance.",
        "By Hong Seock-jae, staff reporter",
        "Related stories",
    ]
    links = align(
        source,
        target,
        source_roles=["boilerplate", "body", "byline"],
        target_roles=["boilerplate", "body", "byline", "boilerplate"],
    )
    found = [(x.source, x.target) for x in links]
    assert ((0,), ()) in found and ((), (0,)) in found and ((), (3,)) in found
    assert ((1,), (1,)) in found and ((2,), (2,)) in found
    # Without roles, the source's date line is joined to the target's like any short line.
    assert ((0,), ()) not in [(x.source, x.target) for x in align(source, target)]


def test_transliterated_names_anchor_korean_to_english() -> None:
    # Lengths alone join the first English sentence to the Korean one about Biden; the names
    # (바이든 ↔ Biden, 아브라함 ↔ Abraham, by consonant skeleton) pair each Korean sentence
    # with the English sentence that names the same person.
    source = ["바이든은 오늘 답했다.", "아브라함에게 말했다."]
    target = ["Trump spoke yesterday.", "Biden answered today.", "He spoke to Abraham."]
    found = [(x.source, x.target) for x in align(source, target)]
    assert ((1,), (2,)) in found
    without = [
        (x.source, x.target)
        for x in align(source, target, settings=AlignerSettings(name_weight=0.0))
    ]
    assert ((1,), (2,)) not in without


def test_a_job_lexicon_improves_a_multi_document_case() -> None:
    shared_path("data", "ko-en-bible-krv-kjv")
    evaluation = _eval_module()
    docs, _, _ = evaluation.load_set("bible-dev-perturbed", 13)
    docs = [doc for doc in docs if doc.name.startswith("EST")]  # Esther: 10 chapters
    alone = [[(x.source, x.target) for x in align(doc.source, doc.target)] for doc in docs]
    job = align_job([JobDocument(tuple(doc.source), tuple(doc.target)) for doc in docs])
    together = [[(x.source, x.target) for x in links] for links in job]
    golds = [doc.gold for doc in docs]
    assert evaluation.prf(golds, together)["strict_f1"] > evaluation.prf(golds, alone)["strict_f1"]


def test_the_score_temperature_changes_a_jobs_scores_not_its_links() -> None:
    """A job learns its lexicon from the links confident at the decision temperature: at a
    score temperature of 50 no link reaches 0.9, yet the links stay those of the default,
    and the first pass's scores of a job too small to learn from are reported ones."""
    shared_path("data", "ko-en-bible-krv-kjv")
    evaluation = _eval_module()
    docs, _, _ = evaluation.load_set("bible-dev-perturbed", 13)
    jobs = [JobDocument(tuple(doc.source), tuple(doc.target)) for doc in docs]
    esther = [job for doc, job in zip(docs, jobs, strict=True) if doc.name.startswith("EST")]
    flat = replace(ALIGNER_DEFAULTS, score_temperature=50.0)
    for subset in (esther, esther[:1]):
        default, hot = align_job(subset), align_job(subset, settings=flat)
        assert [[(x.source, x.target) for x in d] for d in default] == [
            [(x.source, x.target) for x in d] for d in hot
        ]
        assert max(x.score for d in hot for x in d if x.source and x.target) < 0.9
    small = align_job(esther[:1])[0]
    alone = align(esther[0].source, esther[0].target)
    assert [x.score for x in small] == [x.score for x in alone]


def test_an_ibm1_job_lexicon_beats_dice_on_a_multi_document_case() -> None:
    # Romans, 16 chapters of letters with few names or numbers: the lexicon carries the job.
    shared_path("data", "ko-en-bible-krv-kjv")
    evaluation = _eval_module()
    docs, _, _ = evaluation.load_set("bible-dev-perturbed", 13)
    docs = [doc for doc in docs if doc.name.startswith("ROM")]
    jobs = [JobDocument(tuple(doc.source), tuple(doc.target)) for doc in docs]
    golds = [doc.gold for doc in docs]
    scores = {}
    for kind in ("dice", "ibm1"):
        links = align_job(jobs, settings=AlignerSettings(job_lexicon=kind))
        scores[kind] = evaluation.prf(
            golds, [[(x.source, x.target) for x in doc] for doc in links]
        )["strict_f1"]
    assert scores["ibm1"] > scores["dice"] + 0.005


def test_ibm1_pairs_a_word_with_its_translation_not_with_a_frequent_word() -> None:
    # 하나 and "the" are everywhere; 사랑 and "love" co-occur only with each other.
    pairs = [(frozenset({"하나", "사랑"}), frozenset({"the", "love"}))] * 3 + [
        (frozenset({"하나", word}), frozenset({"the", gloss}))
        for word, gloss in (("믿음", "faith"), ("소망", "hope"), ("은혜", "grace"))
    ] * 3
    lexicon = learn_ibm1(pairs, min_count=2, min_prob=0.3)
    assert ("사랑", "love") in lexicon.pairs
    assert ("사랑", "the") not in lexicon.pairs and ("하나", "love") not in lexicon.pairs


def test_seed_pair_bead_types_are_found() -> None:
    source, target = _lines(SEED / "ko.sentences.txt"), _lines(SEED / "en.sentences.txt")
    found = {(x.source, x.target) for x in align(source, target)}
    assert ((10, 11), (12,)) in found  # 2-1: two Korean sentences, one English
    assert ((27, 28, 29), (27,)) in found  # 3-1
    assert ((13,), ()) in found  # 1-0: the state visit is not in the English
    assert ((), (36,)) in found  # 0-1: English page furniture
    # 1-2: the same pair aligned English → Korean.
    reverse = {
        (x.source, x.target) for x in align(target, source, source_lang="en", target_lang="ko")
    }
    assert ((12,), (10, 11)) in reverse


def test_dictionary_changes_links_where_it_should() -> None:
    source = ["고양이가 소파 위에서 조용히 잠을 잔다.", "개가 밖에서 짖는다.", "새가 운다."]
    target = ["The dog is barking outside.", "The bird sings."]
    plain = {(x.source, x.target) for x in align(source, target)}
    helped = {
        (x.source, x.target)
        for x in align(
            source, target, dictionary=[("개", "dog"), ("새", "bird"), ("고양이", "cat")]
        )
    }
    assert ((2,), (1,)) not in plain
    assert ((2,), (1,)) in helped


def test_anchor_sets_change_links_where_they_should() -> None:
    source = ["고양이가 소파 위에서 조용히 잠을 잔다.", "개가 밖에서 짖는다.", "새가 운다."]
    target = ["The dog is barking outside.", "The bird sings."]
    anchored = {
        (x.source, x.target)
        for x in align(
            source,
            target,
            source_anchors=[frozenset(), frozenset({"dog"}), frozenset({"bird"})],
            target_anchors=[frozenset({"dog"}), frozenset({"bird"})],
        )
    }
    assert ((2,), (1,)) in anchored


def test_numbers_and_acronyms_anchor_korean_to_english() -> None:
    source = ["FT는 24일 보도했다.", "약 6200㎞ 떨어진 곳이다.", "CSIS 석좌가 말했다."]
    target = [
        "The FT reported on the 24th.",
        "It is some 6,200 kilometers away.",
        "A CSIS chair said so.",
    ]
    links = align(source, target)
    assert [(x.source, x.target) for x in links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_month_and_weekday_names_are_anchors() -> None:
    assert calendar_keys("It is at stake in November, on Nov. 6.", "en") == (["11", "11"], [])
    assert calendar_keys("You may go in May.", "en") == (["5"], [])
    assert calendar_keys("그는 월요일에 떠났다.", "ko") == ([], ["monday"])
    assert calendar_keys("He left on Monday.", "en") == ([], ["monday"])
    # 11월 and "November" match: without the month anchor, the Korean month is a number with
    # no partner, and the path shifts by one sentence from the start.
    source = ["그는 집회를 열었다.", "모든 것이 11월에 달려 있다.", "그는 떠났다."]
    target = [
        "He held a rally.",
        "It all depends on the vote.",
        "The vote is in November.",
        "He left.",
    ]
    assert [(x.source, x.target) for x in align(source, target)] == [
        ((0,), (0,)),
        ((1,), (1, 2)),
        ((2,), (3,)),
    ]


def test_quoted_dialogue_split_in_five_joins_one_sentence() -> None:
    source = [
        "트럼프는 집회를 열었다.",
        "저는 뛰고 있지 않습니다.",
        "하지만 정말 뛰고 있습니다.",
        "그래서 어디든 갑니다.",
        "훌륭한 후보들을 위해 싸웁니다.”",
        "라고 그가 말했다.",
        "청중은 환호했다.",
    ]
    target = [
        "Trump held a rally.",
        "I'm not running but I'm really running, that's why I'm all "
        'over the place fighting for great candidates," he said.',
        "The crowd cheered.",
    ]
    assert [(x.source, x.target) for x in align(source, target)] == [
        ((0,), (0,)),
        ((1, 2, 3, 4, 5), (1,)),
        ((6,), (2,)),
    ]


def test_a_quotation_split_on_one_side_is_confidently_one_link() -> None:
    # The Korean splitter cuts a two-sentence quotation; the English keeps it in one sentence.
    # A bead that leaves a quotation open on one side only is improbable, so the joined link
    # is found with confidence (without the quote evidence its score is 0.38).
    source = [
        "그는 새 앨범을 발표했다.",
        "현재 이름의 줄임말 외에도, 그는 그 단어가 자신에게 종교적인 의미가 있다고 전에 "
        "말한 적이 있다.",
        "\"저는 '예'가 성경에서 가장 널리 쓰인 단어라고 생각합니다.",
        "그리고 성경에서 그 단어의 뜻은 '당신'입니다\"라고 그는 올해 초 라디오에서 말했다.",
        "앨범은 금요일에 나온다.",
    ]
    target = [
        "He released a new album.",
        "As well as being an abbreviation of his current name, he has said before that the "
        "word has religious significance for him.",
        "\"I believe 'ye' is the most commonly used word in the Bible, and in the Bible it "
        "means 'you,'\" he said on the radio earlier this year.",
        "The album comes out on Friday.",
    ]
    links = {(x.source, x.target): x.score for x in align(source, target)}
    assert links.get(((2, 3), (2,)), 0.0) >= 0.7


def test_a_headline_is_not_joined_with_body_text() -> None:
    # "60" in the Korean headline is in the English lead: joining headline and lead on both
    # sides would match it, but a headline joined with body text is a wrong link.
    source = [
        "두 상원의원, 60분 인터뷰에서 FBI 조사에 답하다",
        "FBI 조사는 최종 투표를 늦췄다.",
        "두 의원은 일요일 방송에서 입장을 밝혔다.",
    ]
    target = [
        "Two senators answer on FBI probe",
        "The FBI investigation, discussed on 60 Minutes, has delayed the final vote.",
        "The two senators gave their views on the Sunday broadcast.",
    ]
    roles = ["title", "body", "body"]
    links = {
        (x.source, x.target): x.score
        for x in align(source, target, source_roles=roles, target_roles=roles)
    }
    assert links.get(((0,), (0,)), 0.0) >= 0.9


def _eval_module(name: str = "eval_alignment") -> ModuleType:
    """``scripts/NAME.py``: the evaluation script, or a module beside it."""
    return script_module(name)


def test_end_to_end_ceiling_counts_links_our_splitter_cannot_reach(tmp_path: Path) -> None:
    # The gold cuts "She left | everyone laughed." where the English has no sentence end: those
    # two gold links share one of our sentences, so one output link covers both and is wrong.
    evaluation = _eval_module()
    ko_text = "그는 왔다. 그녀는 떠났다. 모두가 웃었다."
    en_text = "He came. She left everyone laughed."
    (tmp_path / "ko.txt").write_text(ko_text, encoding="utf-8")
    (tmp_path / "en.txt").write_text(en_text, encoding="utf-8")
    spans = [((0, 6), (0, 8)), ((7, 15), (9, 17)), ((16, 24), (18, 35))]
    gold = [(evaluation.chars(ko_text, *ko), evaluation.chars(en_text, *en)) for ko, en in spans]
    doc = evaluation.SpanDoc("toy", tmp_path / "ko.txt", tmp_path / "en.txt", gold)
    pair = alignment.align_files(str(doc.source_path), str(doc.target_path), encoder="none")
    ceiling = evaluation.split_ceiling(doc, pair)
    assert (ceiling.gold, ceiling.reachable, ceiling.groups) == (3, 1, 1)
    assert ceiling.f1 == pytest.approx(2 * 1 / (3 + 1 + 1))
    kinds = [line.split(" ")[1:3] for line in evaluation.error_lines(doc, pair) if line[0] != " "]
    assert kinds.count(["missed,", "split"]) == 2
    assert ["missed,", "reachable"] not in kinds


def test_ablation_removes_what_it_names_and_restores_the_model() -> None:
    evaluation = _eval_module()
    from align.aligner import search

    variant = evaluation.Variant.parse("anchors+lengths")
    assert variant.what.startswith("without anchors") and "no length term" in variant.what
    assert variant.settings.number_weight == 0.0 and variant.settings.variance == 1e6
    estimate = vars(search)["estimate_variance"]
    with evaluation.ablated(variant, "use-m3"):
        # the variance estimated after the first pass would bring the length term back
        assert vars(search)["estimate_variance"] is not estimate
        assert evaluation.SETTINGS[0].missing_weight == 0.0
    assert vars(search)["estimate_variance"] is estimate
    assert evaluation.SETTINGS[0] == ALIGNER_DEFAULTS
    with evaluation.ablated(evaluation.Variant.parse("meaning"), "use-m3"):
        assert evaluation.ENCODER[0] is None
    assert evaluation.ENCODER[0] == "use-m3"
    with pytest.raises(ValueError, match="unknown ablation"):
        evaluation.Variant.parse("lengthz")


def _toy_eval(monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, list[AlignerSettings]]:
    """The eval script over toy sets: a perturbed set whose one document ``fake`` aligns right
    on seed 1 and wrong on any other seed, and ``textberg-dev``, which no seed changes."""
    evaluation = _eval_module()
    used: list[AlignerSettings] = []
    gold = [((0,), (0,)), ((1,), (1,))]

    def load_set(name: str, seed: int) -> tuple[list[object], str, str]:
        doc_name = f"seed{seed}" if name == "ntrex-dev-perturbed" else "fixed"
        return [evaluation.Doc(doc_name, ["가.", "나."], ["A.", "B."], gold)], "ko", "en"

    def fake(doc: Any, source_lang: str, target_lang: str) -> list[Any]:
        used.append(evaluation.SETTINGS[0])
        name = str(doc.name)
        return [((0, 1), (0, 1))] if name.startswith("seed") and name != "seed1" else gold

    monkeypatch.setattr(evaluation, "load_set", load_set)
    monkeypatch.setitem(evaluation.SYSTEMS, "fake", fake)
    return evaluation, used


def test_eval_seeds_print_each_seed_then_their_mean(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    evaluation, _ = _toy_eval(monkeypatch)
    toy = ["--encoder", "none", "--systems", "fake", "--sets", "ntrex-dev-perturbed,textberg-dev"]
    evaluation.main([*toy, "--seeds", "1,2"])
    rows = [line.split(" | ") for line in capsys.readouterr().out.splitlines()]
    assert rows[0][:4] == ["| set", "system", "seed", "docs"]
    cells = [(row[0], row[2], row[6]) for row in rows[2:]]  # set, seed, strict F1
    assert cells == [
        ("| ntrex-dev-perturbed", "1", "1.000"),
        ("| ntrex-dev-perturbed", "2", "0.000"),
        ("| ntrex-dev-perturbed", "mean of 2", "0.5000"),
        ("| textberg-dev", "", "1.000"),
    ]
    # Without --seeds, the table is the one it always was: one seed, no seed column.
    evaluation.main(toy)
    rows = [line.split(" | ") for line in capsys.readouterr().out.splitlines()]
    assert rows[0][:3] == ["| set", "system", "docs"]
    assert [(row[0], row[5]) for row in rows[2:]] == [
        ("| ntrex-dev-perturbed", "0.000"),
        ("| textberg-dev", "1.000"),
    ]


def test_eval_set_overrides_settings_and_refuses_unknown_fields(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    evaluation, used = _toy_eval(monkeypatch)
    changes = evaluation.parse_overrides(
        ["variance=5.5", "band=40", "bootstrap=false", "beads=[[[1, 1], 0.9], [[1, 0], 1]]"]
    )
    assert changes == {
        "variance": 5.5,
        "band": 40,
        "bootstrap": False,
        "beads": (((1, 1), 0.9), ((1, 0), 1.0)),
    }
    for spec, message in [
        ("band=2.5", "band: '2.5' is not an integer"),
        ("bootstrap=maybe", "bootstrap: 'maybe' is not true or false"),
        ("beads=[[1, 1], 0.9]", "beads: .* is not JSON"),
        ("variance", "is not KEY=VALUE"),
    ]:
        with pytest.raises(ValueError, match=message):
            evaluation.parse_overrides([spec])
    # Every row runs with the override; a removed kind of evidence stays removed.
    toy = ["--encoder", "none", "--systems", "fake", "--sets", "ntrex-dev-perturbed"]
    evaluation.main([*toy, "--set", "variance=5.5", "--ablate", "full,lengths"])
    assert [settings.variance for settings in used] == [5.5, 1e6]
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        evaluation.main([*toy, "--set", "varianse=5.5"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "unknown AlignerSettings field 'varianse' (did you mean variance?)" in error
    # A misspelt set is refused with the names to choose from, not measured as an empty table.
    with pytest.raises(SystemExit) as stopped:
        evaluation.main(["--encoder", "none", "--systems", "fake", "--sets", "ntrex"])
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--sets: unknown set 'ntrex': choose from seed, seed-e2e," in captured.err


def test_eval_tables_render_without_the_aligner() -> None:
    """The evaluation's tables are their own module: rows, a mean over seeds with four
    decimals, and the ablation table render from plain records, no aligner run."""
    tables = _eval_module("evaltables")
    scores = dict.fromkeys(tables.METRICS, 0.5)
    rows = [tables.Row("ntrex", "ours", str(seed), 41, scores, 1.0) for seed in (1, 2)]
    mean = tables.mean_row(rows)
    assert tables.results_header(True)[0].startswith("| set | system | seed | docs |")
    assert (
        mean.markdown(True)
        == "| ntrex | ours | mean of 2 | 41 | 0.5000 | 0.5000 | 0.5000 | 0.5000 | 2.0 |"
    )
    model = SimpleNamespace(label="full", what="full")
    assert tables.ablation_table([model], ["ntrex", "bible"], {("full", "ntrex"): 0.98})[1:] == [
        "| model | ntrex |",
        "|---|---|",
        "| full | 0.980 |",
    ]


def test_ntrex_dev_perturbed_accuracy() -> None:
    shared_path("data", "ko-en-news-ntrex128")
    evaluation = _eval_module()
    docs, _, _ = evaluation.load_set("ntrex-dev-perturbed", 13)
    docs = docs[:20]
    tests = [evaluation.run_ours(doc, "ko", "en") for doc in docs]
    result = evaluation.prf([doc.gold for doc in docs], tests)
    assert result["strict_f1"] >= 0.9


@pytest.mark.slow
def test_texts_that_are_not_translations_align_in_bounded_memory(tmp_path: Path) -> None:
    # The same lines shuffled on each side: the best path touches any band's edge, and
    # widening the band for it multiplied the memory (6,000 lines took 885 MB).
    rng = random.Random(3)
    for lang in ("ko", "en"):
        lines = [
            line.strip()
            for line in (ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance" / f"{lang}.txt")
            .read_text(encoding="utf-8")
            .splitlines()
            if line.strip()
        ]
        shuffled = [rng.choice(lines) for _ in range(6000)]
        (tmp_path / f"{lang}.lines").write_text("\n".join(shuffled) + "\n", encoding="utf-8")
    done = run_align(
        ["sentences", "ko.lines", "en.lines", "--presplit", "--encoder", "none", "-o", "out"],
        tmp_path,
    )
    assert done.code == 0, done.describe()
    assert (tmp_path / "out").read_text(encoding="utf-8").count("\n") >= 6000
    assert done.rss_mb < 600, done.describe()


@pytest.mark.slow
def test_long_input_that_is_not_a_translation_aligns_in_bounded_memory_with_meaning(
    tmp_path: Path,
) -> None:
    # 40,000 one-character lines a side with the default encoder: every link is uncertain, so
    # the semantic pass encodes its budget and searches a widened band (1.7 GB before).
    rng = random.Random(4)
    (tmp_path / "ko.lines").write_text(
        "".join(rng.choice("가나다라마바사아자차카타파하") + "\n" for _ in range(40000)),
        encoding="utf-8",
    )
    (tmp_path / "en.lines").write_text(
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") + "\n" for _ in range(40000)),
        encoding="utf-8",
    )
    done = run_align(["sentences", "ko.lines", "en.lines", "--presplit", "-o", "out"], tmp_path)
    assert done.code == 0, done.describe()
    links = (tmp_path / "out").read_text(encoding="utf-8").splitlines()
    sources = [link.split(":")[0].strip("[]") for link in links]
    covered = sum(len(source.split(",")) for source in sources if source)
    assert covered == 40000, "every source line is in one link"
    assert done.rss_mb < 1000, done.describe()


def _words(rng: random.Random, letters: str, count: int) -> str:
    """``count`` made-up words of six of ``letters`` (a language no model knows)."""
    return " ".join("".join(rng.choice(letters) for _ in range(6)) for _ in range(count))


def _topic_pair(
    spread: int, sentences: int = 420
) -> tuple[list[str], list[str], dict[str, list[float]]]:
    """A German–French pair of made-up words whose meaning is given by topic vectors: source
    sentence 200 says in one long sentence what the target says in ``spread`` sentences; every
    other sentence is a 1-1 translation. Returns both sides and each text's vector."""
    rng = random.Random(7)
    dim = 48
    topics = [[rng.gauss(0.0, 1.0) for _ in range(dim)] for _ in range(sentences + spread)]

    source: list[str] = []
    target: list[str] = []
    vectors: dict[str, list[float]] = {}
    for k in range(sentences + spread):
        size = rng.randint(6, 14)
        text = _words(rng, "klmnprstvz", size) + " ."
        target.append(text)
        vectors[text] = topics[k]
        if k < 200 or k >= 200 + spread:
            text = _words(rng, "bcdfghjwxq", size) + " ."
            source.append(text)
            vectors[text] = [x + rng.gauss(0.0, 0.5) for x in topics[k]]
        elif k == 200:
            text = _words(rng, "bcdfghjwxq", 10 * spread) + " ."
            source.append(text)
            vectors[text] = [
                sum(topics[j][d] for j in range(200, 200 + spread)) for d in range(dim)
            ]
    return source, target, vectors


def _encoder_of(vectors: dict[str, list[float]]) -> Callable[[Sequence[str]], FloatVectors]:
    """An encoder that gives each text its made-up vector, unit length; a run of sentences
    joined by spaces (a bead vector) gets the sum of their unit vectors, each weighted by its
    words, as an encoder that pools over tokens weighs a long clause and its two-word rest."""

    def unit(text: str) -> npt.NDArray[np.float64]:
        row = np.asarray(vectors[text], dtype=np.float64)
        out: npt.NDArray[np.float64] = row / np.linalg.norm(row)
        return out

    def vector(text: str) -> npt.NDArray[np.float64]:
        if text in vectors:
            return unit(text) * len(text.split())
        head = next(k for k in vectors if text.startswith(k + " ") and splits(text[len(k) + 1 :]))
        return unit(head) * len(head.split()) + vector(text[len(head) + 1 :])

    def splits(rest: str) -> bool:
        return rest in vectors or any(
            rest.startswith(k + " ") and splits(rest[len(k) + 1 :]) for k in vectors
        )

    def encode(texts: Sequence[str]) -> FloatVectors:
        rows = np.asarray([vector(t) for t in texts], dtype=np.float32)
        out: FloatVectors = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return out

    return encode


def test_a_long_document_in_a_band_joins_one_sentence_with_four_by_meaning() -> None:
    """A document longer than the whole lattice's limit is searched in a band; when its
    sentences all have vectors, beads wider than three sentences are searched there too
    (Text+Berg dev's 1-4 and 1-5 beads were out of reach)."""
    source, target, vectors = _topic_pair(spread=4)
    assert len(target) + 1 > AlignerSettings().full_limit

    links = align(source, target, source_lang="de", target_lang="fr", encode=_encoder_of(vectors))
    assert Link((200,), (200, 201, 202, 203), links[200].score) == links[200]
    assert all(len(link.source) == len(link.target) == 1 for link in links[:200] + links[201:])


def _clause_pair(source_marks: bool) -> tuple[list[str], list[str], dict[str, list[float]]]:
    """Thirty made-up sentence pairs, three of them ending on a colon on both sides (or on the
    target side only, without ``source_marks``); the French splits sentence 15 after a colon,
    and its short rest says too little for meaning to place it."""
    rng = random.Random(1)
    topics = [[rng.gauss(0.0, 1.0) for _ in range(48)] for _ in range(31)]

    source: list[str] = []
    target: list[str] = []
    vectors: dict[str, list[float]] = {}
    for k in range(30):
        size = rng.randint(6, 12)
        end = " :" if k in (4, 9, 22) else " ."
        if k == 15:
            whole = _words(rng, "bcdfghjwxq", size + 2) + " ."
            clause, rest = (
                _words(rng, "klmnprstvz", size) + " :",
                _words(rng, "klmnprstvz", 2) + " .",
            )
            source.append(whole)
            target += [clause, rest]
            vectors[whole] = [a + 0.2 * b for a, b in zip(topics[k], topics[30], strict=True)]
            vectors[clause], vectors[rest] = topics[k], topics[30]
            continue
        one = _words(rng, "bcdfghjwxq", size) + (end if source_marks else " .")
        other = _words(rng, "klmnprstvz", size) + end
        source.append(one)
        target.append(other)
        vectors[one] = [x + rng.gauss(0.0, 0.5) for x in topics[k]]
        vectors[other] = topics[k]
    return source, target, vectors


def test_a_clause_ending_on_a_colon_keeps_the_rest_of_its_sentence() -> None:
    """OCR text split on colons (Text+Berg): a French sentence cut after its colon is one
    German sentence, not a link and a left-out rest."""
    source, target, vectors = _clause_pair(source_marks=True)
    encode = _encoder_of(vectors)

    def links(penalty: float) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        settings = AlignerSettings(open_end_penalty=penalty)
        found = align(
            source, target, source_lang="de", target_lang="fr", encode=encode, settings=settings
        )
        return [(link.source, link.target) for link in found]

    assert ((), (16,)) in links(0.0)  # without: the rest of the sentence is left out
    assert ((15,), (15, 16)) in links(AlignerSettings().open_end_penalty)
    assert all(link[0] and link[1] for link in links(AlignerSettings().open_end_penalty))


def test_colons_on_one_side_only_say_nothing() -> None:
    """Where one side never ends a clause so (the Korean Bible against the English), a colon
    on the other side is no evidence: the links are those without the penalty."""
    source, target, vectors = _clause_pair(source_marks=False)
    encode = _encoder_of(vectors)
    with_penalty, without = (
        align(
            source,
            target,
            source_lang="de",
            target_lang="fr",
            encode=encode,
            settings=AlignerSettings(open_end_penalty=penalty),
        )
        for penalty in (AlignerSettings().open_end_penalty, 0.0)
    )
    assert with_penalty == without


def test_a_caption_run_into_a_sentence_does_not_split_its_link() -> None:
    """OCR runs a caption into a sentence (Text+Berg): with meaning, a 1-1 link whose lengths
    are far apart stays one link instead of two left-out sentences."""
    rng = random.Random(1)
    topics = [[rng.gauss(0.0, 1.0) for _ in range(48)] for _ in range(30)]

    source: list[str] = []
    target: list[str] = []
    vectors: dict[str, list[float]] = {}
    for k in range(30):
        size = rng.randint(6, 12)
        one = _words(rng, "bcdfghjwxq", size + (30 if k == 15 else 0)) + " ."
        other = _words(rng, "klmnprstvz", size) + " ."
        source.append(one)
        target.append(other)
        vectors[one] = [x + rng.gauss(0.0, 0.5) for x in topics[k]]
        vectors[other] = topics[k]

    def links(outliers: float) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        settings = AlignerSettings(length_outliers=outliers)
        found = align(
            source,
            target,
            source_lang="de",
            target_lang="fr",
            encode=_encoder_of(vectors),
            settings=settings,
        )
        return [(link.source, link.target) for link in found]

    assert ((15,), ()) in links(0.0)  # the plain normal: two sentences left out
    assert links(AlignerSettings().length_outliers) == [((k,), (k,)) for k in range(30)]


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("Die erfolgreichen Bergsteiger waren : ", True),
        ("le travail d' érosion a progressé ; ", True),
        ("Erstersteigung 1933 durch B.M . ", True),
        ("Gipfelmannschaften G. Band-J . ", True),
        ("( « The Alpine Journal » , Nr. 293,S . ", True),
        ("Souvent visité depuis . ", False),
        ("Il fallut deux jours pour gravir 250 m. ", False),
        ("Was ist das ? ", False),
    ],
)
def test_clauses_cut_before_their_sentence_ends(text: str, cut: bool) -> None:
    assert open_end(text) is cut


def _side(rows: list[list[float]], roles: tuple[str, ...] | None = None) -> SideFeatures:
    """A side of unit vectors ``rows`` (one sentence each) and ``roles``."""
    vectors = np.asarray(rows, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    padded = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=np.float32)])
    count = len(rows)
    return SideFeatures(
        (10,) * count,
        ({},) * count,
        roles,
        vectors=SideVectors(padded, np.arange(count, dtype=np.int32)),
    )


def test_crosswise_links_left_out_pairs_and_crossed_halves_only_when_alike() -> None:
    """Left-out sentences that translate each other are linked across the path; a 2-2 link
    whose halves pair crosswise is split into its crossing pairs, in the order of the source
    sentences; sentences unlike each other stay as they were, as does everything with the
    mechanism off or without vectors."""
    source = _side([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 1, 1, 1]])
    target = _side([[0, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0], [1, 0.1, 0, 0], [0, 1, 0, 0]])
    links = [
        Link((0,), (), 0.9),
        Link((), (0,), 0.8),
        Link((1, 2), (1, 4), 0.7),
        Link((3,), (), 0.95),
        Link((4,), (2, 3), 0.6),
    ]
    assert crosswise(links, source, target, ALIGNER_DEFAULTS) == [
        Link((0,), (), 0.9),
        Link((1,), (4,), 0.7),
        Link((2,), (1,), 0.7),
        Link((3,), (0,), 0.8),
        Link((4,), (2, 3), 0.6),
    ]
    off = replace(ALIGNER_DEFAULTS, reorder_cosine=0.0)
    assert crosswise(links, source, target, off) == links
    assert crosswise(links, replace(source, vectors=None), target, ALIGNER_DEFAULTS) == links


def test_crosswise_links_keep_roles_as_the_search_does() -> None:
    """Boilerplate is never linked (a dateline on each side, alike but not a translation),
    and a sentence is linked only to one of its own role."""
    source: list[list[float]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    target: list[list[float]] = [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1]]
    links = [
        Link((0,), (), 0.9),
        Link((1,), (0,), 0.9),
        Link((2,), (1,), 0.9),
        Link((), (2,), 0.8),
        Link((3,), (3,), 0.9),
    ]
    body = ("body",) * 3
    for first, other in (("boilerplate", "boilerplate"), ("caption", "body")):
        sides = _side(source, (first, *body)), _side(target, ("body", "body", other, "body"))
        assert crosswise(links, *sides, ALIGNER_DEFAULTS) == links
    sides = _side(source, ("caption", *body)), _side(target, ("body", "body", "caption", "body"))
    assert crosswise(links, *sides, ALIGNER_DEFAULTS) == [
        Link((0,), (2,), 0.8),
        Link((1,), (0,), 0.9),
        Link((2,), (1,), 0.9),
        Link((3,), (3,), 0.9),
    ]


_SCORES_SCRIPT = """
from pathlib import Path
from align.aligner import align
folder = Path("tests/data/seed")
ko = folder.joinpath("ko.sentences.txt").read_text(encoding="utf-8").splitlines()
en = folder.joinpath("en.sentences.txt").read_text(encoding="utf-8").splitlines()
links = align(ko, en, source_lang="ko", target_lang="en")
print([(link.source, link.target, repr(link.score)) for link in links])
"""


def test_scores_are_the_same_in_every_process() -> None:
    """A link's score came out different in its last digits from one process to the next: the
    features are built from sets, whose order follows Python's per-process hash seed, and
    their weights were summed in that order. A corpus aligned twice must give the same
    numbers (links.parquet keeps every digit)."""
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _SCORES_SCRIPT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
