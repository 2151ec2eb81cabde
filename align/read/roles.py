"""What a line of a news page is: patterns for bylines, captions, dates and page furniture.

A small table of regular expressions shared by the plain-text reader and the HTML extractor.
Each rule names the role a matching line gets; the first matching rule wins. The patterns
follow what English and Korean news sites (the Hankyoreh, Yonhap, JoongAng, Korea Herald,
Reuters/AP house styles) print around an article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from align.models import Role


@dataclass(frozen=True, slots=True)
class LineRule:
    """A line matching ``pattern`` (searched in the stripped line) has ``role``."""

    name: str
    role: Role
    pattern: re.Pattern[str]
    max_length: int = 300


def _rule(
    name: str, role: Role, pattern: str, max_length: int = 300, *, ignore_case: bool = True
) -> LineRule:
    flags = re.IGNORECASE if ignore_case else 0
    return LineRule(name, role, re.compile(pattern, flags), max_length)


_UI_WORDS = (
    r"share|print|e-?mail|tweet|facebook|twitter|x|kakao(?:talk)?|line|naver|band|"
    r"url|copy(?: link)?|scrap|font ?size|text ?size|listen|reading mode|[+-]|"
    r"가|공유|인쇄|스크랩|글자 ?크기|글씨 ?크기|페이스북|트위터|카카오톡|카카오스토리|"
    r"네이버|밴드|링크 ?복사|url ?복사|기사 ?듣기|본문 ?듣기|좋아요|구독"
)
_CREDIT = (
    r"yonhap|afp|reuters|ap|epa|upi|getty(?: images)?|xinhua|kyodo|news1|newsis|"
    r"연합뉴스|뉴시스|뉴스1|신화|교도"
)
_REPORTER = (
    r"(?:(?:staff|senior|chief|special|foreign|washington|tokyo|beijing|political|"
    r"economic|diplomatic|contributing)\s+)*(?:reporter|correspondent|writer|editor|"
    r"columnist|journalist|contributor)s?"
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_KO_REPORTER = r"(?:선임|수석|전문|객원|대기자)?\s*(?:기자|특파원|통신원|논설위원|편집위원|대기자)"

#: The rules, in the order they are tried. Boilerplate first: a date line or a share bar is
#: never part of the article, whatever else it looks like.
LINE_RULES: tuple[LineRule, ...] = (
    _rule(
        "posted-on",
        "boilerplate",
        r"^(?:posted|modified|updated|published|first published|last updated)(?: on)?\s*:?"
        r"\s*\d{4}",
    ),
    _rule(
        "ko-date-line",
        "boilerplate",
        r"^(?:등록|수정|입력|승인|업데이트|기사 ?입력|최종 ?수정)\s*[:：]?\s*\d{4}",
    ),
    _rule(
        "contact",
        "boilerplate",
        r"^(?:please )?(?:direct|send) (?:your )?(?:questions|comments|feedback)\b",
    ),
    _rule(
        "original-article",
        "boilerplate",
        r"original (?:korean|english|japanese|chinese) (?:article|version)|"
        r"^(?:원문|한국어 ?원문|영문 ?기사|english version)(?: ?보기)?$",
    ),
    _rule(
        "related",
        "boilerplate",
        r"^(?:related (?:stories|articles|news|content)|more (?:stories|from [\w ]+)|"
        r"관련 ?기사(?: ?더보기)?|관련 ?뉴스|함께 볼 기사|추천 ?기사)$",
    ),
    _rule(
        "most-viewed",
        "boilerplate",
        r"^(?:most (?:viewed|read|popular|shared)(?: (?:articles|stories|news))?|"
        r"(?:trending|popular) (?:now|stories|articles)|"
        r"(?:가장 )?많이 (?:본|읽은) 기사|인기 ?기사|실시간 인기 ?기사)$",
    ),
    _rule(
        "share-bar",
        "boilerplate",
        rf"^(?:{_UI_WORDS})(?:(?:\s*[|·/,]\s*|\s+)(?:{_UI_WORDS}))*\s*$",
        max_length=80,
    ),
    _rule(
        "copyright",
        "boilerplate",
        r"^(?:ⓒ|©|\(c\)|copyright\b)|all rights reserved|무단 ?전재.{0,10}재배포 ?금지|"
        r"재배포 ?금지",
    ),
    _rule(
        "subscribe",
        "boilerplate",
        r"^(?:subscribe|sign up for|follow us on|구독하기|뉴스레터 구독)\b",
        max_length=120,
    ),
    # Names are matched case-sensitively: "By Monday evening the team..." is not a byline.
    _rule(
        "en-byline",
        "byline",
        rf"^(?i:by)\s+{_NAME}(?:\s*(?:,|\s(?i:and))\s*{_NAME})*"
        rf"(?:\s*,\s*(?i:{_REPORTER}))?(?:\s*\(?\S+@\S+\)?)?$",
        max_length=120,
        ignore_case=False,
    ),
    _rule(
        "en-reporter",
        "byline",
        rf"^{_NAME},?\s+(?i:{_REPORTER})$",
        max_length=80,
        ignore_case=False,
    ),
    _rule(
        "ko-byline",
        "byline",
        rf"^(?:[가-힣A-Za-z]+\s*/\s*)?[가-힣]{{2,5}}(?:\s*[·,]\s*[가-힣]{{2,5}})*\s*"
        rf"{_KO_REPORTER}(?:\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+)?$",
        max_length=80,
    ),
    _rule("email-only", "byline", r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", max_length=80),
    _rule(
        "credit-parens",
        "caption",
        rf"\((?:still from|photo (?:by|from|courtesy)|courtesy of|screenshot|screen capture|"
        rf"image:|photo:|captured from|provided by|(?:{_CREDIT})\b)[^()]*\)$",
    ),
    _rule("credit-slash", "caption", rf"(?:^|\s)/\s*(?:{_CREDIT})\b(?:\s+연합뉴스)?$"),
    _rule(
        "ko-credit",
        "caption",
        r"(?:갈무리|화면 ?캡처|캡처|사진 ?제공|[가-힣]+ ?제공|연합뉴스|뉴시스|뉴스1)$"
        r"|사진\s*[=:：]",
    ),
    _rule("photo-prefix", "caption", r"^(?:\[?사진\]?|photo\s*[:=]|▲)"),
)

_PROSE_LENGTH = 120
# Sentence-final punctuation: a line ending so is prose, not a headline.
_FINAL = re.compile(r"[.!?。！？][\"'”’)\]」』]*$")
_DATE = re.compile(
    r"(\d{4})[-./년]\s*(\d{1,2})[-./월]\s*(\d{1,2})일?"
    r"(?:(?:\s+|T)(\d{1,2}):(\d{2}))?"
)


def rule_for(line: str) -> LineRule | None:
    """The first rule matching ``line`` (NFC, surrounding white space ignored), or ``None``."""
    stripped = unicodedata.normalize("NFC", line).strip()
    if not stripped:
        return None
    if len(stripped) > _PROSE_LENGTH and _FINAL.search(stripped):
        return None  # a long line ending a sentence is prose; no rule is about such lines
    for rule in LINE_RULES:
        if len(stripped) <= rule.max_length and rule.pattern.search(stripped):
            return rule
    return None


def role_of_line(line: str) -> Role | None:
    """The role the patterns give ``line``: boilerplate, byline or caption; ``None`` otherwise."""
    rule = rule_for(line)
    return rule.role if rule else None


def is_headline_like(line: str, *, max_length: int = 200) -> bool:
    """Short and without sentence-final punctuation, as headlines, decks and captions are."""
    stripped = unicodedata.normalize("NFC", line).strip()
    return 0 < len(stripped) <= max_length and not _FINAL.search(stripped)


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD`` (plus `` HH:MM`` when a time follows)."""
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None and int(hour) < 24:
        date += f" {int(hour):02d}:{minute}"
    return date
