"""The sync log in an officer's words, and the technical text kept behind "Detail".

A row says what was done ("Ambil perubahan dari pusat") and how it went ("Berhasil", "Tidak
tersambung"); the HTTP method, the path, the status code and the error text go to the detail
dialog, where support staff ask for them. None of it holds personal data: the engine records
ids, sizes and codes only (sync/transport.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from localdb.views import OutboxItem, OutboxState, SyncLogEntry


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncLogView", text)


def request_label(method: str, endpoint: str) -> str:
    """What a request was for, in words."""
    path = endpoint.split("?", 1)[0]
    fixed = {
        "/health": _tr("Periksa sambungan ke pusat"),
        "/auth/login": _tr("Masuk ke pusat"),
        "/auth/refresh": _tr("Perpanjang sesi"),
        "/auth/logout": _tr("Keluar dari pusat"),
        "/changes": _tr("Ambil perubahan dari pusat"),
        "/sync/push": _tr("Kirim perubahan ke pusat"),
        "/reference": _tr("Ambil data acuan (kategori, templat, hari libur)"),
        "/audit/reveals": _tr("Kirim catatan akses identitas pelapor"),
    }
    if path in fixed:
        return fixed[path]
    if path.startswith("/uploads"):
        return _tr("Unggah lampiran")
    if path.startswith("/files/"):
        return _tr("Unduh lampiran")
    return _tr("Permintaan lain ke pusat")


def request_result(entry: SyncLogEntry) -> str:
    """How it went, in words (the code and the error text are in the detail)."""
    status = entry.status
    if status is None:
        return _tr("Tidak tersambung")
    if status in (200, 201, 204, 206, 304) and not entry.error:
        return _tr("Berhasil")
    if status == 401:
        return _tr("Sesi berakhir; masuk ulang")
    if status == 403:
        return _tr("Ditolak: tidak berwenang")
    if status == 409:
        return _tr("Berbenturan dengan data di pusat")
    if status == 426:
        return _tr("Versi aplikasi perlu diperbarui")
    if status == 429:
        return _tr("Pusat sibuk; dicoba lagi nanti")
    if status >= 500:
        return _tr("Pusat sedang bermasalah")
    if status >= 400:
        return _tr("Ditolak pusat")
    return _tr("Jawaban tidak dikenali")


def _lines(pairs: list[tuple[str, object]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs)


def request_detail(entry: SyncLogEntry) -> str:
    """The technical text of one request, for support staff (copyable)."""
    status = entry.status if entry.status is not None else "-"
    sizes = f"{entry.bytes_sent} B / {entry.bytes_received} B"
    return _lines(
        [
            (_tr("Waktu (UTC)"), entry.at.isoformat()),
            (_tr("Permintaan"), f"{entry.method} {entry.endpoint}"),
            (_tr("Status HTTP"), status),
            (_tr("Terkirim / diterima"), sizes),
            (_tr("Durasi"), f"{entry.duration_ms} ms"),
            (_tr("Kesalahan"), entry.error or "-"),
            ("ID", entry.id),
        ]
    )


def report_number(item: OutboxItem) -> str:
    """The report an outbox row is about: its tracking number, else the receipt number."""
    if item.tracking_id:
        return item.tracking_id
    if item.receipt_number:
        return _tr("Tanda terima %1").replace("%1", item.receipt_number)
    return _tr("(belum ada nomor)")


def outbox_note(item: OutboxItem) -> str:
    """Why an op waits, in words (the error text is in the detail)."""
    error = item.last_error or ""
    code = error.split(":", 1)[0].strip()
    if item.state is OutboxState.CONFLICT:
        return _tr("Berbenturan dengan versi di pusat; pilih penyelesaian di halaman Konflik")
    if item.state is OutboxState.QUARANTINED:
        return _tr("Ditolak pusat; lihat halaman Konflik")
    if item.state is OutboxState.SENDING:
        return _tr("Sedang dikirim")
    if not error:
        return _tr("Menunggu giliran dikirim")
    if code == "blocked_by_earlier_op":
        return _tr("Menunggu perubahan sebelumnya pada laporan yang sama")
    if code == "attachment_missing":
        return _tr("Lampiran diunggah ulang lebih dulu")
    if code == "server_restored":
        return _tr("Dikirim ulang: pusat dipulihkan dari cadangan")
    return _tr("Pengiriman belum berhasil; dicoba lagi otomatis")


def outbox_detail(item: OutboxItem) -> str:
    retry = item.next_attempt_at.isoformat() if item.next_attempt_at else "-"
    return _lines(
        [
            (_tr("Operasi"), f"{item.type} (No. {item.seq})"),
            ("op_id", item.op_id),
            ("entity_id", item.entity_id),
            (_tr("Keadaan"), item.state.value),
            (_tr("Percobaan"), item.attempts),
            (_tr("Dibuat"), item.created_at.isoformat()),
            (_tr("Coba lagi"), retry),
            (_tr("Kesalahan terakhir"), item.last_error or "-"),
        ]
    )
