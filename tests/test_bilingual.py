"""Reading bilingual files (XLIFF 1.2 and its Trados/memoQ dialects, XLIFF 2, TMX, PO): texts,
ids, inline codes, languages, states, and the line:column of every character in the file."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align import limits
from align.errors import InputError
from align.models import BilingualFile, InlineCode, Segment, SegmentText
from align.read.bilingual import detect_bilingual, read_bilingual
from align.read.tmx import lang_matches


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def _read(tmp_path: Path, name: str, text: str, **languages: str) -> BilingualFile:
    return read_bilingual(_write(tmp_path, name, text), **languages)


def _at(file_text: str, side: SegmentText, offset: int) -> str:
    """The rest of the file's line from where ``side`` says ``side.text[offset]`` is."""
    line, column = side.locate(offset)
    return file_text.splitlines()[line - 1][column - 1 :]


def _assert_points_at_itself(file_text: str, side: SegmentText | None) -> None:
    """Every character of ``side`` is located where the file holds it (or its escape)."""
    assert side is not None
    for offset, char in enumerate(side.text):
        written = _at(file_text, side, offset)
        if char == "\n" and not written.startswith("\\n"):
            assert written == "", (offset, written)
        else:
            assert written.startswith((char, "&", "\\", "<cp ")), (offset, char, written)


def _by_id(bilingual: BilingualFile) -> dict[str, Segment]:
    return {segment.id: segment for segment in bilingual.segments}


def _codes(side: SegmentText | None) -> list[tuple[str, str, str, int]]:
    assert side is not None
    return [(code.name, code.kind, code.id, code.offset) for code in side.codes]


# --- XLIFF 1.2 -----------------------------------------------------------------------------------

XLIFF12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a CAT tool -->
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="en-US" target-language="ko-KR" original="a.html" datatype="html">
  <body>
   <trans-unit id="t1">
    <source>Tom &amp; <g id="1">Jerry</g> met
the press<x id="2"/>.</source>
    <target state="translated">톰 &amp; <g id="1">제리</g>는
기자들을 만났다<x id="2"/>.</target>
    <note>headline</note>
   </trans-unit>
   <trans-unit id="t2" translate="no"><source>DO NOT TRANSLATE</source></trans-unit>
   <group translate="no">
    <trans-unit id="t3"><source>skipped with its group</source></trans-unit>
   </group>
   <trans-unit id="t4">
    <source>A <bpt id="b">&lt;b&gt;</bpt>bold<ept id="b">&lt;/b&gt;</ept> &#xAC00;<ph
      id="p">&lt;br/&gt;</ph>end</source>
    <target state="needs-review-translation"><bpt id="b">&lt;b&gt;</bpt>굵게<ept
      id="b">&lt;/b&gt;</ept></target>
   </trans-unit>
   <trans-unit id="t5"><source>Untranslated</source><target state="new"></target></trans-unit>
  </body>
 </file>
 <file source-language="en-us" target-language="KO-kr" original="b.html" datatype="html">
  <body><trans-unit id="t6"><source>Second <![CDATA[<file>]]></source></trans-unit></body>
 </file>
