"""A forbidden term cannot hide behind invisible characters or look-alike letters (issue 17,
item 18): lint finds it, says how it was disguised and where it is in the file as written, and
``glossary validate`` warns about a glossary term written that way. Hangul is never changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from align.cli import cli
from align.text.normalize import undisguise_with_offsets
from tests.conftest import ROOT

GLOSSARY = str(ROOT / "glossaries" / "defence-diplomacy.tsv")
TERM = "Maritime Defense Force"  # forbidden for concept maritime-self-defense-force

DISGUISES = {
    "soft hyphen": ("Mari\u00adtime Defense Force", "soft hyphen (U+00AD)"),
    "LRO/PDF": ("\u202dMaritime Defense Force\u202c", "left-to-right override (U+202D)"),
    "Cyrillic a e o": ("M\u0430ritim\u0435 Defense F\u043erce", "Cyrillic а (U+0430)"),
    "Greek o": ("Maritime Defense F\u03bfrce", "Greek ο (U+03BF)"),
    "math bold": (
        "\U0001d40c\U0001d41a\U0001d42b\U0001d422\U0001d42d\U0001d422\U0001d426\U0001d41e"
        " Defense Force",
        "mathematical or letterlike symbols",
    ),
    "combining accent": ("Maritime Defe\u0301nse Force", "combining acute accent (U+0301)"),
}


def _lint_json(path: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["lint", str(path), "--glossary", GLOSSARY, "--lang", "en", "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    records: list[dict[str, object]] = json.loads(result.output)
    return records


@pytest.mark.parametrize("name", list(DISGUISES))
def test_a_disguised_forbidden_term_is_found_where_it_is_written(tmp_path: Path, name: str) -> None:
    disguised, phrase = DISGUISES[name]
    article = tmp_path / "article.txt"
    article.write_text(f"Seen today.\nJapan's {disguised} sailed.\n", encoding="utf-8")
    found = [r for r in _lint_json(article) if r["rule"] == "forbidden-term"]
    assert len(found) == 1, found
    record = found[0]
    line = f"Japan's {disguised} sailed."
    # The position is in the file as written: the first visible letter of the term.
    first = next(i for i, char in enumerate(line) if i >= len("Japan's ") and char.isalnum())
    assert (record["line"], record["column"]) == (2, first + 1)
    assert str(record["found"]).strip("\u202c") in line
    assert phrase in str(record["message"])
    assert "\u202d" not in str(record["message"]) and "\u00ad" not in str(record["message"])


def test_a_right_to_left_override_is_named_and_not_printed(tmp_path: Path) -> None:
    """Stored reversed inside RLO … PDF, a term is drawn in reading order: the stored letters
    are not the term, so it is not matched; but an override around a term in reading order is
    reported, and printed as <U+202E>, never as the control itself."""
    article = tmp_path / "article.txt"
    article.write_text(f"Japan's \u202e{TERM}\u202c sailed.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(article), "--glossary", GLOSSARY])
    assert result.exit_code == 1
    assert "right-to-left override (U+202E)" in result.output
    assert "\u202e" not in result.output and "\u202c" not in result.output
    assert ":1:10: error: forbidden-term" in result.output


def test_fix_replaces_the_disguised_term_and_keeps_the_rest(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Japan's M\u0430ritime Defense Force sailed.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(article), "--glossary", GLOSSARY, "--fix"])
    assert result.exit_code == 0, result.output
    fixed = article.read_text(encoding="utf-8")
    assert fixed == "Japan's Maritime Self-Defense Force sailed.\n"


def test_glossary_validate_warns_about_a_disguised_term(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "concept\tlang\tterm\tstatus\n"
        "msdf\ten\tMaritime Self-Defense Force\tpreferred\n"
        "msdf\ten\tMaritime Def\u0435nse Force\tforbidden\n"
        "msdf\ten\tMari\u00adtime Force\tdeprecated\n"
        "msdf\tko\t해상자위대\tpreferred\n"
        "sea\tru\tморе\tpreferred\n"
        "cafe\ten\tcafé\tpreferred\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["glossary", "validate", str(glossary)])
    warned = [line for line in result.output.splitlines() if "disguised-term" in line]
    assert [line.split(":")[1] for line in warned] == ["3", "4"]  # not Hangul, Russian, café
    assert "Cyrillic е (U+0435)" in warned[0] and "soft hyphen (U+00AD)" in warned[1]


_KOREAN = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
        st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
        st.characters(min_codepoint=0x3130, max_codepoint=0x318F),
        st.sampled_from(list(" .,·…“”‘’()[]0123456789%~-!?\n①②")),
    )
)


@given(_KOREAN)
def test_hangul_is_never_folded(text: str) -> None:
    assert undisguise_with_offsets(text) == (text, None)


def test_check_names_the_disguise_of_a_forbidden_rendering(tmp_path: Path) -> None:
    source, target = tmp_path / "ko.txt", tmp_path / "en.txt"
    source.write_text("일본 해상자위대가 훈련했다.\n", encoding="utf-8")
    target.write_text("Japan's Maritime Def\u0435nse Force trained.\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(source), str(target), "--glossary", GLOSSARY, "--encoder", "none"]
    )
    forbidden = [line for line in result.output.splitlines() if "forbidden-term" in line]
    assert len(forbidden) == 1, result.output
    assert ":1:9: error: forbidden-term" in forbidden[0]
    assert "written with Cyrillic е (U+0435)" in forbidden[0]
