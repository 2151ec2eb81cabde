"""The ``align`` command line: parses options, calls one library function, prints.

Nothing imports this module. Heavy modules (Kiwi, sentencepiece, sacrebleu, polars) are imported
inside the commands, so ``align --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from align import __version__
from align.errors import AlignError

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in align, not in the user's input

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="align")
def cli() -> None:
    """English–Korean translation alignment: split, align, check terms, export corpora.

    \b
    Example:
      align run corpora/hani-2024-03-26-us-japan-alliance -o out
      align split corpora/hani-2024-03-26-us-japan-alliance/ko.txt --lang ko
    """


# --- split -------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--lang", default=None, metavar="CODE",
              help="Language of FILE (ko, en, or any ISO 639-1 code); default: detected.")
@click.option("--engine", default=None, metavar="NAME",
              help="Splitter engine: ko has 'kiwi' (default) and 'rules'; others 'rules'.")
@click.option("--format", "fmt", type=click.Choice(["lines", "jsonl"]), default="lines",
              show_default=True, help="One sentence per line, or JSON objects with spans.")
@click.option("--encoding", default=None, help="Input encoding (default: detected).")
def split(file: str, lang: str | None, engine: str | None, fmt: str,
          encoding: str | None) -> None:
    """Split FILE (plain text or saved HTML page) into sentences.

    \b
    Example:
      align split corpora/hani-2024-03-26-us-japan-alliance/en.txt --lang en --format jsonl
    """
    from align import pipeline

    for line in pipeline.split_lines(file, lang=lang, engine=engine, fmt=fmt,
                                     encoding=encoding):
        click.echo(line)


# --- run ---------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@click.option("-o", "--output", "output", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=str), help="Folder for the results.")
@click.option("--overwrite", is_flag=True, help="Replace results that already exist.")
def run(directory: str, output: str, overwrite: bool) -> None:
    """Do everything the toolkit can do on the article pair(s) in DIRECTORY.

    DIRECTORY holds one pair (ko.txt and en.txt, or .html) or folders that each hold one.
    Results go to OUTPUT/<pair>/.

    \b
    Example:
      align run corpora/hani-2024-03-26-us-japan-alliance -o out
    """
    from align import pipeline

    for written in pipeline.run(directory, output, overwrite=overwrite):
        click.echo(written)


# --- pair --------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("source_dir", type=click.Path(file_okay=False, path_type=str))
@click.argument("target_dir", type=click.Path(file_okay=False, path_type=str))
@click.option("--src-lang", "source_lang", default="ko", show_default=True, metavar="CODE",
              help="Language of the documents in SOURCE_DIR.")
@click.option("--tgt-lang", "target_lang", default="en", show_default=True, metavar="CODE",
              help="Language of the documents in TARGET_DIR.")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False, path_type=str),
              help="Write the pairs to this .tsv or .parquet file (default: TSV on stdout).")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
def pair(source_dir: str, target_dir: str, source_lang: str, target_lang: str,
         output: str | None, overwrite: bool) -> None:
    """Pair the articles in SOURCE_DIR with their translations in TARGET_DIR.

    Reads every .txt, .html and .htm file under both folders. A target page linking to its
    original, or file names sharing an article id, pair first (method 'link' or 'id'); the
    rest pair by content: numbers, dates, Latin-script names, transliterated names, length
    (method 'content'), one to one. Columns: src_path, tgt_path, score (0-1), method.
    Documents without a partner are rows of their own with the other path empty (null in
    Parquet) and method 'unpaired'.

    \b
    Example:
      align pair crawl/ko crawl/en -o pairs.parquet
      align pair crawl/ko crawl/en > pairs.tsv
    """
    from align import pipeline

    text = pipeline.pair_folders(source_dir, target_dir, source_lang=source_lang,
                                 target_lang=target_lang, output=output, overwrite=overwrite)
    if text is not None:
        click.echo(text, nl=False)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="align", standalone_mode=False)
    except click.exceptions.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("align: aborted", err=True)
        sys.exit(130)
    except AlignError as error:
        click.echo(f"align: error: {error}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("align: interrupted", err=True)
        sys.exit(130)
    except MemoryError:
        click.echo("align: error: out of memory (limit the input with --max-bytes, or split it)",
                   err=True)
        sys.exit(EXIT_USER_ERROR)
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("ALIGN_DEBUG"):
            raise
        click.echo(f"align: internal error: {type(error).__name__}: {error} "
                   "(a bug in align: please report it; ALIGN_DEBUG=1 shows the traceback)",
                   err=True)
        sys.exit(EXIT_INTERNAL_ERROR)
    sys.exit(code if isinstance(code, int) else 0)
