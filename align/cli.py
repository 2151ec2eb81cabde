"""The ``align`` command line: parses options, calls one library function, prints.

Nothing imports this module. Heavy modules (Kiwi, sentencepiece, sacrebleu, polars) are imported
inside the commands, so ``align --help`` starts fast.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from align import fsio
from align.errors import AlignError
from align.models import (
    MATCH_MODES,
    SEVERITIES,
    STATUSES,
    Glossary,
    MatchMode,
    Severity,
    Status,
)
from align.review.findings import FORMATS as FINDING_FORMATS
from align.review.findings import below, render, summary_line
from align.shown import escape_streams

if TYPE_CHECKING:
    from align.terms.glossary import TbxVersion

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in align, not in the user's input

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# --- output: verbosity and colour (on every command) -------------------------------------------

#: Where the library says what it did (created a folder, ...); the CLI shows it on stderr.
LOG = logging.getLogger("align")
COLOR_CHOICES = ("auto", "always", "never")
_STYLES = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "info": {"fg": "cyan"},
    "rule": {"fg": "magenta"},
    "path": {"bold": True},
}


class _ClickHandler(logging.Handler):
    """Log records as lines on stderr, through click (so tests' runners capture them)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _setup_output(ctx: click.Context, quiet: bool, verbose: bool, color: str) -> None:
    """Apply ``-q``/``-v`` (the level of the notes on stderr) and ``--color`` (auto: on a
    terminal, unless the ``NO_COLOR`` environment variable is set; https://no-color.org)."""
    if quiet and verbose:
        raise click.UsageError("give -q/--quiet or -v/--verbose, not both")
    ctx.meta["align.verbosity"] = -1 if quiet else (1 if verbose else 0)
    if color == "always":
        ctx.color = True
    elif color == "never" or (color == "auto" and os.environ.get("NO_COLOR")):
        ctx.color = False
    else:
        ctx.color = None  # click decides: colour on a terminal only
    for handler in [h for h in LOG.handlers if isinstance(h, _ClickHandler)]:
        LOG.removeHandler(handler)
    handler = _ClickHandler()
    handler.setFormatter(logging.Formatter("align: %(message)s"))
    LOG.addHandler(handler)
    LOG.propagate = False
    LOG.setLevel(logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO))


def _verbosity() -> int:
    """-1 with ``-q``, 1 with ``-v``, else 0."""
    ctx = click.get_current_context(silent=True)
    return 0 if ctx is None else int(ctx.meta.get("align.verbosity", 0))


def say(text: str, *, level: int = 0) -> None:
    """A note on stderr (what was written, a summary): hidden by ``-q``; ``level=1`` notes
    only with ``-v``. Results go to stdout with ``click.echo``, whatever the verbosity."""
    if _verbosity() >= level:
        click.echo(text, err=True)


def style(text: str, role: str) -> str:
    """``text`` in the colour of ``role`` (a severity, ``rule`` or ``path``); click removes
    the colour again unless ``--color`` and the terminal allow it."""
    return click.style(text, **_STYLES.get(role, {}))  # type: ignore[arg-type]


class AlignCommand(click.Command):
    """A command with the options every ``align`` command has: ``-q/--quiet``,
    ``-v/--verbose`` and ``--color``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", CONTEXT)
        super().__init__(*args, **kwargs)
        self.params += [
            click.Option(
                ["-q", "--quiet"],
                is_flag=True,
                help="Print results, warnings and errors only: no notes.",
            ),
            click.Option(["-v", "--verbose"], is_flag=True, help="Also say how the work was done."),
            click.Option(
                ["--color"],
                type=click.Choice(COLOR_CHOICES),
                default="auto",
                show_default=True,
                help="Colour rule ids, severities and paths (auto: on a terminal without "
                "NO_COLOR set).",
            ),
        ]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            _refuse_repeated_options(self, ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        _setup_output(
            ctx, ctx.params.pop("quiet"), ctx.params.pop("verbose"), ctx.params.pop("color")
        )
        return super().invoke(ctx)


def _refuse_repeated_options(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    """An option that takes one value, given twice (``--lang en ... --lang ko``), is a usage
    error: click keeps the last one silently, and which one the user meant is a guess. Flags
    may repeat. A line that does not parse is left to click's own parse to report."""
    try:
        _, _, order = command.make_parser(ctx).parse_args(args=list(args))
    except click.UsageError:
        return
    if any(param.is_eager for param in order):
        return  # --help (or --version) answers whatever else the line holds
    seen: set[str | None] = set()
    for param in order:
        if not isinstance(param, click.Option) or param.is_flag or param.multiple:
            continue
        if param.name in seen:
            raise click.UsageError(f"{param.opts[-1]} is given twice (give it once)", ctx)
        seen.add(param.name)


class AlignGroup(click.Group):
    """A group whose commands are :class:`AlignCommand` and whose sub-groups are like it."""

    command_class = AlignCommand
    group_class = type


# --- choices read from the registries ----------------------------------------------------------


