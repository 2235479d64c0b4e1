"""A kernel that dies while starting (seen when four start at once on a loaded machine) is
started again; a notebook that fails in a cell is not retried."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocation.run import notebooks


def test_a_kernel_that_dies_at_start_is_started_again(monkeypatch, tmp_path: Path) -> None:
    calls: list[str] = []

    def flaky(name: str, folder: Path, parameters: dict) -> None:
        calls.append(name)
        if len(calls) < notebooks.KERNEL_START_ATTEMPTS:
            raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(notebooks, "_execute_once", flaky)
    notebooks.execute_notebook("01-validate", tmp_path, {})
    assert calls == ["01-validate"] * notebooks.KERNEL_START_ATTEMPTS


def test_it_gives_up_after_the_last_attempt(monkeypatch, tmp_path: Path) -> None:
    def dead(name: str, folder: Path, parameters: dict) -> None:
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(notebooks, "_execute_once", dead)
    with pytest.raises(RuntimeError, match="Kernel died"):
        notebooks.execute_notebook("01-validate", tmp_path, {})


def test_other_failures_are_not_retried(monkeypatch, tmp_path: Path) -> None:
    calls: list[int] = []

    def broken(name: str, folder: Path, parameters: dict) -> None:
        calls.append(1)
        raise RuntimeError("something else")

    monkeypatch.setattr(notebooks, "_execute_once", broken)
    with pytest.raises(RuntimeError, match="something else"):
        notebooks.execute_notebook("01-validate", tmp_path, {})
    assert calls == [1]
