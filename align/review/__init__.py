"""What translators and editors read: lint, bilingual check, scores, findings, the HTML report."""
