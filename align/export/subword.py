"""Subword models: sentencepiece (Kudo & Richardson 2018, "SentencePiece: A simple and language
independent subword tokenizer and detokenizer for Neural Text Processing"), trained locally.

The only module that imports sentencepiece. Models are returned as bytes, so the caller writes
them atomically; nothing is downloaded.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from align import fsio
from align.errors import ConfigError

MODEL_TYPE = "unigram"
CHARACTER_COVERAGE = 0.9995
"""Share of characters the model covers (the rest map to <unk>); the value sentencepiece
recommends for languages with rich character sets such as Korean and Japanese."""
MAX_SENTENCES = 2_000_000
"""Sentences sampled for training: bounds memory on a large corpus."""
TRAINING_THREADS = 16
"""Threads of a training, the same on every machine: sentencepiece's EM sums over one share
of the sentences per thread, so the model's bytes depend on the count (a corpus of 2,816
pairs gave four different models on 1, 2, 4 and 8 threads). 16 is sentencepiece's own
default, so ``spm_train`` with the same flags gives the same model."""
MIN_VOCAB_SIZE = 8
MAX_VOCAB_SIZE = 1_000_000
"""Well above any subword vocabulary in use (256k pieces at most) and far below where
sentencepiece breaks: near 2**31 it trains for ever, and above it fails to parse the number."""


@dataclass(frozen=True, slots=True)
class Model:
    """A trained model: the ``.model`` bytes, the ``.vocab`` text and the pieces it has."""

    model: bytes
    vocab: str
    size: int


def check_vocab_size(vocab_size: int) -> None:
    """Refuse a ``--vocab-size`` no corpus could use, before any training."""
    if vocab_size < MIN_VOCAB_SIZE:
        raise ConfigError(
            f"--vocab-size {vocab_size} is too small", hint=f"give at least {MIN_VOCAB_SIZE}"
        )
    if vocab_size > MAX_VOCAB_SIZE:
        raise ConfigError(
            f"--vocab-size {vocab_size} is too large",
            hint=f"give at most {MAX_VOCAB_SIZE:,}; a corpus yields fewer pieces anyway",
        )


def train(inputs: Sequence[str], *, vocab_size: int) -> Model:
    """Train a unigram-LM model on the one-sentence-per-line files ``inputs``.

    ``vocab_size`` is an upper bound: a corpus too small for it yields fewer pieces (the size
    reached is in :attr:`Model.size`).
    """
    import sentencepiece as spm

    check_vocab_size(vocab_size)
    buffer = io.BytesIO()
    try:
        with fsio.utf8_paths(*inputs) as names:
            spm.SentencePieceTrainer.train(
                input=",".join(names),
                vocab_size=vocab_size,
                model_type=MODEL_TYPE,
                character_coverage=CHARACTER_COVERAGE,
                hard_vocab_limit=False,
                input_sentence_size=MAX_SENTENCES,
                shuffle_input_sentence=True,
                num_threads=TRAINING_THREADS,
                minloglevel=2,
                model_writer=buffer,
            )
    except RuntimeError as error:
        raise _training_error(error, vocab_size) from error
    data = buffer.getvalue()
    processor = spm.SentencePieceProcessor(model_proto=data)
    size = int(processor.get_piece_size())
    vocab = "".join(
        f"{processor.id_to_piece(i)}\t{processor.get_score(i):g}\n" for i in range(size)
    )
    return Model(data, vocab, size)


@dataclass(frozen=True, slots=True)
class WrittenModel:
    """A model trained on some files and written as ``<name>.model`` and ``<name>.vocab``."""

    model_path: Path
    vocab_path: Path
    trained_on: tuple[Path, ...]
    pieces: int


_TOO_FEW_FOR_CHARACTERS = re.compile(r"smaller than required_chars\. \d+ vs (\d+)")


def _training_error(error: RuntimeError, vocab_size: int) -> ConfigError:
    """The error to show for a failed training, in this command's terms.

    sentencepiece needs a piece for every character it keeps, so a vocabulary smaller than
    the corpus's characters fails with advice about its own flags (``--character_coverage``),
    which ``corpus spm`` does not have: say the size that works instead."""
    found = _TOO_FEW_FOR_CHARACTERS.search(str(error))
    if found:
        needed = int(found.group(1))
        return ConfigError(
            f"--vocab-size {vocab_size} is too small for this corpus: its characters alone "
            f"need {needed} pieces",
            hint=f"give --vocab-size {needed} or more",
        )
    return ConfigError(
        f"sentencepiece cannot train on this corpus: {error}",
        hint="change --vocab-size, or export more sentences",
    )


def train_files(
    groups: Mapping[str, Sequence[Path]], folder: Path, *, vocab_size: int, overwrite: bool = False
) -> list[WrittenModel]:
    """Train one model per group (``spm<key>``: ``""`` for a joint model, ``".ko"`` for one
    language) on the group's one-sentence-per-line files and write each into ``folder``
    atomically; refuses before training when an output exists and not ``overwrite``. Every
    model is trained before any is written, so a training that fails (one language's model
    with too few pieces for its characters) leaves the folder as it was."""
    check_vocab_size(vocab_size)  # an option error names the option, not a model
    names = [folder / f"spm{key}.{kind}" for key in groups for kind in ("model", "vocab")]
    for path in names:
        fsio.check_writable(path, overwrite=overwrite)
    trained = []
    for key, inputs in groups.items():
        model_path = folder / f"spm{key}.model"
        try:
            trained.append((key, inputs, train([str(p) for p in inputs], vocab_size=vocab_size)))
        except ConfigError as error:  # name the model: per language, one may fail alone
            raise ConfigError(error.message, path=str(model_path), hint=error.hint) from error
    written = []
    for key, inputs, model in trained:
        model_path, vocab_path = folder / f"spm{key}.model", folder / f"spm{key}.vocab"
        fsio.write_bytes(model_path, model.model, overwrite=overwrite)
        fsio.write_text(vocab_path, model.vocab, overwrite=overwrite)
        written.append(WrittenModel(model_path, vocab_path, tuple(inputs), model.size))
    return written