</xliff>
"""


def test_xliff12_units_texts_languages_and_skipped_units(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "a.xlf", XLIFF12)
    assert bilingual.format == "xliff12"
    assert (bilingual.source_lang, bilingual.target_lang) == ("en-US", "ko-KR")
    assert [segment.id for segment in bilingual.segments] == ["t1", "t4", "t5", "t6"]
    first, bold, untranslated, second = bilingual.segments
    assert first.source.text == "Tom & Jerry met\nthe press."
    assert first.target is not None and first.target.text == "톰 & 제리는\n기자들을 만났다."
    assert first.note == "headline"
    assert bold.source.text == "A bold 가end"
    assert untranslated.target is not None and untranslated.target.text == ""
    assert _at(XLIFF12, untranslated.target, 0) == "</target></trans-unit>"
    assert second.source.text == "Second <file>"
    assert second.target is None


def test_xliff12_inline_codes_are_codes_with_their_native_content(tmp_path: Path) -> None:
    segments = _by_id(_read(tmp_path, "a.xlf", XLIFF12))
    assert _codes(segments["t1"].source) == [
        ("g", "open", "1", 6),
        ("g", "close", "1", 11),
        ("x", "standalone", "2", 25),
    ]
    assert _codes(segments["t1"].target) == [
        ("g", "open", "1", 4),
        ("g", "close", "1", 6),
        ("x", "standalone", "2", 16),
    ]
    assert segments["t4"].source.codes == (
        InlineCode("bpt", "open", "b", 2, "<b>"),
        InlineCode("ept", "close", "b", 6, "</b>"),
        InlineCode("ph", "standalone", "p", 8, "<br/>"),
    )


def test_xliff12_state_and_fuzzy(tmp_path: Path) -> None:
    segments = _by_id(_read(tmp_path, "a.xlf", XLIFF12))
    assert (segments["t1"].state, segments["t1"].fuzzy) == ("translated", False)
    assert (segments["t4"].state, segments["t4"].fuzzy) == ("needs-review-translation", True)
    # An empty target is untranslated, not fuzzy, whatever its state.
    assert (segments["t5"].state, segments["t5"].fuzzy) == ("new", False)


def test_xliff12_positions_through_entities_codes_cdata_and_line_breaks(tmp_path: Path) -> None:
    segments = _by_id(_read(tmp_path, "a.xlf", XLIFF12))
    source, target = segments["t1"].source, segments["t1"].target
    assert target is not None
    assert source.locate(0) == (7, 13)
    assert _at(XLIFF12, source, 4) == '&amp; <g id="1">Jerry</g> met'
    assert _at(XLIFF12, source, 6) == "Jerry</g> met"  # after an entity and a code
    assert _at(XLIFF12, source, 16) == 'the press<x id="2"/>.</source>'  # the second line
    assert _at(XLIFF12, source, 25) == ".</source>"  # after a code on the second line
    assert _at(XLIFF12, target, 6) == "는"
    assert _at(XLIFF12, target, 7) == ""  # the line break itself ends line 9
    assert _at(XLIFF12, target, 8) == '기자들을 만났다<x id="2"/>.</target>'
    bold = segments["t4"].source
    assert _at(XLIFF12, bold, 7) == "&#xAC00;<ph"  # a code that spans two lines
    assert _at(XLIFF12, bold, 8) == "end</source>"
    assert _at(XLIFF12, segments["t6"].source, 7) == "<file>]]></source></trans-unit></body>"
    for segment in segments.values():
        _assert_points_at_itself(XLIFF12, segment.source)
        if segment.target is not None:
            _assert_points_at_itself(XLIFF12, segment.target)


def test_xliff12_end_of_text_locates_the_closing_tag(tmp_path: Path) -> None:
    source = _by_id(_read(tmp_path, "a.xlf", XLIFF12))["t1"].source
    assert _at(XLIFF12, source, len(source.text)) == "</source>"


def test_crlf_and_utf16_files_keep_their_positions(tmp_path: Path) -> None:
    crlf = XLIFF12.replace("\n", "\r\n")
    path = tmp_path / "crlf.xlf"
    path.write_bytes(crlf.encode("utf-8"))
    source = read_bilingual(str(path)).segments[0].source
    assert source.text == "Tom & Jerry met\nthe press."  # CRLF reads as LF (XML 1.0, 2.11)
    _assert_points_at_itself(XLIFF12, source)
    wide = XLIFF12.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "wide.xlf"
    path.write_bytes("\ufeff".encode("utf-16-le") + wide.encode("utf-16-le"))
    target = read_bilingual(str(path)).segments[0].target
    assert target is not None and target.text.startswith("톰 & 제리는")
    _assert_points_at_itself(wide, target)


def test_a_declared_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    text = XLIFF12.replace('encoding="UTF-8"', 'encoding="EUC-KR"')
    path = tmp_path / "euc.xlf"
    path.write_bytes(text.encode("cp949"))
    target = read_bilingual(str(path)).segments[0].target
    assert target is not None and target.text == "톰 & 제리는\n기자들을 만났다."


# --- SDLXLIFF and MQXLIFF ------------------------------------------------------------------------

SDLXLIFF = """\
<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" \
xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0">
<file original="news.docx" datatype="x-sdlfilterframework2" source-language="en-US" \
target-language="ko-KR">
<header><sdl:ref-files><sdl:ref-file uid="0" id="x" name="news.docx"/></sdl:ref-files></header>
<body>
<group><sdl:cxts><sdl:cxt id="1"/></sdl:cxts>
<trans-unit translate="no" id="lock"><source><x id="0"/></source></trans-unit>
<trans-unit id="a1b2">
<source><g id="5">The alliance grew. It <g id="6">changed</g>.</g></source>
<seg-source><g id="5"><mrk mtype="seg" mid="1">The alliance grew.</mrk> \
<mrk mtype="seg" mid="2">It <g id="6">changed</g>.</mrk></g></seg-source>
<target><g id="5"><mrk mtype="seg" mid="1">동맹이 커졌다.</mrk> \
<mrk mtype="seg" mid="2">그것은 <g id="6">바뀌었다</g>.</mrk></g></target>
<sdl:seg-defs><sdl:seg id="1" conf="ApprovedTranslation" origin="interactive"/>\
<sdl:seg id="2" conf="Draft" origin="mt" percent="0"/></sdl:seg-defs>
</trans-unit>
<trans-unit id="c3d4">
<source>Only source.</source>
<seg-source><mrk mtype="seg" mid="3">Only source.</mrk></seg-source>
</trans-unit>
</group>
</body>
</file>
</xliff>
"""


def test_sdlxliff_segments_are_the_seg_markers_with_trados_confirmation(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "news.docx.sdlxliff", SDLXLIFF)
    assert bilingual.format == "xliff12"
    assert (bilingual.source_lang, bilingual.target_lang) == ("en-US", "ko-KR")
    assert [segment.id for segment in bilingual.segments] == ["a1b2#1", "a1b2#2", "c3d4#3"]
    approved, draft, alone = bilingual.segments
    assert approved.source.text == "The alliance grew."
    assert approved.target is not None and approved.target.text == "동맹이 커졌다."
    assert (approved.state, approved.fuzzy) == ("ApprovedTranslation", False)
    assert draft.source.text == "It changed."
    assert draft.target is not None and draft.target.text == "그것은 바뀌었다."
    assert _codes(draft.target) == [("g", "open", "6", 4), ("g", "close", "6", 8)]
    assert (draft.state, draft.fuzzy) == ("Draft", True)
    assert alone.target is None
    assert _at(SDLXLIFF, draft.target, 4) == "바뀌었다</g>.</mrk></g></target>"
    for segment in (approved, draft, alone):
        _assert_points_at_itself(SDLXLIFF, segment.source)


MQXLIFF = """\
<?xml version="1.0" encoding="utf-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
  <file original="C:\\memoq\\ko.docx" source-language="ko" target-language="en" datatype="x-docx">
    <body>
      <trans-unit id="1" mq:status="ManuallyConfirmed" mq:percent="101" mq:segmentguid="g1">
        <source xml:space="preserve">주한미군의 권한이 <bpt id="1"
          ctype="bold">{}</bpt>커진다<ept id="1">{}</ept></source>
        <target xml:space="preserve">US forces gain <bpt id="1"
          ctype="bold">{}</bpt>more authority<ept id="1">{}</ept></target>
      </trans-unit>
      <trans-unit id="2" mq:status="PartiallyEdited" mq:percent="0">
        <source xml:space="preserve">일본</source>
        <target xml:space="preserve">Japan</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_mqxliff_reads_with_memoq_status(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "ko.docx.mqxliff", MQXLIFF)
    assert (bilingual.source_lang, bilingual.target_lang) == ("ko", "en")
    confirmed, edited = bilingual.segments
    assert confirmed.source.text == "주한미군의 권한이 커진다"
    assert confirmed.target is not None and confirmed.target.text == "US forces gain more authority"
    assert _codes(confirmed.source) == [("bpt", "open", "1", 10), ("ept", "close", "1", 13)]
    assert confirmed.source.codes[0].content == "{}"
    assert (confirmed.state, confirmed.fuzzy) == ("ManuallyConfirmed", False)
    assert (edited.state, edited.fuzzy) == ("PartiallyEdited", True)
    assert _at(MQXLIFF, confirmed.source, 10) == '커진다<ept id="1">{}</ept></source>'


