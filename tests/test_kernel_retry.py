"""A kernel that dies or stays silent while starting (seen when four start at once on a
loaded machine) is started again; a notebook that fails in a cell is not retried. On POSIX the
kernels use Unix sockets, so no TCP port can be taken from under them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from allocation.run import kernels, notebooks


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


def test_a_kernel_that_never_answers_is_started_again(monkeypatch, tmp_path: Path) -> None:
    calls: list[str] = []

    def silent(name: str, folder: Path, parameters: dict) -> None:
        calls.append(name)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 30 seconds")

    monkeypatch.setattr(notebooks, "_execute_once", silent)
    notebooks.execute_notebook("02-score", tmp_path, {})
    assert calls == ["02-score", "02-score"]


@pytest.mark.skipif(not kernels.ipc_available(), reason="Unix sockets only on POSIX")
def test_the_kernel_talks_over_unix_sockets_in_a_folder_removed_afterwards() -> None:
    km = kernels.RunKernelManager(kernel_name=notebooks.KERNEL_NAME)
    folder = Path(km.ip).parent
    assert km.transport == "ipc" and folder.is_dir()

    async def start_and_stop() -> dict:
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=kernels.START_TIMEOUT)
            msg_id = kc.kernel_info()
            reply = await kc.get_shell_msg(timeout=kernels.START_TIMEOUT)
            assert reply["parent_header"]["msg_id"] == msg_id
            return dict(km.get_connection_info())
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    info = asyncio.run(start_and_stop())
    assert info["transport"] == "ipc"
    assert str(info["ip"]).startswith(str(folder))
    assert not folder.exists()
