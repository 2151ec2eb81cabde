"""Findings output for ``align lint``, ``align check`` and ``align glossary validate``.

Four formats: ``text`` (``path:line:col: severity: rule-id message (suggestion: …)``, as
compilers print; a summary line counts them), ``json`` (an array of findings), ``sarif``
(SARIF 2.1.0, the OASIS Static Analysis Results Interchange Format, read by GitHub code
scanning and editors) and ``github`` (GitHub Actions workflow commands,
``::warning file=…::message``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import PurePath

from align.models import SEVERITIES, Finding, Fix, Severity
from align.read.sourcemap import Locator
from align.shown import shown, uri_path

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule as reports describe it: its id, one-line description and default severity."""

    id: str
    description: str
    severity: Severity


def at_least(findings: Sequence[Finding], severity: Severity) -> list[Finding]:
    """The findings whose severity is ``severity`` or higher."""
    floor = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) >= floor]


def region(
    locate: Callable[[int], tuple[int, int]], start: int, end: int
) -> tuple[int, int, int, int]:
    """The file's ``(line, column, end_line, end_column)`` of the text ``[start, end)`` that
    ``locate`` places: the end is just past the span's last character, not where the next one
    is, since a tag, a comment or a line's markup may come between them (``SDF</g> said``:
    the region ends before ``</g>``, as SARIF's exclusive ``endColumn`` means). A
    :class:`~align.read.sourcemap.Locator` says where that is itself (after ``&#47141;``, not
    inside it); another ``locate`` is taken to write each character in one column."""
    line, column = locate(start)
    if end <= start:
        return line, column, line, column
    located = locate if isinstance(locate, Locator) else Locator(locate)
    end_line, end_column = located.after(end)
    if (end_line, end_column) < (line, column):
        return line, column, line, column
    return line, column, end_line, end_column


def below(findings: Sequence[Finding], severity: Severity) -> list[Finding]:
    """The findings under ``severity``: those :func:`at_least` leaves out."""
    floor = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) < floor]


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings in reading order: by path, line, column, then rule."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule))


#: Colours text by role (a severity, ``rule`` or ``path``); the CLI's, or none.
Styler = Callable[[str, str], str]


def _plain(text: str, role: str) -> str:
    return text


def render(
    findings: Sequence[Finding],
    fmt: str,
    *,
    rules: Sequence[RuleInfo] = (),
    tool: str = "align",
    version: str = "0",
    style: Styler | None = None,
    fixes: Mapping[Finding, Fix] | None = None,
) -> str:
    """``findings`` in format ``fmt`` (one of :data:`FORMATS`), without a final newline;
    ``style`` colours the text format (the machine formats are never coloured). A finding with
    a fix in ``fixes`` carries it where the format can hold one: a ``fix`` object on its JSON
    record, a SARIF ``fixes`` entry (SARIF 2.1.0 §3.55, a deleted region and its inserted
    content); text and GitHub annotations show the finding alone."""
    fixes = fixes or {}
    if fmt == "text":
        return "\n".join(text_line(f, style) for f in findings)
    if fmt == "json":
        records = [
            {**finding_record(f), "fix": fix_record(fixes[f])} if f in fixes else finding_record(f)
            for f in findings
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "sarif":
        return json.dumps(
            sarif_log(findings, rules=rules, tool=tool, version=version, fixes=fixes),
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "github":
        return "\n".join(github_line(f) for f in findings)
    raise ValueError(f"unknown findings format {fmt!r}")


def fix_record(fix: Fix) -> dict[str, object]:
    """The JSON object of a fix: the region replaced (as a finding's is) and its new text."""
    return {
        "line": fix.line,
        "column": fix.column,
        "end_line": fix.end_line,
        "end_column": fix.end_column,
        "replacement": fix.replacement,
    }


def sarif_fix(fix: Fix) -> dict[str, object]:
    """A SARIF ``fix``: one replacement in the finding's file."""
    return {
        "description": {"text": f"Replace with '{fix.replacement}'"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": _uri(fix.finding.path)},
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": fix.line,
                            "startColumn": fix.column,
                            "endLine": fix.end_line,
                            "endColumn": fix.end_column,
                        },
                        "insertedContent": {"text": fix.replacement},
                    }
                ],
            }
        ],
    }


def text_line(finding: Finding, style: Styler | None = None) -> str:
    """``path:line:col: severity: rule-id message (suggestion: …)``, one line whatever the
    message holds (the GCC diagnostic form that editors' problem matchers read)."""
    style = style or _plain
    rest = finding.message
    if finding.suggestion:
        rest += f" (suggestion: {finding.suggestion})"
    rest = " ".join((rest + _source_note(finding) + _segment_note(finding)).split())
    where = " ".join(f"{shown(finding.path)}:{finding.line}:{finding.column}:".split())
    return (
        f"{style(where, 'path')} {style(finding.severity + ':', finding.severity)} "
        f"{style(' '.join(finding.rule.split()), 'rule')} {rest}"
    )


def summary_line(findings: Sequence[Finding], files: int, hidden: Sequence[Finding] = ()) -> str:
    """``3 errors, 12 warnings in 2 files`` (severities with findings, highest first), or
    ``no findings in 2 files``: the last line of a text report, as linters end theirs.

    ``hidden`` are the findings below ``--severity``, counted after the files (``(1 info not
    shown: --severity info)``): ``align run`` writes every severity to ``check.txt`` and counts
    them in its summary, so the same check on the command line says what it left out rather
    than seem to find less."""
    said = _counts(findings)
    where = f"in {files} file{'' if files == 1 else 's'}"
    line = f"{', '.join(said)} {where}" if said else f"no findings {where}"
    if not hidden:
        return line
    if not said:  # "no findings" would deny the hidden ones
        floor = max(SEVERITIES.index(f.severity) for f in hidden) + 1
        line = f"no {' or '.join(f'{s}s' for s in reversed(SEVERITIES[floor:]))} {where}"
    lowest = min((f.severity for f in hidden), key=SEVERITIES.index)
    return f"{line} ({', '.join(_counts(hidden))} not shown: --severity {lowest})"


