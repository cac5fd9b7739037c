"""The floors of docs/architecture.md, checked on the code's imports (function-level ones too).

- No import cycle through three or more modules; the one pair allowed is a service that
  enqueues its own app's task (`x.services` <-> `x.tasks`).
- Apps on one floor that do different things do not import each other.
- No app imports an app on a higher floor.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
APPS = (
    "core", "accounts", "volunteers", "newcomers", "training", "matching", "commitments",
    "safeguarding", "certificates", "reports", "privacy", "demo", "config",
)  # fmt: skip
# docs/architecture.md: each app may import its own floor's modules and any lower floor.
FLOORS = {
    "core": 1, "accounts": 2, "volunteers": 3, "newcomers": 3, "training": 3.5, "matching": 4,
    "commitments": 4.5, "safeguarding": 4.75, "certificates": 5, "reports": 6, "privacy": 6,
    "demo": 9, "config": 9,
}  # fmt: skip
# Apps on one floor that must not import each other.
APART = {frozenset({"volunteers", "newcomers"}), frozenset({"reports", "privacy"})}


def _modules() -> Iterator[tuple[str, Path]]:
    for app in APPS:
        for path in sorted((PROJECT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(PROJECT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def _imports(path: Path, known: set[str]) -> set[str]:
    """Project modules `path` imports (the longest known prefix of each imported name)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from package import module` imports the module; `from module import name`
            # imports the module.
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            for end in range(len(parts), 0, -1):
                candidate = ".".join(parts[:end])
                if candidate in known:
                    found.add(candidate)
                    break
    return found


def import_graph() -> dict[str, set[str]]:
    modules = dict(_modules())
    known = set(modules)
    return {
        name: {imported for imported in _imports(path, known) if imported != name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _is_a_service_and_its_tasks(component: list[str]) -> bool:
    """A module that enqueues its own app's task (`x.services`, or `accounts.notifications`
    for the outbox) and that task module, which calls back into it."""
    if len(component) != 2:
        return False
    first, second = component
    app = first.split(".")[0]
    return second.split(".")[0] == app and f"{app}.tasks" in component


def test_no_import_cycle_but_a_service_and_its_own_tasks() -> None:
    found = [component for component in cycles(import_graph())
             if not _is_a_service_and_its_tasks(component)]  # fmt: skip

    assert found == []


def test_no_app_imports_a_higher_floor() -> None:
    upward = sorted(
        f"{module} imports {imported}"
        for module, imported_modules in import_graph().items()
        for imported in imported_modules
        if FLOORS[imported.split(".")[0]] > FLOORS[module.split(".")[0]]
        or frozenset({module.split(".")[0], imported.split(".")[0]}) in APART
    )

    assert upward == []


def test_the_cycle_finder_finds_a_loop_of_three() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c"]]