MQXLIFF_STATES = """\
<?xml version="1.0" encoding="utf-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
  <file original="ko.docx" source-language="ko" target-language="en" datatype="x-docx">
    <body>
      <trans-unit id="1" mq:status="NotStarted" mq:percent="0">
        <source xml:space="preserve">서울</source>
        <target xml:space="preserve"></target>
      </trans-unit>
      <trans-unit id="2" mq:status="Pretranslated" mq:percent="95">
        <source xml:space="preserve">부산</source>
        <target xml:space="preserve">Busan</target>
      </trans-unit>
      <trans-unit id="3" mq:status="Rejected" mq:percent="100">
        <source xml:space="preserve">대구</source>
        <target xml:space="preserve">Daegu</target>
      </trans-unit>
      <trans-unit id="4" mq:status="Reviewer1Confirmed">
        <source xml:space="preserve">인천</source>
        <target xml:space="preserve">Incheon</target>
      </trans-unit>
      <trans-unit id="5" mq:status="Reviewer2Confirmed">
        <source xml:space="preserve">광주</source>
        <target xml:space="preserve" state="needs-translation">Gwangju</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_mqxliff_statuses_say_which_translations_still_need_work(tmp_path: Path) -> None:
    segments = _read(tmp_path, "ko.docx.mqxliff", MQXLIFF_STATES).segments
    assert [(s.id, s.state, s.fuzzy) for s in segments] == [
        ("1", "NotStarted", False),  # nothing to call fuzzy: the empty target is untranslated
        ("2", "Pretranslated", True),
        ("3", "Rejected", True),
        ("4", "Reviewer1Confirmed", False),
        ("5", "Reviewer2Confirmed", False),  # memoQ's status wins over the XLIFF state
    ]
    assert segments[0].target is not None and segments[0].target.text == ""


# --- XLIFF 2 -------------------------------------------------------------------------------------

XLIFF2 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ko" trgLang="en">
 <file id="f1">
  <group id="g1">
   <unit id="u1">
    <notes><note>from the lede</note></notes>
    <originalData>
     <data id="d1">&lt;br/&gt;</data>
     <data id="d2">&lt;b&gt;</data>
     <data id="d3">&lt;/b&gt;</data>
    </originalData>
    <segment id="s1" state="final">
     <source>미일 <pc id="1"
       dataRefStart="d2" dataRefEnd="d3">동맹</pc> 강화<ph id="2" dataRef="d1"/></source>
     <target>US-Japan <pc id="1"
       dataRefStart="d2" dataRefEnd="d3">alliance</pc> upgrade<ph id="2" dataRef="d1"/></target>
    </segment>
    <ignorable><source> </source></ignorable>
    <segment id="s2" state="initial">
     <source><sc id="3"/>주일미군<ec startRef="3"/> &amp; <mrk id="m1"
       type="term">자위대</mrk></source>
     <target><sc id="3"/>US forces<ec startRef="3"/> &amp; <mrk id="m1"
       type="term">SDF</mrk></target>
    </segment>
   </unit>
  </group>
  <unit id="u2" translate="no"><segment><source>건너뜀</source></segment></unit>
  <unit id="u3"><segment><source>원문만<cp hex="0001"/></source></segment></unit>
 </file>
</xliff>
"""


def test_xliff2_segments_ids_codes_and_states(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "doc.xlf", XLIFF2)
    assert bilingual.format == "xliff2"
    assert (bilingual.source_lang, bilingual.target_lang) == ("ko", "en")
    assert [segment.id for segment in bilingual.segments] == ["u1#s1", "u1#s2", "u3"]
    final, initial, alone = bilingual.segments
    assert final.source.text == "미일 동맹 강화"
    assert final.target is not None and final.target.text == "US-Japan alliance upgrade"
    assert final.target.codes == (
        InlineCode("pc", "open", "1", 9, "<b>"),
        InlineCode("pc", "close", "1", 17, "</b>"),
        InlineCode("ph", "standalone", "2", 25, "<br/>"),
    )
    assert final.note == "from the lede"
    assert (final.state, final.fuzzy) == ("final", False)
    assert initial.source.text == "주일미군 & 자위대"
    assert _codes(initial.target) == [
        ("sc", "open", "3", 0),
        ("ec", "close", "3", 9),
        ("mrk", "open", "m1", 12),
        ("mrk", "close", "m1", 15),
    ]
    assert (initial.state, initial.fuzzy) == ("initial", True)
    assert alone.source.text == "원문만\x01" and alone.target is None
    assert _at(XLIFF2, alone.source, 3) == '<cp hex="0001"/></source></segment></unit>'


def test_xliff2_positions(tmp_path: Path) -> None:
    initial = _read(tmp_path, "doc.xlf", XLIFF2).segments[1]
    assert initial.target is not None
    assert _at(XLIFF2, initial.target, 12) == "SDF</mrk></target>"
    assert _at(XLIFF2, initial.source, 5) == '&amp; <mrk id="m1"'
    for segment in _read(tmp_path, "doc.xlf", XLIFF2).segments:
        _assert_points_at_itself(XLIFF2, segment.source)


def test_languages_given_replace_the_files(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "doc.xlf", XLIFF2, source_lang="ko-KR", target_lang="en-GB")
    assert (bilingual.source_lang, bilingual.target_lang) == ("ko-KR", "en-GB")
    bilingual = _read(tmp_path, "a.xlf", XLIFF12, target_lang="ko")
    assert (bilingual.source_lang, bilingual.target_lang) == ("en-US", "ko")


# --- TMX -----------------------------------------------------------------------------------------

