"""Hostile and broken input through every command that reads it (issue 7).

Each case of the attack corpus (``tests/data/hostile/``, ``tests/data/readers/`` and a few files
generated here because they are big) runs through each command that reads its format, in a child
process. Whatever the input, the command must:

- never show a secret that an entity, XInclude or DTD points at, and never fetch a URL (a local
  HTTP server records every request);
- end with a result (exit 0 or 1) or one line ``align: error: PATH[:LINE]: ...`` (exit 2), never a
  traceback;
- stay within 5 CPU seconds and 500 MB (safety limits; the wall clock is only a hang guard).

A new command that reads a format is one row of ``COMMANDS``; a new attack is one ``Case``.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from align.errors import InputError
from align.shown import shown

from .conftest import CORPUS, DATA
from .subproc import CPU_LIMIT_SECONDS, RSS_LIMIT_MB, Outcome, run_batch

HOSTILE = DATA / "hostile"
READERS = DATA / "readers"
SECRET_MARKER = "ALIGN-SECRET-MARKER-31415"
ONE_LINE_ERROR = re.compile(r"^align: error: (?P<where>[^\n]*)\n?$")


# --- the attack corpus ---------------------------------------------------------------------------

Maker = Callable[[], bytes]


def _deep_html() -> bytes:
    return (
        b"<html><body><article><h1>Deep</h1>"
        + b"<div>" * 10_000
        + b"<p>Deep text.</p>"
        + b"</div>" * 10_000
        + b"</article></body></html>"
    )


def _deep_tbx() -> bytes:
    return (
        b'<martif type="TBX-Basic" xml:lang="en"><text><body>'
        + b"<note>" * 10_000
        + b"x"
        + b"</note>" * 10_000
        + b"</body></text></martif>"
    )


def _nested_notes_tbx() -> bytes:
    """250 nested notes in one term, 2 MB of text: each note's text holds all notes below it,
    so joining it per note is quadratic (6.3 s and 2.4 GB before, issue 17 item 14)."""
    text = b"n" * 8_000
    return (
        b'<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="c1">'
        b'<langSet xml:lang="en"><tig><term>Seoul</term>'
        + (b"<note>" + text) * 250
        + b"</note>" * 250
        + b"</tig></langSet></termEntry></body></text></martif>"
    )


def _nested_notes_tmx() -> bytes:
    text = b"n" * 8_000
    return (
        b'<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        b'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
        b'<tu tuid="1">'
        + (b"<note>" + text) * 250
        + b"</note>" * 250
        + b'<tuv xml:lang="en"><seg>Seoul said so.</seg></tuv>'
        b'<tuv xml:lang="ko"><seg>\xec\x84\x9c\xec\x9a\xb8.</seg></tuv></tu></body></tmx>'
    )


_XLIFF_HEAD = (
    b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    b'<file original="f" datatype="plaintext" source-language="en" target-language="ko">\n'
    b"<body>\n"
)
_XLIFF_UNIT = (
    b'<trans-unit id="1"><source>Seoul said so.</source><target>%s</target></trans-unit>\n'
)
_XLIFF_TAIL = b"</body>\n</file>\n</xliff>\n"


def _xliff(target: bytes = "서울이 그렇게 말했다.".encode(), prolog: bytes = b"") -> bytes:
    return prolog + _XLIFF_HEAD + _XLIFF_UNIT % target + _XLIFF_TAIL


_LAUGHS = b"".join(
    b'<!ENTITY lol%d "%s">\n' % (n, b"&lol%d;" % (n - 1) * 10 if n else b"lol") for n in range(10)
)


def _bilingual(name: str, make: Maker, expect: str, ext: str = ".xlf", line: bool = False) -> Case:
    return Case(name, "bilingual", expect, line, make=make, ext=ext)


def _quadratic(root: bytes, element: bytes) -> bytes:
    """Quadratic blow-up: one 50 kB entity referenced 50,000 times (2.5 GB if expanded)."""
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE '
        + root
        + b' [<!ENTITY a "'
        + b"a" * 50_000
        + b'">]>\n<'
        + root
        + b"><"
        + element
        + b">"
        + b"&a;" * 50_000
        + b"</"
        + element
        + b"></"
        + root
        + b">\n"
    )


def _huge_text_node_html() -> bytes:
    return (
        b"<html><body><article><h1>Huge</h1><p>"
        + b"word " * 10_000_000
        + b"</p></article></body></html>"
    )


def _huge_text_node_tbx() -> bytes:
    return (
        b'<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="h">'
        b'<langSet xml:lang="en"><tig><term>'
        + b"x" * 50_000_000
        + b"</term></tig></langSet></termEntry></body></text></martif>"
    )


@dataclass(frozen=True)
class Case:
    """One hostile file: where it comes from, its kind, and what reading it must give.

    ``expect`` is checked for the commands whose main input has this kind: ``ok`` (a result),
    ``error`` (a one-line error; ``line`` when it must name a line) or ``any``.
    """

    name: str
    kind: str  # html | text | tbx | table | bilingual
    expect: str = "any"
    line: bool = False
    source: Path | None = None
    make: Maker | None = field(default=None, compare=False)
    ext: str | None = None  # a bilingual file's own suffix (.xlf, .tmx, .po)
    stem: str = "input"  # the file's name without its suffix

    def suffix(self) -> str:
        if self.ext is not None:
            return self.ext
        return {"html": ".html", "text": ".txt", "tbx": ".tbx", "table": ".tsv"}[self.kind]


def _file(
    name: str, kind: str, expect: str = "any", *, line: bool = False, folder: Path = HOSTILE
) -> Case:
    return Case(name, kind, expect, line, source=folder / name)


def _made(name: str, kind: str, make: Maker, expect: str = "any", *, line: bool = False) -> Case:
    return Case(name, kind, expect, line, make=make)


# Control characters XML cannot hold, in text and as character references (issue 17, item 10).
_CONTROL_TEXT = "Seoul said \x01 so.\x1b[31m Red text follows. 서울은 \x07 말했다.\n".encode()
_CONTROL_HTML = (
    b"<html><body><p>Seoul &#27; said &#xFFFE; so. \x01 Red text follows.</p></body></html>"
)


# A Latin-1 byte and an invalid UTF-8 sequence in a file name, as Python reads them (PEP 383).
_NOT_UTF8_STEM = os.fsdecode(b"input-caf\xe9-\xff\xfe")


def _meta_charset_page(codec: str) -> bytes:
    """A page whose ``<meta charset>`` names a Python codec that is not a text encoding."""
    return (
        f'<html><head><meta charset="{codec}"></head>'
        "<body><p>Seoul said so. It was clear.</p></body></html>"
    ).encode()


CASES: tuple[Case, ...] = (
    # HTML pages
    _file("html-xxe.html", "html", "ok"),
    _file("html-xxe-file.html", "html", "ok"),
    _file("html-external-dtd.html", "html", "ok"),
    _file("html-entity-bomb.html", "html", "ok"),
    _file("html-malformed.html", "html", "ok"),
    _file("html-truncated.html", "html", "ok"),
    _file("ko-euckr.html", "html", "ok", folder=READERS),
    _made("html-deep-nesting", "html", _deep_html, "ok"),
    _made("html-quadratic", "html", lambda: _quadratic(b"html", b"body"), "ok"),
    _made("html-50mb-text-node", "html", _huge_text_node_html, "any"),
    _made("html-control-references", "html", lambda: _CONTROL_HTML, "ok"),
    *(
        _made(f"html-meta-{codec}", "html", lambda c=codec: _meta_charset_page(c), "ok")  # type: ignore[misc]
        for codec in ("base64", "zlib", "hex", "rot13", "uu", "punycode")
    ),
    # TBX glossaries
    _file("tbx-xxe-file.tbx", "tbx", "error", line=True),
    _file("tbx-xxe-url.tbx", "tbx", "error", line=True),
    _file("tbx-parameter-entity.tbx", "tbx", "error"),
    _file("tbx-external-dtd.tbx", "tbx", "ok"),
    _file("tbx-xinclude.tbx", "tbx", "ok"),
    _file("tbx-billion-laughs.tbx", "tbx", "error"),
    _file("tbx-malformed.tbx", "tbx", "error", line=True),
    _file("tbx-truncated.tbx", "tbx", "error", line=True),
    _file("tbx-wrong-root.tbx", "tbx", "error", line=True),
    _made("tbx-quadratic", "tbx", lambda: _quadratic(b"martif", b"text"), "error"),
    _made("tbx-deep-nesting", "tbx", _deep_tbx, "error", line=True),
    _made("tbx-nested-notes", "tbx", _nested_notes_tbx, "ok"),
    _made("tbx-50mb-text-node", "tbx", _huge_text_node_tbx, "error"),
    # Plain text (also read as glossary tables and dictionaries)
    _file("empty.txt", "text", "ok", folder=READERS),
    _file("truncated-utf8.txt", "text", "error", line=True, folder=READERS),
    _file("nul-bytes.txt", "text", "error", folder=READERS),
    _file("photo.txt", "text", "error", folder=READERS),
    _file("en-crlf.txt", "text", "ok", folder=READERS),
    _file("ko-nfd.txt", "text", "ok", folder=READERS),
    _file("ko-cp949.txt", "text", "ok", folder=READERS),
    _file("ko-utf16le-bom.txt", "text", "ok", folder=READERS),
    _file("text-lone-surrogate.txt", "text", "error", line=True),
    _file("text-mixed-encodings.txt", "text", "error", line=True),
    _file("text-bidi.txt", "text", "ok"),
    _file("text-emoji.txt", "text", "ok"),
    _file("text-nfd-crlf.txt", "text", "ok"),
    _file("text-zip.txt", "text", "error"),
    _file("text-gzip.txt", "text", "error"),
    _file("text-pdf.txt", "text", "error"),
    _file("text-png.txt", "text", "error"),
    _made("text-random-binary", "text", lambda: bytes(range(256)) * 64, "error"),
    _made("text-control-characters", "text", lambda: _CONTROL_TEXT, "ok"),
    _file("text-disguised-terms.txt", "text", "ok"),
    # File names (issue 17, item 9): bytes that are not UTF-8, and control characters.
    Case("name-not-utf8", "text", "ok", source=CORPUS / "en.txt", stem=_NOT_UTF8_STEM),
    Case("name-controls", "text", "ok", source=CORPUS / "en.txt", stem="input \x1b[31m\n\u202e"),
    # Bilingual files of CAT tools (XLIFF, TMX, PO), read by content
    _bilingual("xliff-clean", _xliff, "ok"),
    _bilingual(
        "xliff-xxe",
        lambda: _xliff(b"&xxe;", b'<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
        "error",
        line=True,
    ),
    _bilingual(
        "xliff-billion-laughs",
        lambda: _xliff(b"&lol9;", b"<!DOCTYPE xliff [\n" + _LAUGHS + b"]>\n"),
        "error",
        line=True,
    ),
    _bilingual("xliff-malformed", lambda: _xliff(b"<g id='1'>open</target>"), "error", line=True),
    _bilingual("xliff-truncated", lambda: _xliff()[:200], "error", line=True),
    _bilingual("tmx-nested-notes", _nested_notes_tmx, "ok", ext=".tmx"),
    _bilingual(
        "xliff-wrong-version", lambda: _xliff().replace(b'"1.2"', b'"3.0"', 1), "error", line=True
    ),
    _bilingual(
        "xliff-deep-nesting",
        lambda: _xliff(b'<g id="1">' * 10_000 + b"deep" + b"</g>" * 10_000),
        "any",
    ),
    _bilingual(
        "po-syntax-error",
        lambda: (
            b'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\n'
            + b'msgid "Seoul"\nmsgstr "\xec\x84\x9c\xec\x9a\xb8\n'
        ),
        "error",
        ".po",
        line=True,
    ),
    _bilingual(
        "tmx-no-target",
        lambda: (
            b'<tmx version="1.4"><header srclang="en" segtype="sentence" adminlang="en"'
            b' creationtool="t" creationtoolversion="1" o-tmf="t" datatype="plaintext"/>'
            b'<body><tu tuid="1"><tuv xml:lang="en"><seg>Seoul said so.</seg></tuv></tu>'
            b"</body></tmx>"
        ),
        "any",
        ".tmx",
    ),
    # Glossary tables
    _made(
        "table-huge-field",
        "table",
        lambda: b'concept\tlang\tterm\nc\ten\t"' + b"x" * 300_000,
        "error",
        line=True,
    ),
    _made("table-nul", "table", lambda: b"concept\tlang\tterm\nc\ten\tte\x00rm\n", "error"),
    _made(
        "table-ragged",
        "table",
        lambda: b"concept\tlang\tterm\nc\ten\tt\textra\tmore\n",
        "error",
        line=True,
    ),
    _made(
        "table-bad-utf8",
        "table",
        lambda: b"concept\tlang\tterm\nc\ten\t\xff\xfe\n",
        "error",
        line=True,
    ),
)


# --- the commands that read each kind ------------------------------------------------------------


@dataclass(frozen=True)
class Env:
    """Clean companions for a hostile file: a plain English article, a glossary, a folder."""

    root: Path
    clean: str
    glossary: str

    def clean_folder(self) -> str:
        folder = self.root / "pair-tgt"
        folder.mkdir(exist_ok=True)
        shutil.copy(self.clean, folder / "en.txt")
        return str(folder)


@dataclass(frozen=True)
class Command:
    """A command that reads a hostile file of some kinds: its arguments for file ``f``."""

    id: str
    reads: frozenset[str]  # kinds whose expectations hold (the command's own format)
    also: frozenset[str]  # kinds it is fed anyway (any clean outcome is fine)
    args: Callable[[str, Env], list[str]]
    #: A folder reader that skips an unreadable file with a warning line naming it (and its
    #: line) and goes on, as a crawl needs (issue 17), where others stop with an error.
    skips: bool = False


ARTICLE = frozenset({"html", "text"})
BILINGUAL = frozenset({"bilingual"})
GLOSSARY = frozenset({"tbx", "table"})
NONE: frozenset[str] = frozenset()

# Commands that align or pair run with --encoder none: encoding every sentence of a hostile
# page is honest work that scales with the page (the CPU limit below is for blow-ups in
# reading), and the encoder's own bound (MAX_CHARACTERS a sentence) is in test_meaning.py.
COMMANDS: tuple[Command, ...] = (
    Command("split", ARTICLE, NONE, lambda f, e: ["split", f, "--lang", "en"]),
    Command(
        "split-ko-rules",
        frozenset({"text"}),
        NONE,
        lambda f, e: ["split", f, "--lang", "ko", "--engine", "rules", "--format", "jsonl"],
    ),
    Command(
        "sentences",
        ARTICLE,
        NONE,
        lambda f, e: [
            "sentences",
            "--encoder",
            "none",
            f,
            e.clean,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--format",
            "jsonl",
        ],
    ),
    Command(
        "sentences-presplit",
        ARTICLE,
        NONE,
        lambda f, e: [
            "sentences",
            "--encoder",
            "none",
            e.clean,
            f,
            "--presplit",
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--format",
            "tmx",
        ],
    ),
    Command(
        "lint", ARTICLE, NONE, lambda f, e: ["lint", f, "--glossary", e.glossary, "--lang", "en"]
    ),
    Command(
        "pair",
        ARTICLE,
        NONE,
        lambda f, e: [
            "pair",
            "--encoder",
            "none",
            str(Path(f).parent),
            e.clean_folder(),
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
        ],
        skips=True,
    ),
    Command(
        "glossary-validate", GLOSSARY, frozenset({"text"}), lambda f, e: ["glossary", "validate", f]
    ),
    Command("glossary-show", GLOSSARY, NONE, lambda f, e: ["glossary", "show", f]),
    Command(
        "glossary-convert",
        GLOSSARY,
        NONE,
        lambda f, e: ["glossary", "convert", f, str(e.root / "converted.tsv")],
    ),
    Command(
        "glossary-add",
        GLOSSARY,
        NONE,
        lambda f, e: [
            "glossary",
            "add",
            f,
            "--concept",
            "new",
            "--lang",
            "en",
            "--term",
            "new term",
        ],
    ),
    Command(
        "lint-glossary",
        GLOSSARY,
        NONE,
        lambda f, e: ["lint", e.clean, "--glossary", f, "--lang", "en"],
    ),
    Command(
        "sentences-glossary",
        GLOSSARY,
        NONE,
        lambda f, e: [
            "sentences",
            "--encoder",
            "none",
            e.clean,
            e.clean,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--glossary",
            f,
        ],
    ),
    Command(
        "sentences-dictionary",
        NONE,
        frozenset({"text", "table"}),
        lambda f, e: [
            "sentences",
            "--encoder",
            "none",
            e.clean,
            e.clean,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--dictionary",
            f,
        ],
    ),
    Command(
        "check",
        ARTICLE,
        NONE,
        lambda f, e: [
            "check",
            "--encoder",
            "none",
            f,
            e.clean,
            "--glossary",
            e.glossary,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--format",
            "json",
        ],
    ),
    Command(
        "check-glossary",
        GLOSSARY,
        NONE,
        lambda f, e: [
            "check",
            "--encoder",
            "none",
            e.clean,
            e.clean,
            "--glossary",
            f,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
        ],
    ),
    Command(
        "score-hyp",
        ARTICLE,
        NONE,
        lambda f, e: [
            "score",
            "--encoder",
            "none",
            e.clean,
            e.clean,
            "--glossary",
            e.glossary,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--hyp-document",
            f,
            "--format",
            "json",
        ],
    ),
    Command(
        "report",
        ARTICLE,
        NONE,
        lambda f, e: [
            "report",
            "--encoder",
            "none",
            e.clean,
            f,
            "--glossary",
            e.glossary,
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "-o",
            str(e.root / "report.html"),
        ],
    ),
    Command("check-bilingual", BILINGUAL, NONE, lambda f, e: ["check", f, "--format", "json"]),
    Command("lint-bilingual", BILINGUAL, NONE, lambda f, e: ["lint", f, "--glossary", e.glossary]),
    Command("score-bilingual", BILINGUAL, NONE, lambda f, e: ["score", f, "--format", "json"]),
    # A corpus build records an unreadable document and goes on: any clean outcome is right.
    Command(
        "corpus-build",
        NONE,
        ARTICLE,
        lambda f, e: [
            "corpus",
            "build",
            "--encoder",
            "none",
            str(Path(f).parent),
            e.clean_folder(),
            "-o",
            str(e.root / "corpus"),
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--workers",
            "1",
        ],
    ),
    Command(
        "corpus-build-glossary",
        NONE,
        GLOSSARY,
        lambda f, e: [
            "corpus",
            "build",
            "--encoder",
            "none",
            e.clean_folder(),
            e.clean_folder(),
            "-o",
            str(e.root / "corpus-g"),
            "--src-lang",
            "en",
            "--tgt-lang",
            "en",
            "--workers",
            "1",
            "--glossary",
            f,
        ],
    ),
)

# Glossary commands name a glossary by its extension: text cases go in as .tsv files.
_AS_TABLE = {"glossary-validate", "glossary-show", "glossary-convert", "glossary-add"}


def _commands_for(case: Case) -> list[Command]:
    return [c for c in COMMANDS if case.kind in c.reads or case.kind in c.also]


# --- fixtures ------------------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(SECRET_MARKER.encode())

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request (there must be none)."""
    requests: list[str] = []
    handler = type("Recorder", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Path]:
    """A generated case's file, written once per module when first asked for (some are
    50 MB: a run that deselects them does not write them)."""
    folder = tmp_path_factory.mktemp("made")

    def file(case: Case) -> Path:
        assert case.make is not None
        path = folder / case.name
        if not path.exists():
            path.write_bytes(case.make())
        return path

    return file


