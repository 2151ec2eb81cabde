"""Dependencies point one way: cli → pipeline → stages → low-level modules.

Stages never import each other; only cli imports nothing-imports-it cli; heavy libraries are
imported by their one owning module.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "align"

# Modules every other module may use: records, text helpers, errors, I/O, model loading.
LOW_LEVEL = {"__init__", "errors", "models", "textnorm", "fsio", "morph", "safexml", "tables",
             "translit", "lattice",
             "numbers", "findings", "config", "limits"}
# Composition layers, which may import stages.
COMPOSERS = {"cli", "__main__", "pipeline", "lintrun", "checkrun", "corpus"}
# Stages made of several modules, which may import each other within the stage.
STAGE_GROUPS = [{"readers", "extract", "roles"}]
# Third-party libraries with one owning module each.
OWNERS = {"kiwipiepy": {"morph"}, "sentencepiece": {"subword"}, "sacrebleu": {"scoring"}}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "align":
                names.update(f"align.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
    return names


def _modules() -> dict[str, set[str]]:
    return {path.stem: _imports(path) for path in sorted(PACKAGE.glob("*.py"))}


def _internal(names: set[str]) -> set[str]:
    return {name.split(".")[1] for name in names if name.startswith("align.")}


def test_nothing_imports_the_cli() -> None:
    offenders = [m for m, names in _modules().items()
                 if m not in {"cli", "__main__"} and "cli" in _internal(names)]
    assert offenders == []


def test_stages_do_not_import_stages_or_composers() -> None:
    modules = _modules()
    stages = set(modules) - LOW_LEVEL - COMPOSERS
    offenders = {}
    for module in stages:
        bad = _internal(modules[module]) & (stages | COMPOSERS)
        bad.discard(module)
        for group in STAGE_GROUPS:
            if module in group:
                bad -= group
        if bad:
            offenders[module] = sorted(bad)
    assert offenders == {}


def test_low_level_modules_import_only_low_level() -> None:
    modules = _modules()
    offenders = {m: sorted(_internal(names) - LOW_LEVEL) for m, names in modules.items()
                 if m in LOW_LEVEL and _internal(names) - LOW_LEVEL}
    assert offenders == {}


def test_heavy_libraries_have_one_owner() -> None:
    offenders = {}
    for module, names in _modules().items():
        top = {name.split(".")[0] for name in names}
        for library, owners in OWNERS.items():
            if library in top and module not in owners:
                offenders[module] = library
    assert offenders == {}