TMX = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
 <header creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="sentence"
   adminlang="en-us" srclang="KO-kr" o-tmf="test"/>
 <body>
  <tu tuid="alliance">
   <note>from the headline</note>
   <tuv xml:lang="ko-KR"><seg>미일 <bpt i="1">&lt;b&gt;</bpt>동맹<ept
     i="1">&lt;/b&gt;</ept></seg></tuv>
   <tuv xml:lang="EN-us"><seg>US-Japan <bpt i="1">&lt;b&gt;</bpt>alliance<ept
     i="1">&lt;/b&gt;</ept></seg></tuv>
   <tuv xml:lang="en-GB"><seg>US–Japan <hi x="4" type="x-term">alliance</hi></seg></tuv>
  </tu>
  <tu>
   <tuv xml:lang="ko"><seg>링크 <ph x="2">&lt;a href="#"&gt;<sub>제목</sub>&lt;/a&gt;</ph>
둘째 줄</seg></tuv>
   <tuv xml:lang="en"><seg>link <ph x="2">&lt;a href="#"&gt;<sub>title</sub>&lt;/a&gt;</ph>
second line</seg></tuv>
  </tu>
  <tu tuid="only-en"><tuv xml:lang="en"><seg>No Korean</seg></tuv></tu>
  <tu tuid="only-ko"><tuv xml:lang="ko"><seg>번역 없음</seg></tuv></tu>
 </body>
</tmx>
"""


def test_tmx_variants_positions_and_case_insensitive_languages(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "memory.tmx", TMX)
    assert bilingual.format == "tmx"
    assert (bilingual.source_lang, bilingual.target_lang) == ("KO-kr", "en")
    assert [segment.id for segment in bilingual.segments] == [
        "alliance",
        "alliance#en-GB",
        "@2",
        "only-ko",
    ]
    us, gb, second, untranslated = bilingual.segments
    assert us.source.text == "미일 동맹"
    assert us.target is not None and us.target.text == "US-Japan alliance"
    assert us.target.codes == (
        InlineCode("bpt", "open", "1", 9, "<b>"),
        InlineCode("ept", "close", "1", 17, "</b>"),
    )
    assert us.note == gb.note == "from the headline"
    assert gb.target is not None and gb.target.text == "US–Japan alliance"
    assert _codes(gb.target) == [("hi", "open", "4", 9), ("hi", "close", "4", 17)]
    # <sub> text is neither segment text nor the code's content.
    assert second.source.text == "링크 \n둘째 줄"
    assert second.source.codes == (InlineCode("ph", "standalone", "2", 3, '<a href="#"></a>'),)
    assert _at(TMX, second.source, 4) == "둘째 줄</seg></tuv>"
    assert untranslated.target is None
    for segment in bilingual.segments:
        _assert_points_at_itself(TMX, segment.source)
        if segment.target is not None:
            _assert_points_at_itself(TMX, segment.target)


def test_tmx_target_language_chooses_variants(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "memory.tmx", TMX, target_lang="en-gb")
    assert bilingual.target_lang == "en-gb"
    # A variant asked for matches its wider language too (``en`` for ``en-GB``), not ``en-US``.
    assert [segment.id for segment in bilingual.segments] == ["alliance", "@2", "only-ko"]
    assert [s.target.text if s.target else None for s in bilingual.segments] == [
        "US–Japan alliance",
        "link \nsecond line",
        None,
    ]
    english = _read(tmp_path, "memory.tmx", TMX, source_lang="en", target_lang="ko")
    assert [segment.id for segment in english.segments] == ["alliance", "@2", "only-en"]
    assert english.segments[0].source.text == "US-Japan alliance"


def test_tmx_11_lang_attribute_and_all_source(tmp_path: Path) -> None:
    old = """<tmx version="1.1"><header srclang="*all*" adminlang="en"/><body>
<tu><tuv lang="EN"><seg>Yes</seg></tuv><tuv lang="KO"><seg>예</seg></tuv></tu>
</body></tmx>"""
    bilingual = _read(tmp_path, "old.tmx", old)
    assert (bilingual.source_lang, bilingual.target_lang) == ("EN", "KO")
    segment = bilingual.segments[0]
    assert segment.id == "@1" and segment.source.text == "Yes"
    assert segment.target is not None and segment.target.text == "예"


@pytest.mark.parametrize(
    ("tag", "wanted", "matches"),
    [
        ("ko-KR", "ko", True),
        ("EN-us", "en", True),
        ("en", "en-US", True),
        ("en_GB", "EN-gb", True),
        ("en-US", "en-GB", False),
        ("ko", "kok", False),
    ],
)
def test_language_tags_match_by_prefix_without_case(tag: str, wanted: str, matches: bool) -> None:
    assert lang_matches(tag, wanted) is matches


# Characters XML 1.0 can hold, but not the ones Python's splitlines() also breaks lines at.
_XML_CHARS = st.characters(
    max_codepoint=0x1F9FF,
    exclude_characters="\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufffe\uffff",
).filter(lambda char: (char in "\t\n\r" or ord(char) >= 0x20) and not "\ud800" <= char <= "\udfff")
_PIECES = st.lists(st.one_of(st.text(_XML_CHARS, max_size=12), st.just(None)), max_size=8)


# One file, rewritten by every example: the function-scoped tmp_path is safe to share.
@settings(
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pieces=_PIECES)
def test_any_text_reads_back_with_its_codes_and_positions(
    tmp_path: Path, pieces: list[str | None]
) -> None:
    """Text escaped as XML writers do, between <x/> codes: read back as written (line ends as
    LF), each code at its offset, each character located where the file holds it."""
    body, expected, offsets = "", "", []
    for number, piece in enumerate(pieces):
        if piece is None:
            body += f'<x id="{number}"/>'
            offsets.append(len(expected.replace("\r\n", "\n").replace("\r", "\n")))
        else:
            body += escape(piece)
            expected += piece
    file_text = (
        '<xliff version="1.2"><file source-language="ko" target-language="en"><body>\n'
        f'<trans-unit id="p"><source>{body}</source></trans-unit></body></file></xliff>\n'
    )
    path = tmp_path / "property.xlf"
    path.write_bytes(file_text.encode("utf-8"))
    source = read_bilingual(str(path)).segments[0].source
    assert source.text == expected.replace("\r\n", "\n").replace("\r", "\n")
    assert [code.offset for code in source.codes] == offsets
    _assert_points_at_itself(file_text, source)


# --- PO ------------------------------------------------------------------------------------------

PO = r"""# Korean translation of the newsroom app.
msgid ""
msgstr ""
"Project-Id-Version: news 1.0\n"
"Language: ko\n"
"X-Source-Language: en-US\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

