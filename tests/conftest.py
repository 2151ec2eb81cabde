"""Shared fixtures: project root, embedded corpus, ../shared data (skipped when absent)."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, settings

# Hypothesis's per-example deadline and its too-slow health check time the wall clock, and fail
# right code on a busy machine; speed is measured by scripts/bench_*.py. Tests that pass their
# own health-check list add too_slow to it.
settings.register_profile("align", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("align")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "hani-2024-03-26-us-japan-alliance"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the calling test is skipped when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not present")
    return path


def script_module(name: str, registered: str | None = None) -> ModuleType:
    """``scripts/NAME.py`` loaded by its path (scripts are not a package), registered in
    ``sys.modules`` as ``registered`` (default NAME): dataclasses look their module up."""
    spec = importlib.util.spec_from_file_location(
        registered or name, ROOT / "scripts" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[registered or name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--morph",
        default=None,
        help="Korean analyser for term matching in this run (align.text.morph.ANALYSERS); "
        "scripts/bench_morph.py runs the term tests once with each",
    )


@pytest.fixture(autouse=True)
def _morph_under_test(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``--morph NAME``, the default analyser is NAME for every test."""
    name = request.config.getoption("--morph")
    if name is not None:
        from align.text import morph

        morph.analyser(name)  # an unknown name fails here, not as a silent default
        monkeypatch.setattr(morph, "DEFAULT_MORPH", name)


@dataclass(frozen=True, slots=True)
class DictionaryPair:
    """A Korean text of three sentences, its English of two, and a word list (``words.tsv``)
    whose pair 새/bird links 새가 운다 to "The bird sings." (link ``[2]:[1]``), which the
    aligner without the word list does not: what every ``--dictionary`` option is tested on."""

    korean: str
    english: str
    words: Path


@pytest.fixture
def dictionary_pair(tmp_path: Path) -> DictionaryPair:
    words = tmp_path / "words.tsv"
    words.write_text("개\tdog\n새\tbird\n고양이\tcat\n", encoding="utf-8")
    return DictionaryPair(
        "고양이가 소파 위에서 조용히 잠을 잔다. 개가 밖에서 짖는다. 새가 운다.\n",
        "The dog is barking outside. The bird sings.\n",
        words,
    )


class FakeSentenceTransformers:
    """Stands in for ``sentence_transformers`` behind ``--encoder st:PATH``: the vectors of a
    "model" folder depend on the bytes of its ``config.json``, so that saving another model
    in the same folder changes them, as a real model's would. ``loads`` counts the texts it
    encoded."""

    def __init__(self) -> None:
        self.encoded = 0

    def __call__(self, path: str) -> Callable[[list[str]], npt.NDArray[np.float32]]:
        model = (Path(path) / "config.json").read_bytes()

        def embed(texts: list[str]) -> npt.NDArray[np.float32]:
            self.encoded += len(texts)
            rows = []
            for text in texts:
                seed = int.from_bytes(hashlib.sha256(model + text.encode()).digest()[:8], "big")
                rows.append(np.random.default_rng(seed).standard_normal(16))
            return np.asarray(rows, dtype=np.float32)

        return embed

    def cache_clear(self) -> None:
        """What ``unload_models`` calls on the real loader."""


def save_fake_model(folder: Path, version: int) -> str:
    """A "model" folder for :class:`FakeSentenceTransformers` (``version`` decides its
    vectors), weights larger than the size whose bytes are fingerprinted; ``st:FOLDER``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(f'{{"version": {version}}}\n', encoding="utf-8")
    (folder / "model.safetensors").write_bytes(bytes(2 << 20))
    return f"st:{folder}"
