"""The Markdown tables of ``scripts/eval_alignment.py``: its results rows and their means over
seeds, the ablation table, the reliability table of link scores and the calibration error."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

#: The scores of a results row, in the table's order.
METRICS = ("strict_p", "strict_r", "strict_f1", "lax_f1")


def results_header(with_seed: bool) -> list[str]:
    """The results table's header and rule (a ``seed`` column with ``--seeds``)."""
    seed = ("seed | ", "---|") if with_seed else ("", "")
    scores = "strict P | strict R | strict F1 | lax F1 | seconds"
    return [
        f"| set | system | {seed[0]}docs | {scores} |",
        f"|---|---|{seed[1]}---|---|---|---|---|---|",
    ]


@dataclass(frozen=True)
class Row:
    """A row of the results table: a system's scores on a set, for one seed (``seed`` is empty
    for a set no seed perturbs) or their mean (``mean of N``)."""

    set_name: str
    system: str
    seed: str
    docs: int
    result: dict[str, float]
    seconds: float

    def markdown(self, with_seed: bool) -> str:
        """The row as Markdown; a mean has four decimals, since tuning compares means that
        differ in the fourth (see the README's per-seed table)."""
        digits = 4 if self.seed.startswith("mean") else 3
        cells = [
            self.set_name,
            self.system,
            *([self.seed] if with_seed else []),
            str(self.docs),
            *(f"{self.result[key]:.{digits}f}" for key in METRICS),
            f"{self.seconds:.1f}",
        ]
        return "| " + " | ".join(cells) + " |"


def mean_row(rows: Sequence[Row]) -> Row:
    """The mean of one set and system over seeds: each score's plain mean (every seed weighs
    alike, as in the README's per-seed table), with the seconds of all seeds."""
    result = {key: sum(row.result[key] for row in rows) / len(rows) for key in METRICS}
    seconds = sum(row.seconds for row in rows)
    first = rows[0]
    return Row(first.set_name, first.system, f"mean of {len(rows)}", first.docs, result, seconds)


class Model(Protocol):
    """A model of the ablation table (``eval_alignment.Variant``): its key and its row label."""

    @property
    def label(self) -> str: ...

    @property
    def what(self) -> str: ...


def ablation_table(
    variants: Sequence[Model], sets: Sequence[str], f1: dict[tuple[str, str], float]
) -> list[str]:
    """The ablation table (Markdown): strict F1 of ``ours`` per model and set."""
    shown = [name for name in sets if any((v.label, name) in f1 for v in variants)]
    return [
        "",
        "| model | " + " | ".join(shown) + " |",
        "|---|" + "---|" * len(shown),
        *(
            f"| {v.what} | "
            + " | ".join(
                f"{f1[v.label, name]:.3f}" if (v.label, name) in f1 else "" for name in shown
            )
            + " |"
            for v in variants
        ),
    ]


def reliability(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> list[str]:
    """A reliability table (Markdown): per score bin, links, mean score and share right."""
    rows = ["| score bin | links | mean score | right |", "|---|---|---|---|"]
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            mean = sum(p for p, _ in inside) / len(inside)
            right = sum(y for _, y in inside) / len(inside)
            rows.append(f"| {lo:.1f}–{hi:.1f} | {len(inside)} | {mean:.3f} | {right:.3f} |")
    return rows


def calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> tuple[float, float]:
    """Expected calibration error (10 equal-width bins) and mean negative log-likelihood."""
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            gap = abs(sum(p for p, _ in inside) - sum(y for _, y in inside))
            ece += gap / len(pairs)
    eps = 1e-6
    nll = -sum(math.log(max(eps, p if y else 1.0 - p)) for p, y in pairs) / max(1, len(pairs))
    return ece, nll
