"""Scenario files: a named set of parameter overrides and per-application locks (TOML).

The format is documented in docs/scenario.md (and agreed in notes/API.md)::

    [scenario]
    name = "Ramme 3,2 mill"          # required
    description = "..."              # optional

    [parameters]                     # optional; same names as the notebook parameters
    budget = 3_200_000
    min_models = false               # false switches an optional rule off

    [groups]                         # optional: replaces the scheme's group weights (sum 1)
    Prosjekt = 0.6

    [[locks]]
    application_id = "H-03"
    lock = "must_fund"               # or "must_not_fund"
    reason = "Skjønn: ..."           # required, non-empty

A scenario is validated like a round: every problem is listed at once, in Norwegian, naming
the file, the table and the key, and raised as :class:`~allocation.errors.ConfigError`.
Locks naming applications that are not in the round are caught by :func:`apply_scenario`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allocation.errors import ConfigError
from allocation.results import Lock
from allocation.round.data import Round
from allocation.run.config import RULE_PARAMETERS, apply_rules, check_groups, check_rule_parameters
from allocation.wording import report as W

LOCK_ACTIONS = ("must_fund", "must_not_fund")
_TOP_TABLES = ("scenario", "parameters", "groups", "locks")


def make_lock(action: str, reason: str) -> Lock:
    """A ``Lock(action, reason)`` of the model."""
    return Lock(action=action, reason=reason)


@dataclass
class Scenario:
    """One scenario: parameter overrides, optional group weights, and locks.

    ``parameters`` holds validated rule parameters (names of
    :data:`allocation.run.config.RULE_PARAMETERS`); ``locks`` maps application_id to a ``Lock``.
    """

    name: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, float] | None = None
    locks: dict[str, Lock] = field(default_factory=dict)
    path: Path | None = None


def _fail(where: str, problems: list[str]) -> None:
    if problems:
        raise ConfigError(
            W.SCN_HEADER.format(file=where) + "\n" + "\n".join(f"  - {p}" for p in problems)
        )


def _parse_head(head: Any, problems: list[str]) -> tuple[str, str]:
    """The ``[scenario]`` table's name and description (problems appended)."""
    if not isinstance(head, Mapping):
        problems.append(W.SCN_MISSING_HEAD)
        return "", ""
    for k in head:
        if k not in ("name", "description"):
            problems.append(W.SCN_UNKNOWN_KEY.format(table="scenario", key=k))
    name = head.get("name", "")
    if not isinstance(name, str) or not name.strip():
        problems.append(W.SCN_NAME)
        name = ""
    description = head.get("description", "")
    if not isinstance(description, str):
        problems.append(W.SCN_STRING.format(table="scenario", key="description"))
        description = ""
    return name.strip(), description.strip()


def _lock_app(entry: Mapping[str, Any], where: str, problems: list[str]) -> str | None:
    """A lock's application id (a whole number is taken as its text), or None if missing."""
    app = entry.get("application_id")
    if isinstance(app, int) and not isinstance(app, bool):
        app = str(app)
    if not isinstance(app, str) or not app.strip():
        problems.append(where + W.SCN_LOCK_APP)
        return None
    return app.strip()


def _parse_locks(raw_locks: Any, problems: list[str]) -> dict[str, Lock]:
    """The ``[[locks]]`` tables by application id (problems appended)."""
    locks: dict[str, Lock] = {}
    if not isinstance(raw_locks, list):
        problems.append(W.SCN_LOCKS_TYPE)
        return locks
    for n, entry in enumerate(raw_locks, start=1):
        where = W.SCN_LOCK_WHERE.format(n=n)
        if not isinstance(entry, Mapping):
            problems.append(where + W.SCN_LOCK_TABLE)
            continue
        for k in entry:
            if k not in ("application_id", "lock", "reason"):
                problems.append(where + W.SCN_UNKNOWN_LOCK_KEY.format(key=k))
        app = _lock_app(entry, where, problems)
        action = entry.get("lock")
        if action not in LOCK_ACTIONS:
            problems.append(where + W.SCN_LOCK_ACTION.format(value=action))
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(where + W.SCN_LOCK_REASON)
        if app is not None and app in locks:
            problems.append(where + W.SCN_LOCK_DUPLICATE.format(app=app))
        elif app is not None and action in LOCK_ACTIONS and isinstance(reason, str):
            if reason.strip():
                locks[app] = make_lock(str(action), reason.strip())
    return locks


