"""The rules' messages in the interface's language.

`domain/` and `localdb/` speak Indonesian (the source language) and carry the values of a
message in `ValidationError.params`. Here each message is listed once as a translatable source
text: fixed sentences as they are, sentences with values as templates with {placeholders}. The
English comes from the translation file like every other text; a message not listed here is
shown as the rules wrote it. tests/ui/test_domain_text.py keeps this list complete.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from domain.errors import DomainError, ValidationError

CONTEXT = "DomainMessages"

# code -> template, for the messages that carry values.
TEMPLATES: dict[str, object] = {
    "nik_province": QT_TRANSLATE_NOOP(
        "DomainMessages", "Kode provinsi {code} pada NIK tidak dikenal."
    ),
    "nik_day": QT_TRANSLATE_NOOP(
        "DomainMessages", "Tanggal lahir {day} pada NIK salah (01-31, atau 41-71 perempuan)."
    ),
    "nik_month": QT_TRANSLATE_NOOP("DomainMessages", "Bulan lahir {month} pada NIK salah (01-12)."),
    "nik_date": QT_TRANSLATE_NOOP(
        "DomainMessages", "Tanggal lahir {date} pada NIK bukan tanggal yang ada."
    ),
    "nik_length": QT_TRANSLATE_NOOP("DomainMessages", "NIK harus 16 digit (tertulis {n})."),
    "phone_length": QT_TRANSLATE_NOOP(
        "DomainMessages", "Nomor telepon harus 10-14 digit diawali 0 (tertulis {n})."
    ),
    "region_province": QT_TRANSLATE_NOOP("DomainMessages", "Kode provinsi {code} tidak dikenal."),
    "region_regency": QT_TRANSLATE_NOOP(
        "DomainMessages", "Kode kabupaten/kota {code} salah (kabupaten 01-69, kota 71-99)."
    ),
    "region_village": QT_TRANSLATE_NOOP(
        "DomainMessages",
        "Kode kelurahan/desa {code} salah (1xxx kelurahan, 2xxx desa, 3xxx desa adat).",
    ),
    "region_unknown": QT_TRANSLATE_NOOP(
        "DomainMessages", "Kode wilayah {code} tidak ada dalam daftar wilayah {regency}."
    ),
    "receipt_seq": QT_TRANSLATE_NOOP(
        "DomainMessages", "Nomor urut tanda terima harus 1-{max} (tertulis {n})."
    ),
    "receipt_date": QT_TRANSLATE_NOOP(
        "DomainMessages", "Tanggal {date} pada nomor tanda terima tidak ada."
    ),
    "text_too_short": QT_TRANSLATE_NOOP(
        "DomainMessages", "{label} minimal {low} karakter (tertulis {n})."
    ),
    "text_too_long": QT_TRANSLATE_NOOP(
        "DomainMessages", "{label} maksimal {high} karakter (tertulis {n})."
    ),
    "attachments_too_many": QT_TRANSLATE_NOOP("DomainMessages", "Lampiran maksimal {max} berkas."),
    "content_too_long": QT_TRANSLATE_NOOP(
        "DomainMessages", "Isi tindak lanjut maksimal {max} karakter."
    ),
    "attachment_too_large": QT_TRANSLATE_NOOP(
        "DomainMessages", "Lampiran terlalu besar (maksimal {mb} MB)."
    ),
}

# Field names that fill {label}.
LABELS = (
    QT_TRANSLATE_NOOP("DomainMessages", "Judul"),
    QT_TRANSLATE_NOOP("DomainMessages", "Isi laporan"),
    QT_TRANSLATE_NOOP("DomainMessages", "Isi tindak lanjut"),
    QT_TRANSLATE_NOOP("DomainMessages", "Alamat lokasi"),
    QT_TRANSLATE_NOOP("DomainMessages", "Alamat"),
    QT_TRANSLATE_NOOP("DomainMessages", "Nama"),
    QT_TRANSLATE_NOOP("DomainMessages", "Email"),
    QT_TRANSLATE_NOOP("DomainMessages", "Alasan"),
    QT_TRANSLATE_NOOP("DomainMessages", "Catatan"),
)

# Fixed sentences, as the rules write them.
FIXED = (
    QT_TRANSLATE_NOOP("DomainMessages", "Alamat email tidak sah."),
    QT_TRANSLATE_NOOP("DomainMessages", "Baca versi terbaru dulu, lalu putuskan lagi."),
    QT_TRANSLATE_NOOP("DomainMessages", "Berkas lampiran tidak dapat dibaca."),
    QT_TRANSLATE_NOOP("DomainMessages", "Data lampiran tidak lengkap."),
    QT_TRANSLATE_NOOP("DomainMessages", "Data lampiran tidak sah."),
    QT_TRANSLATE_NOOP("DomainMessages", "Draf tidak ditemukan."),
    QT_TRANSLATE_NOOP("DomainMessages", "Hanya nomor Indonesia (+62) yang dapat dipakai."),
    QT_TRANSLATE_NOOP("DomainMessages", "Kode kabupaten/kota pada NIK tidak boleh 00."),
    QT_TRANSLATE_NOOP(
        "DomainMessages", "Kode kantor harus 2-12 huruf besar atau angka, tanpa spasi."
    ),
    QT_TRANSLATE_NOOP("DomainMessages", "Kode kecamatan pada NIK tidak boleh 00."),
    QT_TRANSLATE_NOOP("DomainMessages", "Kode kecamatan tidak boleh 00."),
    QT_TRANSLATE_NOOP(
        "DomainMessages", "Kode wilayah harus berbentuk PP, PP.KK, PP.KK.CC atau PP.KK.CC.DDDD."
    ),
    QT_TRANSLATE_NOOP("DomainMessages", "Konflik tidak ditemukan."),
    QT_TRANSLATE_NOOP("DomainMessages", "Laporan ini bukan milik kantor Anda."),
    QT_TRANSLATE_NOOP("DomainMessages", "Laporan ini tidak dapat dialihkan sekarang."),
    QT_TRANSLATE_NOOP("DomainMessages", "Laporan ini tidak dapat ditugaskan sekarang."),
    QT_TRANSLATE_NOOP("DomainMessages", "Laporan ini tidak lagi menerima tindak lanjut."),
    QT_TRANSLATE_NOOP("DomainMessages", "Laporan tidak ditemukan."),
    QT_TRANSLATE_NOOP("DomainMessages", "NIK hanya boleh berisi angka."),
    QT_TRANSLATE_NOOP("DomainMessages", "NIK wajib diisi."),
    QT_TRANSLATE_NOOP("DomainMessages", "Nama berkas lampiran tidak sah."),
    QT_TRANSLATE_NOOP(
        "DomainMessages",
        "Nomor tanda terima harus berbentuk KANTOR-TTTTBBHH-NNNN, mis. DPUPR-20261122-0007.",
    ),
    QT_TRANSLATE_NOOP(
        "DomainMessages",
        "Nomor tanda terima harus berbentuk KANTOR-TTTTBBHH-LL-NNNN, mis. DPUPR-20261122-02-0007.",
    ),
    QT_TRANSLATE_NOOP("DomainMessages", "Nomor telepon hanya boleh berisi angka."),
    QT_TRANSLATE_NOOP("DomainMessages", "Nomor telepon harus diawali 0, 62 atau +62."),
    QT_TRANSLATE_NOOP(
        "DomainMessages", "Nomor telepon harus diawali 08 (seluler) atau kode wilayah."
    ),
    QT_TRANSLATE_NOOP("DomainMessages", "Nomor telepon wajib diisi."),
    QT_TRANSLATE_NOOP("DomainMessages", "Nomor urut NIK (4 digit terakhir) tidak boleh 0000."),
    QT_TRANSLATE_NOOP("DomainMessages", "Peran Anda tidak mengizinkan tindakan ini."),
    QT_TRANSLATE_NOOP("DomainMessages", "Perubahan ini sudah tidak tertunda."),
    QT_TRANSLATE_NOOP(
        "DomainMessages",
        "Perubahan sebelumnya belum terkirim atau menunggu keputusan; tunggu dulu.",
    ),
    QT_TRANSLATE_NOOP("DomainMessages", "Pilih instansi tujuan yang lain."),
    QT_TRANSLATE_NOOP("DomainMessages", "Pilih klasifikasi laporan."),
    QT_TRANSLATE_NOOP("DomainMessages", "Tidak ada draf untuk dikirim."),
    QT_TRANSLATE_NOOP("DomainMessages", "Tidak ada teks tindak lanjut untuk disalin."),
    QT_TRANSLATE_NOOP("DomainMessages", "Tindak lanjut ini milik laporan lain."),
    QT_TRANSLATE_NOOP("DomainMessages", "Tindak lanjut ini tidak dapat diperbaiki."),
    QT_TRANSLATE_NOOP("DomainMessages", "Tindak lanjut ini tidak dapat ditarik."),
    QT_TRANSLATE_NOOP(
        "DomainMessages",
        "Tindak lanjut ini tidak lagi menunggu persetujuan: sudah disetujui, dikembalikan, atau ditarik.",
    ),
    QT_TRANSLATE_NOOP("DomainMessages", "Tindak lanjut tidak ditemukan."),
    QT_TRANSLATE_NOOP("DomainMessages", "Waktu penerimaan tidak sah."),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _template_key(exc: ValidationError) -> str:
    if "label" in exc.params:
        return "text_too_short" if exc.code.endswith("_too_short") else "text_too_long"
    return exc.code


def domain_text(exc: DomainError) -> str:
    """The message in the interface's language (Indonesian: exactly as the rules wrote it)."""
    if isinstance(exc, ValidationError) and exc.params:
        template = TEMPLATES.get(_template_key(exc))
        if template is not None:
            values = {k: _tr(str(v)) if k == "label" else v for k, v in exc.params.items()}
            try:
                return _tr(str(template)).format(**values)
            except (KeyError, IndexError, ValueError):
                return exc.message
    return _tr(exc.message)
