"""``align corpus build``: two folders of articles → a filtered, documented parallel corpus.

:mod:`.plan` decides what a build makes and what OUT_DIR already holds (resume), :mod:`.pairing`
pairs the documents, :mod:`.execute` aligns batches locally or on Dask, :mod:`.output` merges,
filters and exports, :mod:`.manifest` records the result, :mod:`.build` runs the steps.
"""

from align.jobs.corpus.build import (
    BuildReport,
    TrainedSubwords,
    build_corpus,
    summary_lines,
    train_subwords,
)
from align.jobs.corpus.manifest import Manifest, read_manifest
from align.jobs.corpus.plan import (
    DEFAULT_ENGINE,
    MANIFEST,
    WORK,
    CorpusSettings,
    ours,
    output_names,
)

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
    "read_manifest",
    "summary_lines",
    "train_subwords",
]