class RegistryChoice(click.Choice[str]):
    """A choice whose values come from a registry in a stage module, read when first needed
    (to show help or to check a value), so that ``align --help`` imports no stage."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        super().__init__(())
        self._load = load
        self._loaded: tuple[str, ...] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        if self._loaded is None:
            self._loaded = tuple(self._load())
        return self._loaded

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        return None  # set by click.Choice.__init__; the registry decides


class RegistryList(click.ParamType[tuple[str, ...]]):
    """A comma-separated list of values from a registry (read when first needed)."""

    name = "list"

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "[" + "|".join(self._load()) + "],..."

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        items = tuple(item.strip() for item in str(value).split(",") if item.strip())
        allowed = self._load()
        unknown = [item for item in items if item not in allowed]
        if unknown or not items:
            self.fail(
                f"{', '.join(unknown) or '(none)'} is not among {', '.join(allowed)}", param, ctx
            )
        return items


class OutputPath(click.Path):
    """A path the command writes: a file, or with ``folder`` a folder. An empty path is refused
    (it named the current folder: ``-o ""`` wrote ``.ko``/``.en`` there, or a run's results),
    and so is a file path ending in ``/``, which the user meant as a folder (``-o out/`` wrote a
    file named ``out``)."""

    def __init__(self, *, folder: bool = False) -> None:
        super().__init__(file_okay=not folder, dir_okay=folder, path_type=str)
        self.folder = folder

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = os.fsdecode(value) if isinstance(value, bytes) else str(value)
        if not text:
            kind = "folder" if self.folder else "file"
            self.fail(f"the path is empty (give a {kind} name)", param, ctx)
        separators = (os.sep, os.altsep) if os.altsep else (os.sep,)
        if not self.folder and text.endswith(separators):
            self.fail(
                f"{text!r} names a folder; give a file name (e.g. {text}out), or the path "
                "without the last '/'",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


def _alignment_formats() -> Sequence[str]:
    from align.export.formats import FORMATS

    return tuple(FORMATS)


def _corpus_formats() -> Sequence[str]:
    from align.export.formats import CORPUS_FORMATS

    return CORPUS_FORMATS


def _split_formats() -> Sequence[str]:
    from align.jobs.documents import SPLIT_FORMATS

    return SPLIT_FORMATS


def _tbx_versions() -> Sequence[str]:
    from align.terms.glossary import TBX_VERSIONS

    return TBX_VERSIONS


# --- languages ----------------------------------------------------------------------------------


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a language option: an ISO 639 code or a BCP 47 tag on one (``ko``, ``ko-KR``,
    ``en_US``), in its canonical form; anything else is an ``AlignError`` naming the option, so
    ``main`` prints one line and exits 2."""
    if value is None:
        return None
    from align.text import languages

    return languages.check_code(value, param.opts[0])


# --- the sentence encoder ----------------------------------------------------------------------


def _encoder(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check an ``--encoder`` value (the default needs no check and loads nothing)."""
    if value is None:
        return None
    from align.text.encoder import parse_encoder

    try:
        parse_encoder(value)
    except AlignError as error:
        raise click.BadParameter(f"{error.message} ({error.hint})", ctx, param) from error
    return value


def encoder_option(function: Any) -> Any:
    """``--encoder NAME`` on a command that aligns sentences."""
    return click.option(
        "--encoder",
        default=None,
        callback=_encoder,
        metavar="NAME",
        help="Sentence encoder for the semantic term: use-m3 (default, shipped), none "
        "(lengths and anchors only), or st:PATH (a local sentence-transformers model).",
    )(function)


# --- the Korean analyser -----------------------------------------------------------------------


def _morph(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a ``--morph`` value against the registry (nothing loads); an unknown name is an
    ``AlignError``, so ``main`` prints one line and exits 2."""
    if value is None:
        return None
    from align.text.morph import analyser

    try:
        return analyser(value).name
    except AlignError as error:
        error.message = f"--morph: {error.message}"
        raise


def morph_option(function: Any) -> Any:
    """``--morph NAME`` on a command that matches glossary terms."""
    return click.option(
        "--morph",
        default=None,
        callback=_morph,
        metavar="NAME",
        help="Korean morphological analyser that confirms term matches: mecab (default: "
        "loads in milliseconds) or kiwi (loads a 550 MB model); default: [tool.align] morph.",
    )(function)


# --- the sentence splitter --------------------------------------------------------------------


def _engine(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check an ``--engine`` value against the splitters' registry; an unknown name is an
    ``AlignError``, so ``main`` prints one line and exits 2."""
    if value is None:
        return None
    from align import config
    from align.jobs import documents

    return documents.engine_choice(value, config.ProjectSettings())


_KO_ENGINES = (
    "mecab (default: the rules, MeCab-ko confirming unpunctuated ends), rules (fastest) or kiwi "
    "(loads a 550 MB model)"
)
_KO_ENGINES_BULK = (  # corpus build splits bulk news, where the rules cut as mecab does, faster
    "rules (default: the fastest), mecab (the rules, MeCab-ko confirming unpunctuated ends) or "
    "kiwi (loads a 550 MB model)"
)


def engine_option(function: Any, korean: str = _KO_ENGINES) -> Any:
    """``--engine NAME`` on a command that splits sentences; ``korean`` names the Korean
    engines, the default first."""
    return click.option(
        "--engine",
        default=None,
        callback=_engine,
        metavar="NAME",
        help=f"Sentence splitter where a language has it: ko {korean}; other languages rules; "
        "default: [tool.align] engine.",
    )(function)


def bulk_engine_option(function: Any) -> Any:
    """``--engine NAME`` on ``corpus build``, whose Korean default is the rule engine."""
    return engine_option(function, _KO_ENGINES_BULK)


# --- the bilingual dictionary ------------------------------------------------------------------


def dictionary_option(anchors: str = "") -> Callable[[Any], Any]:
    """``--dictionary FILE`` (its path as ``dictionary_path``) on a command that aligns;
    ``anchors`` says what its word pairs anchor there."""
    said = f", {anchors}" if anchors else ""
    return click.option(
        "--dictionary",
        "dictionary_path",
        default=None,
        metavar="FILE",
        help=f"Bilingual dictionary: TSV of 'source term<TAB>target term' pairs{said}.",
    )


# --- max-bytes -----------------------------------------------------------------------------------


def _size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """A byte count: 5000, 64K, 200M, 1.5G."""
    from align import limits

    try:
        return limits.parse_size(value)
    except AlignError as error:
        raise click.BadParameter(
            f"{error.message}: give a number of bytes with an optional K, M or G "
            "(5000, 64K, 200M, 1.5G)",
            ctx,
            param,
        ) from error


def max_bytes_option(function: Any) -> Any:
    """``--max-bytes SIZE`` on a command that reads user files; every read in it is limited."""

    @functools.wraps(function)
    def limited(*args: Any, max_bytes: int, **kwargs: Any) -> Any:
        from align import limits

        with limits.limited(max_bytes):
            return function(*args, **kwargs)

    return click.option(
        "--max-bytes",
        callback=_size,
        default="200M",
        show_default=True,
        metavar="SIZE",
        help="Refuse input files larger than this (e.g. 50M, 2G).",
    )(limited)


# --- the language check --------------------------------------------------------------------------


def language_check_option(function: Any) -> Any:
    """``--no-language-check`` on a command that reads articles in given languages."""

    @functools.wraps(function)
    def checked(*args: Any, no_language_check: bool, **kwargs: Any) -> Any:
        from align.text import languages

        with languages.checking(not no_language_check):
            return function(*args, **kwargs)

    return click.option(
        "--no-language-check",
        is_flag=True,
        help="Go on when a file does not look like its language (a file whose letters are "
        "nearly all of another script is refused by default: swapped files?).",
    )(checked)


@click.group(cls=AlignGroup, context_settings=CONTEXT)
@click.version_option(None, "-V", "--version", package_name="align", prog_name="align")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """English–Korean translation alignment: split, align, check terms, export corpora.

    \b
    Example:
      align run corpora/hani-2024-03-26-us-japan-alliance -o out
      align split corpora/hani-2024-03-26-us-japan-alliance/ko.txt --lang ko
    """
    from align import limits

    # Every file a command reads is remembered, so that no output can replace an input.
    ctx.with_resource(limits.tracking_inputs())


# --- split -------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--lang",
    default=None,
    metavar="CODE",
    callback=_language,
    help="Language of FILE (ko, en, any ISO 639-1 code, or a BCP 47 tag on one such as "
    "ko-KR); default: detected.",
)
@click.option(
    "--engine",
    default=None,
    metavar="NAME",
    help="Splitter engine: ko has 'mecab' (default), 'rules' and 'kiwi'; others 'rules'; "
    "default: [tool.align] engine where the language has it.",
)
@click.option(
    "--format",
    "fmt",
    type=RegistryChoice(_split_formats),
    default="lines",
    show_default=True,
    help="One sentence per line, or JSON objects with spans.",
)
@click.option("--encoding", default=None, help="Input encoding (default: detected).")
@language_check_option
@max_bytes_option
def split(file: str, lang: str | None, engine: str | None, fmt: str, encoding: str | None) -> None:
    """Split FILE (plain text or saved HTML page) into sentences.

    \b
    Example:
      align split corpora/hani-2024-03-26-us-japan-alliance/en.txt --lang en --format jsonl
    """
    from align.jobs import documents

    document = documents.split_file(file, lang=lang, engine=engine, encoding=encoding)
    say(f"engine: {document.engine}", level=1)
    for line in documents.document_lines(document, fmt):
        click.echo(line)


# --- run ---------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    "output",
    default="out",
    show_default=True,
    type=OutputPath(folder=True),
    help="Folder for the results.",
)
@click.option("--overwrite", is_flag=True, help="Replace results that already exist.")
@click.option(
    "--glossary",
    "glossary_path",
    default=None,
    metavar="FILE",
    help="Glossary for the term check, scores and report "
    "(default: glossary in [tool.align], else align's own "
    "glossaries/defence-diplomacy.tsv when present).",
)
@dictionary_option("anchors of every pair's alignment (and of the corpus exports)")
@encoder_option
@morph_option
@language_check_option
@engine_option
@max_bytes_option
def run(
    directory: str,
    output: str,
    overwrite: bool,
    glossary_path: str | None,
    dictionary_path: str | None,
    encoder: str | None,
    morph: str | None,
    engine: str | None,
) -> None:
    """Do everything the toolkit can do on the article pair(s) in DIRECTORY.

    DIRECTORY holds one pair (ko.txt and en.txt, or .html) or folders that each hold one.
    Results go to OUTPUT/<pair>/; with several pairs, OUTPUT/index.html links every pair's
    report. A progress bar (on a terminal) and a summary table close the run; -v also lists
    every file written, -q shows neither bar nor table.

    \b
    Example:
      align run corpora/hani-2024-03-26-us-japan-alliance -o out
    """
    from align.jobs import run as run_job

    summaries: list[run_job.PairSummary] = []
    for written in run_job.run(
        directory,
        output,
        overwrite=overwrite,
        glossary_path=glossary_path,
        dictionary_path=dictionary_path,
        encoder=encoder,
        morph=morph,
        progress=_stderr_bar if _verbosity() >= 0 and sys.stderr.isatty() else None,
        summaries=summaries,
        engine=engine,
    ):
        if _verbosity() >= 1:
            click.echo(written)
    if _verbosity() >= 0:
        for line in run_job.summary_table(summaries, output):
            click.echo(line)


# --- glossary ----------------------------------------------------------------------------------


@cli.group(context_settings=CONTEXT)
def glossary() -> None:
    """Glossary files: convert between TSV, CSV and TBX, validate, add terms, show.

    \b
    Example:
      align glossary show glossaries/defence-diplomacy.tsv --concept counterstrike-capabilities
    """


@glossary.command("convert", context_settings=CONTEXT)
@click.argument("source", metavar="IN", type=click.Path(dir_okay=False, path_type=str))
@click.argument("target", metavar="OUT", type=OutputPath())
@click.option(
    "--tbx-version",
    type=RegistryChoice(_tbx_versions),
    default="3",
    show_default=True,
    help="TBX written: 3 (TBX-Basic v1.2.1, <tbx>, DCA) or 2 (TBX-Basic v2, <martif>).",
)
@click.option("--overwrite", is_flag=True, help="Replace OUT if it exists.")
@max_bytes_option
def glossary_convert(source: str, target: str, tbx_version: TbxVersion, overwrite: bool) -> None:
    """Convert glossary IN to OUT; formats come from the extensions (.tsv, .csv, .tbx).

    \b
    Example:
      align glossary convert glossaries/defence-diplomacy.tsv out/defence-diplomacy.tbx
    """
    from align.terms import glossary as glossary_io

    converted = glossary_io.convert_glossary(
        source, target, overwrite=overwrite, tbx_version=tbx_version
    )
    _echo_read_warnings(converted)
    say(f"{target}: {glossary_io.size_of(converted.concepts)}")


@glossary.command("validate", context_settings=CONTEXT)
@click.argument(
    "files",
    metavar="FILE...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FINDING_FORMATS),
    default="text",
    show_default=True,
    help="Output format of the warnings.",
)
@max_bytes_option
def glossary_validate(files: tuple[str, ...], fmt: str) -> None:
    """Check each glossary FILE: duplicate terms, languages without a preferred term,
    conflicting statuses, terms equal after normalisation, disguised terms. Exit 1 when there
    are warnings.

    \b
    Examples:
      align glossary validate glossaries/defence-diplomacy.tsv
      align glossary validate glossaries/defence-diplomacy.tsv \\
        glossaries/defence-diplomacy.tbx --format sarif
    """
    from align.jobs import lintrun

    output, warnings = lintrun.validate_report(files, fmt, style)
    if output:
        click.echo(output)
    if fmt == "text":
        say(summary_line(warnings, len(files)))
    if warnings:
        click.get_current_context().exit(1)


@glossary.command("add", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--concept", required=True, metavar="ID", help="Concept id (new or existing).")
@click.option(
    "--lang",
    required=True,
    metavar="CODE",
    callback=_language,
    help="Language of the term (ko, en, ko-KR...).",
)
@click.option("--term", "text", required=True, metavar="TEXT", help="The term itself.")
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default="preferred",
    show_default=True,
    help="Administrative status.",
)
@click.option("--note", default="", help="A note for translators.")
@click.option(
    "--match",
    "match",
    type=click.Choice(MATCH_MODES),
    default="morph",
    show_default=True,
    help="How the term is matched.",
)
@click.option("--case-sensitive", is_flag=True, help="Match the term's case exactly.")
@max_bytes_option
def glossary_add(
    file: str,
    concept: str,
    lang: str,
    text: str,
    status: Status,
    note: str,
    match: MatchMode,
    case_sensitive: bool,
) -> None:
    """Add a term to FILE (created if missing); safe when many run at once.

    \b
    Example:
      align glossary add glossaries/defence-diplomacy.tsv --concept us-forces-korea \\
        --lang en --term "U.S. Forces Korea" --status admitted
    """
    from align.models import Term
    from align.terms import glossary as glossary_io

    added = glossary_io.add_term(
        file,
        Term(
            concept=concept,
            lang=lang,
            text=text,
            status=status,
            note=note,
            match=match,
            case_sensitive=case_sensitive,
        ),
    )
    where = f"{file}:{added.line}" if added.line is not None else file
    say(f"{where}: added {added.lang} '{added.text}' ({added.status}) to {added.concept}")


@glossary.command("show", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--concept", default=None, metavar="ID", help="Show only this concept.")
@max_bytes_option
def glossary_show(file: str, concept: str | None) -> None:
    """Print FILE's concepts and terms with their statuses.

    \b
    Example:
      align glossary show glossaries/defence-diplomacy.tsv --concept indo-pacific-command
    """
    from align.terms import glossary as glossary_io

    read = glossary_io.read_glossary(file)
    _echo_read_warnings(read)
    for line in glossary_io.show_lines(read, concept):
        click.echo(line)


def _echo_read_warnings(read: Glossary) -> None:
    """What the glossary reader understood only in part, one line each on stderr."""
    for warning in read.warnings:
        click.echo(f"align: {warning.path}:{warning.line}: warning: {warning.message}", err=True)


# --- lint --------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("files", metavar="PATH...", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--glossary",
    "glossary_path",
    multiple=True,
    metavar="FILE",
    help="Glossary (.tsv, .csv, .tbx), repeatable: the terms of every one are looked for (a "
    "concept id in two must have the same terms); default: [tool.align] glossary.",
)
@click.option(
    "--lang",
    default=None,
    metavar="CODE",
    callback=_language,
    help="Language of the files (ko, en); default: detected per file.",
)
@click.option(
    "--src-lang",
    "source_lang",
    default=None,
    metavar="CODE",
    callback=_language,
    help="Source language of a bilingual file (default: the file's).",
)
@click.option(
    "--tgt-lang",
    "target_lang",
    default=None,
    metavar="CODE",
    callback=_language,
    help="Target language of a bilingual file (default: the file's).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FINDING_FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--severity",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Report findings of this severity and above (default: [tool.align] severity, "
    "else warning).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Rewrite deprecated terms and variants to the preferred term, in place (safe fixes).",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print what --fix would change instead of the findings (text: a unified diff; json, "
    "sarif, github: the findings it would fix, with their fixes); change nothing (exit 1 "
    "when there would be changes).",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Let --fix and --diff also make fixes that are not certain (terms in quotation "
    "marks, other case or inflection, endings that may change form).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Skip the files [tool.align] exclude names even when given as FILE (pre-commit "
    "names each file a commit touches; the align-lint hook sets this).",
)
@click.option("--list-rules", is_flag=True, help="Print the rules and exit.")
@morph_option
@language_check_option
@max_bytes_option
def lint(
    files: tuple[str, ...],
    glossary_path: tuple[str, ...],
    lang: str | None,
    source_lang: str | None,
    target_lang: str | None,
    fmt: str,
    severity: Severity | None,
    fix: bool,
    diff: bool,
    unsafe_fixes: bool,
    force_exclude: bool,
    list_rules: bool,
    morph: str | None,
) -> None:
    """Check files (text or saved HTML) against a glossary: deprecated or forbidden terms,
    spacing and hyphenation variants, several forms of one concept. A folder PATH lints the
    articles and bilingual files under it (.txt, .html, .htm, .xlf, .xliff, .tmx, .po), less
    hidden ones and those [tool.align] exclude = [...] names (gitignore-like globs). A
    bilingual FILE (XLIFF, TMX, PO) is linted segment by segment, sources in the source
    language and targets in the target language; findings name their segment and side
    (--fix leaves it alone). Text output ends with a summary on stderr (-q hides it).

    Exit status: 0 when nothing is reported, 1 when findings are, 2 on a usage or input error;
    among several files, one that cannot be read or parsed is an unreadable-file error naming
    the reason, the others are linted, and the exit status is 2.
    Silence a line with a comment: <!-- align: ignore CONCEPT --> or # align: ignore CONCEPT.

    --fix rewrites a file only if it is unchanged since it was read, in its own encoding and
    byte-order mark, through symbolic links; a hard-linked file is refused (exit 2). A term
    glossed with its preferred one, "X (Y)", or quoted and attributed, is left as written.

    \b
    Example:
      align lint corpora/hani-2024-03-26-us-japan-alliance/en.txt \\
        --glossary glossaries/defence-diplomacy.tsv --format sarif
    """
    from align.jobs import lintrun

    if list_rules:
        for line in lintrun.list_rules():
            click.echo(line)
        return
    if not files:
        raise click.UsageError("give at least one FILE or folder (or --list-rules)")
    if unsafe_fixes and not (fix or diff):
        raise click.UsageError("--unsafe-fixes goes with --fix or --diff")
    report = lintrun.lint_paths(
        list(files),
        glossary_path=glossary_path,
        lang=lang,
        severity=severity,
        fix=fix,
        source_lang=source_lang,
        target_lang=target_lang,
        morph=morph,
        diff=diff,
        unsafe_fixes=unsafe_fixes,
        force_exclude=force_exclude,
    )
    for note in report.notes:
        say(f"align: {note}")
    # A file that could not be read is an input error (exit 2), said after the rest is linted.
    failed = 2 if lintrun.unreadable(report) else 0
    if diff:
        for finding in lintrun.unreadable(report):  # an error: shown under -q too
            click.echo(render([finding], "text"), err=True)
        changes = lintrun.render_fixes(report, fmt)
        click.echo(changes, nl=fmt != "text" and bool(changes))
        click.get_current_context().exit(failed or (1 if report.diff else 0))
    output = lintrun.render_report(report, fmt, style)
    if output and (report.findings or fmt in ("json", "sarif")):
        click.echo(output)
    if fmt == "text":
        say(summary_line(report.findings, report.files, report.hidden))
    if report.findings:
        click.get_current_context().exit(failed or 1)


# --- pair --------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("source_dir", type=click.Path(file_okay=False, path_type=str))
@click.argument("target_dir", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--src-lang",
    "source_lang",
    default="ko",
    show_default=True,
    metavar="CODE",
    callback=_language,
    help="Language of the documents in SOURCE_DIR.",
)
@click.option(
    "--tgt-lang",
    "target_lang",
    default="en",
    show_default=True,
    metavar="CODE",
    callback=_language,
    help="Language of the documents in TARGET_DIR.",
)
@click.option(
    "-o",
    "--output",
    default=None,
    type=OutputPath(),
    help="Write the pairs to this .tsv or .parquet file (default: TSV on stdout).",
)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@encoder_option
@language_check_option
@max_bytes_option
def pair(
    source_dir: str,
    target_dir: str,
    source_lang: str,
    target_lang: str,
    output: str | None,
    overwrite: bool,
    encoder: str | None,
) -> None:
    """Pair the articles in SOURCE_DIR with their translations in TARGET_DIR.

    Reads every .txt, .html and .htm file under both folders. A target page linking to its
    original, or file names sharing an article id, pair first (method 'link' or 'id'); the
    rest pair by content: numbers, dates, Latin-script names, transliterated names, length and
    the documents' meaning (method 'content'), one to one. Columns: src_path, tgt_path, score
    (0-1), method.
    Documents without a partner are rows of their own with the other path empty (null in
    Parquet) and method 'unpaired'. An unreadable document is skipped with a warning naming
    it and why (as 'corpus build' lists it), and a line of counts closes such a run; exit 0.

    \b
    Example:
      align pair crawl/ko crawl/en -o pairs.parquet
      align pair crawl/ko crawl/en > pairs.tsv
    """
    from align.jobs import pairs

    report = pairs.pair_folders(
        source_dir,
        target_dir,
        source_lang=source_lang,
        target_lang=target_lang,
        output=output,
        overwrite=overwrite,
        encoder=encoder,
    )
    if report.text is not None:
        click.echo(report.text, nl=False)
    elif output is not None:
        say(output)  # as every writer names the file it wrote
    if report.unreadable:
        say(report.counts)  # the others were read: paired, or rows of their own (unpaired)


# --- sentences ---------------------------------------------------------------------------------


_PRESPLIT = click.option(
    "--presplit",
    is_flag=True,
    help="Files hold one sentence per line (no splitting, no models loaded).",
)
"""``--presplit`` of ``sentences``, ``check``, ``score`` and ``report``: one wording."""


@cli.command(context_settings=CONTEXT)
@click.argument("source", metavar="SRC", type=click.Path(dir_okay=False, path_type=str))
@click.argument("target", metavar="TGT", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--src-lang",
    "source_lang",
    default="ko",
    show_default=True,
    metavar="CODE",
    callback=_language,
    help="Language of SRC (any ISO 639-1 code, or a BCP 47 tag on one: ko-KR).",
)
@click.option(
    "--tgt-lang",
    "target_lang",
    default="en",
    show_default=True,
    metavar="CODE",
    callback=_language,
    help="Language of TGT (any ISO 639-1 code, or a BCP 47 tag on one: en-US).",
)
@_PRESPLIT
@click.option(
    "--glossary",
    "glossary_path",
    default=None,
    metavar="FILE",
    help="Glossary (TSV/CSV/TBX): concepts found on both sides anchor the alignment.",
)
@dictionary_option()
@click.option(
    "--format",
    "fmt",
    type=RegistryChoice(_alignment_formats),
    default=None,
    help="Output format (default: the one -o's extension names, .tmx, .tsv, .jsonl, .xlf or "
    ".links, else links).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="OUT",
    type=OutputPath(),
    help="Output file (moses: OUT.<src-lang> and OUT.<tgt-lang>); default stdout.",
)
@click.option("--overwrite", is_flag=True, help="Replace outputs that already exist.")
@encoder_option
@language_check_option
@engine_option
@max_bytes_option
def sentences(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    presplit: bool,
    glossary_path: str | None,
    dictionary_path: str | None,
    fmt: str | None,
    output: str | None,
    overwrite: bool,
    encoder: str | None,
    engine: str | None,
) -> None:
    """Align the sentences of SRC with those of TGT (links with scores in [0, 1]).

    \b
    links: one link per line, [i,j]:[k]:0.873 (0-based indices of SRC, then TGT);
    [i]:[] and []:[k] are sentences with no counterpart.
    xliff (XLIFF 2.1) and xliff12 (XLIFF 1.2): one unit per link with its
    score, for review in a CAT tool; omissions are units without a target.
    jsonl: every link too. tsv, tmx and moses hold the parallel pairs: the
    links with both sides (1-0 and 0-1 links are left out).

    \b
    Example:
      align sentences corpora/hani-2024-03-26-us-japan-alliance/ko.txt \\
        corpora/hani-2024-03-26-us-japan-alliance/en.txt --format tmx -o seed.tmx
      align sentences ko.lines en.lines --presplit --format moses -o corpus
    """
    from align.export.formats import output_format
    from align.jobs import alignment

    fmt = output_format(fmt, output)  # before any work: -o seed.tmx without --format is tmx
    pair = alignment.align_files(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        presplit=presplit,
        glossary_path=glossary_path,
        dictionary_path=dictionary_path,
        encoder=encoder,
        engine=engine,
    )
    for note in pair.notes:
        say(f"align: {note}")
    text, written = alignment.write_alignment(pair, fmt, output, overwrite=overwrite)
    if text is not None:
        click.echo(text, nl=False)
    for path in written:
        say(path)


# --- check, score, report ----------------------------------------------------------------------

_PAIR_ARGS = [
    click.argument(
        "source", metavar="SRC", required=False, type=click.Path(dir_okay=False, path_type=str)
    ),
    click.argument(
        "target", metavar="[TGT]", required=False, type=click.Path(dir_okay=False, path_type=str)
    ),
    click.option(
        "--glossary",
        "glossary_path",
        multiple=True,
        metavar="FILE",
        help="Glossary (.tsv, .csv, .tbx), repeatable: the terms of every one are looked for "
        "(a concept id in two must have the same terms); default: glossary in [tool.align]. "
        "Optional for a bilingual file.",
    ),
    _PRESPLIT,
    click.option(
        "--src-lang",
        "source_lang",
        default=None,
        metavar="CODE",
        callback=_language,
        help="Language of SRC (default: ko; a bilingual file's own).",
    ),
    click.option(
        "--tgt-lang",
        "target_lang",
        default=None,
        metavar="CODE",
        callback=_language,
        help="Language of TGT (default: en; a bilingual file's own).",
    ),
]


def _need_source(source: str | None) -> str:
    """SRC, which the pair commands need unless they only list rules."""
    if source is None:
        raise click.UsageError(
            "give SRC TGT (two articles) or FILE (a bilingual XLIFF, TMX or PO file)"
        )
    return source


def _pair_options(function: Any) -> Any:
    for decorator in reversed(_PAIR_ARGS):
        function = decorator(function)
    return encoder_option(morph_option(language_check_option(engine_option(function))))


@cli.command(context_settings=CONTEXT)
@_pair_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FINDING_FORMATS),
    default="text",
    show_default=True,
    help="Output format (as for align lint).",
)
@click.option(
    "--severity",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Report findings of this severity and above (default: [tool.align] severity, "
    "else warning).",
)
@click.option("--list-rules", is_flag=True, help="Print the rules and exit.")
@max_bytes_option
def check(
    source: str | None,
    target: str | None,
    glossary_path: tuple[str, ...],
    presplit: bool,
    source_lang: str | None,
    target_lang: str | None,
    encoder: str | None,
    morph: str | None,
    engine: str | None,
    fmt: str,
    severity: Severity | None,
    list_rules: bool,
) -> None:
    """Check that TGT renders SRC's glossary terms as approved, consistently, with the same
    numbers. SRC and TGT are split and aligned; findings point into TGT (path:line:col) and
    carry the source term's place (source_path, source_line, source_column).

    Given one FILE, an XLIFF (1.2, 2.x, SDLXLIFF, MQXLIFF), TMX or PO file as a CAT tool
    exports it, its segment pairs are checked as they stand, with the translation QA rules
    too; findings point into FILE and name their segment (JSON: segment, side).

    \b
    Rules (--list-rules): missing-term, untranslated-term (info), forbidden-term,
    deprecated-term, inconsistent-term, number-mismatch; on bilingual files also untranslated,
    inconsistent-target, inconsistent-source, tag-mismatch, placeholder-mismatch,
    punctuation-end, url-mismatch, email-mismatch, bracket-balance, quote-balance,
    double-space, repeated-word, whitespace-edge, length-ratio.
    Turn rules off with [tool.align] rules; silence a line with <!-- align: ignore RULE -->.
    Exit status: 0 when nothing is reported, 1 when findings are, 2 on a usage or input error.

    \b
    Examples:
      align check corpora/hani-2024-03-26-us-japan-alliance/ko.txt \\
        corpora/hani-2024-03-26-us-japan-alliance/en.txt \\
        --glossary glossaries/defence-diplomacy.tsv --format json
      align check project.xlf --glossary glossaries/defence-diplomacy.tsv
    """
    from align.jobs import checkrun

    if list_rules:
        for line in checkrun.list_rules():
            click.echo(line)
        return
    checked = checkrun.check_files(
        _need_source(source),
        target,
        glossary_path,
        source_lang=source_lang,
        target_lang=target_lang,
        encoder=encoder,
        morph=morph,
        engine=engine,
        presplit=presplit,
    )
    level = checkrun.severity_choice(severity)
    found = checkrun.reported(checked, level)
    output = checkrun.render_findings(found, fmt, style)
    if output and (found or fmt in ("json", "sarif")):
        click.echo(output)
    if fmt == "text":
        hidden = below(checked.findings, level)
        say(summary_line(found, 1 if target is None else 2, hidden))
    if found:
        click.get_current_context().exit(1)


@cli.command(context_settings=CONTEXT)
@_pair_options
@click.option(
    "--hyp",
    "hypothesis",
    default=None,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=str),
    help="MT output for SRC, one line per SRC sentence (as 'align split' gives them, or "
    "SRC's lines with --presplit; another line count is an error); adds BLEU, chrF, chrF++, "
    "TER and term metrics.",
)
@click.option(
    "--hyp-document",
    "hypothesis_document",
    default=None,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=str),
    help="MT output for SRC as a document (any lines): split and aligned to SRC, then "
    "scored as with --hyp.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@max_bytes_option
def score(
    source: str | None,
    target: str | None,
    glossary_path: tuple[str, ...],
    presplit: bool,
    source_lang: str | None,
    target_lang: str | None,
    encoder: str | None,
    morph: str | None,
    engine: str | None,
    hypothesis: str | None,
    hypothesis_document: str | None,
    fmt: str,
) -> None:
    """Term accuracy, term consistency and alignment coverage of TGT as a translation of SRC
    (and MT metrics of a hypothesis with --hyp). Given one FILE (XLIFF, TMX or PO), the
    numbers of its segment pairs.

    --hyp is line-aligned: line i translates SRC's sentence i (the lines 'align split SRC'
    prints, SRC's lines with --presplit, or FILE's segments that have source text, in
    order); a different number of lines is an error (exit 2).
    --hyp-document takes a translation of the whole document, split and aligned to SRC.

    \b
    JSON keys: term_accuracy, term_consistency, concepts, alignment, and mt with --hyp.

    \b
    Example:
      align score corpora/hani-2024-03-26-us-japan-alliance/ko.txt \\
        corpora/hani-2024-03-26-us-japan-alliance/en.txt \\
        --glossary glossaries/defence-diplomacy.tsv --format json
    """
    import json

    from align.jobs import checkrun
    from align.review import scoring

    if hypothesis and hypothesis_document:
        raise click.UsageError("give --hyp or --hyp-document, not both")
    result = checkrun.score_files(
        _need_source(source),
        target,
        glossary_path,
        source_lang=source_lang,
        target_lang=target_lang,
        hypothesis_path=hypothesis or hypothesis_document,
        hypothesis_document=hypothesis_document is not None,
        encoder=encoder,
        morph=morph,
        engine=engine,
        presplit=presplit,
    )
    if fmt == "json":
        click.echo(json.dumps(scoring.score_record(result), ensure_ascii=False, indent=2))
        return
    for line in scoring.summary_lines(result):
        click.echo(line)
    for line in scoring.concept_lines(result):
        click.echo(line)


@cli.command(context_settings=CONTEXT)
@_pair_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=OutputPath(),
    help="The HTML file to write.",
)
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@max_bytes_option
def report(
    source: str | None,
    target: str | None,
    glossary_path: tuple[str, ...],
    presplit: bool,
    source_lang: str | None,
    target_lang: str | None,
    encoder: str | None,
    morph: str | None,
    engine: str | None,
    output: str,
    overwrite: bool,
) -> None:
    """Write a self-contained HTML report: aligned sentences side by side with link scores,
    glossary terms highlighted, findings (click one to see its pair), scores at the top.
    Given one FILE (XLIFF, TMX or PO), its segment pairs and their QA findings.

    \b
    Example:
      align report corpora/hani-2024-03-26-us-japan-alliance/ko.txt \\
        corpora/hani-2024-03-26-us-japan-alliance/en.txt \\
        --glossary glossaries/defence-diplomacy.tsv -o report.html
    """
    from align.jobs import reportrun

    say(
        reportrun.write_report(
            _need_source(source),
            target,
            glossary_path,
            output,
            source_lang=source_lang,
            target_lang=target_lang,
            overwrite=overwrite,
            encoder=encoder,
            morph=morph,
            engine=engine,
            presplit=presplit,
        )
    )


# --- corpus ------------------------------------------------------------------------------------


@cli.group(context_settings=CONTEXT)
def corpus() -> None:
    """Build parallel corpora from two folders of articles, and subword models on them.

    \b
    Example:
      align corpus build crawl/ko crawl/en -o corpus-out --min-score 0.6
      align corpus spm corpus-out --vocab-size 8000
    """


def _stderr_bar(label: str, total: int) -> Any:
    """A progress bar on stderr for one step of a corpus build, given only when stderr is a
    terminal, as ``run``'s: elsewhere click draws no bar but prints each label, a bare
    ``read`` line in a log."""
    return click.progressbar(
        length=max(total, 0),
        label=f"{label:<6}",
        file=sys.stderr,
        show_pos=True,
        hidden=_verbosity() < 0,  # -q: no bar
    )


BUILD_INTERRUPTED = (
    "interrupted: the batches finished so far are kept; run the same command again to resume"
)
"""What an interrupted ``corpus build`` says (a resumed build skips the batches written)."""


@corpus.command("build", context_settings=CONTEXT)
@click.argument("source_dir", type=click.Path(file_okay=False, path_type=str))
@click.argument("target_dir", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    metavar="OUT_DIR",
    type=OutputPath(folder=True),
    help="Folder for the corpus.",
)
@click.option(
    "--src-lang",
    "source_lang",
    default="ko",
    show_default=True,
    metavar="CODE",
    callback=_language,
    help="Language of the documents in SOURCE_DIR.",
)
@click.option(
    "--tgt-lang",
    "target_lang",
    default="en",
    show_default=True,
    metavar="CODE",
    callback=_language,
    help="Language of the documents in TARGET_DIR.",
)
@click.option(
    "--glossary",
    "glossary_path",
    default=None,
    metavar="FILE",
    help="Glossary (TSV/CSV/TBX): anchors the alignment; concepts listed per link.",
)
@dictionary_option("anchors of the alignment (recorded in the manifest by its checksum)")
@click.option(
    "--min-score",
    default=0.5,
    show_default=True,
    type=float,
    help="Export only links whose alignment score is at least this (0-1).",
)
@click.option(
    "--min-similarity",
    default=0.0,
    show_default=True,
    type=float,
    help="Export only links whose meanings stand out from their neighbours by this margin "
    "(cosine over the neighbours' mean; about 1.05-1.2; 0 keeps all).",
)
@click.option(
    "--format",
    "formats",
    type=RegistryList(_corpus_formats),
    default=None,
    help="Comma-separated exports  [default: all]",
)
@click.option(
    "--workers", default=None, type=int, help="Local worker processes (default: all cores)."
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (needs "
    "align[dask]; input paths must be readable by the workers).",
)
@click.option(
    "--scheduler-timeout",
    default=30.0,
    show_default=True,
    type=float,
    metavar="SECONDS",
    help="Give up when the Dask scheduler has not connected and answered within this.",
)
@bulk_engine_option
@click.option("--overwrite", is_flag=True, help="Rebuild from nothing, replacing OUT_DIR's corpus.")
@encoder_option
@morph_option
@language_check_option
@max_bytes_option
def corpus_build(
    source_dir: str,
    target_dir: str,
    out_dir: str,
    source_lang: str,
    target_lang: str,
    glossary_path: str | None,
    dictionary_path: str | None,
    min_score: float,
    min_similarity: float,
    formats: tuple[str, ...] | None,
    workers: int | None,
    scheduler: str | None,
    scheduler_timeout: float,
    engine: str | None,
    overwrite: bool,
    encoder: str | None,
    morph: str | None,
) -> None:
    """Pair the articles of SOURCE_DIR and TARGET_DIR, split, align, filter and export them.

    OUT_DIR receives documents.parquet, links.parquet, corpus.tmx, corpus.<src>,
    corpus.<tgt>, corpus.jsonl and manifest.json (settings, counts per filter, checksums,
    signature, library versions). An interrupted build resumes where it stopped when run
    again. On a Dask cluster: --scheduler tcp://HOST:8786 (input paths readable by the
    workers).

    \b
    Example:
      align corpus build crawl/ko crawl/en -o corpus-out
      align corpus build crawl/ko crawl/en -o corpus-out --format tmx,jsonl --workers 2
    """
    from align.jobs import corpus as corpus_job

    settings = corpus_job.settings_from_options(
        source_lang,
        target_lang,
        engine=engine,
        morph=morph,
        encoder=encoder,
        formats=formats,
        glossary=glossary_path,
        dictionary=dictionary_path,
        min_score=min_score,
        min_similarity=min_similarity,
    )
    try:
        report = corpus_job.build_corpus(
            source_dir,
            target_dir,
            out_dir,
            settings,
            workers=workers,
            scheduler=scheduler,
            scheduler_timeout=scheduler_timeout,
            overwrite=overwrite,
            progress=_stderr_bar if sys.stderr.isatty() else None,
        )
    except KeyboardInterrupt:
        # Click would say only "aborted": say what was kept (the batches written; those in
        # progress were dropped, their workers stopped) and how to go on.
        click.echo(f"align: {BUILD_INTERRUPTED}", err=True)
        sys.exit(130)
    for line in corpus_job.summary_lines(report):
        say(line)
    for warning in corpus_job.build_warnings(report.manifest):
        click.echo(f"align: warning: {warning}", err=True)


@corpus.command("spm", context_settings=CONTEXT)
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--vocab-size",
    default=8000,
    show_default=True,
    type=int,
    help="Subword vocabulary size (a small corpus may yield fewer pieces: a warning says "
    "how many).",
)
@click.option(
    "--joint/--per-language",
    default=True,
    show_default=True,
    help="One model for both languages, or one per language.",
)
@click.option("--overwrite", is_flag=True, help="Replace models trained before.")
def corpus_spm(out_dir: str, vocab_size: int, joint: bool, overwrite: bool) -> None:
    """Train a sentencepiece model on the corpus in OUT_DIR (built by 'align corpus build').

    Writes spm.model/spm.vocab (joint) or spm.<lang>.model/.vocab, and records them in
    manifest.json. With --overwrite, models trained before that the new ones replace in the
    manifest are removed (a joint model when training per language, and the reverse).

    \b
    Example:
      align corpus spm corpus-out --vocab-size 8000
      align corpus spm corpus-out --per-language --vocab-size 4000
    """
    from align.jobs import corpus as corpus_job

    trained = corpus_job.train_subwords(
        out_dir, vocab_size=vocab_size, joint=joint, overwrite=overwrite
    )
    for path in trained.written:
        say(path)
    for path in trained.removed:
        say(f"removed {path} (no longer in the manifest)")
    for warning in trained.warnings:
        click.echo(f"align: warning: {warning}", err=True)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback."""
    escape_streams(sys.stdout, sys.stderr)
    try:
        code = cli.main(args=argv, prog_name="align", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        error.show()  # `align` or `align corpus` alone: the help as click lays it out, exit 2
        sys.exit(EXIT_USER_ERROR)
    except click.exceptions.ClickException as error:
        click.echo(f"align: error: {_click_message(error)}", err=True)
        sys.exit(EXIT_USER_ERROR if error.exit_code == 2 else error.exit_code)
    except click.exceptions.Abort:
        click.echo("align: aborted", err=True)
        sys.exit(130)
    except AlignError as error:
        click.echo(f"align: error: {error}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("align: interrupted", err=True)
        sys.exit(130)
    except OSError as error:
        full = fsio.disk_full(error, error.filename or "the output") or fsio.name_too_long(error)
        if full is None or os.environ.get("ALIGN_DEBUG"):
            _internal_error(error)
        click.echo(f"align: error: {full}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except MemoryError:
        click.echo(
            "align: error: out of memory (limit the input with --max-bytes, or split it)", err=True
        )
        sys.exit(EXIT_USER_ERROR)
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        _internal_error(error)
    sys.exit(code if isinstance(code, int) else 0)


def _internal_error(error: Exception) -> None:
    """A bug in align: one line and exit 70 (the traceback with ALIGN_DEBUG=1)."""
    if os.environ.get("ALIGN_DEBUG"):
        raise error
    click.echo(
        f"align: internal error: {type(error).__name__}: {error} "
        "(a bug in align: please report it; ALIGN_DEBUG=1 shows the traceback)",
        err=True,
    )
    sys.exit(EXIT_INTERNAL_ERROR)


def _click_message(error: click.exceptions.ClickException) -> str:
    """Click's error as one line, with where to read the usage for a usage error."""
    message = " ".join(error.format_message().split())
    if isinstance(error, click.exceptions.UsageError) and error.ctx is not None:
        message += f" (see '{error.ctx.command_path} --help')"
    return message
