"""Settings: validated with messages per field, stored as JSON, a broken file is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import settings as st
from desktop.settings import Settings, SettingsError


def fields(s: Settings) -> set[str]:
    return {p.field for p in st.validate(s)}


def test_defaults_are_valid() -> None:
    assert st.validate(Settings()) == []


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://lapor.kab.go.id", True),
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000/api/v1", True),
        ("http://lapor.kab.go.id", False),  # TLS is always on for a real server
        ("ftp://lapor.kab.go.id", False),
        ("lapor.kab.go.id", False),
        ("https://", False),
    ],
)
def test_server_url(url: str, ok: bool) -> None:
    assert ("server_url" not in fields(Settings(server_url=url))) is ok


@pytest.mark.parametrize(
    ("proxy", "ok"),
    [
        ("", True),
        ("http://proxy.kantor:3128", True),
        ("socks5://10.0.0.1:1080", True),
        ("http://proxy.kantor", False),  # no port
        ("proxy.kantor:3128", False),
        ("http://proxy:notaport", False),
    ],
)
def test_proxy(proxy: str, ok: bool) -> None:
    assert ("proxy" not in fields(Settings(proxy=proxy))) is ok


def test_interval_language_and_ca_bundle(tmp_path: Path) -> None:
    assert fields(Settings(sync_interval_minutes=0)) == {"sync_interval_minutes"}
    assert fields(Settings(sync_interval_minutes=1441)) == {"sync_interval_minutes"}
    assert fields(Settings(sync_interval_minutes=True)) == {"sync_interval_minutes"}  # type: ignore[arg-type]
    assert fields(Settings(language="fr")) == {"language"}
    assert fields(Settings(ca_bundle=str(tmp_path / "missing.pem"))) == {"ca_bundle"}
    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n")
    assert fields(Settings(ca_bundle=str(pem))) == set()


def test_messages_are_indonesian_and_name_the_problem() -> None:
    (problem,) = st.validate(Settings(server_url="http://lapor.kab.go.id"))
    assert "https://" in problem.message
    assert "Gunakan" in problem.message


def test_round_trip_and_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(
        server_url="https://x.go.id", sync_interval_minutes=30, cuti_bersama_is_holiday=False
    )
    st.save(path, s)
    assert st.load(path) == s
    data = json.loads(path.read_text())
    data["from_a_newer_version"] = 1
    path.write_text(json.dumps(data))
    assert st.load(path) == s


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert st.load(tmp_path / "nope.json") == Settings()


def test_invalid_values_in_file_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"server_url": "http://evil.example", "language": "xx"}))
    with pytest.raises(SettingsError) as err:
        st.load(path)
    assert {p.field for p in err.value.problems} == {"server_url", "language"}


def test_corrupt_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    with pytest.raises(SettingsError) as err:
        st.load(path)
    assert err.value.problems[0].field == "file"


def test_save_refuses_invalid_and_keeps_old_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    good = Settings(server_url="https://x.go.id")
    st.save(path, good)
    with pytest.raises(SettingsError):
        st.save(path, good.replace(sync_interval_minutes=-5))
    assert st.load(path) == good


def test_settings_dialog_shows_problem_next_to_field(qtbot) -> None:
    from ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), st.validate)
    qtbot.addWidget(dialog)
    dialog.server_url.setText("http://lapor.kab.go.id")
    dialog.proxy.setText("proxy-tanpa-skema")
    dialog.try_accept()
    assert dialog.result() == 0  # not accepted
    assert "https://" in dialog.error_text("server_url")
    assert dialog.error_text("proxy")
    dialog.server_url.setText("https://lapor.kab.go.id")
    dialog.proxy.setText("")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.try_accept()
    assert dialog.result() == 1
    value = dialog.value()
    assert value.server_url == "https://lapor.kab.go.id" and value.language == "en"
    assert dialog.language_changed()


def test_font_size_applies_at_once_and_is_checked(qtbot):
    from PySide6.QtWidgets import QApplication

    from desktop.app import apply_font_size
    from desktop.settings import Settings, validate

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    system = app.font().pointSizeF()
    try:
        apply_font_size(app, 14)
        assert app.font().pointSizeF() == 14
        apply_font_size(app, 0)
        assert app.font().pointSizeF() == system
    finally:
        apply_font_size(app, 0)
    assert [p.field for p in validate(Settings(font_size=5))] == ["font_size"]
    assert validate(Settings(font_size=16)) == []


def test_every_label_of_the_settings_dialog_is_whole_at_its_narrowest(qtbot) -> None:
    """At its minimum width (what a 1366 x 768 screen at 125 % gives it), no label is cut."""
    from PySide6.QtWidgets import QLabel

    from ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), st.validate)
    qtbot.addWidget(dialog)
    dialog.resize(dialog.minimumWidth(), dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    for label in dialog.findChildren(QLabel):
        if not label.isVisible() or not label.text() or label.wordWrap():
            continue
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert needed <= label.width(), label.text()
