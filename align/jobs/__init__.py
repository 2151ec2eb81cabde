"""Composers: the document API and the jobs behind the commands (run, lint, check, corpus)."""
