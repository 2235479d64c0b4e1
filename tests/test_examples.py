"""The bundled example rounds: reproducible from their generator, and valid."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES_DIR

from allocation.cli.main import main

ROUNDS = sorted(p.name for p in EXAMPLES_DIR.iterdir() if (p / "scheme.toml").exists())


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_there_are_example_rounds() -> None:
    assert {"regional-2025", "national-2024"} <= set(ROUNDS)


def test_generator_reproduces_the_committed_rounds(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(EXAMPLES_DIR / "make_examples.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ROUNDS:
        assert _digest(tmp_path / name) == _digest(EXAMPLES_DIR / name), name


@pytest.mark.parametrize("name", ROUNDS)
def test_example_round_validates(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _digest(EXAMPLES_DIR / name)
    assert main(["validate", str(EXAMPLES_DIR / name)]) == 0
    out = capsys.readouterr().out
    assert "FEIL" not in out
    assert _digest(EXAMPLES_DIR / name) == before
