"""Sentence alignment: sentences in, scored links out; pure, no I/O."""

from align.aligner.core import DEFAULT, JobDocument, Settings, align, align_job

__all__ = ["DEFAULT", "JobDocument", "Settings", "align", "align_job"]