# Translator: keep it short
#. The button on the front page
#: src/app.c:12
msgctxt "front-page"
msgid "Read more"
msgstr "더 보기"

#, fuzzy, c-format
msgid "Tab\there, \"quoted\" and a \\ backslash"
msgstr "탭\t여기, \"인용\" 그리고 \\ 역슬래시"

msgid ""
"First line\n"
"second line"
msgstr ""
"첫 줄\n"
"둘째 줄"

msgid "One article"
msgid_plural "%d articles"
msgstr[0] "기사 %d건"
msgstr[1] "기사들 %d건"

msgid "Not yet"
msgstr ""

#~ msgid "Old"
#~ msgstr "옛것"
"""


def test_po_entries_ids_plurals_fuzzy_and_languages(tmp_path: Path) -> None:
    bilingual = _read(tmp_path, "ko.po", PO)
    assert bilingual.format == "po"
    assert (bilingual.source_lang, bilingual.target_lang) == ("en-US", "ko")
    ids = [segment.id for segment in bilingual.segments]
    assert ids == [
        "front-page",
        'Tab\there, "quoted" and a \\ backslash',
        "First line\nsecond line",
        "One article#0",
        "One article#1",
        "Not yet",
    ]
    context, escaped, multiline, one, many, empty = bilingual.segments
    assert context.source.text == "Read more"
    assert context.target is not None and context.target.text == "더 보기"
    assert context.note == "Translator: keep it short\nThe button on the front page"
    assert (escaped.fuzzy, escaped.state) == (True, "fuzzy")
    assert escaped.target is not None
    assert escaped.target.text == '탭\t여기, "인용" 그리고 \\ 역슬래시'
    assert not context.fuzzy
    assert multiline.target is not None and multiline.target.text == "첫 줄\n둘째 줄"
    assert one.source.text == "One article"
    assert many.source.text == "%d articles"
    assert many.target is not None and many.target.text == "기사들 %d건"
    assert empty.target is not None and empty.target.text == ""


def test_po_positions_point_into_the_quoted_strings(tmp_path: Path) -> None:
    segments = _read(tmp_path, "ko.po", PO).segments
    escaped, multiline = segments[1], segments[2]
    assert escaped.target is not None and multiline.target is not None
    assert escaped.source.locate(0) == (18, 8)
    assert _at(PO, escaped.target, 2) == r'여기, \"인용\" 그리고 \\ 역슬래시"'  # after \t
    assert _at(PO, escaped.target, 7) == r'인용\" 그리고 \\ 역슬래시"'  # after \"
    assert _at(PO, multiline.source, 11) == 'second line"'  # a continued line
    assert _at(PO, multiline.target, 4) == '둘째 줄"'
    assert _at(PO, segments[5].target or SegmentText(""), 0) == '"'  # an empty msgstr
    for segment in segments:
        _assert_points_at_itself(PO, segment.source)
        _assert_points_at_itself(PO, segment.target)


def test_po_charset_from_the_header(tmp_path: Path) -> None:
    text = PO.replace("charset=UTF-8", "charset=EUC-KR")
    path = tmp_path / "euc.po"
    path.write_bytes(text.encode("cp949"))
    target = read_bilingual(str(path)).segments[0].target
    assert target is not None and target.text == "더 보기"


def test_po_without_source_language_is_english(tmp_path: Path) -> None:
    text = PO.replace('"X-Source-Language: en-US\\n"\n', "")
    assert _read(tmp_path, "ko.po", text).source_lang == "en"


# --- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("notes.txt", XLIFF12, "xliff12"),
        ("export.xml", SDLXLIFF, "xliff12"),
        ("doc.po", XLIFF2, "xliff2"),
        ("memory.xlf", TMX, "tmx"),
        ("translation.txt", PO, "po"),
        ("bare.dat", 'msgid "x"\nmsgstr "y"\n', "po"),
        ("article.xlf", "US, Japan eye major upgrade\n\nBy Hong Seock-jae\n", None),
        ("heading.po", "# A markdown heading\n\nSome article text.\n", None),
        ("page.html", "<!doctype html><html><body><p>Hi</p></body></html>", None),
        ("feed.xml", '<?xml version="1.0"?><rss version="2.0"></rss>', None),
        ("future.xlf", '<xliff version="3.0"></xliff>', None),
        ("cut.xlf", "<!DOCTYPE xliff [ <!-- a comment cut short", None),
    ],
)
def test_detection_is_by_content_not_suffix(
    tmp_path: Path, name: str, text: str, expected: str | None
) -> None:
    assert detect_bilingual(_write(tmp_path, name, text)) == expected


def test_detection_reads_only_the_head(tmp_path: Path) -> None:
    path = tmp_path / "big.xlf"
    path.write_bytes(XLIFF12.encode() + b"\xff" * 100_000)  # broken far past the head
    assert detect_bilingual(str(path)) == "xliff12"


# --- errors --------------------------------------------------------------------------------------


def _error(tmp_path: Path, name: str, text: str | bytes, **languages: str) -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(InputError) as caught:
        read_bilingual(str(path), **languages)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message[len(str(path)) :]


HOSTILE = {
    "xxe": '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>'
    '\n<xliff version="1.2"><file source-language="en" target-language="ko"><body>'
    '<trans-unit id="1"><source>&xxe;</source></trans-unit></body></file></xliff>',
    "laughs": '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
    '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&lol2;</seg>'
    "</tuv></tu></body></tmx>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_with_one_line(tmp_path: Path, name: str) -> None:
    message = _error(tmp_path, f"{name}.xlf", HOSTILE[name])
    assert message == (
        ":3: XML entity declarations are not allowed "
        "(remove the <!ENTITY ...> declarations from the DOCTYPE)"
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "x.xlf",
            '<?xml version="1.0"?>\n\n<xliff version="3.0"><file/></xliff>',
            ':3: <xliff version="3.0"> is not XLIFF 1.2 or 2.x '
            "(export XLIFF 1.2 or 2.1 from your CAT tool)",
        ),
        (
            "broken.xlf",
            '<xliff version="1.2">\n<file source-language="en">\n<body></file></xliff>',
            ":3: not well-formed XML: Opening and ending tag mismatch: body line 3 and file, "
            "line 3, column 14 "
            "(check the file is complete and valid XML)",
        ),
        (
            "notarget.xlf",
            '<xliff version="1.2">\n<file source-language="en"><body/></file></xliff>',
            ":2: <file> has no target-language "
            '(add target-language="..." to it, or pass --tgt-lang)',
        ),
        (
            "mixed.xlf",
            '<xliff version="1.2"><file source-language="en" target-language="ko"/>\n'
            '<file source-language="en" target-language="ja"/></xliff>',
            ':2: <file> has target-language "ja" but the first <file> "ko" '
            "(give one language pair per XLIFF file)",
        ),
        (
            "nosource.xlf",
            '<xliff version="1.2"><file source-language="en" target-language="ko"><body>\n'
            '<trans-unit id="7"><target>x</target></trans-unit></body></file></xliff>',
            ':2: <trans-unit id="7"> has no <source> (export the XLIFF again from your CAT tool)',
        ),
        (
            "v2.xlf",
            '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            'version="2.0" srcLang="ko"><file id="f"/></xliff>',
            ':2: <xliff> has no trgLang (add trgLang="..." to it, or pass --tgt-lang)',
        ),
        (
            "nolang.tmx",
            '<tmx version="1.4"><header srclang="en"/><body><tu>\n<tuv><seg>x</seg></tuv>'
            "</tu></body></tmx>",
            ':2: <tuv> has no xml:lang (add xml:lang="..." with the language of its text)',
        ),
        (
            "nosrc.tmx",
            '<tmx version="1.4">\n<header/><body/></tmx>',
            ':2: the TMX header has no srclang (add srclang="..." to <header>, or pass --src-lang)',
        ),
        (
            "three.tmx",
            '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg>'
            '</tuv><tuv xml:lang="ko"><seg>b</seg></tuv><tuv xml:lang="ja"><seg>c</seg></tuv>'
            "</tu></body></tmx>",
            ": cannot tell the target language of the TMX (source en; others: ja, ko) "
            "(pass --tgt-lang)",
        ),
        (
            "rss.xml",
            '<?xml version="1.0"?>\n<rss version="2.0"/>',
            ":2: the root element <rss> is not <xliff> or <tmx> "
            "(give an XLIFF 1.2 or 2.x, TMX or gettext PO file)",
        ),
        (
            "page.xlf",
            "<!doctype html>\n<html><body><p>Hi</p></body></html>",
            ":2: the root element <html> is not <xliff> or <tmx> "
            "(give an XLIFF 1.2 or 2.x, TMX or gettext PO file, "
            "or an article with its translation: SRC TGT)",
        ),
        (
            "monolingual.tmx",
            '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg>'
            "</tuv></tu></body></tmx>",
            ": the TMX has no variant in a language other than en "
            "(pass --src-lang and --tgt-lang to choose the languages)",
        ),
        (
            "article.txt",
            "US, Japan eye major upgrade to alliance\n",
            ": not an XLIFF, TMX or PO file (give an XLIFF 1.2 or 2.x, TMX or gettext PO file, "
            "or an article with its translation: SRC TGT)",
        ),
        (
            "bad.xlf",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2">\n\xff</xliff>',
            ":3: cannot decode as utf-8: invalid byte 0xff "
            "(fix the encoding in the XML declaration, or re-save the file as UTF-8)",
        ),
    ],
)
def test_xml_errors_name_the_line_and_the_fix(
    tmp_path: Path, name: str, text: str | bytes, expected: str
) -> None:
    assert _error(tmp_path, name, text) == expected


_PO_HINT = " (check the entry against the gettext PO format, e.g. with msgfmt --check)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('msgid "a"\nmsgstr "b\n', ":2: not a valid PO file: the string has no closing quote"),
        ('msgid "a"\nmsgstr "b" x\n', ":2: not a valid PO file: text after the closing quote"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', ":1: not a valid PO file: msgid without msgstr"),
        (
            'msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n',
            ":1: not a valid PO file: msgid_plural needs msgstr[0], msgstr[1]... not msgstr",
        ),
        ('msgid "a"\nmsgstr[0] "c"\n', ":1: not a valid PO file: msgstr[n] without msgid_plural"),
        (
            'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
            ":3: not a valid PO file: a second msgstr in one entry",
        ),
        (
            'msgid "a"\nmsgstr "b"\nmsgtxt "c"\n',
            ":3: not a valid PO file: cannot read 'msgtxt \"c\"'",
        ),
    ],
)
def test_po_syntax_errors_name_the_line(tmp_path: Path, text: str, expected: str) -> None:
    header = 'msgid ""\nmsgstr "Language: ko\\n"\n\n'
    line_shift = header.count("\n")
    line, _, rest = expected[1:].partition(":")
    shifted = f":{int(line) + line_shift}:{rest}"
    assert _error(tmp_path, "bad.po", header + text) == shifted + _PO_HINT


def test_po_errors_for_escapes_languages_and_charsets(tmp_path: Path) -> None:
    assert _error(tmp_path, "esc.po", 'msgid "a\\q"\nmsgstr ""\n', target_lang="ko") == (
        ':1:9: unknown escape \\q in a string (write a backslash as \\\\ and a quote as \\")'
    )
    assert _error(tmp_path, "nolang.po", 'msgid "a"\nmsgstr "b"\n') == (
        ":1: the PO header has no Language: (add a Language: line to the header, "
        "or pass --tgt-lang)"
    )
    mislabelled = PO.replace("charset=UTF-8", "charset=ASCII").encode("utf-8")
    assert _error(tmp_path, "ascii.po", mislabelled).startswith(
        ":15: cannot decode as ascii: invalid byte 0xeb"
    )
    assert _error(tmp_path, "unknown.po", PO.replace("UTF-8", "KLINGON")) == (
        ":7: the PO header names an unknown charset 'KLINGON' "
        "(set Content-Type: text/plain; charset=UTF-8 and save the file as UTF-8)"
    )


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    missing = str(tmp_path / "absent.xlf")
    # Telling the format and reading the file word a missing file alike.
    for read in (read_bilingual, detect_bilingual):
        with pytest.raises(InputError, match="absent.xlf: no such file"):
            read(missing)
    path = _write(tmp_path, "a.xlf", XLIFF12)
    with limits.limited(100), pytest.raises(InputError, match="100-byte limit"):
        read_bilingual(path)


def test_a_label_naming_a_codec_that_is_not_a_text_encoding_is_an_input_error(
    tmp_path: Path,
) -> None:
    po = tmp_path / "b.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=base64\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="unknown charset 'base64'"):
        read_bilingual(str(po))
    tmx = tmp_path / "r.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="rot13"?>\n<tmx version="1.4"><header srclang="ko"/>'
        "<body/></tmx>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="unknown encoding 'rot13'"):
        read_bilingual(str(tmx))


def test_segment_ids_are_unambiguous_across_units_segments_and_files(tmp_path: Path) -> None:
    xliff2 = """\
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ko" trgLang="en">
 <file id="f1">
  <unit id="u1"><segment><source>영</source></segment></unit>
  <unit id="u2"><segment id="2"><source>하나</source></segment>
   <segment><source>둘</source></segment></unit>
 </file>
 <file id="f2">
  <unit id="u1"><segment><source>셋</source></segment></unit>
 </file>
