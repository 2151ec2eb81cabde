"""The option values of ``scripts/eval_alignment.py`` read apart from any run: ``--seeds`` as a
list of seeds and ``--set KEY=VALUE`` as typed changes to :class:`AlignerSettings`. Each raises
a ``ValueError`` naming what is wrong, which the script turns into a usage error."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import Any, get_args, get_origin, get_type_hints

from align.aligner import AlignerSettings


def parse_seeds(text: str) -> list[int]:
    """``--seeds 13,1,2,3`` as a list; a seed given twice would weigh double in the mean."""
    parts = text.split(",")
    bad = [part for part in parts if not part.strip().lstrip("-").isdigit()]
    if bad:
        raise ValueError(f"{bad[0]!r} is not an integer")
    seeds = [int(part) for part in parts]
    twice = sorted({seed for seed in seeds if seeds.count(seed) > 1})
    if twice:
        raise ValueError(f"seed {', '.join(map(str, twice))} given twice")
    return seeds


def parse_overrides(specs: Sequence[str]) -> dict[str, Any]:
    """``--set KEY=VALUE`` options as changes to :class:`AlignerSettings`, each value of its
    field's type (``true``/``false`` for flags, JSON for tuples such as ``beads``). An unknown
    field or a value of the wrong type is a ``ValueError`` naming it: a typo must not measure
    the defaults under another name."""
    hints = get_type_hints(AlignerSettings)
    changes: dict[str, Any] = {}
    for spec in specs:
        key, equals, text = spec.partition("=")
        key = key.strip()
        if not equals:
            raise ValueError(f"{spec!r} is not KEY=VALUE")
        if key not in hints:
            close = difflib.get_close_matches(key, list(hints), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ValueError(f"unknown AlignerSettings field {key!r}{hint}")
        try:
            changes[key] = _typed(text.strip(), hints[key])
        except ValueError:
            raise ValueError(f"{key}: {text!r} is not {_type_name(hints[key])}") from None
    return changes


_FLAGS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _typed(text: str, hint: Any) -> Any:
    """``text`` as a value of the type ``hint`` (bool, int, float, str or a tuple as JSON)."""
    if hint is bool:
        if text.lower() not in _FLAGS:
            raise ValueError(text)
        return _FLAGS[text.lower()]
    if hint in (int, float, str):
        return hint(text)
    return _conform(json.loads(text), hint)


def _conform(value: Any, hint: Any) -> Any:
    """A JSON value checked against ``hint`` and with its lists made tuples: ``tuple[X, ...]``
    is a list of X, ``tuple[A, B]`` a list of two; a float may be written as an integer."""
    args = get_args(hint)
    if get_origin(hint) is tuple:
        if not isinstance(value, list):
            raise ValueError(value)
        items = args[:1] * len(value) if args[-1] is Ellipsis else args
        if len(items) != len(value):
            raise ValueError(value)
        return tuple(_conform(v, h) for v, h in zip(value, items, strict=True))
    allowed = (int, float) if hint is float else (hint,)
    if isinstance(value, bool) or not isinstance(value, allowed):
        raise ValueError(value)
    return hint(value)


def _type_name(hint: Any) -> str:
    if get_origin(hint) is tuple:
        return f"JSON of the form {hint}"
    return {bool: "true or false", int: "an integer", float: "a number"}.get(hint, str(hint))
