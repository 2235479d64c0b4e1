"""The command line's own usage errors: exit 2, in Norwegian, no traceback."""

from __future__ import annotations

import pytest

from allocation.cli.main import main


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["solve"], "disse argumentene mangler: ROUND"),
        (["solve", "r", "--policy", "fair"], "ugyldig valg: 'fair'"),
        (["run", "r", "-p", "budget"], "venter 2 verdier"),
        (["frob"], "ugyldig valg: 'frob'"),
        (["solve", "r", "--no-such-option"], "ukjente argumenter: --no-such-option"),
    ],
)
def test_usage_errors_are_norwegian(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "bruk: allocation" in err and "feil:" in err
    assert "error" not in err and "Traceback" not in err


def test_solver_names_are_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    # argparse accepts HiGHS / CBC (CONTRACT section 3); the round is then missing: exit 1
    assert main(["solve", "no-such-round", "--solver", "HiGHS"]) == 1
    assert main(["solve", "no-such-round", "--solver", "CBC"]) == 1
    assert "ugyldig valg" not in capsys.readouterr().err