</xliff>
"""
    ids = [s.id for s in _read(tmp_path, "a.xlf", xliff2).segments]
    # The second segment of u2 has no id: its position is marked, so it is not segment "2";
    # both files have a unit u1, so every id names its file.
    assert ids == ["f1/u1", "f1/u2#2", "f1/u2#@2", "f2/u1"]
    one_file = xliff2.split(' <file id="f2">')[0] + "</xliff>\n"
    assert [s.id for s in _read(tmp_path, "c.xlf", one_file).segments] == ["u1", "u2#2", "u2#@2"]
    xliff12 = """\
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a" source-language="ko" target-language="en" datatype="plaintext"><body>
  <trans-unit id="u#1"><source>하나</source></trans-unit>
  <trans-unit id="u"><source>둘</source><seg-source><mrk mtype="seg" mid="1">둘</mrk></seg-source>
  </trans-unit>
 </body></file>
</xliff>
"""
    ids = [s.id for s in _read(tmp_path, "b.xlf", xliff12).segments]
    assert ids == ["u%231", "u#1"]
    assert len(set(ids)) == len(ids)


def test_a_unit_id_repeated_in_a_file_gives_the_repeat_its_position(tmp_path: Path) -> None:
    xliff2 = """\
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ko" trgLang="en">
 <file id="f1">
  <unit id="u1"><segment><source>영</source></segment></unit>
  <unit id="u2"><segment id="s1"><source>하나</source></segment>
   <segment id="s2"><source>둘</source></segment></unit>
  <group id="g"><unit id="u1"><segment><source>셋</source></segment></unit></group>
  <unit id="u2"><segment id="s1"><source>넷</source></segment></unit>
  <unit><segment><source>다섯</source></segment></unit>
 </file>