def _materialise(
    case: Case, command: Command, folder: Path, url: str, secret: Path, made: Callable[[Case], Path]
) -> Path:
    suffix = ".tsv" if command.id in _AS_TABLE and case.kind == "text" else case.suffix()
    # Alone in its folder, so that ``align pair`` can read the folder.
    (folder / "in").mkdir(parents=True)
    target = folder / "in" / (case.stem + suffix)
    if case.make is not None:
        shutil.copy(made(case), target)
        return target
    assert case.source is not None
    data = case.source.read_bytes()
    data = data.replace(b"@SECRET_URI@", secret.as_uri().encode()).replace(b"@URL@", url.encode())
    try:
        target.write_bytes(data)
    except (OSError, UnicodeEncodeError) as error:  # e.g. macOS, Windows
        pytest.skip(f"this file system refuses the name {shown(target.name)}: {error}")
    return target


# --- the test ------------------------------------------------------------------------------------


# One case of each kind stays in the quick run (-m "not slow"): a case costs a child process
# running up to 19 commands, so the others run with the whole suite (CI).
QUICK = {
    "html-xxe-file.html",
    "tbx-xxe-file.tbx",
    "truncated-utf8.txt",
    "table-bad-utf8",
    "xliff-xxe",
}


# Defects these cases found, not fixed yet: each fails until it is (strict).
KNOWN: dict[str, pytest.MarkDecorator] = {}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.name,
            marks=(
                *(() if case.name in QUICK else (pytest.mark.slow,)),
                *((KNOWN[case.name],) if case.name in KNOWN else ()),
            ),
        )
        for case in CASES
    ],
)
def test_hostile_input_gives_a_result_or_one_line_error(
    case: Case, tmp_path: Path, server: tuple[str, list[str]], made: Callable[[Case], Path]
) -> None:
    """Every command that reads the case's kind, in one child process (one row per command)."""
    url, requests = server
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET_MARKER}\n", encoding="utf-8")
    env = Env(tmp_path, str(CORPUS / "en.txt"), str(DATA / "glossary" / "basic.tsv"))
    commands = _commands_for(case)
    inputs = [
        _materialise(case, command, tmp_path / command.id, url, secret, made)
        for command in commands
    ]
    before = len(requests)

    outcomes = run_batch(
        [
            _unchecked(command.args(str(path), env))
            for command, path in zip(commands, inputs, strict=True)
        ],
        tmp_path,
    )

    assert requests[before:] == [], "fetched " + ", ".join(requests[before:])
    _assert_nothing_leaked(outcomes, tmp_path)
    problems = []
    for command, path, outcome in zip(commands, inputs, outcomes, strict=True):
        try:
            _assert_clean_outcome(outcome, str(path))
            if case.kind in command.reads:
                _assert_expected(outcome, case, str(path), command.skips)
            assert outcome.cpu_seconds <= CPU_LIMIT_SECONDS, "over the CPU limit"
            assert outcome.rss_mb <= RSS_LIMIT_MB, "over the memory limit"
        except AssertionError as error:
            problems.append(f"[{command.id}] {str(error).splitlines()[0]}\n{outcome.describe()}")
    assert not problems, "\n\n".join(problems)


