"""Project settings from ``[tool.align]`` in the nearest ``pyproject.toml`` (PEP 518).

The file is found by walking up from the current folder to the first ``pyproject.toml`` that
has a ``[tool.align]`` table. Unknown keys are errors, never ignored.

.. code-block:: toml

    [tool.align]
    glossary = "glossaries/defence-diplomacy.tsv"   # relative to this pyproject.toml
    severity = "warning"                            # info, warning or error
    rules = { mixed-forms = false }                 # turn lint rules on or off
    morph = "mecab"                                 # Korean analyser: mecab or kiwi
    exclude = ["drafts/", "*.old.txt"]              # what 'align lint DIR' skips
    engine = "mecab"                                # Korean splitter: mecab, rules or kiwi
"""

from __future__ import annotations

import difflib
import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path

from align.errors import ConfigError
from align.models import SEVERITIES, Severity

KEYS = ("glossary", "severity", "rules", "morph", "exclude", "engine")


@dataclass(frozen=True, slots=True)
class ProjectSettings:
    """What ``[tool.align]`` sets; ``path`` is the pyproject.toml it came from (or None)."""

    path: str | None = None
    glossary: str | None = None
    severity: Severity | None = None
    rules: tuple[tuple[str, bool], ...] = ()
    #: The Korean morphological analyser's name (checked against the registry when used).
    morph: str | None = None
    #: Glob patterns (gitignore-like) of files a folder given to ``align lint`` skips.
    exclude: tuple[str, ...] = ()
    #: The sentence splitter engine's name, where a language has it (checked when used).
    engine: str | None = None


def find_pyproject(start: Path) -> Path | None:
    """The first ``pyproject.toml`` with a ``[tool.align]`` table from ``start`` upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and b"[tool.align" in candidate.read_bytes():
            return candidate
    return None


def load_settings(start: Path | None = None) -> ProjectSettings:
    """Read ``[tool.align]`` found from ``start`` (default: the current folder)."""
    path = find_pyproject(start or Path.cwd())
    if path is None:
        return ProjectSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"cannot read settings: {error}", path=str(path), hint="fix the TOML syntax"
        ) from error
    table = data.get("tool", {}).get("align")
    if not isinstance(table, dict):
        return ProjectSettings()
    return parse_settings(table, str(path))


def parse_settings(table: dict[str, object], path: str) -> ProjectSettings:
    """Check a ``[tool.align]`` table: known keys, right types, known values."""
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.7)
            meant = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(
                f"unknown key '{key}' in [tool.align]",
                path=path,
                hint=meant + "known keys: " + ", ".join(KEYS),
            )
    glossary = table.get("glossary")
    if glossary is not None and not isinstance(glossary, str):
        raise ConfigError("[tool.align] glossary must be a path string", path=path)
    if isinstance(glossary, str):
        glossary = str(Path(path).parent / glossary)
    severity = table.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ConfigError(
            f"[tool.align] severity '{severity}' is unknown",
            path=path,
            hint="use " + ", ".join(SEVERITIES),
        )
    rules = table.get("rules", {})
    if not isinstance(rules, dict) or not all(
        isinstance(name, str) and isinstance(on, bool) for name, on in rules.items()
    ):
        raise ConfigError(
            "[tool.align] rules must map rule ids to true or false",
            path=path,
            hint="e.g. rules = { mixed-forms = false }",
        )
    morph = table.get("morph")
    if morph is not None and not isinstance(morph, str):
        raise ConfigError(
            "[tool.align] morph must be an analyser name", path=path, hint='e.g. morph = "mecab"'
        )
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        raise ConfigError(
            "[tool.align] exclude must be a list of glob patterns",
            path=path,
            hint='e.g. exclude = ["drafts/", "*.old.txt"]',
        )
    engine = table.get("engine")
    if engine is not None and not isinstance(engine, str):
        raise ConfigError(
            "[tool.align] engine must be a splitter engine name",
            path=path,
            hint='e.g. engine = "rules"',
        )
    level: Severity | None = None
    for known in SEVERITIES:
        if severity == known:
            level = known
    return ProjectSettings(
        path=path,
        glossary=glossary,
        severity=level,
        rules=tuple((name, bool(on)) for name, on in rules.items()),
        morph=morph,
        exclude=tuple(exclude),
        engine=engine,
    )


def excluded(path: Path, root: Path, patterns: tuple[str, ...]) -> bool:
    """Whether ``path`` (a file under ``root``) matches one of ``patterns``, read as in
    ``.gitignore`` (https://git-scm.com/docs/gitignore): a pattern without a slash matches a
    file or folder name at any depth; one with a slash matches the path from ``root``; a
    trailing slash matches a folder and everything under it."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = path
    parts = relative.parts
    for raw in patterns:
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        folder_only = pattern.endswith("/")
        pattern = pattern.strip("/")
        if "/" in pattern:
            prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
            candidates = prefixes[:-1] if folder_only else prefixes
            if any(fnmatch.fnmatchcase(text, pattern) for text in candidates):
                return True
        else:
            names = parts[:-1] if folder_only else parts
            if any(fnmatch.fnmatchcase(name, pattern) for name in names):
                return True
    return False
