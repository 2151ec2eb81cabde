"""Which rules are on: the ids of every lint, check and QA rule, less those ``[tool.align]
rules`` turns off.

Apart from the three registries because a project's ``rules`` list names rules of all three in
one table, and every command that runs any of them (``lint``, ``check``, ``run``) must refuse
an unknown id the same way. It belongs to the review stage, which owns the registries; the jobs
only ask it.
"""

from __future__ import annotations

from align import config
from align.errors import ConfigError
from align.review import check, lint, qa

#: The finding ``lint`` gives a file it cannot read or parse (``align.jobs.lintrun``). Not a
#: rule on text, so always on: turned off, a file nobody can lint would pass as clean.
UNREADABLE_FILE = "unreadable-file"


def enabled_rules(settings: config.ProjectSettings) -> frozenset[str]:
    """The ids of every lint, check and QA rule that ``[tool.align] rules`` leaves on."""
    enabled = dict.fromkeys([*lint.RULES, *check.RULES, *qa.RULES], True)
    for name, on in settings.rules:
        if name == UNREADABLE_FILE:
            if not on:
                raise ConfigError(
                    f"rule '{name}' in [tool.align] rules cannot be turned off",
                    path=settings.path,
                    hint="a file lint cannot read is not linted at all: fix it, or leave it "
                    "out with [tool.align] exclude",
                )
            continue
        if name not in enabled:
            raise ConfigError(
                f"unknown rule '{name}' in [tool.align] rules",
                path=settings.path,
                hint="run 'align lint --list-rules' or 'align check --list-rules' for the rule ids",
            )
        enabled[name] = on
    return frozenset(name for name, on in enabled.items() if on)