def _counts(findings: Sequence[Finding]) -> list[str]:
    """``['3 errors', '1 info']``: the severities with findings, highest first."""
    counts = [
        (sum(1 for f in findings if f.severity == severity), severity)
        for severity in reversed(SEVERITIES)
    ]
    return [
        f"{count} {name}{'' if count == 1 or name == 'info' else 's'}"
        for count, name in counts
        if count
    ]


def _source_note(finding: Finding) -> str:
    """`` [source: path:line:col]`` for ``align check`` findings, else nothing."""
    if finding.source_path is None:
        return ""
    where = shown(finding.source_path)
    if finding.source_line is not None:
        where += f":{finding.source_line}"
        if finding.source_column is not None:
            where += f":{finding.source_column}"
    return f" [source: {where}]"


def _segment_note(finding: Finding) -> str:
    """`` [segment ID]`` for findings of the QA checks on a bilingual file, else nothing."""
    return f" [segment {finding.segment}]" if finding.segment is not None else ""


def finding_record(finding: Finding) -> dict[str, object]:
    """The JSON object of a finding: every field of :class:`align.models.Finding`.

    The ``source_*`` fields (set by ``align check``) are left out when empty; ``segment`` and
    ``side`` are there only for findings on a bilingual file's segments, and ``related`` only
    when it names other segments, so the records of the other commands keep their shape.
    """
    record: dict[str, object] = asdict(finding)
    record["path"] = shown(finding.path)
    if finding.source_path is not None:
        record["source_path"] = shown(finding.source_path)
    for key in ("source_path", "source_line", "source_column"):
        if record[key] is None:
            del record[key]
    if finding.segment is None:
        del record["segment"], record["side"]
    if finding.segment is None or not finding.related:
        del record["related"]
    else:
        record["related"] = list(finding.related)
    return record


def _uri(path: str) -> str:
    """A SARIF artifact URI: the name's exact bytes percent-encoded, so none is lost."""
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + uri_path(pure.as_posix())
    return uri_path(pure.as_posix())


def sarif_log(
    findings: Sequence[Finding],
    *,
    rules: Sequence[RuleInfo] = (),
    tool: str = "align",
    version: str = "0",
    fixes: Mapping[Finding, Fix] | None = None,
) -> dict[str, object]:
    """A SARIF 2.1.0 log with one run: the tool, its rules and one result per finding, with
    its fix when ``fixes`` has one."""
    known = {rule.id: rule for rule in rules}
    for finding in findings:
        if finding.rule not in known:
            known[finding.rule] = RuleInfo(finding.rule, finding.rule, finding.severity)
    index = {rule_id: i for i, rule_id in enumerate(known)}
    descriptors = [
        {
            "id": rule.id,
            "name": rule.id,
            "shortDescription": {"text": rule.description},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        }
        for rule in known.values()
    ]
    results = [
        _sarif_result(finding, index[finding.rule], (fixes or {}).get(finding))
        for finding in findings
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": {"name": tool, "version": version, "rules": descriptors}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _sarif_result(finding: Finding, rule_index: int, fix: Fix | None) -> dict[str, object]:
    """One SARIF result: the finding's rule, level, message and place; the source term's place
    as a related location; what SARIF has no field for (concept, found, segment) as
    properties; and its fix, when it has one."""
    text = finding.message
    if finding.suggestion:
        text += f" (suggestion: {finding.suggestion})"
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": finding.end_line,
                        "endColumn": finding.end_column,
                    },
                }
            }
        ],
    }
    properties: dict[str, object] = {
        key: value
        for key, value in (
            ("concept", finding.concept),
            ("found", finding.found),
            ("suggestion", finding.suggestion),
        )
        if value
    }
    if finding.source_path is not None:
        region = {
            key: value
            for key, value in (
                ("startLine", finding.source_line),
                ("startColumn", finding.source_column),
            )
            if value is not None
        }
        source_location: dict[str, object] = {
            "artifactLocation": {"uri": _uri(finding.source_path)}
        }
        if region:
            source_location["region"] = region
        result["relatedLocations"] = [
            {"id": 0, "physicalLocation": source_location, "message": {"text": "source term"}}
        ]
        properties.update(
            {
                key: value
                for key, value in (
                    ("source_path", shown(finding.source_path)),
                    ("source_line", finding.source_line),
                    ("source_column", finding.source_column),
                )
                if value is not None
            }
        )
    if finding.segment is not None:
        properties["segment"] = finding.segment
        if finding.side is not None:
            properties["side"] = finding.side
        if finding.related:
            properties["related"] = list(finding.related)
    if properties:
        result["properties"] = properties
    if fix is not None:
        result["fixes"] = [sarif_fix(fix)]
    return result


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Finding) -> str:
    """A GitHub Actions annotation (``::warning file=…,line=…::message``), escaped as the
    runner expects: ``%``, CR and LF everywhere, and also ``:`` and ``,`` in properties."""
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", shown(finding.path)),
            ("line", finding.line),
            ("col", finding.column),
            ("endLine", finding.end_line),
            ("endColumn", finding.end_column),
            ("title", finding.rule),
        )
    )
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    message += _source_note(finding) + _segment_note(finding)
    return f"::{_GITHUB_LEVEL[finding.severity]} {properties}::{_escape_data(message)}"
