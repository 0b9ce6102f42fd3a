"""The house rules, as tests: layers point down, no import cycles, modules and functions stay readable.

The layer contracts live in pyproject.toml ([tool.importlinter]) and are checked by import-linter, which counts
imports inside functions and under TYPE_CHECKING too. docs/architecture.md explains them.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "crmdesk"

# A module may pass ~600 lines, or a function ~80, only with a reason written here.
LONG_MODULES: dict[str, str] = {}
LONG_FUNCTIONS: dict[str, str] = {}
MODULE_LIMIT, FUNCTION_LIMIT = 600, 80


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                           "sys.exit(lint_imports_command())", "--no-cache"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_layers_point_down_and_no_module_imports_in_a_cycle():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


@pytest.mark.parametrize(("module", "planted"), [
    ("analytics/pareto.py", "crmdesk.services.settings"),  # analytics reaching up into services
    ("store/backups.py", "crmdesk.ui"),                      # the store reaching into the window
    ("services/staff.py", "crmdesk.cli"),                    # a service reaching into the command line
])
def test_the_layer_check_fails_on_an_upward_import_inside_a_function(tmp_path, module, planted):
    """The check is only worth something if it fails: plant an upward import in a copy of the tree."""
    shutil.copytree(PACKAGE, tmp_path / "crmdesk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "crmdesk" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\ndef _planted():\n    import {planted}  # noqa\n",
                      encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _long_functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > FUNCTION_LIMIT:
                found.append((node.name, length))
    return found


def test_no_module_is_much_longer_than_a_reader_can_hold():
    long = {str(p.relative_to(ROOT)): n for p in _python_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LIMIT}
    assert set(long) <= set(LONG_MODULES), f"modules over {MODULE_LIMIT} lines without a stated reason: {long}"


def test_no_function_is_longer_than_about_a_screen():
    long = {f"{p.relative_to(ROOT)}::{name}": n for p in _python_files() for name, n in _long_functions(p)}
    unexplained = {k: v for k, v in long.items() if k not in LONG_FUNCTIONS}
    assert not unexplained, f"functions over {FUNCTION_LIMIT} lines without a stated reason: {unexplained}"
