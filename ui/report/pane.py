"""The report pane: every field of one report, its history, attachments and follow-ups.

Loading goes through the task runner (`report_detail`, then `mark_read`, and when the reporter's
identity will be shown unmasked, `record_reveal`: every showing is recorded); the pane re-reads the
report when `reportsChanged` names it, so a follow-up's "Menunggu dikirim" turns into "Terkirim
ke pusat" once the sync engine has had the server's answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.identity import PROVINCE_CODES
from localdb import commands, queries
from localdb.pull import accepts_followup
from localdb.regions import RegionName, region_name
from localdb.reveals import record_reveal
from localdb.staff import AgencyView, StaffView, agencies, office_staff
from localdb.syncstore import load_reference
from ui.context import AppContext
from ui.domain_text import domain_text
from ui.followup.editor import FollowupEditor
from ui.printing import write_pdf
from ui.report.assign import AssignDialog
from ui.report.attachments import AttachmentList
from ui.report.fields import field, format_when, plain, to_date
from ui.report.followups import FollowupList
from ui.report.handoff import HandoffDialog, handoff_state, may_hand_off
from ui.report.identity import identity_shown, reporter_view
from ui.report.letter import LetterData, letter_pdf, print_letter
from ui.widgets.deadline import Badge, BadgeLabel, deadline_badge, text_badge
from ui.widgets.dialogs import save_file_dialog
from ui.widgets.flow import FlowLayout
from ui.widgets.labels import channel_label, classification_label, history_sentence, status_label
from ui.widgets.lapor import lapor_label
from ui.widgets.message import MessageLine
from ui.widgets.timeline import Timeline, TimelineEntry

if TYPE_CHECKING:
    from localdb.queries import Session


# What a load brings: the detail, its category's name, the office's staff, the region's names.
_Loaded = tuple[Any, str | None, tuple[StaffView, ...], RegionName | None]


class ReportPane(QWidget):
    """Shows one report. Signal `loaded(report_id)` after its detail is on screen."""

    loaded = Signal(str)
    failed = Signal(str)  # also shown on the pane, above the report
    letterSaved = Signal(str)  # the PDF's path, once it is on disk

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = clock.local_today,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._today = today
        self._report_id: str | None = None
        self.detail: Any = None
        self._category_name: str | None = None
        self._region: RegionName | None = None
        self._staff: tuple[StaffView, ...] = ()
        self._agencies: tuple[AgencyView, ...] = ()
        self._build()
        ctx.events.reportsChanged.connect(self._on_reports_changed)
        # Region names may arrive after the report is on screen (the first sync after login).
        ctx.events.referenceChanged.connect(lambda: self._load(mark_read=False))
        ctx.events.calendarChanged.connect(lambda: self._load(mark_read=False))  # its deadline

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget(self)
        self._column = QVBoxLayout(body)
        self.header = plain("", body)
        self.header.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.tracking = plain("", body)
        self.lapor_field: QLabel | None = None  # the report's SP4N-LAPOR! row, when relayed
        self.tracking.setStyleSheet("color: #616161;")
        self.badges = QHBoxLayout()
        self.status_badge = BadgeLabel(body)
        self.deadline = BadgeLabel(body)
        self.secret_badge = text_badge(self.tr("Rahasia"), "#6a1b9a")
        self.badges.addWidget(self.status_badge)
        self.badges.addWidget(self.deadline)
        self.badges.addWidget(self.secret_badge)
        self.badges.addStretch(1)
        self.fields = QFormLayout()
        self.content = QPlainTextEdit(body)
        self.content.setReadOnly(True)
        self.content.setMinimumHeight(110)
        self.reporter_box = QGroupBox(self.tr("Pelapor"), body)
        self.reporter_form = QFormLayout(self.reporter_box)
        self.attachments = AttachmentList(self._ctx, body)
        self.attachments.failed.connect(self.failed)
        self.timeline = Timeline(body)
        self.followups = FollowupList(body)
        self.followups.reviseRequested.connect(self._revise)
        self.followups.approveRequested.connect(self._approve)
        self.followups.returnRequested.connect(self._return)
        self.new_button = QPushButton(self.tr("Tulis tindak lanjut"), body)
        self.new_button.clicked.connect(self.new_followup)
        self.assign_button = QPushButton(self.tr("&Tugaskan…"), body)
        self.assign_button.setToolTip(self.tr("Pilih petugas kantor ini yang menangani laporan"))
        self.assign_button.clicked.connect(self.choose_assignee)
        self.assign_button.hide()
        self.letter_button = QPushButton(self.tr("Cetak &surat…"), body)
        self.letter_button.setToolTip(
            self.tr("Tindak lanjut yang terbit sebagai surat berkop kantor, ke printer atau PDF")
        )
        letter_menu = QMenu(self.letter_button)
        letter_menu.addAction(self.tr("Cetak…"), self.print_letter)
        letter_menu.addAction(self.tr("Simpan sebagai PDF…"), self.choose_letter_file)
        self.letter_button.setMenu(letter_menu)
        self.letter_button.hide()
        self.handoff_button = QPushButton(self.tr("&Bukan kewenangan…"), body)
        self.handoff_button.setToolTip(
            self.tr("Minta agar laporan dilimpahkan ke instansi yang berwenang")
        )
        self.handoff_button.clicked.connect(self.ask_handoff)
        self.handoff_button.hide()
        self.handoff_note = plain("", body)
        self.handoff_note.setObjectName("handoffNote")
        self.handoff_note.setStyleSheet("background: #fff3e0; padding: 6px;")
        self.handoff_note.hide()
        self.editor = FollowupEditor(self._ctx, body)
        self.editor.hide()
        self._column.addWidget(self.tracking)
        self._column.addWidget(self.header)
        self._column.addLayout(self.badges)
        self._column.addWidget(self.handoff_note)
        self._column.addLayout(self.fields)
        self._column.addWidget(self._section(self.tr("Isi laporan")))
        self._column.addWidget(self.content)
        self._column.addWidget(self.reporter_box)
        sections: tuple[tuple[str, QWidget], ...] = (
            (self.tr("Lampiran"), self.attachments),
            (self.tr("Riwayat"), self.timeline),
            (self.tr("Tindak lanjut"), self.followups),
        )
        for title, widget in sections:
            self._column.addWidget(self._section(title))
            self._column.addWidget(widget)
        actions = FlowLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.assign_button)
        actions.addWidget(self.letter_button)
        actions.addWidget(self.handoff_button)
        self._column.addLayout(actions)
        self._column.addWidget(self.editor)
        self._column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # Everything wraps to the pane's width: reading a report never needs sideways scrolling.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.placeholder = QLabel(
            self.tr(
                "Pilih laporan di daftar untuk melihat rinciannya.\n"
                "Gunakan Ctrl+J dan Ctrl+K untuk berpindah antarlaporan."
            ),
            self,
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #616161; padding: 24px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = MessageLine(self)  # outside the scroll: seen wherever the user clicked
        self.failed.connect(self.message.show_message)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self._scroll = scroll
        scroll.hide()

    def _section(self, title: str) -> QLabel:
        label = QLabel(title, self)
        label.setStyleSheet("font-weight: bold; margin-top: 8px; border-bottom: 1px solid #bdbdbd;")
        return label

    # --- slots the shell uses -----------------------------------------------------------------

    @Slot(str)
    def show_report(self, report_id: str) -> None:
        if report_id != self._report_id:
            self.editor.save_now()
            self.editor.hide()
            self.message.clear_message()
        self._report_id = report_id
        self._load(mark_read=True)

    @Slot()
    def new_followup(self) -> None:
        """Open the editor on this report's draft (the existing one, else a fresh one)."""
        if self.detail is None:
            return
        draft = _first_new_draft(self.detail)
        if self.editor.report_id() != self._report_id or self.editor.isHidden():
            self.editor.open_draft(
                str(self._report_id),
                content=str(field(draft, "content", "") or ""),
                draft_id=field(draft, "id"),
                template_code=field(draft, "template_code"),
                attachments=list(field(draft, "attachments", ()) or ()),
            )
        self.editor.show()
        self.editor.text.setFocus()
        # Once laid out, scrolled so the whole editor is in sight, down to "Kirim untuk
        # persetujuan" (the pane is short and narrow at 125 %).
        QTimer.singleShot(0, self._show_editor_whole)

    def _show_editor_whole(self) -> None:
        if self.editor.isVisible():
            self._scroll.ensureWidgetVisible(self.editor, 0, 0)

    def report_id(self) -> str | None:
        return self._report_id

    # --- loading ------------------------------------------------------------------------------

    def _load(self, *, mark_read: bool) -> None:
        report_id, actor = self._report_id, self._ctx.actor
        if report_id is None:
            return

        seen = False

        def work(s: Session) -> _Loaded:
            nonlocal seen
            detail = queries.report_detail(s, report_id, actor)
            if mark_read and detail is not None:
                seen = commands.mark_read(s, actor, report_id)
            if detail is not None and _shows_identity(actor, detail):
                record_reveal(s, actor, report_id)  # who saw whom: every showing, on this lane
            name = category_name(s, detail.category_id) if detail is not None else None
            region = region_name(s, detail.region_code) if detail is not None else None
            self._agencies = agencies(s)
            return detail, name, office_staff(s, actor.agency_id), region

        def done(result: _Loaded) -> None:
            detail, self._category_name, self._staff, self._region = result
            if report_id != self._report_id:
                return  # the officer moved on meanwhile
            was_unread = detail is not None and not detail.is_read
            self._show(detail)
            if mark_read and was_unread:
                self._ctx.events.countsStale.emit()
            if seen or (mark_read and was_unread):
                # Read now, its "new"/"updated" mark gone: the lists re-read that row.
                self._ctx.events.reportSeen.emit(report_id)

        self._ctx.runner.run(work, on_done=done, on_error=self._error, owner=self)

    def _on_reports_changed(self, ids: list[str]) -> None:
        if self._report_id is not None and self._report_id in ids:
            self._load(mark_read=False)

    def _error(self, exc: BaseException) -> None:
        message = domain_text(exc) if isinstance(exc, DomainError) else str(exc)
        self.failed.emit(message)

    # --- showing ------------------------------------------------------------------------------

    def _show(self, d: Any) -> None:
        self.detail = d
        if d is None:
            self._scroll.hide()
            self.placeholder.setText(self.tr("Laporan ini tidak lagi ada di komputer ini."))
            self.placeholder.show()
            return
        self.placeholder.hide()
        self._scroll.show()
        self.header.setText(d.title)
        tracking = d.tracking_id or self.tr("(belum ada)")
        self.tracking.setText(self.tr("No. Pelacakan %1").replace("%1", tracking))
        self._show_badges(d)
        self._show_fields(d)
        self.content.setPlainText(d.content)
        self._show_reporter(d)
        self.attachments.set_attachments(list(d.attachments))
        self.timeline.set_entries(self._history(d))
        supervisor = "supervisor" in self._ctx.actor.roles
        self.followups.set_followups(list(d.followups), supervisor=supervisor)
        officer = self._ctx.actor.has_role("officer", "supervisor")
        # Offer only what is allowed: no follow-up on a finished, archived or rejected report.
        self.new_button.setVisible(officer and accepts_followup(d.status))
        self.assign_button.setVisible(supervisor and accepts_followup(d.status))
        self.letter_button.setVisible(officer and self.letter_data() is not None)
        self._show_handoff(d, officer)
        self.loaded.emit(d.id)

    def _show_badges(self, d: Any) -> None:
        self.status_badge.set_badge(Badge("ok", status_label(d.status)))
        self.deadline.set_badge(
            deadline_badge(d.deadline, self._today(), self._ctx.calendar, answered=d.published)
        )
        self.secret_badge.setVisible(bool(d.is_secret))

    def _show_fields(self, d: Any) -> None:
        while self.fields.rowCount():
            self.fields.removeRow(0)
        self.lapor_field = None
        none = self.tr("–")
        if d.agency_name:
            disposed = format_when(d.disposed_at)
            disposition = d.agency_name + (
                self.tr(" (sejak %1)").replace("%1", disposed) if disposed else ""
            )
        else:
            disposition = self.tr("Belum didisposisikan")
        rows = [
            (self.tr("Klasifikasi"), classification_label(d.classification)),
            (self.tr("Kategori"), self._category_name or none),
            (self.tr("Kanal"), channel_label(d.channel) or none),
            (self.tr("Disposisi"), disposition),
            (self.tr("Petugas"), self._assignee_name(d.assignee_id)),
            (self.tr("Batas tindak lanjut"), format_when(d.respond_by) or none),
            (self.tr("Wilayah"), self._region_text(d.region_code) or none),
            (self.tr("Alamat lokasi"), d.address or none),
            (self.tr("Tanggal kejadian"), format_when(to_date(d.incident_date)) or none),
            (self.tr("Diterima"), format_when(d.submitted_at)),
        ]
        for label, value in rows:
            self.fields.addRow(label, plain(str(value), self))
        lapor = getattr(d, "lapor", None)
        if lapor is not None:  # only where the hub relays to SP4N-LAPOR!
            self.lapor_field = lapor_label(lapor, followup=False, parent=self)
            self.fields.addRow(self.tr("SP4N-LAPOR!"), self.lapor_field)

    def _region_text(self, code: str | None) -> str:
        """The region's names with its code; a code off the office's list with its province."""
        found = self._region if self._region is not None and self._region.code == code else None
        if not code:
            return ""
        if found is None:
            province = PROVINCE_CODES.get(code[:2])
            return f"{code} ({province})" if province else code
        if found.district is None:
            text = self.tr("Kecamatan %1, %2").replace("%1", found.name)
            text = text.replace("%2", found.regency)
        else:
            text = self.tr("%1, Kecamatan %2, %3").replace("%1", found.name)
            text = text.replace("%2", found.district).replace("%3", found.regency)
        return f"{text} ({code})"

    def _show_reporter(self, d: Any) -> None:
        while self.reporter_form.rowCount():
            self.reporter_form.removeRow(0)
        view = reporter_view(
            self._ctx.actor,
            d.reporter,
            is_anonymous=bool(d.is_anonymous),
            is_secret=bool(d.is_secret),
            assignee_id=d.assignee_id,
        )
        headline = plain(view.headline, self.reporter_box)
        headline.setObjectName("reporterHeadline")
        self.reporter_form.addRow(headline)
        for label, value in view.lines:
            self.reporter_form.addRow(label, plain(value, self.reporter_box))

    def _history(self, d: Any) -> list[TimelineEntry]:
        return [
            TimelineEntry(
                " · ".join(x for x in (format_when(h.at), h.actor) if x),
                history_sentence(h.action, h.from_, h.to),
                h.note or "",
            )
            for h in d.history
        ]

    # --- follow-up actions --------------------------------------------------------------------

    def _revise(self, followup_id: str) -> None:
        f = next(
            (f for f in field(self.detail, "followups", ()) or () if field(f, "id") == followup_id),
            None,
        )
        if f is None:
            return
        note = field(f, "review_note") or field(field(f, "review"), "note")
        self.editor.open_draft(
            str(self._report_id),
            content=str(field(f, "content") or ""),
            revise_followup_id=followup_id,
            attachments=list(field(f, "attachments", ()) or ()),
            return_note=str(note) if note else None,
        )
        self.editor.show()

    def _assignee_name(self, assignee_id: str | None) -> str:
        if not assignee_id:
            return self.tr("Belum ditugaskan")
        names = {p.id: p.full_name for p in self._staff}
        return names.get(assignee_id, assignee_id)

    def choose_assignee(self) -> None:
        """Ask which officer handles this report, then queue the assignment (synced later)."""
        d = self.detail
        if d is None:
            return
        officers = [p for p in self._staff if "officer" in p.roles]
        dialog = AssignDialog(officers, d.assignee_id, self)
        if not dialog.exec():
            return
        chosen, actor, report_id = dialog.chosen(), self._ctx.actor, d.id
        if chosen == d.assignee_id:
            return
        self._run_command(lambda s: commands.assign_report(s, actor, report_id, chosen))

    def _show_handoff(self, d: Any, officer: bool) -> None:
        state = handoff_state(d.history, d.local_state)
        notes = {
            "queued": self.tr("Permintaan pelimpahan menunggu dikirim ke pusat."),
            "requested": self.tr(
                "Pelimpahan sudah diminta; menunggu keputusan admin nasional. Laporan tetap di "
                "kantor Anda sampai diputuskan."
            ),
            "refused": self.tr(
                "Permintaan pelimpahan ditolak admin nasional: laporan ini tetap tugas kantor "
                "Anda. Alasannya ada di riwayat."
            ),
        }
        self.handoff_note.setText(notes.get(state or "", ""))
        self.handoff_note.setVisible(state is not None)
        may_ask = state in (None, "refused") and may_hand_off(d.status)
        self.handoff_button.setVisible(officer and may_ask)

    def ask_handoff(self) -> None:
        d, actor = self.detail, self._ctx.actor
        if d is None:
            return
        agencies = [(a.id, a.name) for a in self._agencies if a.id != actor.agency_id]
        dialog = HandoffDialog(agencies, self)
        if not dialog.exec():
            return
        target, reason = dialog.value()
        report_id = d.id
        self._run_command(lambda s: commands.request_handoff(s, actor, report_id, target, reason))

    def letter_data(self) -> LetterData | None:
        """The newest published follow-up of the report shown, as a letter (None: none yet)."""
        d = self.detail
        published = [f for f in field(d, "followups", ()) or () if f.state == "published"]
        if d is None or not published:
            return None
        f = published[-1]
        approved = f.reviewed_at or f.updated_at
        return LetterData(
            tracking_id=d.tracking_id,
            report_title=d.title,
            content=f.content,
            approved_by=f.reviewer_name,
            approved_on=approved.astimezone().date(),
            office=d.agency_name or "",
        )

    def print_letter(self) -> None:
        data = self.letter_data()
        if data is not None:
            print_letter(data, self._ctx.printing, self)

    def choose_letter_file(self) -> None:
        """Ask where (a dialog in the app's language), then `save_letter` there."""
        data = self.letter_data()
        if data is None:
            return
        dialog = save_file_dialog(
            self,
            self.tr("Simpan surat tindak lanjut"),
            f"surat-{data.tracking_id or 'tindak-lanjut'}.pdf",
            self.tr("Dokumen PDF (*.pdf)"),
        )
        dialog.fileSelected.connect(lambda chosen: self.save_letter(Path(chosen)))
        self.file_dialog = dialog
        dialog.open()

    def save_letter(self, path: Path) -> None:
        """Make the letter's PDF here (in memory, fast) and write it on a worker thread:
        `letterSaved(path)` when it is on disk, `failed` with where it could not be written."""
        data = self.letter_data()
        if data is None:
            return
        content = letter_pdf(data, self._ctx.printing)
        write_pdf(
            self._ctx.runner.cpu,
            self,
            path,
            content,
            lambda saved: self.letterSaved.emit(str(saved)),
            self._letter_unwritable,
        )

    def _letter_unwritable(self, path: Path) -> None:
        self.failed.emit(
            self.tr("Surat tidak dapat disimpan di %1. Pilih folder lain.").replace(
                "%1", str(path.parent)
            )
        )

    def _approve(self, followup_id: str, version: int) -> None:
        actor = self._ctx.actor
        self._run_command(lambda s: commands.approve_followup(s, actor, followup_id, version))

    def _return(self, followup_id: str, version: int, note: str) -> None:
        actor = self._ctx.actor
        self._run_command(lambda s: commands.return_followup(s, actor, followup_id, version, note))

    def _run_command(self, fn: Callable[[Any], Any]) -> None:
        report_id = self._report_id

        def done(_result: Any) -> None:
            self.message.clear_message()
            self._ctx.events.reportsChanged.emit([report_id])
            self._ctx.events.countsStale.emit()
            self._ctx.events.localChange.emit()

        self._ctx.runner.run(fn, on_done=done, on_error=self._error, owner=self)


def _shows_identity(actor: Any, d: Any) -> bool:
    return identity_shown(
        actor,
        d.reporter,
        is_anonymous=bool(d.is_anonymous),
        is_secret=bool(d.is_secret),
        assignee_id=d.assignee_id,
    )


def _first_new_draft(detail: Any) -> Any:
    for d in field(detail, "drafts", ()) or ():
        if field(d, "kind", "new") == "new":
            return d
    return None


def category_name(s: Session, category_id: str | None) -> str | None:
    """The category's name from the cached reference data ("Induk › Anak" for a subcategory)."""
    if not category_id:
        return None
    data, _etag = load_reference(s)
    names = {c.get("id"): c for c in (data or {}).get("categories") or []}
    found = names.get(category_id)
    if found is None:
        return category_id  # reference data not pulled yet: the code still says something
    parent = names.get(found.get("parent_id"))
    name = str(found.get("name") or category_id)
    return f"{parent.get('name')} › {name}" if parent else name
