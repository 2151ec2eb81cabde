"""Reading plain-text articles: encodings, refusals, and the role of every line."""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align import cli
from align.errors import ConfigError, InputError
from align.models import Article
from align.read.readers import classify_lines, decode, parse_text, read_article
from align.read.roles import find_date, role_of_line
from align.text.normalize import LineIndex
from tests.conftest import CORPUS, DATA

READERS = DATA / "readers"
KO_FIXTURE = (READERS / "ko-utf8-bom.txt").read_bytes()[3:].decode("utf-8")


def _roles(article: Article) -> list[tuple[str, str]]:
    return [(block.role, article.text[block.start : block.end]) for block in article.blocks]


# --- the seed pair ---------------------------------------------------------------------------


def test_seed_english_text_is_the_file_exactly_and_furniture_is_boilerplate() -> None:
    path = CORPUS / "en.txt"
    article = read_article(str(path))
    assert article.text == path.read_bytes().decode("utf-8")
    assert article.encoding == "utf-8" and article.format == "text"
    roles = _roles(article)
    assert roles[0] == (
        "title",
        "US, Japan eye major upgrade to alliance, more authority for US forces in Japan",
    )
    assert roles[1][0] == "boilerplate" and roles[1][1].startswith("Posted on :")
    assert roles[2][0] == "subtitle" and roles[2][1].startswith("The Financial Times said")
    assert [role for role, _ in roles[3:5]] == ["caption", "caption"]
    assert sum(role == "body" for role, _ in roles) == 17
    assert ("byline", "By Hong Seock-jae, staff reporter") in roles
    boilerplate = [text for role, text in roles if role == "boilerplate"]
    assert boilerplate[1:] == [
        "Please direct questions or comments to []",
        "button that move to original korean article (클릭시 원문으로 이동하는 버튼)",
        "Related stories",
        "Most viewed articles",
    ]
    assert article.title == roles[0][1]
    assert article.date == "2024-03-26 16:46"
    assert article.byline == "By Hong Seock-jae, staff reporter"
    assert article.captions == (
        "US naval forces and Japan’s Maritime Defense Force carry out "
        "joint exercises in September 2023. (still from JSDF social "
        "media)",
    )


def test_seed_korean_roles() -> None:
    article = read_article(str(CORPUS / "ko.txt"))
    roles = _roles(article)
    assert [role for role, _ in roles[:4]] == ["title", "boilerplate", "subtitle", "caption"]
    assert roles[-1] == ("byline", "홍석재 기자")
    assert sum(role == "body" for role, _ in roles) == 16
    assert article.subtitle == '파이낸셜타임스 "1960년 상호방위조약 체결 이후 가장 큰 업그레이드"'
    assert article.date == "2024-03-25 18:10"
    assert article.captions[0].endswith("갈무리")


def test_spans_exclude_surrounding_space_and_never_straddle_lines_of_other_roles() -> None:
    article = read_article(str(CORPUS / "en.txt"))
    assert Counter(block.role for block in article.blocks) == {
        "title": 1,
        "subtitle": 1,
        "byline": 1,
        "caption": 2,
        "body": 17,
        "boilerplate": 5,
    }
    previous_end = 0
    for block in article.blocks:
        piece = article.text[block.start : block.end]
        assert piece and piece == piece.strip(), piece  # trailing no-break spaces excluded
        assert block.start >= previous_end
        previous_end = block.end
        if block.role != "body":
            assert "\n" not in piece


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("ko-cp949.txt", "cp949"),
        ("ko-utf8-bom.txt", "utf-8-sig"),
        ("ko-utf16le-bom.txt", "utf-16-le"),
        ("ko-utf16be-bom.txt", "utf-16-be"),
    ],
)
def test_encodings_are_detected_and_the_bom_removed(name: str, encoding: str) -> None:
    article = read_article(str(READERS / name))
    assert article.encoding == encoding
    assert article.text == KO_FIXTURE
    assert [block.role for block in article.blocks] == [
        "title",
        "boilerplate",
        "subtitle",
        "body",
        "byline",
    ]


