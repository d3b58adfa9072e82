"""The report pane shows words, not codes; the approval queue shows what is to be approved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select, update

from domain.states import (
    CHANNEL_LABELS,
    CLASSIFICATION_LABELS,
    FOLLOWUP_STATE_LABELS,
    REPORT_STATUS_LABELS,
)
from localdb.models import Followup, Outbox
from localdb.regions import store_regions
from localdb.syncstore import store_reference
from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
    pane_showing,
)
from ui.approval.panel import ApprovalPanel
from ui.report.pane import ReportPane
from ui.widgets import labels

HISTORY = [
    {"at": "2026-01-20T08:00:00Z", "actor": "Pelapor", "action": "created",
     "to": "belum_terverifikasi"},
    {"at": "2026-01-20T09:00:00Z", "actor": "Admin Nasional", "action": "status",
     "from": "belum_terverifikasi", "to": "terverifikasi"},
    {"at": "2026-01-21T09:00:00Z", "actor": "Admin Nasional", "action": "disposed",
     "to": "Dinas Pekerjaan Umum"},
]  # fmt: skip


@pytest.fixture
def profile(tmp_path: Path):
    p = open_profile(tmp_path)
    fill(
        p,
        [make_report(1, history=HISTORY)],
        [make_followup("r-00001", id="f-1", content="Jalan akan diaspal ulang pekan depan.")],
    )
    with p.session() as s, s.begin():
        categories = [
            {"id": "cat-infra", "parent_id": None, "name": "Infrastruktur"},
            {"id": "cat-jalan", "parent_id": "cat-infra", "name": "Jalan rusak"},
        ]
        store_reference(s, {"categories": categories}, "etag-1")
    return p


def form_values(pane: ReportPane) -> dict[str, str]:
    out = {}
    for row in range(pane.fields.rowCount()):
        label = pane.fields.itemAt(row, pane.fields.ItemRole.LabelRole).widget()
        value = pane.fields.itemAt(row, pane.fields.ItemRole.FieldRole).widget()
        assert isinstance(label, QLabel) and isinstance(value, QLabel)
        out[label.text()] = value.text()
    return out


def test_fields_and_history_are_words(qtbot, profile):
    ctx = make_ctx(profile, make_actor("officer"))
    try:
        pane = pane_showing(qtbot, ctx)
        values = form_values(pane)
        assert values["Kategori"] == "Infrastruktur › Jalan rusak"
        assert values["Disposisi"].startswith("Dinas Pekerjaan Umum dan Penataan Ruang (sejak ")
        # Off the office's list (none is stored here): the code, with its province's name.
        assert values["Wilayah"] == "33.73.04.1001 (Jawa Tengah)"
        assert values["Alamat lokasi"] == "Jl. Diponegoro km 2"
        assert values["Kanal"] == "Situs web"
        headlines = [e.headline for e in pane.timeline.entries()]
        assert headlines == [
            "Laporan dibuat",
            "Status: Belum Terverifikasi → Terverifikasi",
            "Didisposisikan ke Dinas Pekerjaan Umum",
        ]
    finally:
        close_ctx(ctx)


def test_a_listed_region_is_shown_by_its_names(qtbot, tmp_path: Path) -> None:
    profile = open_profile(tmp_path)
    located = {"region_code": "13.06.01.2001", "address": "Simpang Tiku"}
    district = {"region_code": "13.06.01", "address": None}
    fill(profile, [make_report(1, location=located), make_report(2, location=district)], [])
    regions = [
        {"code": "13.06.01", "name": "Tanjung Mutiara"},
        {"code": "13.06.01.2001", "name": "Tiku Selatan"},
    ]
    with profile.session() as s, s.begin():
        store_regions(s, {"regency": {"code": "13.06", "name": "Kabupaten Agam"},
                          "regions": regions}, "e1")  # fmt: skip
    ctx = make_ctx(profile, make_actor("officer"))
    try:
        pane = pane_showing(qtbot, ctx)
        assert form_values(pane)["Wilayah"] == (
            "Tiku Selatan, Kecamatan Tanjung Mutiara, Kabupaten Agam (13.06.01.2001)"
        )
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            pane.show_report("r-00002")
        assert (
            form_values(pane)["Wilayah"] == "Kecamatan Tanjung Mutiara, Kabupaten Agam (13.06.01)"
        )
    finally:
        close_ctx(ctx)


def test_translatable_label_list_matches_the_domain():
    domain = [
        *REPORT_STATUS_LABELS.values(),
        *FOLLOWUP_STATE_LABELS.values(),
        *CLASSIFICATION_LABELS.values(),
        *CHANNEL_LABELS.values(),
    ]
    assert sorted(labels._SOURCE_TEXTS) == sorted(domain)


def test_approval_queue_shows_report_title_and_approves_the_version_read(qtbot, profile):
    ctx = make_ctx(profile, make_actor("supervisor", user_id="u-supervisor1"))
    try:
        panel = ApprovalPanel(ctx)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.queue.count() == 1, timeout=5000)
        item_text = panel.queue.item(0).text()
        title, meta = item_text.split("\n")
        assert title == "Jalan rusak di RT 01 belum diperbaiki"
        assert meta.endswith(" · 5010001 · Petugas Satu · " + meta.split(" · ")[-1])
        assert "hari kerja" in meta.split(" · ")[0]  # the deadline first
        assert panel.text.toPlainText() == "Jalan akan diaspal ulang pekan depan."
        assert panel.title.text() == "Jalan rusak di RT 01 belum diperbaiki"
        panel.approve_current()
        qtbot.waitUntil(lambda: panel.queue.count() == 0, timeout=5000)
        with profile.session() as s:
            [op] = s.scalars(select(Outbox)).all()
        assert (op.type, op.entity_id, op.base_version) == ("followup.approve", "f-1", 1)
    finally:
        close_ctx(ctx)


def test_a_followups_files_are_listed_on_its_card(qtbot, tmp_path):
    p = open_profile(tmp_path)
    berita = {"sha256": "b" * 64, "filename": "berita-acara.pdf", "mime": "application/pdf",
              "size": 51200}  # fmt: skip
    fill(p, [make_report(1)], [make_followup("r-00001", id="f-1", attachments=[berita])])
    ctx = make_ctx(p, make_actor("supervisor", user_id="u-supervisor1"))
    try:
        pane = pane_showing(qtbot, ctx)
        files = [w.text() for w in pane.findChildren(QLabel, "followupFiles")]
        assert files == ["Lampiran: berita-acara.pdf"]
    finally:
        close_ctx(ctx)


def test_what_fails_on_the_pane_is_said_on_the_pane(qtbot, tmp_path):
    """An approval refused because the follow-up changed underneath, and an attachment that is
    neither on this PC nor reachable, are said in words above the report; opening another
    report starts clean."""
    p = open_profile(tmp_path)
    scan = {"sha256": "c" * 64, "filename": "scan.pdf", "mime": "application/pdf", "size": 10}
    fill(
        p,
        [make_report(1, attachments=[scan]), make_report(2)],
        [make_followup("r-00001", id="f-1")],
    )
    ctx = make_ctx(p, make_actor("supervisor", user_id="u-supervisor1"))
    try:
        pane = pane_showing(qtbot, ctx)
        assert not pane.message.isVisibleTo(pane)
        with p.session() as s, s.begin():  # another supervisor's approval, as a pull writes it
            s.execute(update(Followup).where(Followup.id == "f-1").values(state="published"))
        [approve] = [b for b in pane.findChildren(QPushButton) if b.text() == "Setujui"]
        with qtbot.waitSignal(pane.failed, timeout=5000):
            approve.click()
        assert pane.message.isVisibleTo(pane)
        assert "tidak lagi menunggu persetujuan" in pane.message.text()
        with qtbot.waitSignal(pane.failed, timeout=5000):
            pane.attachments.open_attachment(scan["sha256"])
        assert "tidak tersambung" in pane.message.text()
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            pane.show_report("r-00002")
        assert not pane.message.isVisibleTo(pane)
    finally:
        close_ctx(ctx)
