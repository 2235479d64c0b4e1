"""Windows-safe by construction: a static (ast) check of the package's source.

A POSIX-only call (signals Windows lacks, process groups, ``os.setsid``, ``fcntl``, file modes)
may appear only inside a branch guarded by a POSIX check (``if os.name == "posix":``, or a
``sys.platform`` test, or the ``else`` of a Windows test). Text files are written with an
explicit ``newline=`` so Windows writes the same bytes (no ``"\\r\\n"`` translation).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "allocation"

#: ``module.attribute`` names that exist only on POSIX (or only do something there).
POSIX_ONLY = {
    "signal.SIGHUP",
    "signal.SIGKILL",
    "signal.SIGQUIT",
    "signal.SIGUSR1",
    "signal.SIGUSR2",
    "signal.SIGALRM",
    "signal.SIGCHLD",
    "signal.alarm",
    "signal.pause",
    "os.killpg",
    "os.setsid",
    "os.setpgrp",
    "os.getpgid",
    "os.getpgrp",
    "os.fork",
    "os.getuid",
    "os.geteuid",
    "os.chown",
    "os.chmod",
    "os.fchmod",
    "os.mkfifo",
    "os.sync",
}
POSIX_MODULES = {"fcntl", "termios", "pwd", "grp", "resource", "pty", "tty"}
#: Popen arguments that are POSIX-only.
POSIX_KEYWORDS = {"start_new_session", "preexec_fn", "process_group"}


def _constant(node: ast.AST) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _platform_test(test: ast.AST) -> str | None:
    """ "posix" when ``test`` holds only on POSIX, "windows" when only on Windows, else None."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _platform_test(test.operand)
        return {"posix": "windows", "windows": "posix"}.get(inner or "")
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = ast.unparse(test.left), test.ops[0], _constant(test.comparators[0])
        if left in ("os.name", "sys.platform") and isinstance(op, ast.Eq | ast.NotEq):
            windows = right in ("nt", "win32", "cygwin")
            posix = right == "posix" or (left == "sys.platform" and not windows)
            kind = "windows" if windows else "posix" if posix else None
            if isinstance(op, ast.NotEq) and kind:
                kind = "posix" if kind == "windows" else "windows"
            return kind
    if isinstance(test, ast.Call) and ast.unparse(test.func) == "sys.platform.startswith":
        arg = _constant(test.args[0]) if test.args else None
        return "windows" if arg in ("win", "win32", "cygwin") else "posix"
    return None


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether ``node`` runs only on POSIX (inside a guarded branch)."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.If | ast.IfExp):
            kind = _platform_test(parent.test)
            body = parent.body if isinstance(parent.body, list) else [parent.body]
            in_body = child in body
            in_else = child is parent.orelse or (
                isinstance(parent.orelse, list) and child in parent.orelse
            )
            if (kind == "posix" and in_body) or (kind == "windows" and in_else):
                return True
        child, parent = parent, parents.get(parent)
    return False


def posix_only_uses(source: str, filename: str = "<source>") -> list[str]:
    """The unguarded POSIX-only uses in ``source``, as ``file:line: what``."""
    tree = ast.parse(source, filename)
    parents = _parents(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Attribute) and ast.unparse(node) in POSIX_ONLY:
            what = ast.unparse(node)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            hit = [n for n in names if n and n.split(".")[0] in POSIX_MODULES]
            what = f"import {hit[0]}" if hit else None
        elif isinstance(node, ast.keyword) and node.arg in POSIX_KEYWORDS:
            what = f"{node.arg}="
        if what and not _guarded(node, parents):
            line = getattr(node, "lineno", 0) or getattr(parents.get(node), "lineno", 0)
            found.append((line, what))
    return [f"{filename}:{line}: {what}" for line, what in sorted(found)]


def text_writes_without_newline(source: str, filename: str = "<source>") -> list[str]:
    """Text files written without an explicit ``newline=`` (``write_text``, ``open(.., "w")``)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        keywords = {k.arg for k in node.keywords}
        if name.endswith(".write_text"):
            writes = True
        elif name == "open" or name.endswith(".open"):
            mode = node.args[1] if len(node.args) > 1 else None
            mode = mode or next((k.value for k in node.keywords if k.arg == "mode"), None)
            text = _constant(mode) if mode is not None else "r"
            writes = isinstance(text, str) and bool(set(text) & set("wax")) and "b" not in text
        else:
            continue
        if writes and "newline" not in keywords:
            found.append(f"{filename}:{node.lineno}: {name}")
    return found


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_there_are_sources() -> None:
    assert len(_sources()) > 50


@pytest.mark.parametrize(
    "check", [posix_only_uses, text_writes_without_newline], ids=lambda f: f.__name__
)
def test_the_package_is_windows_safe(check: Callable[[str, str], list[str]]) -> None:
    found = []
    for path in _sources():
        found += check(path.read_text("utf-8"), str(path.relative_to(PROJECT_ROOT)))
    assert found == []


# -- the checks themselves -----------------------------------------------------------------------

UNSAFE = """
import fcntl
import os, signal, subprocess
signal.signal(signal.SIGHUP, print)
os.killpg(1, signal.SIGTERM)
subprocess.Popen(["x"], start_new_session=True)
if os.name == "nt":
    os.setsid()
"""

SAFE = """
import os, signal, sys
if os.name == "posix":
    import fcntl
    signal.signal(signal.SIGHUP, print)
    os.killpg(1, signal.SIGKILL)
if sys.platform == "win32":
    pass
else:
    os.setsid()
if not sys.platform.startswith("win"):
    os.getpgid(0)
kw = {"start_new_session": True} if os.name == "posix" else {}
"""


def test_the_check_finds_unguarded_posix_calls() -> None:
    found = posix_only_uses(UNSAFE)
    assert [f.split(": ", 1)[1] for f in found] == [
        "import fcntl",
        "signal.SIGHUP",
        "os.killpg",
        "start_new_session=",
        "os.setsid",
    ]
    assert posix_only_uses(SAFE) == []


def test_the_check_finds_text_writes_without_newline() -> None:
    source = """
from pathlib import Path
Path("a").write_text("x", encoding="utf-8")
Path("b").write_text("x", encoding="utf-8", newline="\\n")
open("c", "w", encoding="utf-8")
open("d", "wb")
open("e", encoding="utf-8")
open("f", mode="a", encoding="utf-8", newline="")
"""
    found = [f.split(": ", 1)[1] for f in text_writes_without_newline(source)]
    assert found == ["Path('a').write_text", "open"]