def test_encoding_option_overrides_detection() -> None:
    article = read_article(str(READERS / "ko-cp949.txt"), encoding="euc-kr")
    assert article.text == KO_FIXTURE and article.encoding == "euc-kr"
    with pytest.raises(InputError, match="cannot decode as utf-8.*another --encoding"):
        read_article(str(READERS / "ko-cp949.txt"), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown encoding"):
        read_article(str(READERS / "ko-cp949.txt"), encoding="no-such-codec")


def test_latin1_is_readable_only_when_asked() -> None:
    with pytest.raises(InputError) as caught:
        read_article(str(READERS / "latin1.txt"))
    message = str(caught.value)
    assert "latin1.txt:1:" in message and "--encoding" in message and "\n" not in message
    assert read_article(str(READERS / "latin1.txt"), encoding="latin-1").text.startswith("Le café")


def test_nfd_text_is_kept_as_read_but_classified_as_nfc() -> None:
    raw = (READERS / "ko-nfd.txt").read_bytes().decode("utf-8")
    article = read_article(str(READERS / "ko-nfd.txt"))
    assert article.text == raw and not unicodedata.is_normalized("NFC", article.text)
    assert [block.role for block in article.blocks] == [
        "title",
        "boilerplate",
        "subtitle",
        "body",
        "byline",
    ]
    assert article.title == "국회, 반도체 특별법 처리 합의" and article.byline == "김민수 기자"


def test_crlf_is_kept_and_spans_point_at_lines() -> None:
    article = read_article(str(READERS / "en-crlf.txt"))
    assert "\r\n" in article.text
    index = LineIndex(article.text)
    lines = {block.role: index.line_col(block.start) for block in article.blocks}
    assert lines == {"title": (1, 1), "boilerplate": (3, 1), "body": (4, 1), "byline": (6, 1)}
    assert all("\r" not in article.text[b.start : b.end] for b in article.blocks)


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("photo.txt", "binary file (a PNG image)"),
        ("nul-bytes.txt", "nul-bytes.txt:3: looks like a binary file"),
        ("truncated-utf8.txt", "truncated-utf8.txt:9:1: the file ends in the middle of a UTF-8"),
        ("missing.txt", "missing.txt: no such file"),
    ],
)
def test_bad_input_is_a_one_line_error(name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_article(str(READERS / name))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_mixed_encodings_name_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("제목\n\n첫 문장입니다.\n".encode() + "둘째 문장입니다.\n".encode("cp949"))
    with pytest.raises(InputError, match=r"mixed.txt:4:1: invalid UTF-8 .*mixes encodings"):
        read_article(str(path))


@pytest.mark.parametrize(
    "data",
    [
        # Overlong UTF-8 for '/' (C0 AF), three times: CP949 would read 유유유.
        b"The alliance\nis a \xc0\xaf\xc0\xaf\xc0\xaf shift in policy.\n",
        # Overlong UTF-8 for DEL (C1 BF) once: CP949 would read 좆.
        b"He said \xc1\xbf and left for Seoul in May.\n",
    ],
)
def test_a_cp949_guess_must_read_as_korean(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "en.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    first_bad = next(i for i, byte in enumerate(data) if byte > 0x7F)
    line = data.count(b"\n", 0, first_bad) + 1
    column = first_bad - (data.rfind(b"\n", 0, first_bad) + 1) + 1
    assert str(caught.value).startswith(f"{path}:{line}:{column}: ")
    assert "not Korean CP949" in str(caught.value) and "\n" not in str(caught.value)
    # Korean text in CP949 still reads, and --encoding decides for an English file in CP949.
    korean = tmp_path / "ko.txt"
    korean.write_bytes("일본은 반격 능력을 보유하기로 했다. (counterstrike)\n".encode("cp949"))
    assert read_article(str(korean)).encoding == "cp949"
    assert read_article(str(path), encoding="cp949").encoding == "cp949"


@pytest.mark.parametrize(("codec", "name"), [("johab", "JOHAB"), ("iso2022_kr", "ISO-2022-KR")])
@pytest.mark.parametrize("lines", [1, 20])
def test_korean_in_an_encoding_align_does_not_detect_says_how_to_convert(
    tmp_path: Path, codec: str, name: str, lines: int
) -> None:
    """Johab was "invalid UTF-8 ... not Korean CP949", ISO-2022-KR "a binary file" (its shift
    bytes are control characters), or, a line short, read as ASCII garbage: the error names
    the encoding and the conversion, and --encoding still reads the file."""
    text = "동맹은 강하다.\n" + "미국과 일본은 동맹을 강화하기로 합의했다.\n" * (lines - 1)
    path = tmp_path / "ko.txt"
    path.write_bytes(text.encode(codec))
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}: looks like Korean in {name}, an encoding align does")
    assert f"iconv -f {name} -t UTF-8" in message and f"--encoding {codec}" in message
    assert read_article(str(path), encoding=codec).text == text


def test_folder_and_size_limit_are_errors() -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_article(str(READERS))
    with pytest.raises(InputError, match="larger than the 100-byte limit.*--max-bytes"):
        read_article(str(READERS / "ko-cp949.txt"), max_bytes=100)


def test_empty_file_is_an_empty_article() -> None:
    article = read_article(str(READERS / "empty.txt"))
    assert article.text == "" and article.blocks == () and article.title is None


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(1, 9)) * 200)
    with pytest.raises(InputError, match="binary"):
        read_article(str(path))


