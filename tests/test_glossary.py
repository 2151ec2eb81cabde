"""Glossary files: TSV/CSV/TBX reading and writing, validation, atomic parallel adds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import GlossaryError
from align.models import STATUSES, Concept, Glossary, Term
from align.terms.edit import add_term
from align.terms.formats import convert_glossary, read_glossary, write_glossary
from align.terms.show import show_lines
from align.terms.table import table_text
from align.terms.tbx import tbx_bytes
from align.terms.validate import VALIDATE_RULES, validate_glossary

from .conftest import DATA, ROOT, shared_path

GLOSSARY = DATA / "glossary"


def _without_lines(glossary: Glossary) -> tuple[Concept, ...]:
    return tuple(
        Concept(c.id, tuple(replace(t, line=None, column=None, end_column=None) for t in c.terms))
        for c in glossary.concepts
    )


def _by_language(glossary: Glossary) -> tuple[Concept, ...]:
    """TBX groups a concept's terms by language (first-seen order); the rest is kept."""
    concepts = []
    for concept in glossary.concepts:
        langs = dict.fromkeys(term.lang for term in concept.terms)
        concepts.append(
            Concept(concept.id, tuple(term for lang in langs for term in concept.terms_in(lang)))
        )
    return tuple(concepts)


def test_tsv_is_read_into_concepts_with_lines() -> None:
    glossary = read_glossary(str(GLOSSARY / "basic.tsv"))
    concept = glossary.concept("counterstrike")
    assert concept is not None
    assert [t.text for t in concept.terms_in("ko")] == ["반격 능력", "적기지 공격 능력"]
    assert concept.terms_in("ko")[1].status == "deprecated"
    assert concept.terms[0].note == "Japan's 2022 policy term"
    assert concept.terms[0].line == 2
    us = glossary.concept("us")
    assert us is not None and us.terms[0].case_sensitive


