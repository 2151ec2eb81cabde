"""``align lint`` and ``align glossary validate`` composed: read, match terms, run rules, fix.

This module wires the stages together (readers → terms → lint → findings); the stages never
import one another.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from align import __version__, config, fsio, limits
from align.errors import ConfigError, InputError
from align.export.formats import AlignedSide
from align.jobs import segments
from align.models import Article, Finding, Fix, Glossary, Severity
from align.read import bilingual, readers, sourcemap
from align.review import lint
from align.review.findings import (
    RuleInfo,
    Styler,
    at_least,
    below,
    render,
    sort_findings,
)
from align.review.rules import UNREADABLE_FILE, enabled_rules
from align.shown import shown
from align.terms import combine, matching
from align.terms.formats import read_glossary
from align.terms.validate import VALIDATE_RULES, validate_glossary
from align.text import languages
from align.text.morph import morph_choice
from align.text.normalize import detect_lang

LOG = logging.getLogger("align")


@dataclass(frozen=True, slots=True)
class LintReport:
    """What a lint run found: the reported findings, the rules, and notes for the user; with
    ``diff``, what ``--fix`` would change, as a unified diff and as edits."""

    findings: tuple[Finding, ...]
    rules: tuple[RuleInfo, ...]
    notes: tuple[str, ...]
    diff: str = ""
    #: How many files were linted (a folder counts its articles).
    files: int = 0
    fixes: tuple[Fix, ...] = ()
    #: The findings below the severity asked for, left out of ``findings`` (counted in the
    #: text summary).
    hidden: tuple[Finding, ...] = ()


#: The finding of a file that could not be linted: missing, unreadable, undecodable, too
#: large, or a bilingual file that does not parse. As ruff's ``E902`` and ESLint's fatal
#: parsing error, it names the file and the reason, and the other files are still linted.
UNREADABLE = RuleInfo(
    UNREADABLE_FILE,
    "The file could not be read or parsed, so it was not linted.",
    "error",
)


def rule_infos() -> tuple[RuleInfo, ...]:
    """Every lint rule's id, description and default severity, in registry order, then
    :data:`UNREADABLE` (not a rule on text: it cannot be turned off)."""
    rules = tuple(
        RuleInfo(rule.id, rule.description, rule.severity) for rule in lint.RULES.values()
    )
    return (*rules, UNREADABLE)


def unreadable(report: LintReport) -> list[Finding]:
    """The files of ``report`` that could not be linted (the CLI exits 2 when there are
    any, as for any input error, after reporting the rest)."""
    return [finding for finding in report.findings if finding.rule == UNREADABLE.id]


def _unreadable_finding(error: InputError, file: str) -> Finding:
    """An :data:`UNREADABLE` finding at the place the reading error names, its message the
    error's with its remedy."""
    line, column = error.line or 1, error.column or 1
    message = error.message + (f" ({error.hint})" if error.hint else "")
    return Finding(UNREADABLE.id, "error", error.path or file, line, column, line, column, message)


def list_rules() -> list[str]:
    """What ``align lint --list-rules`` prints: id, default severity, fixable, description;
    last :data:`UNREADABLE`, which a SARIF or JSON consumer meets and looks up here too."""
    return [
        *(
            f"{rule.id:<16} {rule.severity:<8} {'fixable' if rule.fixable else '       '} "
            f"{rule.description}"
            for rule in lint.RULES.values()
        ),
        f"{UNREADABLE.id:<16} {UNREADABLE.severity:<8} {'':7} {UNREADABLE.description} Always on.",
    ]


def _enabled_rules(settings: config.ProjectSettings) -> list[str]:
    on = enabled_rules(settings)
    return [name for name in lint.RULES if name in on]