#: Commands that check an article's language (tests/test_languages.py tests that check).
LANGUAGE_CHECKED = (
    "split",
    "run",
    "lint",
    "sentences",
    "check",
    "score",
    "report",
    "pair",
    "corpus build",
)


def _unchecked(args: list[str]) -> list[str]:
    """``args`` without the language check: the cases give Korean, English and binary files
    one language so as to reach the parsers, and a refusal would hide what they do."""
    checked = args[0] in LANGUAGE_CHECKED or " ".join(args[:2]) in LANGUAGE_CHECKED
    return [*args, "--no-language-check"] if checked else args


def _assert_nothing_leaked(outcomes: list[Outcome], folder: Path) -> None:
    for outcome in outcomes:
        assert SECRET_MARKER not in outcome.stdout + outcome.stderr, outcome.describe()
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "secret.txt":
            assert SECRET_MARKER.encode() not in path.read_bytes(), f"leaked into {path}"


def _assert_clean_outcome(outcome: Outcome, path: str) -> None:
    assert "Traceback" not in outcome.stderr, "traceback"
    assert "internal error" not in outcome.stderr, "internal error"
    assert outcome.code in (0, 1, 2), "unexpected exit code"
    if outcome.code == 2:
        match = ONE_LINE_ERROR.match(outcome.stderr)
        assert match is not None, "not one line"
        assert match["where"].startswith(shown(path)), "does not name the file"