@pytest.mark.parametrize(
    ("content", "line", "what"),
    [
        ("concept\tlang\tterm\tcolour\nc\ten\tx\tred\n", 1, "unknown column 'colour'"),
        (
            "concept\tlang\tterm\tstatus\nc\ten\tx\tpreferred\nc\ten\ty\tbanned\n",
            3,
            "unknown status 'banned'",
        ),
        ("concept\tlang\tterm\tstatus\nc\ten\t  \tpreferred\n", 2, "empty term"),
        ("c\ten\tx\tpreferred\n", 1, "unknown column 'c' (the first line must name the"),
        # A newcomer's header: the remedy names the column meant, or the delimiter to use.
        ("concept\tlang\ttrem\n", 1, "unknown column 'trem' (did you mean 'term'?"),
        ("concept\tlanguage\tterm\n", 1, "(did you mean 'lang'?"),
        ("concept,lang,term\nc,en,x\n", 1, "separated by commas: name the file .csv, or use tabs"),
        ("", 1, "header row is required"),
        ("concept\tlang\tterm\tmatch\nc\ten\t([a\tregex\n", 2, "bad regular expression"),
    ],
)
def test_bad_tables_name_file_and_line(tmp_path: Path, content: str, line: int, what: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        read_glossary(str(path))
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert what in str(caught.value)


def test_a_folder_given_as_glossary_names_the_glossaries_in_it(tmp_path: Path) -> None:
    """``--glossary glossaries`` (the folder the README names) said "unknown glossary format
    'glossaries'"; it says it is a folder and which of its files to give."""
    for name in ("b.tsv", "a.tbx", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        read_glossary(str(tmp_path))
    assert str(caught.value) == (
        f"{tmp_path}: is a folder, not a glossary "
        f"(give one of its glossaries: {tmp_path / 'a.tbx'}, {tmp_path / 'b.tsv'})"
    )
    (tmp_path / "b.tsv").unlink()
    (tmp_path / "a.tbx").unlink()
    with pytest.raises(GlossaryError, match=r"\(give a \.tsv, \.csv or \.tbx file\)$"):
        read_glossary(str(tmp_path))


def test_csv_and_status_default(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text('concept,lang,term\nc1,en,"Forces, Japan"\n', encoding="utf-8")
    term = read_glossary(str(path)).concepts[0].terms[0]
    assert (term.text, term.status) == ("Forces, Japan", "preferred")


def test_tbx_v2_martif_import() -> None:
    glossary = read_glossary(str(GLOSSARY / "v2.tbx"))
    jsdf = glossary.concept("jsdf")
    assert jsdf is not None
    assert [(t.lang, t.text, t.status) for t in jsdf.terms] == [
        ("en", "Japan Self-Defense Forces", "preferred"),
        ("en", "JSDF", "admitted"),
        ("ko", "자위대", "preferred"),
    ]
    assert jsdf.terms[0].domain == "defence" and jsdf.terms[0].pos == "noun"
    msdf = glossary.concept("msdf")
    assert msdf is not None and msdf.terms[1].status == "deprecated"
    assert msdf.terms[0].status == "preferred"


@pytest.mark.parametrize("name", ["v3-ed_2.tbx", "v3-ed_3_0.tbx"])
def test_tbx_v3_import_both_namespaces(name: str) -> None:
    glossary = read_glossary(str(GLOSSARY / name))
    usfj = glossary.concept("usfj")
    assert usfj is not None
    assert [(t.lang, t.text, t.status) for t in usfj.terms] == [
        ("en", "US Forces Japan", "preferred"),
        ("en", "USFJ", "admitted"),
        ("ko", "주일미군", "preferred"),
    ]
    assert usfj.terms[2].note == "본문 표기"


def test_tbx_entities_are_refused_and_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.tbx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM '
        f'"file://{secret}">]><martif><text><body><termEntry id="a"><langSet '
        'xml:lang="en"><tig><term>&x;</term></tig></langSet></termEntry></body>'
        "</text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError) as caught:
        read_glossary(str(path))
    assert "TOP-SECRET" not in str(caught.value)


def test_tbx_wrong_root_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.tbx"
    path.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not a TBX file"):
        read_glossary(str(path))


@pytest.mark.parametrize("version", ["2", "3"])
def test_tsv_tbx_tsv_round_trip_is_lossless(tmp_path: Path, version: str) -> None:
    source = str(GLOSSARY / "basic.tsv")
    tbx = str(tmp_path / "g.tbx")
    back = str(tmp_path / "back.tsv")
    convert_glossary(source, tbx, tbx_version=version)  # type: ignore[arg-type]
    convert_glossary(tbx, back)
    assert Path(back).read_text(encoding="utf-8") == Path(source).read_text(encoding="utf-8")
    assert "x-align" not in Path(tbx).read_text(encoding="utf-8")  # TBX-Basic categories only


_TEXT = st.text(
    alphabet=st.sampled_from(list("가나반격능력 Ab-z09.,;'\"&<>\t’·()ㄱ")), min_size=1, max_size=12
)


@st.composite
def _glossaries(draw: st.DrawFn) -> Glossary:
    concepts = []
    for index in range(draw(st.integers(1, 4))):
        # Ids that are not XML names ("c d0", "10") and ids like the ones generated for them.
        concept_id = draw(st.sampled_from(["c", "c d", "_", "1"])) + str(index)
        terms = []
        for _ in range(draw(st.integers(1, 4))):
            text = " ".join(draw(_TEXT).split())
            if not text:
                text = "x"
            terms.append(
                Term(
                    concept=concept_id,
                    lang=draw(st.sampled_from(["ko", "en", "en-GB"])),
                    text=text,
                    status=draw(st.sampled_from(STATUSES)),
                    note=draw(st.one_of(st.just(""), _TEXT, st.just("two\nlines"))),
                    pos=draw(st.sampled_from(["", "noun", "Noun", "NNG"])),
                    domain=draw(st.sampled_from(["", "defence", "diplomacy"])),
                    match=draw(st.sampled_from(["morph", "exact"])),
                    case_sensitive=draw(st.booleans()),
                )
            )
        concepts.append(Concept(concept_id, tuple(terms)))
    return Glossary(tuple(concepts))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(glossary=_glossaries())
def test_round_trip_property(tmp_path: Path, glossary: Glossary) -> None:
    for name in ("p.tsv", "p.csv"):
        path = tmp_path / name
        write_glossary(glossary, str(path), overwrite=True)
        assert _without_lines(read_glossary(str(path))) == glossary.concepts, name
    expected = _by_language(glossary)
    for version in ("2", "3"):
        tbx = tmp_path / f"p{version}.tbx"
        tbx.write_bytes(tbx_bytes(read_glossary(str(tmp_path / "p.tsv")), version=version))
        assert _without_lines(read_glossary(str(tbx))) == expected, version


def test_validate_reports_each_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "v.tsv"
    path.write_text(
        "concept\tlang\tterm\tstatus\n"
        "a\tko\t반격 능력\tpreferred\n"
        "a\tko\t반격능력\tadmitted\n"
        "a\ten\tcounterstrike\tadmitted\n"
        "b\tko\t반격 능력\tpreferred\n"
        "c\ten\tPacific Command\tpreferred\n"
        "c\ten\tPacific Command\tdeprecated\n",
        encoding="utf-8",
    )
    findings = validate_glossary(read_glossary(str(path)))
    got = {(f.rule, f.line) for f in findings}
    assert got == {
        ("equal-after-normalisation", 3),
        ("no-preferred-term", 4),
        ("duplicate-term", 5),
        ("conflicting-status", 7),
    }
    assert all(f.path == str(path) and f.severity == "warning" for f in findings)


def test_add_keeps_other_lines_and_groups_the_concept(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    original = (GLOSSARY / "basic.tsv").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    added = add_term(str(path), Term("counterstrike", "en", "counterstrike capability", "admitted"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert added.line == 6 and lines[5].startswith("counterstrike\ten\tcounterstrike capability")
    assert [line for i, line in enumerate(lines) if i != 5] == original.splitlines()
    with pytest.raises(GlossaryError, match="already in concept"):
        add_term(str(path), Term("counterstrike", "en", "counterstrike capability"))


def test_add_creates_a_missing_glossary(tmp_path: Path) -> None:
    path = tmp_path / "new.tbx"
    add_term(str(path), Term("usfj", "en", "US Forces Japan"))
    add_term(str(path), Term("usfj", "ko", "주일미군"))
    assert [t.text for t in read_glossary(str(path)).concepts[0].terms] == [
        "US Forces Japan",
        "주일미군",
    ]


@pytest.mark.slow
def test_twenty_parallel_adds_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("concept\tlang\tterm\tstatus\n", encoding="utf-8")
    code = (
        "import sys; from align.cli import main; "
        "main(['glossary', 'add', sys.argv[1], '--concept', 'c' + sys.argv[2], "
        "'--lang', 'en', '--term', 'term ' + sys.argv[2]])"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(path), str(i)], stderr=subprocess.PIPE)
        for i in range(20)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    glossary = read_glossary(str(path))
    assert sorted(c.id for c in glossary.concepts) == sorted(f"c{i}" for i in range(20))
    assert not list(tmp_path.glob(".*"))  # no lock or temporary file left behind


def test_show_lists_terms_and_a_summary() -> None:
    glossary = read_glossary(str(GLOSSARY / "basic.tsv"))
    lines = list(show_lines(glossary, "indopacom"))
    assert lines[0] == "indopacom"
    assert "  en  deprecated Pacific Command" in lines
    assert lines[-1] == "1 concept, 4 terms, languages: en, ko"  # as convert counts
    with pytest.raises(GlossaryError, match="no concept"):
        list(show_lines(glossary, "nope"))


def test_table_text_writes_only_used_columns() -> None:
    glossary = Glossary((Concept("a", (Term("a", "en", "x"),)),))
    assert table_text(glossary) == "concept\tlang\tterm\tstatus\na\ten\tx\tpreferred\n"


def test_glossary_commands(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from align.cli import cli

    runner = CliRunner()
    source = str(GLOSSARY / "basic.tsv")
    out = str(tmp_path / "g.tbx")
    assert runner.invoke(cli, ["glossary", "convert", source, out]).exit_code == 0
    assert _without_lines(read_glossary(out)) == _without_lines(read_glossary(source))
    assert runner.invoke(cli, ["glossary", "convert", source, out]).exit_code != 0  # exists
    shown = runner.invoke(cli, ["glossary", "show", out, "--concept", "us"])
    assert shown.exit_code == 0 and "  en  preferred  US  (case-sensitive)" in shown.output
    assert runner.invoke(cli, ["glossary", "validate", source]).exit_code == 0
    bad = tmp_path / "v.tsv"
    bad.write_text("concept\tlang\tterm\tstatus\na\ten\tx\tadmitted\n", encoding="utf-8")
    result = runner.invoke(cli, ["glossary", "validate", str(bad), "--format", "github"])
    assert result.exit_code == 1
    assert result.output.startswith(f"::warning file={bad},line=2,")


# --- TBX-Basic interoperability (issue 14) -------------------------------------------------------

_DCT = """<?xml version="1.0" encoding="utf-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>DCT test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <basic:subjectField>astronomy</basic:subjectField>
      <langSec xml:lang="en">
        <termSec>
          <term>open cluster</term>
          <min:partOfSpeech>noun</min:partOfSpeech>
          <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
        </termSec>
        <termSec>
          <term>galactic cluster</term>
          <min:administrativeStatus>supersededTerm-admn-sts</min:administrativeStatus>
          <note>older name</note>
        </termSec>
        <termSec>
          <term>star cluster</term>
          <min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus>
        </termSec>
      </langSec>
      <langSec xml:lang="ko">
        <termSec>
          <term>산개성단</term>
          <min:administrativeStatus>admittedTerm-admn-sts</min:administrativeStatus>
          <basic:termType>fullForm</basic:termType>
        </termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_dct_style_tbx_basic_is_read_with_statuses(tmp_path: Path) -> None:
    path = tmp_path / "dct.tbx"
    path.write_text(_DCT, encoding="utf-8")
    glossary = read_glossary(str(path))
    assert [(t.text, t.status, t.pos, t.domain) for t in glossary.concepts[0].terms] == [
        ("open cluster", "preferred", "noun", "astronomy"),
        ("galactic cluster", "deprecated", "", "astronomy"),  # superseded: no longer to be used
        ("star cluster", "deprecated", "", "astronomy"),
        ("산개성단", "admitted", "", "astronomy"),
    ]
    assert glossary.concepts[0].terms[1].note == "older name"
    assert glossary.warnings == ()


def test_an_unknown_status_is_a_warning_with_its_line_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1"><langSet xml:lang="en">
<tig><term>approved one</term>
<termNote type="normativeAuthorization">approved</termNote></tig>
<tig><term>plain preferred</term>
<termNote type="administrativeStatus">preferred</termNote></tig>
<tig><term>fine</term>
<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
</langSet></termEntry></body></text></martif>
""",
        encoding="utf-8",
    )
    glossary = read_glossary(str(path))
    statuses = [(t.text, t.status) for t in glossary.concepts[0].terms]
    assert statuses == [
        ("approved one", "admitted"),  # no nearer meaning: admitted
        ("plain preferred", "preferred"),  # the nearest picklist value
        ("fine", "admitted"),
    ]
    assert [(w.rule, w.line, w.found) for w in glossary.warnings] == [
        ("unknown-tbx-value", 5, "approved"),
        ("unknown-tbx-value", 7, "preferred"),
    ]
    assert "normativeAuthorization 'approved' for 'approved one': read as admitted" in (
        glossary.warnings[0].message
    )
    assert [w.line for w in validate_glossary(glossary) if w.rule == "unknown-tbx-value"] == [5, 7]

    from click.testing import CliRunner

    from align.cli import cli

    shown = CliRunner().invoke(cli, ["glossary", "show", str(path)])
    assert shown.exit_code == 0
    assert f"align: {path}:5: warning: unknown normativeAuthorization" in shown.stderr


def _every_feature() -> Glossary:
    """Terms that use everything TBX-Basic has no data category for."""
    terms = (
        Term("usfj", "en", "US Forces Japan", pos="noun", domain="defence", note="a & <b>"),
        Term("usfj", "en", "USFJ", "forbidden", match="exact", case_sensitive=True, pos="NNG"),
        Term("usfj", "ko", "주일미군", "deprecated", domain="law", pos="Noun"),
        Term("2 x", "en", r"\bx+\b", "admitted", match="regex", note="two\nlines"),
    )
    return Glossary(
        (
            Concept("usfj", terms[:3]),
            Concept("2 x", terms[3:]),
            Concept("_1", (replace(terms[3], concept="_1"),)),
        ),
        path="every.tsv",
    )


def test_v3_output_is_valid_tbx_basic_dca() -> None:
    """TBX-Core RNG with lxml, TBX-Basic DCA Schematron (XPath 2.0) with elementpath."""
    pytest.importorskip("elementpath")
    from lxml import etree

    from .schematron import failures

    rng = etree.RelaxNG(etree.parse(str(shared_path("schemas", "tbx", "TBXcoreStructV03.rng"))))
    schematron = shared_path("schemas", "tbx", "TBX-Basic_DCA.sch")
    for glossary in (_every_feature(), read_glossary(str(GLOSSARY / "basic.tsv"))):
        data = tbx_bytes(glossary)
        document = etree.fromstring(data)
        assert rng.validate(document), rng.error_log
        assert failures(schematron, document) == []
    data = tbx_bytes(_every_feature())
    prolog = data.decode("utf-8").splitlines()[1:4]
    assert "TBX_Core_RNG/master/TBXcoreStructV03.rng" in prolog[0]
    assert 'schematypens="http://relaxng.org/ns/structure/1.0"' in prolog[0]
    assert "TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch" in prolog[1]
    assert prolog[2].startswith('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"')
    # The checks can fail: what earlier versions wrote breaks both picklists.
    old = data.replace(
        b"<note>a &amp; &lt;b&gt;</note>",
        b'<termNote type="x-align-match">exact</termNote><descrip type="subjectField">d</descrip>',
    )
    assert old != data
    assert [f.split(":")[0] for f in failures(schematron, etree.fromstring(old))] == [
        "dialectEnforcement",
        "module.min.descrip",
    ]


def test_v2_output_declares_the_tbx_basic_dtd_and_xcs() -> None:
    text = tbx_bytes(_every_feature(), version="2").decode("utf-8")
    assert text.splitlines()[1] == '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
    assert '<p type="XCSURI">TBXBasicXCSV02.xcs</p>' in text
    assert '<termEntry id="usfj">' in text and "x-align" not in text


@pytest.mark.parametrize("version", ["2", "3"])
def test_every_feature_round_trips_through_tbx(tmp_path: Path, version: str) -> None:
    glossary = _every_feature()
    path = tmp_path / "every.tbx"
    path.write_bytes(tbx_bytes(glossary, version=version))  # type: ignore[arg-type]
    assert _without_lines(read_glossary(str(path))) == glossary.concepts


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_add_keeps_a_row_whose_note_holds_a_unicode_line_separator(
    tmp_path: Path, separator: str
) -> None:
    # str.splitlines cuts at these characters, the csv reader (and TSV) only at CR and LF.
    path = tmp_path / "g.tsv"
    path.write_text(
        "concept\tlang\tterm\tstatus\tnote\n"
        f"usfj\ten\tUS Forces Japan\tpreferred\tsee{separator}also USFJ\n"
        "dprk\ten\tNorth Korea\tpreferred\t\n",
        encoding="utf-8",
    )
    add_term(str(path), Term("usfj", "ko", "주일미군"))
    read = read_glossary(str(path))
    usfj = read.concept("usfj")
    assert usfj is not None and [t.text for t in usfj.terms] == ["US Forces Japan", "주일미군"]
    assert usfj.terms[0].note == f"see{separator}also USFJ"
    assert path.read_text(encoding="utf-8").split("\n")[2].startswith("usfj\tko\t주일미군")


def test_add_to_a_symlinked_glossary_updates_the_file_it_names(tmp_path: Path) -> None:
    shared = tmp_path / "team" / "g.tsv"
    shared.parent.mkdir()
    shared.write_text("concept\tlang\tterm\tstatus\nusfj\ten\tUS Forces Japan\t\n", "utf-8")
    link = tmp_path / "g.tsv"
    link.symlink_to(shared)
    add_term(str(link), Term("usfj", "ko", "주일미군"))
    assert link.is_symlink()
    assert "usfj\tko\t주일미군" in shared.read_text(encoding="utf-8")


def test_validate_reports_an_exact_duplicate_row(tmp_path: Path) -> None:
    path = tmp_path / "d.tsv"
    path.write_text(
        "concept\tlang\tterm\tstatus\n"
        "a\ten\tcounterstrike\tpreferred\n"
        "a\tko\t반격 능력\tpreferred\n"
        "a\ten\tcounterstrike\tpreferred\n",
        encoding="utf-8",
    )
    findings = validate_glossary(read_glossary(str(path)))
    assert [(f.rule, f.line) for f in findings] == [("duplicate-term", 4)]
    assert "line 2" in findings[0].message


def test_validate_names_a_hangul_term_given_as_another_language(tmp_path: Path) -> None:
    """An editor's ``kr`` (Kanuri, typed for Korea) hid every Korean term from lint and check
    without a word; Hangul is written by no ISO 639-1 language but Korean. A Latin acronym
    under ``ko`` and a Hangul term under a three-letter code (Jeju, ``jje``) are left alone."""
    path = tmp_path / "kr.tsv"
    path.write_text(
        "concept\tlang\tterm\tstatus\n"
        "usfj\tkr\t주일 미군\tpreferred\n"
        "usfj\tEN\t주일미군사령부\tdeprecated\n"
        "usfj\tko\tUSFJ\tadmitted\n"
        "usfj\tko\t주일미군\tpreferred\n"
        "usfj\ten\tUSFJ 사령부\tadmitted\n"
        "usfj\ten\tUSFJ\tpreferred\n"
        "halla\tjje\t한라산\tpreferred\n",
        encoding="utf-8",
    )
    findings = validate_glossary(read_glossary(str(path)))
    wrong = [(f.line, f.suggestion) for f in findings if f.rule == "wrong-language"]
    assert wrong == [(2, "write its lang as ko"), (3, "write its lang as ko")]
    assert "'주일 미군' is in Hangul, the script of ko alone, but its lang is kr" in (
        findings[0].message
    )


@pytest.mark.parametrize("bad", ["bad id", "2024-summit", "us:fj"])
def test_add_refuses_a_concept_id_that_is_not_an_xml_name(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "g.tbx"
    with pytest.raises(GlossaryError, match="NCName") as caught:
        add_term(str(path), Term(bad, "en", "US Forces Japan"))
    assert not path.exists()
    suggested = str(caught.value).rsplit("'", 2)[-2]
    add_term(str(path), Term(suggested, "en", "US Forces Japan"))
    assert read_glossary(str(path)).concepts[0].id == suggested


@pytest.mark.parametrize(
    ("row", "what"),
    [
        ('usfj\ten\t"US Forces Japan\tpreferred\n', "never closed"),
        ('usfj\ten\t"US" Forces Japan\tpreferred\n', "after a quoted cell's closing quote"),
    ],
)
def test_a_stray_quote_is_an_error_not_a_cell_that_swallows_the_rows_after_it(
    tmp_path: Path, row: str, what: str
) -> None:
    from click.testing import CliRunner

    from align.cli import cli

    path = tmp_path / "g.tsv"
    text = "concept\tlang\tterm\tstatus\n" + row + "usfk\ten\tUSFK\tpreferred\n"
    path.write_text(text, encoding="utf-8")
    for args in (["show"], ["add", "--concept", "x", "--lang", "en", "--term", "y"]):
        result = CliRunner().invoke(cli, ["glossary", args[0], str(path), *args[1:]])
        assert isinstance(result.exception, GlossaryError), result.output
        assert str(result.exception).startswith(f"{path}:2: ")
        assert what in str(result.exception)
    assert path.read_text(encoding="utf-8") == text


def test_a_repeated_header_row_is_named_as_such(tmp_path: Path) -> None:
    """Two glossaries pasted together repeat the header; it was reported as a row with the
    bad language code 'lang'."""
    from click.testing import CliRunner

    from align.cli import cli

    path = tmp_path / "g.tsv"
    header = "concept\tlang\tterm\tstatus\n"
    path.write_text(header + "c\ten\tx\tpreferred\n" + header.upper(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["glossary", "validate", str(path)])
    assert isinstance(result.exception, GlossaryError)
    assert str(result.exception) == f"{path}:3: the header row is repeated (delete this line)"


@pytest.mark.parametrize(
    ("term", "option"),
    [
        (Term("usfj", "en", "  "), "--term"),
        (Term("", "en", "US Forces Japan"), "--concept"),
        (Term("usfj", "en", "US (Forces", match="regex"), "--term"),
        (Term("usfj", "kr", "주일 미군"), "--lang ko"),  # Kanuri, typed for Korea
    ],
)
def test_add_names_the_option_at_fault_not_a_row(tmp_path: Path, term: Term, option: str) -> None:
    path = tmp_path / "g.tsv"
    text = "concept\tlang\tterm\tstatus\nusfk\ten\tUSFK\tpreferred\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        add_term(str(path), term)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and option in message, message
    assert "row" not in message and "<new term>" not in message
    assert path.read_text(encoding="utf-8") == text


def test_convert_and_show_count_one_concept_alike(tmp_path: Path) -> None:
    """convert said "1 concepts, 1 terms" and show "1 concept(s), 1 term(s)"."""
    from click.testing import CliRunner

    from align.cli import cli

    source = tmp_path / "one.tsv"
    source.write_text("concept\tlang\tterm\tstatus\nusfj\ten\tUSFJ\tpreferred\n", "utf-8")
    converted = CliRunner().invoke(
        cli, ["glossary", "convert", str(source), str(tmp_path / "a.tbx")]
    )
    shown_ = CliRunner().invoke(cli, ["glossary", "show", str(source)])
    assert converted.stderr.strip() == f"{tmp_path / 'a.tbx'}: 1 concept, 1 term"
    assert shown_.stdout.splitlines()[-1] == "1 concept, 1 term, languages: en"


def test_validate_takes_every_glossary_a_commit_touches(tmp_path: Path) -> None:
    """A glossary kept as code has many files, and pre-commit passes every one a commit
    touches at once: validate took one FILE (two were a usage error, exit 2). One report,
    one summary; SARIF describes each rule for code scanning."""
    from click.testing import CliRunner

    from align.cli import cli

    duplicate = tmp_path / "one.tsv"
    duplicate.write_text(
        "concept\tlang\tterm\tstatus\na\tko\t반격 능력\tpreferred\na\tko\t반격 능력\tadmitted\n",
        encoding="utf-8",
    )
    clean = tmp_path / "two.tsv"
    clean.write_bytes((GLOSSARY / "basic.tsv").read_bytes())
    spelled = tmp_path / "three.tsv"
    spelled.write_text(
        "concept\tlang\tterm\tstatus\nb\ten\tSDF\tpreferred\nb\ten\tsdf\tadmitted\n",
        encoding="utf-8",
    )
    paths = [str(duplicate), str(clean), str(spelled)]
    text = CliRunner().invoke(cli, ["glossary", "validate", *paths])
    assert text.exit_code == 1, text.output
    assert [line.split(": ")[0] for line in text.stdout.splitlines()] == [
        f"{duplicate}:3:1",
        f"{spelled}:3:1",
    ]
    assert text.stderr.splitlines()[-1] == "2 warnings in 3 files"
    sarif = json.loads(
        CliRunner().invoke(cli, ["glossary", "validate", *paths, "--format", "sarif"]).stdout
    )
    rules = {
        r["id"]: r["shortDescription"]["text"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]
    }
    assert rules == {
        "duplicate-term": "A term is in two concepts, or twice in one.",
        "equal-after-normalisation": "Two terms of a concept differ only in case, spacing or "
        "hyphens, which the matcher cannot tell apart.",
    }
    alone = CliRunner().invoke(cli, ["glossary", "validate", str(clean)])
    assert (alone.exit_code, alone.stderr) == (0, "no findings in 1 file\n")


def test_the_pre_commit_hook_validates_glossaries() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook = hooks[hooks.index("\n- id: align-glossary-validate") :]
    assert "entry: align glossary validate\n" in hook
    found = re.search(r"^  files: (.+)$", hook, re.MULTILINE)
    assert found is not None
    files = re.compile(found.group(1))
    for name in ("glossaries/defence.tsv", "g/army.TBX", "terms.csv"):
        assert files.search(name), name
    assert not files.search("articles/a.txt")


def _emitted_validate_rules() -> set[str]:
    """The rule ids the glossary modules write into a finding: the first argument of
    ``validate_glossary``'s ``warn(...)`` and the ``rule=`` of a reader's ``Finding(...)``,
    read from the source so that a rule added later is seen without a glossary that
    triggers it."""
    import ast

    import align.terms

    rules: set[str] = set()
    folder = Path(align.terms.__file__).parent
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in folder.glob("*.py")]
    for node in (node for tree in trees for node in ast.walk(tree)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        given: ast.expr | None = None
        if node.func.id == "warn" and node.args:
            given = node.args[0]
        elif node.func.id == "Finding":
            given = next((k.value for k in node.keywords if k.arg == "rule"), None)
        else:
            continue
        if isinstance(given, ast.Constant) and isinstance(given.value, str):
            rules.add(given.value)
    return rules


def test_every_rule_glossary_validate_can_emit_has_a_description() -> None:
    """SARIF's rule descriptions (VALIDATE_RULES) are kept in step with the rule ids by hand,
    and a missing one fell back to the bare id (``.get(rule, rule)``)."""
    emitted = _emitted_validate_rules()
    assert {"duplicate-term", "disguised-term", "unknown-tbx-value"} <= emitted  # the scan works
    assert emitted - VALIDATE_RULES.keys() == set(), "rules without a description"
    assert VALIDATE_RULES.keys() - emitted == set(), "descriptions of rules never emitted"
    for rule, description in VALIDATE_RULES.items():
        assert description.strip() and description != rule, rule


def test_validate_sarif_describes_each_rule_it_reports(tmp_path: Path) -> None:
    """Every rule: a glossary that breaks all of them, and a TBX with a status outside the
    picklist; SARIF describes each rule in words, never by its bare id."""
    from click.testing import CliRunner

    from align.cli import cli

    table = tmp_path / "all.tsv"
    table.write_text(
        "concept\tlang\tterm\tstatus\n"
        "a\tko\t반격 능력\tpreferred\n"
        "a\tko\t반격능력\tadmitted\n"  # equal-after-normalisation
        "a\ten\tcounterstrike\tadmitted\n"  # no-preferred-term
        "b\tko\t반격 능력\tpreferred\n"  # duplicate-term
        "c\ten\tPacific Command\tpreferred\n"
        "c\ten\tPacific Command\tdeprecated\n"  # conflicting-status
        "d\ten\tPA\u200bCOM\tpreferred\n"  # disguised-term
        "e\tkr\t주일 미군\tpreferred\n",  # wrong-language
        encoding="utf-8",
    )
    tbx = tmp_path / "odd.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<martif type="TBX" xml:lang="en"><text><body>\n'
        '<termEntry id="c1"><langSet xml:lang="en">\n'
        '<tig><term>approved one</term><termNote type="normativeAuthorization">approved'
        "</termNote></tig>\n"
        "</langSet></termEntry></body></text></martif>\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["glossary", "validate", str(table), str(tbx), "--format", "sarif"]
    )
    run = json.loads(result.stdout)["runs"][0]
    reported = {r["ruleId"] for r in run["results"]}
    assert reported == VALIDATE_RULES.keys()
    described = {r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]}
    assert described == VALIDATE_RULES


def test_code_written_against_the_one_glossary_module_still_runs(tmp_path: Path) -> None:
    """``align.terms.glossary`` was split into six modules; it keeps every public name it held,
    so a script that read, converted, checked and wrote glossaries through it still runs. It
    offered seven names after the split, and ``parse_tbx`` or ``write_glossary`` from it was an
    ImportError."""
    from align.terms import glossary as old

    held = "COLUMNS MATCH_MODES REQUIRED_COLUMNS SUFFIXES TBX2 TBX3 TBX3_NAMESPACES"
    held += " TBX_BASIC_DCA_SCH TBX_CORE_RNG TBX_VERSIONS TbxVersion VALIDATE_RULES add_term"
    held += " convert_glossary glossary_bytes parse_table parse_tbx read_glossary show_lines"
    held += " size_of suggest_concept_id table_text tbx_bytes term_key validate_glossary"
    held += " write_glossary"
    assert set(held.split()) <= set(old.__all__)
    glossary = old.read_glossary(str(DATA / "glossary" / "basic.tsv"))
    old.write_glossary(glossary, str(tmp_path / "g.tbx"))
    again = old.parse_tbx((tmp_path / "g.tbx").read_bytes(), "g.tbx")
    assert old.table_text(again) == old.table_text(glossary)
    assert old.parse_table(old.table_text(glossary), "g.tsv").concepts == glossary.concepts
    assert old.validate_glossary(glossary) == validate_glossary(glossary)


def test_validate_points_at_the_tbx_term_by_line_and_column(tmp_path: Path) -> None:
    """A TBX finding was at column 1 of its line, so in a file that keeps a concept entry on
    one line (as many tools write TBX) an editor could not tell which term was meant; a TSV
    finding's line is its row. Each now starts at the term's text (or the status's) and ends
    just past it, and a message naming another term gives its line and column too."""
    from click.testing import CliRunner

    from align.cli import cli

    entry = (
        '<conceptEntry id="a"><langSec xml:lang="en">'
        "<termSec><term>alpha</term>"
        '<termNote type="administrativeStatus">approved</termNote></termSec>'
        "<termSec><term>alpha</term>"
        '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>'
        "</langSec></conceptEntry>"
    )
    path = tmp_path / "one-line.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        f"<text><body>\n  {entry}\n</body></text></tbx>\n",
        encoding="utf-8",
    )
    line = path.read_text(encoding="utf-8").splitlines()[3]
    first, second = (m.start() + 1 for m in re.finditer("alpha", line))
    status = line.index("approved") + 1
    result = CliRunner().invoke(cli, ["glossary", "validate", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    found = [
        (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"])
        for f in json.loads(result.stdout)
    ]
    assert found == [
        ("unknown-tbx-value", 4, status, 4, status + len("approved")),
        ("duplicate-term", 4, second, 4, second + len("alpha")),
    ]
    text = CliRunner().invoke(cli, ["glossary", "validate", str(path)])
    assert text.stdout.splitlines()[1].startswith(f"{path}:4:{second}: warning: duplicate-term")
    assert f"repeats line 4:{first} " in text.stdout