def test_text_starting_like_a_magic_number_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "ko.txt"
    path.write_text("MZ세대가 바꾸는 소비\n\nMZ세대의 소비가 달라졌다.\n", encoding="utf-8")
    assert read_article(str(path)).title == "MZ세대가 바꾸는 소비"


def test_cli_prints_one_line_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["split", str(READERS / "photo.txt"), "--lang", "en"])
    assert caught.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("align: error:") and "PNG" in err and "\n" not in err


# --- line roles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Posted on : 2023-11-02 09:15 KST Modified on : 2023-11-02 10:01 KST", "boilerplate"),
        ("Updated: 2024-01-05 08:00", "boilerplate"),
        ("등록 2024-01-05 08:00 수정 2024-01-05 09:00", "boilerplate"),
        ("입력 2024.03.25 18:10", "boilerplate"),
        ("Please direct questions or comments to [english@hani.co.kr]", "boilerplate"),
        (
            "button that move to original korean article (클릭시 원문으로 이동하는 버튼)",
            "boilerplate",
        ),
        ("Related stories", "boilerplate"),
        ("관련기사", "boilerplate"),
        ("Most viewed articles", "boilerplate"),
        ("많이 본 기사", "boilerplate"),
        ("Share | Print | Font size", "boilerplate"),
        ("페이스북 트위터 카카오톡 링크 복사", "boilerplate"),
        ("ⓒ 한겨레신문사 : 무단전재 및 재배포 금지", "boilerplate"),
        ("Copyright © The Korea Herald. All rights reserved.", "boilerplate"),
        ("By Hong Seock-jae, staff reporter", "byline"),
        ("By Kim Tong-hyung and Lee Ji-eun, staff reporters", "byline"),
        ("Park Min-hee, senior staff writer", "byline"),
        ("홍석재 기자", "byline"),
        ("도쿄/김소연 특파원 dandy@hani.co.kr", "byline"),
        ("워싱턴/이본영 특파원", "byline"),
        ("forchis@hani.co.kr", "byline"),
        ("US naval forces carry out joint exercises. (still from JSDF social media)", "caption"),
        ("President Yoon Suk Yeol speaks in Seoul on Tuesday. (Yonhap)", "caption"),
        ("Protesters march in Tokyo on March 3. (AP Photo)", "caption"),
        (
            "2023년 9월 미 해군과 일본 해상자위대가 연합훈련을 하고 있다. "
            "일본 자위대 에스엔에스 영상 갈무리",
            "caption",
        ),
        ("윤석열 대통령이 25일 국무회의에서 발언하고 있다. 연합뉴스", "caption"),
        ("윤석열 대통령이 발언하고 있다. /연합뉴스", "caption"),
        ("지난 1일 열린 회의 모습. 국방부 제공", "caption"),
        ("서울 광화문광장 모습. 사진=김민수 기자", "caption"),
        # Prose stays prose.
        ("By Monday evening the team had left the capital", None),
        ("The meeting was held in April (April 2023)", None),
        ("The Financial Times reported that Biden and Kishida will disclose the plan.", None),
        ("기자들이 현장에 모여 질문했다.", None),
        ("By contrast, the Japanese paper added that Japan is seeking a unified command.", None),
    ],
)
def test_line_roles(line: str, role: str | None) -> None:
    assert role_of_line(line) == role


