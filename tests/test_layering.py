"""The import rules of docs/architecture.md, checked on every run.

domain imports nothing of the app; localdb only domain; sync only localdb and domain; central
only sync.wire and domain; none of them Qt. ui never imports desktop or central, nor SQLAlchemy:
views ask `localdb` for what they show by named query functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = {"domain", "localdb", "sync", "central", "ui", "desktop"}

ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "localdb": {"domain"},
    "sync": {"localdb", "domain"},
    "central": {"sync.wire", "domain"},
    "ui": {"ui", "localdb", "sync", "domain"},
}
QT_FREE = {"domain", "localdb", "sync", "central"}
# Third-party packages a layer must not use directly.
FORBIDDEN: dict[str, set[str]] = {"ui": {"sqlalchemy", "alembic"}}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _allowed(package: str, module: str) -> bool:
    top = module.split(".")[0]
    if top == package:
        return True
    if top in {"PySide6", "shiboken6"}:
        return package not in QT_FREE
    if top in FORBIDDEN.get(package, set()):
        return False
    if top not in APP:
        return True
    return any(module == a or module.startswith(a + ".") for a in ALLOWED[package])


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_its_layer_may(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for line, module in _imports(path)
        if not _allowed(package, module)
    ]
    assert bad == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import PySide6.QtCore\nfrom desktop import app\n", encoding="utf-8")
    modules = [m for _, m in _imports(sample)]
    assert not _allowed("localdb", modules[0])
    assert not _allowed("ui", modules[1])
    assert _allowed("central", "sync.wire")
    assert not _allowed("central", "sync.runner")


def test_ui_never_imports_sqlalchemy(tmp_path: Path) -> None:
    sample = tmp_path / "view.py"
    sample.write_text("from sqlalchemy import func, select\nimport sqlalchemy.orm\n")
    modules = [m for _, m in _imports(sample)]
    assert modules == ["sqlalchemy", "sqlalchemy.orm"]
    assert not any(_allowed("ui", m) for m in modules)
    assert all(_allowed("localdb", m) for m in modules)
