"""The engine is plain Python on numpy: no module under matching/engine imports Django."""

import ast
import sys
from pathlib import Path

import matching.engine

ENGINE = Path(matching.engine.__file__).parent


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_engine_module_imports_django() -> None:
    files = sorted(ENGINE.rglob("*.py"))

    offending = {
        str(path.relative_to(ENGINE)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] == "django"
        )
        for path in files
    }

    assert len(files) >= 6
    assert {path: modules for path, modules in offending.items() if modules} == {}


def test_the_engine_imports_only_the_standard_library_and_its_numeric_libraries() -> None:
    allowed = {"numpy", "scipy", "sklearn", "geopy", "ortools", "matching", "__future__"}

    roots = {
        module.split(".")[0] for path in ENGINE.rglob("*.py") for module in imported_modules(path)
    }

    assert roots - allowed - set(sys.stdlib_module_names) == set()
