"""What an empty inbox says: why this box is empty and what the officer can do next."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("InboxEmpty", text)


def empty_message(flt: Any) -> str:
    """The sentence for an empty list under this `InboxFilter`."""
    narrowed = any(
        (flt.status, flt.classification, flt.category_id, flt.deadline, flt.unread_only, flt.search)
    )
    if narrowed:
        return _tr(
            "Tidak ada laporan yang cocok dengan pencarian atau filter ini. "
            "Ubah atau hapus filter untuk melihat laporan lain."
        )
    messages = {
        "baru_diperbarui": _tr(
            "Tidak ada laporan baru atau diperbarui yang belum Anda buka. Laporan yang dibawa "
            "sinkronisasi muncul di sini sampai Anda membukanya."
        ),
        "ditugaskan_kepada_saya": _tr(
            "Tidak ada laporan terbuka yang ditugaskan kepada Anda. Laporan lain ada di "
            "\u201cPerlu Tindak Lanjut\u201d."
        ),
        "perlu_tindak_lanjut": _tr(
            "Semua laporan sudah ditindaklanjuti. Laporan baru muncul di sini setelah sinkronisasi."
        ),
        "lewat_tenggat": _tr("Tidak ada laporan yang lewat tenggat."),
        "draf": _tr(
            "Belum ada draf. Pilih laporan, lalu klik \u201cTulis tindak lanjut\u201d untuk mulai."
        ),
        "menunggu_persetujuan": _tr("Tidak ada tindak lanjut yang menunggu persetujuan atasan."),
        "dikembalikan": _tr("Tidak ada tindak lanjut yang dikembalikan untuk diperbaiki."),
        "kotak_keluar": _tr("Semua perubahan sudah terkirim ke pusat."),
    }
    return messages.get(
        flt.box or "",
        _tr(
            "Belum ada laporan di komputer ini. Laporan muncul setelah sinkronisasi; "
            "tekan Ctrl+R untuk sinkron sekarang."
        ),
    )
