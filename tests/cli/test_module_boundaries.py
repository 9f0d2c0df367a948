"""What one module may take from another: its public names only, imported at the top.

A private name (``_final_update``) imported from another module is a helper two modules share
without saying so — renaming it in its home breaks the other silently — and an import at the
bottom of a file hides a cycle. Both were in the tree (issue 15); these checks keep them out of
every module of the package, not only the CLI's (``tests/test_cli.py`` has the CLI's own)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import extractor

PACKAGE = Path(extractor.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_module_takes_only_public_names_from_another(path):
    tree = ast.parse(path.read_text("utf-8"))
    taken, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("extractor"):
            taken += [f"{node.module}.{a.name}" for a in node.names if _private(a.name)]
            modules |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name.split(".")[0] for a in node.names if a.name.startswith("extractor")}
    taken += [f"{node.value.id}.{node.attr}" for node in ast.walk(tree) if isinstance(node, ast.Attribute)
              and _private(node.attr) and isinstance(node.value, ast.Name) and node.value.id in modules]
    assert taken == [], f"{_name(path)} uses private names of other modules"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_level_imports_come_before_the_code(path):
    seen_code, late = False, []
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            seen_code = True
        elif seen_code and isinstance(node, ast.Import | ast.ImportFrom):
            late.append(node.lineno)
    assert late == [], f"{_name(path)}: imports at lines {late} after the first definition"
