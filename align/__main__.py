"""Run the command line as ``python -m align``."""

from align.cli import main

main()
