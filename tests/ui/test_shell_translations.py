"""The English translation is built from the .ts file and matches the contexts the code uses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ui.resources import translation_file
from ui.shell.statusbar import last_sync_text, pending_text


@pytest.fixture
def english(qapp):
    path = translation_file("en")
    if not path.exists():
        pytest.skip("simpul_en.qm not built (make translations)")
    translator = QTranslator()
    assert translator.load(str(path))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_source_ts_file_exists() -> None:
    assert translation_file("en").with_suffix(".ts").exists()


def test_menus_and_helpers_translate(english) -> None:
    tr = QCoreApplication.translate
    assert tr("MainWindow", "&Berkas") == "&File"
    assert tr("Login", "Masa berlaku masuk luring habis; sambungkan ke server").startswith(
        "The offline login period"
    )
    # Strings reached through a module's _tr helper land in that helper's context.
    assert pending_text(3) == "3 changes not sent yet"
    assert pending_text(1) == "1 change not sent yet"
    assert pending_text(0, 2) == "2 changes held back, need your decision"


def test_plural_forms(english) -> None:
    import datetime as dt

    now = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert last_sync_text(now - dt.timedelta(minutes=1), now) == "Last synced 1 minute ago"
    assert last_sync_text(now - dt.timedelta(minutes=7), now) == "Last synced 7 minutes ago"


def test_a_note_from_lapor_reads_as_a_sentence(qapp) -> None:
    from ui.widgets.labels import history_sentence

    assert history_sentence("lapor_log", "dalam_proses", "dalam_proses") == (
        "Catatan dari SP4N-LAPOR!"
    )


def test_a_note_from_lapor_in_english(english) -> None:
    from ui.widgets.labels import history_sentence

    assert history_sentence("lapor_log", None, None) == "Note from SP4N-LAPOR!"
