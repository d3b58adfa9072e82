"""One registry of feature pages (ui/shell/registry.py) for the code and for build.spec."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.shell import pages
from ui.shell.registry import PAGES, page_modules

ROOT = Path(__file__).resolve().parents[2]


def test_every_registered_page_loads_and_is_a_widget() -> None:
    for entry in PAGES:
        assert issubclass(pages.page_class(entry), QWidget), entry


def test_the_registry_names_exactly_the_pages_the_window_holds() -> None:
    assert [f.name for f in dataclasses.fields(pages.Pages)] == [e.key for e in PAGES]


def test_build_spec_takes_its_page_modules_from_the_registry() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert not literals & set(page_modules()), "a page module is copied by hand into build.spec"
    calls = {
        n.value.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Starred)
        and isinstance(n.value, ast.Call)
        and isinstance(n.value.func, ast.Name)
    }
    assert "page_modules" in calls


def test_the_main_window_calls_its_pages_by_name_not_by_hasattr() -> None:
    source = (ROOT / "ui" / "shell" / "main_window.py").read_text(encoding="utf-8")
    assert "hasattr(" not in source
