"""Glossaries as code (TSV/CSV/TBX) and term matching in Korean and English text."""
