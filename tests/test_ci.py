"""CI checks what the README promises: ruff, the formatter and strict mypy run before the suite,
and the first failure stops it."""

from __future__ import annotations

from tests.conftest import ROOT

CHECKS = (
    "ruff check align tests scripts",
    "ruff format --check align tests scripts",
    "mypy align tests scripts",
)


def _lines() -> list[str]:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_ci_stops_at_the_first_failure() -> None:
    assert "set -euo pipefail" in _lines()


def test_ci_runs_every_check_before_the_suite() -> None:
    lines = _lines()
    suite = lines.index(".venv/bin/python -m pytest -q")
    for check in CHECKS:
        assert lines.index(f".venv/bin/{check}") < suite, check
    assert suite == len(lines) - 1


def test_the_readme_lists_the_same_checks() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for check in CHECKS:
        assert f".venv/bin/{check}" in readme, check


def test_mypy_is_strict() -> None:
    assert "strict = true" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