def _assert_expected(outcome: Outcome, case: Case, path: str, skips: bool = False) -> None:
    if case.expect == "ok":
        assert outcome.code in (0, 1), "expected a result"
    elif case.expect == "error" and skips:
        assert outcome.code == 0, "expected the file skipped and the rest done"
        # line:column where the error has them, as corpus build lists the file
        where = re.escape(shown(path)) + (r":\d+(:\d+)?" if case.line else r"(:\d+){0,2}")
        assert re.search(
            rf"^align: {where}: warning: skipped, unreadable: ", outcome.stderr, re.M
        ), "no warning naming the skipped file"
    elif case.expect == "error":
        assert outcome.code == 2, "expected an error"
        if case.line:
            assert re.match(rf"align: error: {re.escape(shown(path))}:\d+", outcome.stderr), (
                "the error names no line"
            )


# --- the safe XML parser itself ------------------------------------------------------------------


def test_xml_parser_opens_no_external_subset_or_parameter_entity(tmp_path: Path) -> None:
    """libxml2 opens external subsets even with DTD loading off; safexml must stop it first."""
    from align.xmlio import parse_xml

    probe = tmp_path / "probe.dtd"
    probe.write_text("not a DTD: libxml2 fails on it if it reads it", "utf-8")
    uri = probe.as_uri()
    for doctype in (f'SYSTEM "{uri}"', f"PUBLIC '-//x//EN' '{uri}'"):
        for encoding in ("utf-8", "utf-16"):
            data = (
                f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE martif {doctype}>\n'
                "<martif>\n<text>한국 &amp; x</text></martif>"
            ).encode(encoding)
            root = parse_xml(data, "g.tbx")
            assert root.findtext("text") == "한국 & x"
            assert root[0].sourceline == 4  # positions are kept
    with pytest.raises(InputError, match=r"^g\.tbx:2: XML entity declarations"):
        parse_xml(
            f'<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY % p SYSTEM "{uri}"> %p;]><m/>'.encode(),
            "g.tbx",
        )


