"""The package's shape, checked statically: no import cycles, short functions, typed ignores.

Imports are read from the source (ast), counting imports inside functions; imports under
``if TYPE_CHECKING:`` are left out, since they never run (a type-only reference back is how a
rule unit names the model data it works on without importing it).

Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first, so every module also
depends on its parent packages, and a package's ``__init__`` importing one of its own modules
is a cycle. One exception, kept narrow: a package's ``__init__`` may import a *leaf helper*, a
module of the package that imports no module of the package at all (its only dependence on
the package is that implicit one, on a package already being initialised, such as
:mod:`allocation.lazy`). Any other import from an ``__init__`` into its package still counts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "allocation"
MAX_FUNCTION_LINES = 120


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, modules: set[str], here: str) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                package = here.rsplit(".", node.level)[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in modules and m != here}


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (at any level, TYPE_CHECKING left out)."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(paths)
    explicit = {
        name: _imports(ast.parse(path.read_text(encoding="utf-8")), modules, name)
        for name, path in paths.items()
    }
    packages = {name for name, path in paths.items() if path.name == "__init__.py"}
    return with_parents(explicit, packages)


def with_parents(explicit: dict[str, set[str]], packages: set[str]) -> dict[str, set[str]]:
    """The import graph: each module's ``explicit`` imports and its parent packages (importing
    a.b.c runs a/__init__ and a/b/__init__ too), less a package's imports of leaf helpers (a
    module that imports no module of the package, see the module docstring)."""
    leaves = {name for name, found in explicit.items() if not found}
    graph = {}
    for name, found in explicit.items():
        own = found - leaves if name in packages else set(found)
        graph[name] = own | {p for p in _parents(name) if p in explicit and p != name}
    return graph


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_a_package_may_import_a_leaf_helper_only() -> None:
    packages = {"p", "p.q"}
    # p/__init__ imports p.lazy, which imports nothing of the package: no cycle
    assert cycles(with_parents({"p": {"p.lazy"}, "p.lazy": set()}, packages)) == []
    # a helper that imports anything of the package is no leaf: the cycle counts
    graph = with_parents({"p": {"p.helper"}, "p.helper": {"p.format"}, "p.format": set()}, packages)
    assert cycles(graph) == [["p", "p.format", "p.helper"]]
    # and a module (not a package's __init__) importing back is a cycle as before
    assert cycles(with_parents({"p.a": {"p.b"}, "p.b": {"p.a"}}, packages)) == [["p.a", "p.b"]]
    # p.q/__init__ importing p.q.leaf is fine; importing the non-leaf p.q.mod is not
    graph = with_parents(
        {"p.q": {"p.q.leaf", "p.q.mod"}, "p.q.leaf": set(), "p.q.mod": {"p.x"}, "p.x": set()},
        packages,
    )
    assert cycles(graph) == [["p.q", "p.q.mod"]]


def test_imports_inside_functions_are_counted() -> None:
    tree = ast.parse("def f():\n    from allocation.format import money\n")
    assert _imports(tree, {"allocation.format", "allocation.x"}, "allocation.x") == {
        "allocation.format"
    }


def test_no_function_over_120_lines() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE.parent)}:{node.name} ({lines})")
    assert long == []


def test_every_type_ignore_names_its_error_code() -> None:
    bare = re.compile(r"#\s*type:\s*ignore(?!\[)")
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert found == []


def test_the_public_surface_is_stated() -> None:
    import allocation

    assert allocation.__all__
    for name in allocation.__all__:
        assert hasattr(allocation, name), name


def test_no_wording_name_is_assigned_twice():
    """A text defined twice in one wording module silently replaces the first (a workbook
    header once renamed a column of the innstilling that way): every top-level name once."""
    import ast

    twice = []
    for path in sorted((PACKAGE / "wording").glob("*.py")):
        seen: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    if target.id in seen:
                        twice.append(f"{path.name}: {target.id}")
                    seen.add(target.id)
    assert twice == []
