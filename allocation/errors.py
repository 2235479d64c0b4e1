"""The package's own exceptions.

Every problem an adviser can cause (bad input, rules that conflict, a solver that gives up)
is an :class:`AllocationError`; tracebacks never reach the adviser.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class AllocationError(Exception):
    """Base class of every error the package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a round's input, as an adviser should read it.

    ``row`` is the row as seen in Excel (header = row 1, first data row = row 2), or None
    when the problem is not tied to a row (a missing file, a scheme.toml key, ...).
    ``column`` names the column, or the key (``grants.cap``) in a ``.toml`` file (shown as
    "nøkkel"). ``message`` is Norwegian bokmål. ``code`` names the kind of problem with a
    short stable identifier (:class:`allocation.wording.validation.Code`, a ``str``), so that
    tests and tools need not match sentences; it is not shown to the adviser.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # "error" or "warning"
    code: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", rad {self.row}"
        if self.column:
            what = "nøkkel" if self.file.endswith(".toml") else "kolonne"
            where += f", {what} «{self.column}»"
        label = "FEIL" if self.severity == "error" else "ADVARSEL"
        end = "" if self.message.endswith((".", "?", "!")) else "."
        return f"{label}: {where}: {self.message}{end}"


@dataclass
class DataValidationError(AllocationError):
    """The round's input has errors; ``problems`` lists every one (warnings included)."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ConfigError(AllocationError):
    """A parameter (command line, notebook, scenario file) is unknown or ill-typed."""


class InfeasibleError(AllocationError):
    """The rules of the round cannot all hold at once."""

    def __init__(self, conflicts: list[str]):
        super().__init__("; ".join(conflicts))
        self.conflicts = conflicts


class SolverLimitError(AllocationError):
    """The solver stopped (time limit) without proving an optimum."""

    def __init__(self, message: str, gap: float | None = None):
        super().__init__(message)
        self.gap = gap
