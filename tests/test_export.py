"""Export formats: every writer reads back losslessly; atomic, no clobbering; the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from align.cli import cli
from align.errors import ExportError, InputError
from align.export import formats
from align.models import Link, Sentence
from align.read.dictionary import parse_dictionary
from tests.conftest import DATA

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


def _pair(source: list[str], target: list[str]) -> formats.AlignedPair:
    def side(lang: str, items: list[str]) -> formats.AlignedSide:
        sentences, text, at = [], "", 0
        for item in items:
            sentences.append(Sentence(item, at, at + len(item)))
            text += item + "\n"
            at = len(text)
        return formats.AlignedSide(f"{lang}.txt", lang, text, tuple(sentences))

    links = [Link((k,), (k,), k / (len(source) + 1)) for k in range(min(len(source), len(target)))]
    links += [Link((k,), (), 0.5) for k in range(len(links), len(source))]
    links += [Link((), (k,), 0.5) for k in range(len(source), len(target))]
    return formats.AlignedPair(side("ko", source), side("en", target), tuple(links))


@settings(max_examples=50, deadline=None)
@given(st.lists(texts, max_size=6), st.lists(texts, max_size=6))
def test_links_jsonl_and_tmx_round_trip(source: list[str], target: list[str]) -> None:
    pair = _pair(source, target)
    links = formats.parse_links(formats.render("links", pair))
    assert [(x.source, x.target) for x in links] == [(x.source, x.target) for x in pair.links]
    assert all(abs(a.score - b.score) <= 5e-4 for a, b in zip(links, pair.links, strict=True))
    records = formats.parse_jsonl(formats.render("jsonl", pair))
    for record, link in zip(records, pair.links, strict=True):
        assert record.link.source == link.source and record.link.target == link.target
        assert record.source_text == " ".join(source[i] for i in link.source)
        for start, end in record.source_spans:
            assert pair.source.text[start:end] in source
    units = formats.parse_tmx(formats.render("tmx", pair).encode("utf-8"))
    both = [link for link in pair.links if link.source and link.target]
    assert [(u.link.source, u.link.target) for u in units] == [(x.source, x.target) for x in both]
    for unit, link in zip(units, both, strict=True):
        assert unit.texts["ko"] == source[link.source[0]]
        assert unit.texts["en"] == target[link.target[0]]


def test_tmx_header_and_escaping() -> None:
    tmx = formats.render("tmx", _pair(["A & B <c>"], ["x"]))
    assert '<tmx version="1.4">' in tmx
    assert 'srclang="ko"' in tmx and 'o-tmf="align"' in tmx and 'segtype="sentence"' in tmx
    assert "A &amp; B &lt;c&gt;" in tmx
    assert '<prop type="x-score">' in tmx


def test_existing_output_needs_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out.links"
    out.write_text("keep\n", encoding="utf-8")
    with pytest.raises(ExportError):
        formats.write("links", _pair(["a"], ["b"]), str(out))
    assert out.read_text(encoding="utf-8") == "keep\n"
    formats.write("links", _pair(["a"], ["b"]), str(out), overwrite=True)
    assert out.read_text(encoding="utf-8").startswith("[0]:[0]:")


def test_moses_writes_two_files_and_needs_an_output(tmp_path: Path) -> None:
    pair = _pair(["가", "나"], ["a"])
    written = formats.write("moses", pair, str(tmp_path / "corpus"))
    assert [Path(p).name for p in written] == ["corpus.ko", "corpus.en"]
    assert (tmp_path / "corpus.ko").read_text(encoding="utf-8") == "가\n"
    with pytest.raises(ExportError):
        formats.render("moses", pair)


def test_dictionary_rows_are_checked() -> None:
    assert parse_dictionary("ko\ten\n개\tdog\n\n# note\n", "d.tsv").pairs == (("개", "dog"),)
    with pytest.raises(InputError, match=r"d\.tsv:2:"):
        parse_dictionary("개\tdog\n고양이\n", "d.tsv")


def test_cli_presplit_formats(tmp_path: Path) -> None:
    seed = DATA / "seed"
    args = [
        "sentences",
        str(seed / "ko.sentences.txt"),
        str(seed / "en.sentences.txt"),
        "--presplit",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    links = formats.parse_links(result.output)
    assert [i for x in links for i in x.source] == list(range(38))
    assert [j for x in links for j in x.target] == list(range(40))
    out = tmp_path / "seed.jsonl"
    result = CliRunner().invoke(cli, [*args, "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (seed / "ko.sentences.txt").read_text(encoding="utf-8")
    record = formats.parse_jsonl(out.read_text(encoding="utf-8"))[0]
    start, end = record.source_spans[0]
    assert text[start:end] == record.source_text


def test_cli_glossary_changes_links(tmp_path: Path) -> None:
    ko = tmp_path / "ko.txt"
    en = tmp_path / "en.txt"
    ko.write_text(
        "고양이가 소파 위에서 조용히 잠을 잔다.\n개가 밖에서 짖는다.\n새가 운다.\n",
        encoding="utf-8",
    )
    en.write_text("The dog is barking outside.\nThe bird sings.\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "concept\tlang\tterm\nbird\tko\t새\nbird\ten\tbird\ndog\tko\t개\ndog\ten\tdog\n",
        encoding="utf-8",
    )
    args = ["sentences", str(ko), str(en), "--presplit", "--encoder", "none"]
    plain = CliRunner().invoke(cli, args)
    anchored = CliRunner().invoke(cli, [*args, "--glossary", str(glossary)])
    assert anchored.exit_code == 0, anchored.output
    assert "[2]:[1]:" not in plain.output
    assert "[2]:[1]:" in anchored.output
