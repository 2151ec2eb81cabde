"""The language check (issue 15, item 6): swapped files and unknown codes stop with exit 2;
short, mixed and correctly labelled texts never do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main
from align.text.languages import ISO_639_1, ISO_639_2, canonical, mismatch, primary_language

from .conftest import CORPUS, shared_path

KO, EN = str(CORPUS / "ko.txt"), str(CORPUS / "en.txt")


def _invoke(*args: str) -> tuple[int, str]:
    """Run ``align ARGS`` through ``main`` (which turns errors into exit 2), in process;
    the exit code and stdout and stderr together."""
    with CliRunner().isolation() as streams:
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        output = streams[-1].getvalue().decode("utf-8")
    return code, output


def test_split_refuses_a_file_in_another_script_unless_told() -> None:
    code, output = _invoke("split", KO, "--lang", "en")
    assert code == 2
    assert f"{KO}: given as en" in output and "Hangul" in output
    assert "--no-language-check" in output
    code, output = _invoke("split", KO, "--lang", "en", "--no-language-check")
    assert code == 0 and output.strip()


def test_swapped_pair_is_refused_naming_the_file() -> None:
    code, output = _invoke("sentences", EN, KO, "--encoder", "none")
    assert code == 2 and f"{EN}: given as ko" in output and "Latin" in output
    code, _ = _invoke("sentences", EN, KO, "--encoder", "none", "--no-language-check")
    assert code == 0


def test_run_refuses_swapped_files_before_writing(tmp_path: Path) -> None:
    pair = tmp_path / "pair"
    pair.mkdir()
    shutil.copy(KO, pair / "en.txt")
    shutil.copy(EN, pair / "ko.txt")
    code, output = _invoke("run", str(pair), "-o", str(tmp_path / "out"), "--encoder", "none")
    assert code == 2 and "given as" in output


@pytest.mark.parametrize("command", [["split", EN], ["lint", EN], ["sentences", EN, KO]])
def test_unknown_language_code_lists_the_supported(command: list[str]) -> None:
    option = "--src-lang" if command[0] == "sentences" else "--lang"
    code, output = _invoke(*command, option, "xx")
    assert code == 2
    assert "'xx' is not a known language code" in output and "ko and en" in output


def test_three_letter_codes_name_the_two_letter_language() -> None:
    """ISO 639-2/3 codes (``kor``, ``eng``; the bibliographic ``ger`` too) are the language
    of their ISO 639-1 code, as RFC 5646 writes it; other three-letter codes stay."""
    assert [primary_language(code) for code in ("kor", "ENG", "ger", "deu", "zho", "yue")] == [
        "ko",
        "en",
        "de",
        "de",
        "zh",
        "yue",
    ]
    assert [canonical(tag) for tag in ("kor_KR", "eng-US", "ko-KR", "EN")] == [
        "ko-KR",
        "en-US",
        "ko-KR",
        "en",
    ]
    assert set(ISO_639_2.values()) == ISO_639_1  # every two-letter language has its alias
    assert all(len(code) == 3 and code not in ISO_639_1 for code in ISO_639_2)


def test_kor_gets_the_korean_splitter_and_language_check() -> None:
    code, output = _invoke("split", KO, "--lang", "kor", "-v")
    assert code == 0 and "engine: ko mecab" in output
    code, output = _invoke("split", EN, "--lang", "kor")
    assert code == 2 and "given as ko" in output


def test_korean_given_as_kr_is_refused_naming_ko() -> None:
    """``kr`` (Kanuri, typed for Korea) is a valid code whose script the check does not list;
    a Korean article given as it was split by the generic rules without a word. Hangul is the
    script of no other ISO 639-1 language, so it is refused as any swapped file is."""
    code, output = _invoke("split", KO, "--lang", "kr")
    assert code == 2
    assert f"{KO}: given as kr" in output and "Hangul, the script of ko alone" in output
    assert output.count("\n") == 1 and "Traceback" not in output
    assert _invoke("split", KO, "--lang", "kr", "--no-language-check")[0] == 0
    korean = (CORPUS / "ko.txt").read_text(encoding="utf-8")
    english = (CORPUS / "en.txt").read_text(encoding="utf-8")
    assert mismatch(english, "kr") is None  # Kanuri in Latin letters stays unchecked
    assert mismatch(korean, "jje") is None  # Jeju, three letters, is written in Hangul


def test_glossary_rows_in_kor_match_a_korean_article(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "concept\tlang\tterm\tstatus\nusfj\tkor\t주일 미군\tpreferred\n"
        "usfj\tKOR\t주일미군사령부\tdeprecated\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text("주일미군사령부가 있다.\n", encoding="utf-8")
    code, output = _invoke("lint", str(article), "--glossary", str(glossary), "--lang", "ko")
    assert code == 1 and "deprecated-term" in output and "주일 미군" in output


def test_short_and_mixed_texts_are_never_refused() -> None:
    assert mismatch("Seoul 서울 — the capital of South Korea", "ko") is None
    korean = (CORPUS / "ko.txt").read_text(encoding="utf-8")
    english = (CORPUS / "en.txt").read_text(encoding="utf-8")
    half = korean[:1500] + english[:1500]
    assert mismatch(half, "ko") is None and mismatch(half, "en") is None
    assert mismatch(korean, "ko") is None and mismatch(english, "en") is None
    assert mismatch(english, "de") is None  # one script: not told apart, not refused
    assert mismatch(korean, "xx-unchecked") is None
    assert {"ko", "en", "de", "ja", "zh"} <= ISO_639_1 and "xx" not in ISO_639_1


def test_no_news_or_bible_file_is_refused_as_its_own_language() -> None:
    """Held-out kinds of text: every NTREX, Park and Bible file (scripts/eval_language_check.py)."""
    refused = []
    for dataset in ("ko-en-news-ntrex128", "ko-en-news-park", "ko-en-bible-krv-kjv"):
        for path in sorted(shared_path("data", dataset).rglob("*.txt")):
            lang = path.name.split(".")[0]
            if lang in ("ko", "en") and mismatch(path.read_text("utf-8", "replace"), lang):
                refused.append(path)
    assert refused == []


def _folders(root: Path, korean: int, english: int) -> tuple[Path, Path]:
    """A Korean and an English folder: ``korean`` copies of the seed Korean article in the
    first, ``english`` of the English in the second."""
    ko, en = root / "ko", root / "en"
    ko.mkdir()
    en.mkdir()
    for k in range(korean):
        shutil.copy(KO, ko / f"{k:02d}.txt")
    for k in range(english):
        shutil.copy(EN, en / f"{k:02d}.txt")
    return ko, en


@pytest.mark.parametrize("command", ["pair", "corpus build"])
def test_swapped_folders_are_refused_before_any_work(tmp_path: Path, command: str) -> None:
    ko, en = _folders(tmp_path, 3, 3)
    out = tmp_path / "out"
    args = [*command.split(), str(en), str(ko), "--encoder", "none"]
    if command == "corpus build":
        args += ["-o", str(out), "--workers", "1"]
    else:
        args += ["-o", str(out / "pairs.tsv")]
    code, output = _invoke(*args)
    assert code == 2
    assert f"{en}: given as ko, but 3 of the 3 documents read do not look like ko" in output
    assert "Latin" in output and "--no-language-check" in output
    assert not out.exists()  # refused before anything was written
    code, output = _invoke(*args, "--no-language-check")
    assert code == 0, output


def test_a_few_documents_in_another_language_do_not_stop_pairing(tmp_path: Path) -> None:
    ko, en = _folders(tmp_path, 3, 2)
    shutil.copy(KO, en / "99-untranslated.txt")  # a crawl saved one page untranslated
    code, output = _invoke("pair", str(ko), str(en), "--encoder", "none")
    assert code == 0, output
    assert "99-untranslated.txt" in output


def _tags_as_codes(text: str) -> str:
    return text.replace("ko-KR", "ko").replace("en-US", "en")


@pytest.mark.parametrize(
    ("fmt", "written"),
    [
        ("tmx", ['srclang="ko-KR"', '<tuv xml:lang="ko-KR">', '<tuv xml:lang="en-US">']),
        ("xliff", ['srcLang="ko-KR" trgLang="en-US"']),
        ("xliff12", ['source-language="ko-KR" target-language="en-US"']),
    ],
)
def test_region_tagged_languages_align_as_their_language_and_are_written_back(
    tmp_path: Path, fmt: str, written: list[str]
) -> None:
    """``ko_kr``/``en-US`` (a CAT tool's tags) align as ``ko``/``en`` do, and the files the
    CAT tool reads back carry the tags given, in BCP 47's spelling."""
    outputs = {}
    for src, tgt in (("ko_kr", "en-US"), ("ko", "en")):
        out = tmp_path / f"{src}.{fmt}"
        args = ["sentences", KO, EN, "--src-lang", src, "--tgt-lang", tgt, "--encoder", "none"]
        code, output = _invoke(*args, "--format", fmt, "-o", str(out))
        assert code == 0, output
        outputs[src] = out.read_text(encoding="utf-8")
    assert all(attribute in outputs["ko_kr"] for attribute in written)
    assert _tags_as_codes(outputs["ko_kr"]) == outputs["ko"]


def test_glossary_rows_in_ko_check_files_given_as_ko_kr() -> None:
    """Terms are matched by primary language: the ``ko``/``en`` rows of the project glossary
    find the same missing and deprecated terms in files given as ``ko-KR``/``en-US``."""
    glossary = str(CORPUS.parents[1] / "glossaries" / "defence-diplomacy.tsv")
    found = {}
    for src, tgt in (("ko-KR", "en-US"), ("ko", "en")):
        args = ["check", KO, EN, "--glossary", glossary, "--encoder", "none"]
        code, found[src] = _invoke(*args, "--src-lang", src, "--tgt-lang", tgt)
        assert code == 1
    assert "missing-term" in found["ko-KR"] and "deprecated-term" in found["ko-KR"]
    assert found["ko-KR"] == found["ko"]


def test_corpus_build_names_its_files_by_the_tags_given(tmp_path: Path) -> None:
    ko, en = _folders(tmp_path, 1, 1)
    out = tmp_path / "out"
    args = ["corpus", "build", str(ko), str(en), "-o", str(out), "--workers", "1"]
    code, output = _invoke(
        *args, "--src-lang", "kor-KR", "--tgt-lang", "en-us", "--encoder", "none"
    )
    assert code == 0, output
    assert {"corpus.ko-KR", "corpus.en-US", "manifest.json"} <= {p.name for p in out.iterdir()}
    assert '"source_lang": "ko-KR"' in (out / "manifest.json").read_text(encoding="utf-8")
    code, output = _invoke(*args, "--src-lang", "ko-KR", "--tgt-lang", "en-US", "--encoder", "none")
    assert code == 0 and "up to date" in output  # the manifest with tags is read back


def test_glossary_add_keeps_the_tag_given(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    for lang, term in (("ko_kr", "주일미군"), ("EN-us", "US Forces Japan")):
        code, output = _invoke(
            "glossary", "add", str(glossary), "--concept", "usfj", "--lang", lang, "--term", term
        )
        assert code == 0, output
    rows = glossary.read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split("\t")[1] for row in rows] == ["ko-KR", "en-US"]


@pytest.mark.parametrize("tag", ["ko-", "k", "ko KR", "xx-YY", "ko--KR", "ko-KR-"])
@pytest.mark.parametrize(
    "command",
    [
        ["sentences", KO, EN, "--src-lang"],
        ["lint", KO, "--lang"],
        ["split", KO, "--lang"],
        ["glossary", "add", "never-written.tsv", "--concept", "c", "--term", "t", "--lang"],
    ],
    ids=lambda command: command[0],
)
def test_a_malformed_language_tag_is_one_line_saying_what_to_give(
    command: list[str], tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative output is written here, never into the project
    code, output = _invoke(*command, tag)
    assert code == 2 and list(tmp_path.iterdir()) == []
    assert len(output.strip().splitlines()) == 1
    assert f"{command[-1]} {tag!r} is not a" in output
    assert "ko-KR" in output and "ISO 639-1" in output
