"""align: English–Korean translation alignment toolkit.

Data flows one way: extract → pair → split → align → (glossary check, lint, score) → export.
Importing the package is cheap: models load on first use.
"""

__version__ = "0.1.0"