def test_deck_of_two_lines_after_title_and_date() -> None:
    lines = [
        "정부, 반도체 지원 확대",
        "입력 2024.03.25 18:10",
        "세액공제율 상향",
        "연내 법 개정 추진",
        "정부가 반도체 산업 지원을 확대한다.",
        "관련 업계는 환영했다.",
    ]
    assert classify_lines(lines) == ["title", "boilerplate", "subtitle", "subtitle", "body", "body"]


def test_no_title_when_the_first_line_is_prose() -> None:
    lines = ["The city said service would start in May.", "Officials declined to comment"]
    assert classify_lines(lines) == ["body", "body"]


def test_repeated_line_is_a_caption_and_listed_once() -> None:
    text = (
        "Storm hits coast\n\nWaves crash onto the pier at dawn\nWaves crash onto the pier at "
        "dawn\n\nThe storm reached the coast early on Monday.\n"
    )
    article = parse_text(text, "x.txt")
    assert [b.role for b in article.blocks] == ["title", "caption", "caption", "body"]
    assert article.captions == ("Waves crash onto the pier at dawn",)


def test_hard_wrapped_paragraph_is_one_block() -> None:
    text = "A headline\n\nThe first line of a paragraph\ncontinues here.\n\nA second paragraph.\n"
    article = parse_text(text, "x.txt")
    assert _roles(article) == [
        ("title", "A headline"),
        ("body", "The first line of a paragraph\ncontinues here."),
        ("body", "A second paragraph."),
    ]


def test_find_date_forms() -> None:
    assert find_date("2024-03-26T16:46:00+09:00") == "2024-03-26 16:46"
    assert find_date("2024년 3월 5일") == "2024-03-05"
    assert find_date("no date here") is None


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('가나다 ab.\n\r\t\u00a0&<"')) | st.characters(codec="utf-8"),
        max_size=300,
    )
)
def test_blocks_are_ordered_stripped_spans_of_the_text(text: str) -> None:
    article = parse_text(text, "p.txt")
    end = 0
    for block in article.blocks:
        piece = text[block.start : block.end]
        assert block.start >= end and piece and piece == piece.strip()
        end = block.end
    covered = "".join(text[b.start : b.end] for b in article.blocks)
    assert sum(not c.isspace() for c in covered) == sum(not c.isspace() for c in text)


@pytest.mark.parametrize("charset", ["base64", "zlib", "hex", "rot13", "uu", "punycode"])
def test_a_page_declaring_a_codec_that_is_not_a_text_encoding_is_read(
    tmp_path: Path, charset: str
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><head><meta charset="{charset}"></head><body><p>Seoul said so.</p></body></html>',
        encoding="utf-8",
    )
    assert read_article(str(page)).text == "Seoul said so."
    with pytest.raises(ConfigError, match="not a text encoding"):
        read_article(str(page), encoding=charset)


def test_a_bad_byte_after_a_bom_is_reported_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfhello\nw\xffrld\n")
    with pytest.raises(InputError, match="invalid byte 0xff") as caught:
        read_article(str(path))
    assert (caught.value.line, caught.value.column) == (2, 2)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (codecs.BOM_UTF16_LE + "기사 ".encode("utf-16-le") + b"\x00\xd8", "surrogate"),
        (codecs.BOM_UTF8 + "기사 본문\n".encode() + b"\xff\n", "0xff"),
        ("article text, long enough\n".encode("utf-16-le") + b"\x00\xdc", "surrogate"),
    ],
)
def test_a_damaged_file_whose_encoding_was_detected_is_not_told_to_try_another(
    data: bytes, what: str
) -> None:
    """Only ``align split`` takes --encoding, and the file's BOM (or NUL pattern) named the
    encoding: the remedy is to repair or re-save it, not an option the command lacks."""
    with pytest.raises(InputError) as caught:
        decode(data, "damaged.txt")
    message = str(caught.value)
    assert what in message and "try another --encoding" not in message, message
    assert "UTF-8" in message
    with pytest.raises(InputError, match="try another --encoding"):
        decode(data, "damaged.txt", encoding="utf-16-le" if what == "surrogate" else "utf-8")