def lint_paths(
    paths: Sequence[str],
    *,
    glossary_path: str | Sequence[str] | None = None,
    lang: str | None = None,
    severity: Severity | None = None,
    fix: bool = False,
    start: Path | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    morph: str | None = None,
    diff: bool = False,
    unsafe_fixes: bool = False,
    force_exclude: bool = False,
) -> LintReport:
    """Lint each file against the glossary; with ``fix``, rewrite what can be fixed safely.
    ``glossary_path`` may name several glossaries, whose terms are all looked for
    (:mod:`align.terms.combine`).

    Settings not given come from ``[tool.align]`` (see :mod:`align.config`). A file is
    rewritten only when every reported fixable finding in it has a preferred term; only safe
    fixes are made unless ``unsafe_fixes`` (see :func:`align.review.lint.plan_fixes`); glossed
    and attributed mentions never. The rewrite keeps the file's encoding and byte-order mark,
    goes to the file a symbolic link names, and is refused (an ``ExportError``) when the file
    changed since it was read, has several hard links, or its encoding cannot hold the fix
    (:func:`align.fsio.rewrite`). ``diff`` changes nothing and puts the unified diff of what
    ``fix`` would change in the report. A bilingual file (XLIFF, TMX, PO) is linted segment by
    segment, its sources in the source language and its targets in the target language
    (``source_lang``/``target_lang`` override the file's); it is never rewritten. ``morph``
    names the Korean analyser (:mod:`align.text.morph`). ``force_exclude`` skips the files
    given by name that ``[tool.align] exclude`` names, as in a folder (ruff's flag of that
    name: pre-commit names each file, and an excluded draft must not block a commit).

    A file that cannot be read or parsed is an :data:`UNREADABLE` finding and the other files
    are linted, as ruff and ESLint go on; one file named alone raises its ``InputError``.
    """
    settings = config.load_settings(start)
    lang, source_lang, target_lang = (
        None if given is None else languages.check_code(given)
        for given in (lang, source_lang, target_lang)
    )
    morph_name = morph_choice(morph, settings)
    glossary_paths = combine.glossary_files(glossary_path, settings.glossary)
    if not glossary_paths:
        raise ConfigError(
            "no glossary given", hint="pass --glossary FILE or set glossary in [tool.align]"
        )
    level: Severity = severity or settings.severity or "warning"
    enabled = _enabled_rules(settings)
    each_read = [read_glossary(path) for path in glossary_paths]
    terms_glossary = combine.combine(each_read)
    notes: list[str] = []
    for path, each in zip(glossary_paths, each_read, strict=True):
        warnings = validate_glossary(each)
        if warnings:
            notes.append(
                f"{path}: {len(warnings)} glossary warning(s); see 'align glossary validate {path}'"
            )
    reported: list[Finding] = []
    hidden: list[Finding] = []
    diffs: list[str] = []
    fixes: list[Fix] = []
    files = expand_paths(paths, settings, force_exclude=force_exclude)
    # One file named alone fails as check and score fail on it: one error line, exit 2.
    alone = list(paths) == files and len(files) == 1
    for file in files:
        try:
            loaded = _load(file, terms_glossary, enabled, source_lang, target_lang, morph_name)
        except InputError as error:
            if alone:
                raise
            reported.append(_unreadable_finding(error, file))  # the other files go on
            continue
        if isinstance(loaded, list):  # a bilingual file, linted as it was read
            found = at_least(loaded, level)
            hidden.extend(below(loaded, level))
            if (fix or diff) and found:
                notes.append(f"{file}: not fixed: fix a bilingual file in your CAT tool")
            reported.extend(found)
            continue
        data, article = loaded
        read = fsio.snapshot(file, data) if fix and not diff else None
        if lang is not None:
            languages.check_text(article.text, lang, file)
        file_lang = lang or article.lang or detect_lang(article.text)
        document = _document(article, terms_glossary, file_lang, morph_name)
        every = _lint_article(article, document, enabled)
        found = at_least(every, level)
        hidden.extend(below(every, level))
        if (fix or diff) and found:
            fixing = _Fixing(terms_glossary, file_lang, enabled, level, morph_name, unsafe_fixes)
            outcome = _fix(article, document, data, read, found, fixing)
            notes.append(outcome.note)
            diffs.append(outcome.diff)
            fixes.extend(outcome.fixes)
            found = outcome.remaining
        reported.extend(found)
    return LintReport(
        tuple(sort_findings(reported)),
        rule_infos(),
        tuple(notes),
        "".join(diffs),
        len(files),
        tuple(fixes),
        tuple(hidden),
    )


def _load(
    file: str,
    terms_glossary: Glossary,
    enabled: Sequence[str],
    source_lang: str | None,
    target_lang: str | None,
    morph: str,
) -> list[Finding] | tuple[bytes, Article]:
    """A bilingual file's lint findings, or an article's bytes and text: every way a file
    cannot be read or parsed is an ``InputError`` from here, which the caller reports."""
    if bilingual.looks_bilingual(file):
        return _lint_bilingual(file, terms_glossary, enabled, source_lang, target_lang, morph)
    bilingual.warn_misnamed(file)
    # What --fix rewrites is exactly the bytes linted: one read, and its snapshot.
    data = readers.read_bytes(file, limits.max_bytes())
    return data, readers.article_from_bytes(data, file)


