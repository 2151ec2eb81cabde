"""Sentence splitting per language, a small registry of engines; every sentence keeps its span."""
