"""The exit status of the ``allocation`` commands (CONTRACT section 3), defined once."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What an ``allocation`` command tells the shell.

    Examples
    --------
    >>> int(ExitCode.INFEASIBLE)
    3
    >>> ExitCode.for_status("time_limit")
    <ExitCode.TIME_LIMIT: 4>
    """

    OK = 0  # done (for solve and run: an optimal allocation)
    INVALID_INPUT = 1  # the round is invalid (nothing written), or a notebook failed
    USAGE = 2  # a usage, parameter or scenario error
    INFEASIBLE = 3  # the rules conflict: summary.json names them, no allocation
    TIME_LIMIT = 4  # the solver stopped without proving an optimum

    @classmethod
    def for_status(cls, status: str) -> ExitCode:
        """The exit status of a solve status (``summary.json``'s ``status``)."""
        if status == "optimal":
            return cls.OK
        if status == "infeasible":
            return cls.INFEASIBLE
        return cls.TIME_LIMIT
