"""Text helpers for every layer: normalisation, numbers, calendar, transliteration, morphology,
marks (placeholders, URLs, punctuation)."""