def _document(
    article: Article, terms_glossary: Glossary, lang: str, morph: str
) -> lint.LintDocument:
    matches = matching.find_terms(article.text, terms_glossary, lang, morph)
    return lint.LintDocument(
        article.path, article.text, lang, terms_glossary, tuple(matches), sourcemap.locator(article)
    )


#: What ``align lint DIR`` lints under DIR: articles and bilingual files, by their extension.
LINTED_SUFFIXES = (
    ".txt",
    ".html",
    ".htm",
    ".xlf",
    ".xliff",
    ".sdlxliff",
    ".mqxliff",
    ".tmx",
    ".po",
)


def expand_paths(
    paths: Sequence[str], settings: config.ProjectSettings, *, force_exclude: bool = False
) -> list[str]:
    """The files to lint: each file as given (less those ``[tool.align] exclude`` names, with
    ``force_exclude``), and for a folder the files under it with a :data:`LINTED_SUFFIXES`
    extension, in name order, less hidden ones (``.git``, ``.venv``) and those ``[tool.align]
    exclude`` names (patterns relative to its pyproject.toml)."""
    root = Path(settings.path).parent if settings.path else Path.cwd()
    files: list[str] = []
    for given in paths:
        folder = Path(given)
        if not folder.is_dir():
            if not (
                force_exclude
                and config.excluded(folder.resolve(), root.resolve(), settings.exclude)
            ):
                files.append(given)
            continue
        found = len(files)
        for path in readers.files_under(folder):
            relative = path.relative_to(folder).parts
            if (
                path.suffix.lower() in LINTED_SUFFIXES
                and path.is_file()
                and not any(part.startswith(".") for part in relative)
                and not config.excluded(path.resolve(), root.resolve(), settings.exclude)
            ):
                files.append(str(path))
        if len(files) == found:  # a moved folder would pass a CI job for ever, unnoticed
            LOG.warning(
                "%s: warning: no files to lint under this folder (%s; hidden and excluded "
                "ones are skipped)",
                shown(given),
                ", ".join(LINTED_SUFFIXES),
            )
    return files


def _lint_article(
    article: Article, document: lint.LintDocument, enabled: Sequence[str]
) -> list[Finding]:
    return lint.lint_document(
        document, enabled=enabled, suppressed=lint.suppressions(_raw_text(article))
    )


def _lint_bilingual(
    path: str,
    terms_glossary: Glossary,
    enabled: Sequence[str],
    source_lang: str | None,
    target_lang: str | None,
    morph: str,
) -> list[Finding]:
    """Lint findings of both sides of a bilingual file, each naming its segment and side."""
    sides = segments.read_sides(path, source_lang=source_lang, target_lang=target_lang)
    silenced = lint.suppressions(sides.document.text)
    findings: list[Finding] = []
    both: tuple[tuple[segments.Side, AlignedSide, Callable[[int], tuple[int, int]]], ...] = (
        ("source", sides.pair.source, sides.source_locate),
        ("target", sides.pair.target, sides.target_locate),
    )
    for name, side, locate in both:
        matches = matching.find_terms(side.text, terms_glossary, side.lang, morph)
        document = lint.LintDocument(
            path, side.text, side.lang, terms_glossary, tuple(matches), locate
        )
        starts = [locate(sentence.start) for sentence in side.sentences]
        owners = sides.owners(name)
        for finding in lint.lint_document(document, enabled=enabled, suppressed=silenced):
            at = max(0, bisect.bisect_right(starts, (finding.line, finding.column)) - 1)
            findings.append(replace(finding, segment=owners[at].id, side=name))
    return findings


def _raw_text(article: Article) -> str:
    if article.format != "html":
        return article.text
    with contextlib.suppress(OSError, UnicodeDecodeError, LookupError):
        return Path(article.path).read_bytes().decode(article.encoding, errors="replace")
    return ""


@dataclass(frozen=True, slots=True)
class _Fixing:
    """What a fix needs besides the file: the settings to lint the fixed text again."""

    glossary: Glossary
    lang: str
    enabled: Sequence[str]
    level: Severity
    morph: str
    unsafe: bool


