"""``align corpus build``: two folders of articles → a filtered, documented parallel corpus.

:mod:`.plan` decides what a build makes and what OUT_DIR already holds (resume), :mod:`.pairing`
pairs the documents, :mod:`.execute` aligns batches locally or on Dask, :mod:`.output` merges,
filters and exports, :mod:`.manifest` records the result, :mod:`.build` runs the steps.
"""

from typing import TYPE_CHECKING, Any

from align.jobs.corpus.plan import (
    DEFAULT_ENGINE,
    MANIFEST,
    WORK,
    CorpusSettings,
    ours,
    output_names,
)

if TYPE_CHECKING:
    from align.jobs.corpus.build import (
        BuildReport,
        TrainedSubwords,
        build_corpus,
        build_warnings,
        settings_from_options,
        summary_lines,
        train_subwords,
    )
    from align.jobs.corpus.manifest import Manifest, read_manifest

# The builder (and its scheduler) takes about a second to import: it loads on first use, so
# that ``align run`` on one pair, which needs only the plan's names, never pays for it (PEP 562).
_LAZY = {
    "BuildReport": "build",
    "TrainedSubwords": "build",
    "build_corpus": "build",
    "build_warnings": "build",
    "settings_from_options": "build",
    "summary_lines": "build",
    "train_subwords": "build",
    "Manifest": "manifest",
    "read_manifest": "manifest",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)


__all__ = [
    "DEFAULT_ENGINE",
    "MANIFEST",
    "WORK",
    "output_names",
    "ours",
    "BuildReport",
    "CorpusSettings",
    "Manifest",
    "TrainedSubwords",
    "build_corpus",
    "build_warnings",
    "read_manifest",
    "settings_from_options",
    "summary_lines",
    "train_subwords",
]
