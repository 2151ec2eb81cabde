"""Bytes on disk to records: articles (text and saved HTML), sentence roles, dictionaries."""