@dataclass(frozen=True, slots=True)
class _Fixed:
    note: str
    remaining: list[Finding]
    diff: str = ""
    fixes: tuple[Fix, ...] = ()


def _fix(
    article: Article,
    document: lint.LintDocument,
    data: bytes,
    read: fsio.Snapshot | None,
    found: list[Finding],
    fixing: _Fixing,
) -> _Fixed:
    """Fix ``article`` (read as ``data``): rewrite it when ``read`` is its snapshot, else (for
    ``--diff``) only say what would change."""
    fixable = [f for f in found if lint.RULES[f.rule].fixable]
    if not fixable:
        return _Fixed(f"{article.path}: nothing --fix can rewrite", found)
    if article.format == "html":
        return _Fixed(
            f"{article.path}: not fixed: --fix rewrites plain-text files only "
            "(fix the page's source by hand)",
            found,
        )
    planned = lint.plan_fixes(document, fixable)
    chosen = [
        plan.finding
        for plan in planned
        if plan.safety == "safe" or (fixing.unsafe and plan.safety == "unsafe")
    ]
    held = [plan for plan in planned if plan.safety == "unsafe" and not fixing.unsafe]
    result = lint.fix_text(article.text, chosen)
    if result.unfixable:
        first = result.unfixable[0]
        return _Fixed(
            f"{article.path}: not fixed: {len(result.unfixable)} finding(s) cannot be fixed "
            f"safely (first at line {first.line}: '{first.found}' has no preferred term)",
            found,
        )
    more = (
        f"; {len(held)} more with --unsafe-fixes (first at line {held[0].finding.line}: "
        f"{held[0].reason})"
        if held
        else ""
    )
    if result.text == article.text:
        return _Fixed(f"{article.path}: nothing fixed{more}", found)
    encoded = readers.encode_like(result.text, article.path, article.encoding, data)
    if read is None:
        change = lint.unified_diff(article.path, article.text, result.text)
        return _Fixed(
            f"{article.path}: would fix {len(result.fixed)} finding(s){more}",
            found,
            change,
            result.edits,
        )
    fsio.rewrite(read, encoded)
    fixed_article = readers.article_from_bytes(encoded, article.path, encoding=article.encoding)
    fixed_document = _document(fixed_article, fixing.glossary, fixing.lang, fixing.morph)
    remaining = at_least(_lint_article(fixed_article, fixed_document, fixing.enabled), fixing.level)
    return _Fixed(f"{article.path}: fixed {len(result.fixed)} finding(s){more}", remaining)


def render_report(report: LintReport, fmt: str, style: Styler | None = None) -> str:
    """The findings of ``report`` in ``fmt`` (text, json, sarif or github); ``style``
    colours the text format."""
    return render(
        report.findings,
        fmt,
        rules=report.rules,
        tool="align",
        version=__version__,
        style=style,
    )


def render_fixes(report: LintReport, fmt: str) -> str:
    """What ``align lint --diff`` prints: the unified diff in the ``text`` format, else the
    findings ``--fix`` would fix in ``fmt`` (JSON records with a ``fix``, SARIF results with
    ``fixes``, GitHub annotations), so a machine reads the change without parsing a diff."""
    if fmt == "text":
        return report.diff
    return render(
        [fix.finding for fix in report.fixes],
        fmt,
        rules=report.rules,
        version=__version__,
        fixes={fix.finding: fix for fix in report.fixes},
    )


def validate_report(
    paths: Sequence[str], fmt: str, style: Styler | None = None
) -> tuple[str, list[Finding]]:
    """What ``align glossary validate`` prints for the glossaries ``paths`` (a pre-commit
    hook passes every glossary a commit touches), and their warnings: one report, as ``lint``
    gives one for its files, each rule described (SARIF's ``shortDescription``)."""
    warnings = [
        finding
        for path in paths
        for finding in validate_glossary(read_glossary(path, columns=True))
    ]
    rules = tuple(
        RuleInfo(rule, VALIDATE_RULES.get(rule, rule), "warning")
        for rule in dict.fromkeys(f.rule for f in warnings)
    )
    if fmt == "text" and not warnings:
        return "", warnings
    text = render(
        warnings,
        fmt,
        rules=rules,
        tool="align",
        version=__version__,
        style=style,
    )
    return text, warnings