</xliff>
"""
    # The first unit keeps its id (what it was reported as before the copy came); a repeat,
    # in a group or not, and a unit without id are named by their position in the <file>.
    ids = [s.id for s in _read(tmp_path, "d.xlf", xliff2).segments]
    assert ids == ["u1", "u2#s1", "u2#s2", "@3", "@4", "@5"]
    xliff12 = """\
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a" source-language="ko" target-language="en" datatype="plaintext"><body>
  <trans-unit id="1"><source>하나</source></trans-unit>
  <trans-unit id="2"><source>둘</source></trans-unit>
  <trans-unit id="1"><source>셋</source><seg-source><mrk mtype="seg" mid="1">셋</mrk></seg-source>
  </trans-unit>
 </body></file>
 <file original="b" source-language="ko" target-language="en" datatype="plaintext"><body>
  <trans-unit id="1"><source>넷</source></trans-unit>
 </body></file>
</xliff>
"""
    # A unit id may recur in another <file> (then ids name their file), not in its own.
    ids = [s.id for s in _read(tmp_path, "e.xlf", xliff12).segments]
    assert ids == ["a/1", "a/2", "a/@3#1", "b/1"]


def test_tmx_and_po_segment_ids_are_unambiguous(tmp_path: Path) -> None:
    tmx = """\
<tmx version="1.4"><header srclang="ko" adminlang="en" segtype="sentence" datatype="plaintext"
 o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu tuid="7/en-GB"><tuv xml:lang="ko"><seg>하나</seg></tuv>
 <tuv xml:lang="en-US"><seg>one</seg></tuv></tu>
<tu tuid="7"><tuv xml:lang="ko"><seg>둘</seg></tuv><tuv xml:lang="en-US"><seg>two</seg></tuv>
 <tuv xml:lang="en-GB"><seg>two</seg></tuv></tu>
<tu><tuv xml:lang="ko"><seg>셋</seg></tuv>
 <tuv xml:lang="en-US"><seg>three</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="ko"><seg>넷</seg></tuv><tuv xml:lang="en-US"><seg>four</seg></tuv></tu>
<tu tuid="7"><tuv xml:lang="ko"><seg>다섯</seg></tuv>
 <tuv xml:lang="en-US"><seg>five</seg></tuv></tu>
</body></tmx>
"""
    # As in XLIFF: %#/@ percent-encoded in a tuid, a further target variant after "#", a unit
    # without tuid (or with the tuid of an earlier unit) named by its position "@N".
    assert [s.id for s in _read(tmp_path, "m.tmx", tmx).segments] == [
        "7%2Fen-GB",
        "7",
        "7#en-GB",
        "@3",
        "3",
        "@5",
    ]
    po = r"""msgid ""
msgstr ""
"Language: ko\n"

msgctxt "menu"
msgid "Open"
msgstr "열기"

msgctxt "menu"
msgid "Close"
msgstr "닫기"

msgctxt "toolbar"
msgid "Open"
msgstr "열기"

