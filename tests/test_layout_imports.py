"""The pipeline's layout, read from the imports: no stage reaches back to a later one, and no
two subpackages of generator/ import each other, directly or through others.

Every `import` under generator/ counts, also one inside a function: a late import is still a
dependency. The order is the pipeline's; intake (opit new, from-issue, the CI summary) comes
after catalog; config, diagnostics and errors are below every stage; the CLI and the package's
entry points are above all. schemas/ is the contract: it imports nothing from generator/.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT

GENERATOR = ROOT / "generator"
BASE = ("config", "diagnostics", "errors")
PIPELINE = ("system", "read", "validate", "catalog", "render", "builders", "search", "opendata",
            "pipeline", "serve")
TOP = ("cli", "__init__", "__main__")
RANK = {
    **{name: 0 for name in BASE},
    **{name: 10 * (number + 1) for number, name in enumerate(PIPELINE)},
    "intake": 10 * (PIPELINE.index("catalog") + 1) + 5,
    **{name: 1000 for name in TOP},
}


def stage_of(path: Path, root: Path = GENERATOR) -> str:
    """The stage a module under generator/ belongs to: its subpackage, or its own name."""
    return path.relative_to(root).with_suffix("").parts[0]


def imported_modules(path: Path, package: str) -> Iterator[tuple[int, str]]:
    """(line, dotted module name) of every import in a file, relative ones made absolute."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module == "generator":  # `from generator import read` imports a stage
                for alias in node.names:
                    yield node.lineno, f"{module}.{alias.name}"
            else:
                yield node.lineno, module


def stage_imports(root: Path = GENERATOR) -> list[tuple[str, str, str]]:
    """(importing stage, imported stage, where) for every import between two stages."""
    found = []
    for path in sorted(root.rglob("*.py")):
        package = ".".join(path.relative_to(root.parent).parent.parts)
        here = stage_of(path, root)
        for line, module in imported_modules(path, package):
            parts = module.split(".")
            if parts[0] != "generator" or len(parts) < 2:
                continue
            there = parts[1]
            if there in RANK and there != here:
                found.append((here, there, f"{path.relative_to(root.parent)}:{line}"))
    return found


def reach_backs(imports: list[tuple[str, str, str]]) -> list[str]:
    return [f"{where}: {here} imports {there}, a later stage; move what both need to {here} "
            "or an earlier stage (or schemas/), as a public name"
            for here, there, where in imports if RANK[here] < RANK[there]]


def cycles(imports: list[tuple[str, str, str]]) -> list[str]:
    """Each pair of stages that import each other, directly or through other stages."""
    edges: dict[str, set[str]] = {}
    for here, there, _ in imports:
        edges.setdefault(here, set()).add(there)

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    return sorted(f"{here} imports {there} ({where}), and {there} imports {here} back"
                  f"{'' if here in edges.get(there, ()) else ' through other stages'}"
                  for here, there, where in imports if here in reachable(there))


def schema_imports(root: Path = ROOT / "schemas") -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line}: schemas/ imports {module}; the contract must not "
            "depend on the generator" for path in sorted(root.rglob("*.py"))
            for line, module in imported_modules(path, "schemas")
            if module.split(".")[0] == "generator"]


def test_every_stage_folder_and_top_module_has_a_place_in_the_order() -> None:
    names = {path.stem for path in GENERATOR.glob("*.py")}
    names |= {path.name for path in GENERATOR.iterdir()
              if path.is_dir() and (path / "__init__.py").exists()}
    assert names - set(RANK) == set()


def test_no_stage_imports_a_later_stage() -> None:
    assert reach_backs(stage_imports()) == []


def test_no_two_stages_import_each_other_even_through_others() -> None:
    assert cycles(stage_imports()) == []


def test_the_schemas_import_nothing_from_the_generator() -> None:
    assert schema_imports() == []


@pytest.mark.parametrize(("module", "line", "expected"), [
    ("read/planted.py", "from generator.render.html import relative",
     "read imports render, a later stage"),
    ("catalog/planted.py", "import generator.opendata.feeds", "catalog imports opendata"),
    ("validate/planted.py", "from generator import intake", "validate imports intake"),
    ("render/planted.py", "from ..pipeline import build", "render imports pipeline"),
])
def test_a_planted_reach_back_is_found(tmp_path: Path, module: str, line: str,
                                       expected: str) -> None:
    root = tmp_path / "generator"
    planted = root / module
    planted.parent.mkdir(parents=True)
    planted.write_text(f"def later():\n    {line}\n", "utf-8")
    [problem] = reach_backs(stage_imports(root))
    assert expected in problem
    assert problem.startswith(f"generator/{module}:2: ")


def test_a_cycle_through_a_third_stage_is_found(tmp_path: Path) -> None:
    root = tmp_path / "generator"
    for module, line in [("render/a.py", "import generator.search.b"),
                         ("search/b.py", "import generator.opendata.c"),
                         ("opendata/c.py", "from generator.render import a")]:
        (root / module).parent.mkdir(parents=True)
        (root / module).write_text(line + "\n", "utf-8")
    found = cycles(stage_imports(root))
    assert len(found) == 3
    assert "opendata imports render (generator/opendata/c.py:1), and render imports opendata " \
           "back through other stages" in found


def test_the_real_package_is_what_the_checks_read() -> None:
    imports = stage_imports()
    assert ("pipeline", "render", "generator/pipeline/build.py") in {
        (here, there, where.split(":")[0]) for here, there, where in imports}
    assert len(imports) > 50


def private_imports(root: Path = GENERATOR) -> list[str]:
    """`from generator.x import _name`: a private name used outside its module."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
                found += [f"{path.relative_to(root.parent)}:{node.lineno}: imports the private "
                          f"{alias.name} from {node.module}; make it public where it belongs"
                          for alias in node.names if alias.name.startswith("_")]
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    assert private_imports() == []


def test_a_planted_private_import_is_found(tmp_path: Path) -> None:
    planted = tmp_path / "generator" / "opendata" / "planted.py"
    planted.parent.mkdir(parents=True)
    planted.write_text("from generator.validate.explain import _kind\n", "utf-8")
    assert private_imports(tmp_path / "generator") == [
        "generator/opendata/planted.py:1: imports the private _kind from "
        "generator.validate.explain; make it public where it belongs"]


def test_no_test_module_imports_another_test_module_or_conftest() -> None:
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for number, name in imported_modules(path, "tests"):
            if name.startswith(("tests.test_", "tests.conftest")):
                found.append(f"tests/{path.name}:{number}: imports {name}; use tests/support.py")
    assert not found, "\n".join(found)
