"""Every geo module imports on its own, and the package's modules import each other without a cycle.

Imports inside functions count: a lazy import only hides a cycle. The one exception is an
``if __name__ == "__main__":`` block, which runs when a module is a command, not when it
is imported.
"""

from __future__ import annotations

import ast
import graphlib
import importlib
import pkgutil
from pathlib import Path

import pytest

import geo

GEO = Path(geo.__file__).resolve().parent
MODULES = sorted(m.name for m in pkgutil.walk_packages(geo.__path__, "geo."))


def _module_name(path: Path) -> str:
    parts = path.relative_to(GEO.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_main_guard(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
    )


def _imported(tree: ast.AST, known: set[str]) -> set[str]:
    """The geo modules ``tree`` imports (``from geo.map import features`` names geo.map.features)."""
    found: set[str] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if _is_main_guard(node):
            continue
        pending.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in known:
            subs = {f"{node.module}.{alias.name}" for alias in node.names} & known
            found |= subs or {node.module}
            if len(subs) < len(node.names):
                found.add(node.module)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each geo module and the geo modules it imports."""
    paths = {_module_name(p): p for p in GEO.rglob("*.py")}
    known = set(paths)
    return {
        name: _imported(ast.parse(path.read_text("utf-8")), known) - {name}
        for name, path in paths.items()
    }


@pytest.mark.parametrize("name", MODULES)
def test_every_geo_module_imports(name: str) -> None:
    assert importlib.import_module(name).__name__ == name


def test_the_graph_sees_the_modules_and_their_imports() -> None:
    graph = import_graph()
    assert set(graph) == {"geo", *MODULES}
    assert "geo.load" in graph["geo.cli"] and "geo.table" in graph["geo.validate"]
    assert "geo.map.features" in graph["geo.map.atlas"]  # from geo.map import features as fx


def test_geo_modules_import_each_other_without_a_cycle() -> None:
    try:
        order = list(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")
    assert len(order) == len(MODULES) + 1


def test_a_cycle_would_be_found() -> None:
    graph = {"a": {"b"}, "b": {"a"}}
    with pytest.raises(graphlib.CycleError, match="cycle"):
        list(graphlib.TopologicalSorter(graph).static_order())
