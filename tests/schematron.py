"""A small ISO Schematron runner for tests, with XPath 2.0 from ``elementpath``.

``lxml.isoschematron`` compiles Schematron to XSLT 1.0, which cannot evaluate the XPath 2.0 of
the TBX-Basic DCA schema (``matches()``, ``./local-name()``), so this runs it directly:
ISO/IEC 19757-3 semantics for what that schema uses, namely ``ns`` declarations, patterns of
rules whose contexts are matched anywhere in the document, ``assert`` (fails when false) and
``report`` (fails when true), and the rule that a node is checked by the first rule of a
pattern whose context it matches. ``let`` variables (schema, pattern and rule level) are
evaluated too. Abstract patterns and rules, ``extends`` and ``phase`` are refused rather than
skipped, so a schema using them cannot pass by accident.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import elementpath
from lxml import etree

SCH = "{http://purl.oclc.org/dsdl/schematron}"


class UnsupportedSchematron(ValueError):
    """The schema uses a Schematron feature this runner does not implement."""


def _node_key(node: Any) -> tuple[int, str]:
    """The same node whichever query found it (elementpath builds attribute nodes on demand)."""
    if isinstance(node, elementpath.AttributeNode):
        return id(getattr(node.parent, "elem", None)), str(node.name)
    return id(getattr(node, "elem", node)), ""


def _check_supported(schema: etree._Element) -> None:
    for element in schema.iter(f"{SCH}pattern", f"{SCH}rule", f"{SCH}extends", f"{SCH}phase"):
        name = etree.QName(element).localname
        if element.get("abstract") == "true" or element.get("is-a") or name in ("extends", "phase"):
            raise UnsupportedSchematron(f"<sch:{name}> at line {element.sourceline}")


class _Evaluator:
    def __init__(self, schema: etree._Element, document: etree._Element) -> None:
        self.namespaces = {ns.get("prefix"): ns.get("uri") for ns in schema.iter(f"{SCH}ns")}
        self.tree = elementpath.get_node_tree(document.getroottree())
        self.variables: dict[str, Any] = {}

    def parse(self, expression: str) -> Any:
        parser = elementpath.XPath2Parser(
            namespaces=self.namespaces, variable_types=dict.fromkeys(self.variables, "item()*")
        )
        return parser.parse(expression)

    def select(self, expression: str) -> list[Any]:
        context = elementpath.XPathContext(self.tree, variables=self.variables)
        return list(self.parse(expression).select(context))

    def value(self, expression: str, item: Any = None) -> Any:
        context = elementpath.XPathContext(self.tree, item=item, variables=self.variables)
        return self.parse(expression).evaluate(context)

    def true(self, test: str, item: Any) -> bool:
        return bool(self.value(f"boolean({test})", item))

    def let(self, element: etree._Element, item: Any = None) -> None:
        for variable in element.iterfind(f"{SCH}let"):
            self.variables[variable.get("name")] = self.value(variable.get("value"), item)


def _matches(context: str) -> str:
    """An XSLT match pattern as an expression that selects what it matches, anywhere."""
    return " | ".join(
        part if part.startswith("/") else "//" + part
        for part in (piece.strip() for piece in context.split("|"))
    )


def failures(schema_path: Path, document: etree._Element) -> list[str]:
    """Every failed assertion and fired report of ``schema_path`` over ``document``, as
    ``pattern: message (line N)``; empty when the document conforms."""
    schema = etree.parse(str(schema_path)).getroot()
    _check_supported(schema)
    run = _Evaluator(schema, document)
    run.let(schema)
    found = []
    for pattern in schema.iterfind(f"{SCH}pattern"):
        checked: set[tuple[int, str]] = set()
        run.let(pattern)
        for rule in pattern.iterfind(f"{SCH}rule"):
            for node in run.select(_matches(rule.get("context"))):
                key = _node_key(node)
                if key in checked:
                    continue
                checked.add(key)
                run.let(rule, node)
                for check in rule:
                    kind = etree.QName(check).localname if isinstance(check.tag, str) else ""
                    if kind not in ("assert", "report"):
                        continue
                    if run.true(check.get("test"), node) == (kind == "report"):
                        element = (
                            node.parent if isinstance(node, elementpath.AttributeNode) else node
                        )
                        line = getattr(getattr(element, "elem", None), "sourceline", None)
                        message = " ".join("".join(check.itertext()).split())
                        found.append(f"{pattern.get('id')}: {message} (line {line})")
    return found