msgid "toolbar"
msgstr "도구 모음"

msgctxt "front/page"
msgid "Read more"
msgstr "더 보기"

msgid "a#1"
msgstr "가"

msgid "a"
msgid_plural "as"
msgstr[0] "가"
msgstr[1] "가들"
"""
    # A context names its entry alone when no other id is the same, else with its msgid after
    # "/"; a plural form is "#n".
    ids = [s.id for s in _read(tmp_path, "ko.po", po).segments]
    assert ids == [
        "menu/Open",
        "menu/Close",
        "toolbar/Open",
        "toolbar",
        "front%2Fpage",
        "a%231",
        "a#0",
        "a#1",
    ]


def test_a_repeated_po_entry_keeps_the_first_its_id_and_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    po = """msgid ""
msgstr ""
"Language: ko\\n"

msgid "Open"
msgstr "열기"

msgctxt "menu"
msgid "Save"
msgstr "저장"

msgid "Open"
msgstr "열다"

msgctxt "menu"
msgid "Save"
msgstr "저장하기"
"""
    # msgfmt refuses such a file, but a translator's QA should still find every entry: the
    # first keeps its id (what suppressions name), each repeat is named by its position.
    with caplog.at_level("WARNING", logger="align"):
        ids = [s.id for s in _read(tmp_path, "dup.po", po).segments]
    assert ids == ["Open", "menu/Save", "@3", "@4"]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert 'dup.po:12: warning: entry id "Open" was already used at line 5' in warnings[0]
    assert "(and 1 more unit repeats an id)" in warnings[0] and '"@3"' in warnings[0]


_NUL_HINT = " (remove it: a gettext message cannot hold a NUL)"


@pytest.mark.parametrize(
    ("string", "column"),
    [("병력\x00 5만", 11), ("병력\\0 5만", 11), ("병력 5만\\x00", 14), ("a\\000", 10)],
)
def test_a_nul_in_a_po_string_is_an_error_at_its_place(
    tmp_path: Path, string: str, column: int
) -> None:
    """A NUL, written as is or as an escape, ends a string in gettext's lexer and in every
    compiled catalog (MO strings are NUL-terminated, plural forms NUL-separated): the text after
    it is lost, and the file was read as if it were not there."""
    text = f'msgid ""\nmsgstr "Language: ko\\n"\n\nmsgid "a"\nmsgstr "{string}"\n'
    assert _error(tmp_path, "nul.po", text) == (
        f":5:{column}: a NUL character in a string (gettext cuts the message there)" + _NUL_HINT
    )


def test_other_control_characters_in_po_strings_warn_once_and_are_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """gettext reads a raw control character (its own writer escapes them, and warns of the
    \\a \\b \\f \\v \\r escapes in messages): the text is read as is, with one warning naming
    the first one's place; tabs, and control characters written as escapes, are no warning."""
    text = (
        'msgid ""\nmsgstr "Language: ko\\n"\n\n'
        'msgid "Tab\there\\a\\x01"\nmsgstr "탭\t여기"\n\n'
        'msgid "Bell"\nmsgstr "종\x1b[0m 울림\x07"\n'
    )
    with caplog.at_level("WARNING", logger="align"):
        segments = _read(tmp_path, "ctl.po", text).segments
    target = segments[1].target
    assert target is not None and target.text == "종\x1b[0m 울림\x07"
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"{tmp_path / 'ctl.po'}:8:10: warning: control character U+001B in a string, read as "
        "is (and 1 more in the file; remove it, or write it as an escape such as \\x1b if it "
        "is meant)"
    ]


def test_c1_control_characters_in_po_strings_warn_as_c0_ones_do(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A C1 control character (U+0080-U+009F) written in a string was read without a word,
    while a C0 one warned: U+0092 is the usual trace of a Windows-1252 apostrophe decoded as
    Latin-1, invisible in most editors. It warns the same way, naming the character meant;
    gettext has no escape for it, so none is suggested."""
    text = (
        'msgid ""\nmsgstr "Language: ko\\n"\n\n'
        'msgid "It\u2019s"\nmsgstr "It\x92s \x85 here"\n\n'
        'msgid "Odd"\nmsgstr "odd\x81"\n'
    )
    with caplog.at_level("WARNING", logger="align"):
        segments = _read(tmp_path, "c1.po", text).segments
    target = segments[0].target
    assert target is not None and target.text == "It\x92s \x85 here"  # read as is
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"{tmp_path / 'c1.po'}:5:11: warning: control character U+0092 in a string, read as "
        "is (and 2 more in the file; most likely a Windows-1252 '\u2019' misread as Latin-1: "
        "write '\u2019', or remove it)"
    ]
    caplog.clear()
    with caplog.at_level("WARNING", logger="align"):
        _read(tmp_path, "c1b.po", text.replace("\x92", "'").replace("\x85", ""))
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"{tmp_path / 'c1b.po'}:8:12: warning: control character U+0081 in a string, read as "
        "is (remove it)"
    ]


def test_an_empty_target_keeps_the_seg_source_segments(tmp_path: Path) -> None:
    """An untranslated unit cut by <seg-source> whose <target/> is empty keeps the segments
    the CAT tool numbers (u1#1, u1#2), as before; only a translation written whole, without
    the segment markers, makes the unit one segment."""
    unit = (
        '<trans-unit id="u1"><source>Hello there. Good bye now.</source>'
        '<seg-source><mrk mtype="seg" mid="1">Hello there.</mrk> '
        '<mrk mtype="seg" mid="2">Good bye now.</mrk></seg-source>{target}</trans-unit>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a.txt" source-language="en" target-language="ko" '
        'datatype="plaintext"><body>{unit}</body></file></xliff>'
    )
    read = {
        target: [
            (segment.id, segment.target is not None and segment.target.text)
            for segment in _read(
                tmp_path, "u.xlf", document.format(unit=unit.format(target=target))
            ).segments
        ]
        for target in ("<target/>", "<target>안녕. 잘 가.</target>")
    }
    assert read == {
        "<target/>": [("u1#1", False), ("u1#2", False)],
        "<target>안녕. 잘 가.</target>": [("u1", "안녕. 잘 가.")],
    }