def parse_scenario(data: Mapping[str, Any], *, source: str = "scenario") -> Scenario:
    """Validate a scenario already read from TOML (a dict); see :func:`load_scenario`.

    Raises
    ------
    ConfigError
        Every problem found, listed at once.
    """
    problems: list[str] = []
    for table in data:
        if table not in _TOP_TABLES:
            problems.append(W.SCN_UNKNOWN_TABLE.format(table=table, known=", ".join(_TOP_TABLES)))
    name, description = _parse_head(data.get("scenario"), problems)
    params = data.get("parameters", {})
    clean: dict[str, Any] = {}
    if not isinstance(params, Mapping):
        problems.append(W.SCN_TABLE.format(table="parameters"))
    else:
        clean, p = check_rule_parameters(params, where="[parameters]: ")
        problems += p
    groups = None
    if "groups" in data:
        groups, p = check_groups(data["groups"], where="[groups]")
        problems += p
    locks = _parse_locks(data.get("locks", []), problems)
    _fail(source, problems)
    return Scenario(name, description, clean, groups, locks)


def _toml_message(path: Path, exc: Exception) -> str:
    """A Norwegian message for a TOML syntax error, naming the line and column."""
    text = str(exc)
    where = re.search(r"at line (\d+), column (\d+)", text)
    if where:
        return W.SCN_TOML_AT.format(file=path, line=where.group(1), column=where.group(2))
    if "end of document" in text:
        return W.SCN_TOML_END.format(file=path)
    return W.SCN_TOML.format(file=path, error=text)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path
        The TOML file.

    Returns
    -------
    Scenario

    Raises
    ------
    ConfigError
        The file is missing, is not TOML, or has unknown tables/keys or ill-typed values
        (every problem listed, in Norwegian, naming the key).
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(W.SCN_NOT_FOUND.format(file=path)) from None
    except UnicodeDecodeError:
        raise ConfigError(W.SCN_ENCODING.format(file=path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_message(path, exc)) from None
    scenario = parse_scenario(data, source=str(path))
    scenario.path = path
    return scenario


# -- writing ---------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def dumps_scenario(scenario: Scenario) -> str:
    """The TOML text of a scenario (what :func:`save_scenario` writes)."""
    lines = ["[scenario]", f"name = {_toml_value(scenario.name)}"]
    if scenario.description:
        lines.append(f"description = {_toml_value(scenario.description)}")
    params = {k: v for k, v in scenario.parameters.items() if v is not None}
    if params:
        lines += ["", "[parameters]"]
        for name in RULE_PARAMETERS:
            if name in params:
                lines.append(f"{name} = {_toml_value(params[name])}")
    if scenario.groups:
        lines += ["", "[groups]"]
        lines += [f"{_toml_key(g)} = {_toml_value(float(w))}" for g, w in scenario.groups.items()]
    for app, lock in scenario.locks.items():
        lines += [
            "",
            "[[locks]]",
            f"application_id = {_toml_value(app)}",
            f"lock = {_toml_value(lock.action)}",
            f"reason = {_toml_value(lock.reason)}",
        ]
    return "\n".join(lines) + "\n"


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario file (UTF-8, completely or not at all); it loads back equal.

    Raises
    ------
    ConfigError
        The scenario does not validate (it is checked before anything is written).
    """
    text = dumps_scenario(scenario)
    parse_scenario(tomllib.loads(text), source=str(path))  # never write what cannot be read
    path = Path(path)
    # Not tempfile.mkstemp (always 0600): the file gets 0666 less the umask, as open() gives.
    tmp = path.with_name(f".scenario-{secrets.token_hex(4)}.toml")
    try:
        with open(tmp, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply_scenario(round_: Round, scenario: Scenario) -> tuple[Round, dict[str, Lock]]:
    """The round under the scenario's parameters and group weights, and its locks.

    ``budget`` replaces the frame; ``solver`` and ``time_limit`` are not rules: the caller
    passes them to :func:`~allocation.orchestrator.allocate` (read ``scenario.parameters``).

    Raises
    ------
    ConfigError
        A lock names an application that is not in the round, or ``[groups]`` does not name
        exactly the scheme's groups.
    """
    known = set(round_.applications["application_id"].astype(str))
    missing = [app for app in scenario.locks if app not in known]
    if missing:
        where = str(scenario.path) if scenario.path else scenario.name
        _fail(where, [W.SCN_LOCK_UNKNOWN_APP.format(app=app) for app in missing])
    new_round = apply_rules(round_, scenario.parameters, scenario.groups)
    return new_round, dict(scenario.locks)