def test_control_characters_reach_every_xml_and_html_writer_safely(tmp_path: Path) -> None:
    """A report, a TBX export and a TBX add with characters XML 1.0 cannot hold (issue 17,
    item 10) give a result, the characters replaced, instead of exit 70."""
    source, target = tmp_path / "ko.txt", tmp_path / "en.txt"
    source.write_bytes("서울은 \x01 말했다. 기지는 \x1b 빨갛다.\n".encode())
    target.write_bytes(b"Seoul said \x01 so. The base \x1b[31m is red.\n")
    glossary = tmp_path / "g.tsv"
    glossary.write_bytes(
        "concept\tlang\tterm\tnote\nbase\ten\tbase\tnote \x01 here\nbase\tko\t기지\t\n".encode()
    )
    report = tmp_path / "report.html"
    tbx = str(tmp_path / "g.tbx")
    outcomes = run_batch(
        [
            ["report", str(source), str(target), "--glossary", str(glossary)]
            + ["--encoder", "none", "-o", str(report)],
            ["glossary", "convert", str(glossary), tbx],
            ["glossary", "add", tbx, "--concept", "red", "--lang", "en", "--term", "red"]
            + ["--note", "bell \x07 rang"],
        ],
        tmp_path,
    )
    for outcome in outcomes:
        assert outcome.code == 0, outcome.stderr
    assert "\x01" not in report.read_text(encoding="utf-8")
    tbx = (tmp_path / "g.tbx").read_text(encoding="utf-8")
    assert "note \ufffd here" in tbx and "bell \ufffd rang" in tbx
