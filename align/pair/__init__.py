"""Document pairing: articles to document pairs, by explicit evidence first, then content."""
