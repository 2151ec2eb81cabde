"""Export formats: every writer reads back losslessly; atomic, no clobbering; the CLI."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from align.cli import cli
from align.errors import ExportError, InputError
from align.export import formats
from align.models import Link
from align.read.dictionary import parse_dictionary
from tests.conftest import DATA, ROOT, shared_path
from tests.sides import aligned_side

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


def _pair(source: list[str], target: list[str]) -> formats.AlignedPair:
    links = [Link((k,), (k,), k / (len(source) + 1)) for k in range(min(len(source), len(target)))]
    links += [Link((k,), (), 0.5) for k in range(len(links), len(source))]
    links += [Link((), (k,), 0.5) for k in range(len(source), len(target))]
    return formats.AlignedPair(
        aligned_side("ko.txt", "ko", source), aligned_side("en.txt", "en", target), tuple(links)
    )


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


def test_tmx_units_are_named_by_the_links_number_as_xliff_units_are() -> None:
    """A QA finding on a TMX unit, or a CAT tool's match, names a link (``tuid``) the other
    exports also name: a 1-0 link is not in the TMX, so the numbers skip it."""
    pair = _pair(["가", "나", "다"], ["a", "c"])
    pair = replace(pair, links=(Link((0,), (0,), 1.0), Link((1,), (), 0.9), Link((2,), (1,), 1.0)))
    root = etree.fromstring(formats.render("tmx", pair).encode("utf-8"))
    assert [unit.get("tuid") for unit in root.iter("tu")] == ["1", "3"]
    xliff = etree.fromstring(formats.render("xliff", pair).encode("utf-8"))
    assert [u.get("id") for u in xliff.iter(f"{{{formats.XLIFF2_NS}}}unit")] == ["u1", "u2", "u3"]


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
    with pytest.raises(InputError, match=r"d\.tsv:2:") as caught:
        parse_dictionary("개\tdog\n고양이\n", "d.tsv")
    assert "write one 'source term<TAB>target term' pair per line" in str(caught.value)
    # The project's glossary given as --dictionary: the remedy is the other option.
    glossary = (ROOT / "glossaries" / "defence-diplomacy.tsv").read_text(encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.tsv:1: .*this is a glossary: give it as --glossary"):
        parse_dictionary(glossary, "g.tsv")


def test_the_output_name_chooses_the_format_unless_one_is_given(tmp_path: Path) -> None:
    """``align sentences ko.txt en.txt -o seed.tmx`` wrote the links format into a file named
    .tmx, which a TMX reader rejects later. An extension that names a format chooses it; a
    format given against the name is refused before any work, nothing written."""
    assert formats.output_format(None, "seed.tmx") == "tmx"
    assert formats.output_format(None, "Seed.XLF") == "xliff"
    assert formats.output_format(None, "seed.txt") == "links"
    assert formats.output_format(None, None) == "links"
    assert formats.output_format("xliff12", "seed.xlf") == "xliff12"  # both XLIFFs are .xlf
    assert formats.output_format("moses", "corpus.tsv") == "moses"  # a stem: corpus.tsv.ko
    with pytest.raises(ExportError) as caught:
        formats.output_format("links", "seed.tmx")
    assert str(caught.value) == (
        "seed.tmx: --format links, but -o names a .tmx file, which format tmx writes "
        "(give --format tmx, or another -o name)"
    )
    seed = DATA / "seed"
    args = ["sentences", str(seed / "ko.sentences.txt"), str(seed / "en.sentences.txt")]
    args += ["--presplit", "--encoder", "none", "-o"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "seed.tmx")])
    assert result.exit_code == 0, result.output
    units = formats.parse_tmx((tmp_path / "seed.tmx").read_bytes())
    assert len(units) >= 30 and units[0].texts["ko"].startswith("미·일")
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "b.tmx"), "--format", "tsv"])
    assert isinstance(result.exception, ExportError) and not (tmp_path / "b.tmx").exists()


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
        "고양이가 소파 위에서 조용히 잠을 잔다.\n강아지가 밖에서 짖는다.\n새가 운다.\n",
        encoding="utf-8",
    )
    en.write_text("The dog is barking outside.\nThe bird sings.\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        # (Out of context MeCab reads 개가 as one noun, 改嫁: the anchors here are about links.)
        "concept\tlang\tterm\nbird\tko\t새\nbird\ten\tbird\ndog\tko\t강아지\ndog\ten\tdog\n",
        encoding="utf-8",
    )
    args = ["sentences", str(ko), str(en), "--presplit", "--encoder", "none"]
    plain = CliRunner().invoke(cli, args)
    anchored = CliRunner().invoke(cli, [*args, "--glossary", str(glossary)])
    assert anchored.exit_code == 0, anchored.output
    assert "[2]:[1]:" not in plain.output
    assert "[2]:[1]:" in anchored.output


# --- XLIFF 2.1 and 1.2 ---------------------------------------------------------------------------

_XLIFF2 = {"x": formats.XLIFF2_NS, "mda": formats.XLIFF2_MDA_NS}
_XLIFF12 = {"x": formats.XLIFF12_NS}
_JOINED = (
    "주일미군이 재편된다. 사령부가 생긴다.",
    "US Forces Japan will be restructured with a new command.",
)


def _korean_english() -> formats.AlignedPair:
    """A 2-1 link, a 1-1 link with markup characters, a 1-0 omission and a 0-1 addition."""
    pair = _pair(
        ["주일미군이 재편된다.", "사령부가 생긴다.", "A & B <c>", "생략된 문장.", ""],
        ["US Forces Japan will be restructured with a new command.", "A & B <c>", "Added."],
    )
    links = (
        Link((0, 1), (0,), 0.91),
        Link((2,), (1,), 0.75),
        Link((3,), (), 0.2),
        Link((), (2,), 0.1),
    )
    return formats.AlignedPair(pair.source, pair.target, links)


@pytest.mark.parametrize(
    ("fmt", "schema"),
    [
        ("xliff", ("schemas", "xliff21", "xliff21-core-metadata.xsd")),
        ("xliff12", ("schemas", "xliff12", "xliff-core-1.2-transitional.xsd")),
    ],
)
def test_xliff_validates_against_the_oasis_schema(fmt: str, schema: tuple[str, ...]) -> None:
    xsd = etree.XMLSchema(etree.parse(str(shared_path(*schema))))
    document = etree.fromstring(formats.render(fmt, _korean_english()).encode("utf-8"))
    assert xsd.validate(document), xsd.error_log
    unit = document.find(".//{*}unit") if fmt == "xliff" else document.find(".//{*}trans-unit")
    assert unit is not None
    del unit.attrib["id"]  # the check can fail: a unit without its id is refused
    assert not xsd.validate(document)


def test_xliff21_round_trips_units_texts_scores_and_indices() -> None:
    pair = _korean_english()
    root = etree.fromstring(formats.render("xliff", pair).encode("utf-8"))
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "ko", "en")
    assert root.find("x:file", _XLIFF2).get("original") == "ko.txt"
    units = root.findall(".//x:unit", _XLIFF2)
    assert len(units) == len(pair.links)
    read = []
    for unit in units:
        meta = {m.get("type"): m.text or "" for m in unit.iterfind(".//mda:meta", _XLIFF2)}
        target = unit.find("x:segment/x:target", _XLIFF2)
        read.append(
            (
                unit.findtext("x:segment/x:source", namespaces=_XLIFF2),
                None if target is None else target.text,
                float(meta["score"]),
                meta["source"],
                meta["target"],
                unit.findtext("x:notes/x:note", namespaces=_XLIFF2),
            )
        )
    assert read[0] == (
        "주일미군이 재편된다. 사령부가 생긴다.",
        "US Forces Japan will be restructured with a new command.",
        0.91,
        "0,1",
        "0",
        None,
    )
    assert read[1][:2] == ("A & B <c>", "A & B <c>")
    assert read[2][1] is None and "no target sentence" in (read[2][5] or "")  # an omission
    assert read[3][:2] == ("", "Added.") and "no source sentence" in (read[3][5] or "")
    assert [r[2] for r in read] == [link.score for link in pair.links]


def test_xliff12_round_trips_units_texts_and_scores() -> None:
    pair = _korean_english()
    root = etree.fromstring(formats.render("xliff12", pair).encode("utf-8"))
    document = root.find("x:file", _XLIFF12)
    assert document is not None
    assert dict(document.attrib) == {
        "original": "ko.txt",
        "source-language": "ko",
        "target-language": "en",
        "datatype": "plaintext",
    }
    units = root.findall(".//x:trans-unit", _XLIFF12)
    assert [u.get("approved") for u in units] == ["no"] * len(pair.links)
    assert [u.findtext("x:source", namespaces=_XLIFF12) for u in units][:2] == [
        "주일미군이 재편된다. 사령부가 생긴다.",
        "A & B <c>",
    ]
    assert [u.findtext("x:target", namespaces=_XLIFF12) for u in units] == [
        "US Forces Japan will be restructured with a new command.",
        "A & B <c>",
        None,
        "Added.",
    ]
    notes = [u.findtext("x:note", namespaces=_XLIFF12) for u in units]
    assert notes[0] == "score=0.910000 source=0,1 target=0"
    assert notes[2] == "score=0.200000 source=3 target="


def test_xliff_replaces_characters_xml_cannot_hold() -> None:
    for fmt in ("xliff", "xliff12"):
        text = formats.render(fmt, _pair(["a\x01b"], ["c\x0bd"]))
        assert "a\ufffdb" in text and "c\ufffdd" in text, fmt


def test_translate_toolkit_reads_our_xliff12_and_tmx_back() -> None:
    """An independent reader (translate-toolkit) sees the same segments we wrote."""
    xliff = pytest.importorskip("translate.storage.xliff")
    tmx = pytest.importorskip("translate.storage.tmx")
    pair = _korean_english()
    store = xliff.xlifffile.parsestring(formats.render("xliff12", pair).encode("utf-8"))
    assert [(u.source, u.target) for u in store.units] == [
        _JOINED,
        ("A & B <c>", "A & B <c>"),
        ("생략된 문장.", None),
        ("", "Added."),
    ]
    assert store.units[0].getnotes() == "score=0.910000 source=0,1 target=0"
    memory = tmx.tmxfile.parsestring(formats.render("tmx", pair).encode("utf-8"))
    assert [(u.source, u.target) for u in memory.units] == [
        _JOINED,
        ("A & B <c>", "A & B <c>"),
    ]


def test_cli_writes_xliff(tmp_path: Path) -> None:
    seed = DATA / "seed"
    out = tmp_path / "seed.xlf"
    args = ["sentences", str(seed / "ko.sentences.txt"), str(seed / "en.sentences.txt")]
    result = CliRunner().invoke(
        cli, [*args, "--presplit", "--encoder", "none", "--format", "xliff", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out)).getroot()
    indices = [m.text or "" for m in root.iterfind(".//mda:meta[@type='source']", _XLIFF2)]
    assert [int(i) for text in indices for i in text.split(",") if i] == list(range(38))
