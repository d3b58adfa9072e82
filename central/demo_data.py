"""Demo, training and benchmark data: one kabupaten in West Sumatra (Kabupaten Agam, 13.06).

Everything here is plain values: no database, no I/O. The central server loads it into its DB;
the texts are composed from parts so that thousands of reports do not repeat verbatim, and the
same seed always yields the same world. Working days are approximated by skipping weekends only:
the demo needs a believable spread of overdue, due-soon and on-track reports, not exact deadlines.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from domain import clock

DEMO_PASSWORD = "simpul-demo"

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
REGENCY_CODE = "13.06"  # Kabupaten Agam, Provinsi Sumatera Barat
HISTORY_DAYS = 60
MAX_REPORTS = 2_000_000  # keeps tracking ids at 7 digits

_T = TypeVar("_T")
_NAMESPACE = uuid.UUID("6f1c2a52-8d0e-4c55-9a57-2f0f3c1d7a10")


@dataclass(frozen=True)
class DemoAgency:
    id: str
    code: str
    name: str
    parent_id: str | None


@dataclass(frozen=True)
class DemoUser:
    id: str
    username: str
    full_name: str
    roles: tuple[str, ...]
    agency_id: str


@dataclass(frozen=True)
class DemoCategory:
    id: str
    parent_id: str | None
    name: str


@dataclass(frozen=True)
class DemoTemplate:
    code: str
    title: str
    body: str


@dataclass(frozen=True)
class DemoReference:
    agencies: tuple[DemoAgency, ...]
    users: tuple[DemoUser, ...]
    categories: tuple[DemoCategory, ...]
    templates: tuple[DemoTemplate, ...]
    # The kabupaten/kota the offices serve (the hub setting `regency_code`); None: not set.
    regency_code: str | None = None


@dataclass(frozen=True)
class DemoFollowup:
    id: str
    author_username: str
    content: str
    state: str
    reviewer_username: str | None
    review_note: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class DemoReport:
    id: str
    tracking_id: str
    title: str
    content: str
    classification: str
    category_id: str
    channel: str
    status: str
    disposed_agency_id: str | None
    assignee_username: str | None
    is_anonymous: bool
    is_secret: bool
    reporter: dict[str, str | None] | None
    region_code: str
    address: str
    incident_date: dt.date | None
    submitted_at: dt.datetime
    disposed_at: dt.datetime | None
    followups: tuple[DemoFollowup, ...]


# --- the reference world ------------------------------------------------------------------------

# fmt: off
_PEMKAB_ID = "agency-agam"
# (code, name, inside the kabupaten)
_AGENCIES: tuple[tuple[str, str, bool], ...] = (
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Agam", True),
    ("DINKES", "Dinas Kesehatan Kabupaten Agam", True),
    ("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan Kabupaten Agam", True),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Agam", True),
    ("DISHUB", "Dinas Perhubungan Kabupaten Agam", True),
    ("DINSOS", "Dinas Sosial Kabupaten Agam", True),
    ("DLH", "Dinas Lingkungan Hidup Kabupaten Agam", True),
    ("RSUD", "RSUD Lubuk Basung", True),
    ("BMCKTR-SUMBAR", "Dinas Bina Marga, Cipta Karya dan Tata Ruang Provinsi Sumatera Barat", False),
    ("BPJN-SUMBAR", "Balai Pelaksanaan Jalan Nasional Sumatera Barat", False),
    ("BPJS-KES-BKT", "BPJS Kesehatan Kantor Cabang Bukittinggi", False),
)

# (username, full name, role, agency code)
_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("desk1", "Rini Oktavia, A.Md.", "desk", "DPUPR"),
    ("officer1", "Hendra Gunawan, S.T.", "officer", "DPUPR"),
    ("supervisor1", "Ir. Syafrizal Tanjung, M.T.", "supervisor", "DPUPR"),
    ("officer2", "Yuliana Sari, S.Kep.", "officer", "DINKES"),
    ("supervisor2", "dr. Fadhli Rahman, M.Kes.", "supervisor", "DINKES"),
    ("officer3", "Novia Rahmi, S.Pd.", "officer", "DISDIKBUD"),
    ("supervisor3", "Drs. Asrul Koto, M.Pd.", "supervisor", "DISDIKBUD"),
    ("officer4", "Riko Saputra, S.Kom.", "officer", "DISDUKCAPIL"),
    ("supervisor4", "Elvi Yanti, S.H., M.Si.", "supervisor", "DISDUKCAPIL"),
    ("officer5", "Doni Firmansyah, A.Md.LLAJ", "officer", "DISHUB"),
    ("supervisor5", "Masrizal, S.Sos., M.Si.", "supervisor", "DISHUB"),
    ("officer6", "Desi Ratnasari, S.Sos.", "officer", "DINSOS"),
    ("supervisor6", "Zulkifli Chaniago, S.Sos., M.M.", "supervisor", "DINSOS"),
    ("officer7", "Fauzan Hakim, S.Si.", "officer", "DLH"),
    ("supervisor7", "Ir. Yusnidar, M.Si.", "supervisor", "DLH"),
    ("officer8", "Rahmi Fitriani, S.Kep., Ners", "officer", "RSUD"),
    ("supervisor8", "dr. Taufik Hidayat, Sp.PD", "supervisor", "RSUD"),
)

_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("TL-TERIMA", "Laporan diterima dan sedang diproses",
     "Terima kasih atas laporan Saudara. Laporan telah kami terima dan saat ini sedang "
     "ditindaklanjuti oleh bidang terkait. Perkembangan penanganan akan kami sampaikan melalui "
     "kanal ini."),
    ("TL-SURVEI", "Peninjauan lapangan",
     "Terima kasih atas laporan Saudara. Petugas kami telah melakukan peninjauan ke lokasi dan "
     "hasilnya menjadi dasar penanganan lebih lanjut sesuai ketentuan yang berlaku."),
    ("TL-SELESAI", "Penanganan telah selesai",
     "Terima kasih atas laporan Saudara. Dengan ini kami sampaikan bahwa permasalahan yang "
     "dilaporkan telah selesai ditangani. Apabila masih terdapat kendala, Saudara dapat "
     "menyampaikannya kembali melalui kanal ini."),
    ("TL-ANGGARAN", "Diusulkan dalam perencanaan anggaran",
     "Terima kasih atas aspirasi Saudara. Usulan tersebut telah kami catat dan akan diajukan "
     "dalam perencanaan anggaran tahun berikutnya melalui mekanisme musrenbang."),
    ("TL-INFORMASI", "Jawaban permintaan informasi",
     "Terima kasih atas pertanyaan Saudara. Informasi yang Saudara butuhkan dapat diperoleh di "
     "kantor kami pada hari dan jam kerja, atau melalui laman resmi Pemerintah Kabupaten Agam."),
    ("TL-LENGKAPI", "Permintaan kelengkapan data",
     "Terima kasih atas laporan Saudara. Agar dapat kami tindak lanjuti, mohon Saudara "
     "melengkapi informasi lokasi yang lebih rinci beserta foto pendukung."),
    ("TL-KEWENANGAN", "Bukan kewenangan, diteruskan",
     "Terima kasih atas laporan Saudara. Permasalahan yang disampaikan berada di luar kewenangan "
     "kami, sehingga laporan ini kami teruskan kepada instansi yang berwenang."),
)

# Kecamatan of Kabupaten Agam: "code|name|main road|DDDD nagari, ...". Nagari are desa-level
# (2xxx); names and codes as on the Kemendagri list, so the desk's region picker and the report
# pane's region names agree with the demo's addresses.
_KECAMATAN = (
    "01|Tanjung Mutiara|Lubuk Basung – Tiku|"
    "2001 Tiku Selatan, 2002 Tiku Utara, 2003 Tiku Limo Jorong",
    "02|Lubuk Basung|Lubuk Basung – Maninjau|"
    "2001 Lubuk Basung, 2002 Garagahan, 2003 Kampung Pinang, 2004 Kampung Tangah, "
    "2005 Manggopoh",
    "03|Tanjung Raya|Maninjau – Bukittinggi (Kelok 44)|"
    "2003 Maninjau, 2004 Bayua, 2009 Koto Malintang, 2006 Koto Kaciak, 2002 Sungai Batang, "
    "2001 Tanjung Sani, 2010 Paninjauan, 2007 Duo Koto",
    "04|Matur|Padang Lua – Matur|"
    "2001 Matua Hilia, 2002 Matua Mudiak, 2004 Lawang, 2003 Tigo Balai, 2005 Parik Panjang, "
    "2006 Panta Pauah",
    "05|IV Koto|Bukittinggi – Koto Gadang|"
    "2008 Koto Gadang, 2004 Koto Tuo, 2003 Balingka, 2007 Sianok Anam Suku, 2006 Koto Panjang, "
    "2002 Sungai Landia",
    "06|Banuhampu|Padang Lua – Bukittinggi|"
    "2001 Padang Lua, 2006 Cingkariang, 2002 Taluak Ampek Suku, 2007 Sungai Tanang, "
    "2004 Kubang Putiah, 2003 Pakan Sinayan, 2005 Ladang Laweh",
    "07|Ampek Angkek|Bukittinggi – Biaro|"
    "2002 Biaro Gadang, 2008 Balai Gurah, 2003 Lambah, 2004 Panampuang, 2001 Batu Taba, "
    "2005 Ampang Gadang",
    "08|Baso|Bukittinggi – Payakumbuh|"
    "2006 Salo, 2002 Tabek Panjang, 2005 Padang Tarok, 2001 Koto Tinggi, 2004 Simarasok, "
    "2007 Koto Baru",
    "09|Tilatang Kamang|Bukittinggi – Kamang|2001 Koto Tangah, 2003 Gadut, 2004 Kapau",
    "10|Palupuh|Bukittinggi – Bonjol|"
    "2003 Pagadih, 2002 Pasia Laweh, 2001 Koto Rantang, 2005 Nan Limo",
    "11|Palembayan|Manggopoh – Palembayan|"
    "2004 Ampek Koto Palembayan, 2002 Sipinang, 2006 Salareh Aia, 2005 Tigo Koto Silungkang, "
    "2001 Baringin",
    "12|Sungai Pua|Padang Lua – Sungai Pua|"
    "2002 Sungai Pua, 2003 Batagak, 2004 Batu Palano, 2005 Sariak, 2001 Padang Laweh",
    "13|Ampek Nagari|Lubuk Basung – Bawan|"
    "2003 Bawan, 2001 Batu Kambing, 2002 Sitalang, 2004 Sitanang",
    "14|Candung|Bukittinggi – Canduang|2001 Canduang Koto Laweh, 2002 Lasi, 2003 Bukik Batabuah",
    "15|Kamang Magek|Kamang – Magek|2004 Kamang Tangah Anam Suku, 2002 Kamang Hilia, 2001 Magek",
    "16|Malalak|Malalak – Sicincin|"
    "2002 Malalak Timur, 2001 Malalak Utara, 2004 Malalak Barat, 2003 Malalak Selatan",
)

_JORONG = (
    "Pasa", "Koto Tuo", "Balai Baru", "Kampuang Tangah", "Sawah Laweh", "Padang Bungo", "Tanjuang",
    "Subarang", "Batang Aia", "Guguak", "Limo Kampuang", "Pincuran Gadang", "Ladang Darek",
    "Koto Baru", "Aia Angek", "Surau Gadang", "Lubuak Sao", "Parik Putuih",
)
# fmt: on


# --- topics: category tree, routing and the parts report texts are built from ------------------


@dataclass(frozen=True)
class _Issue:
    classification: str
    title: str  # format fields: see _fields()
    detail: str


@dataclass(frozen=True)
class _Subtopic:
    id: str
    name: str
    agency_code: str
    weight: int
    issues: tuple[_Issue, ...]


@dataclass(frozen=True)
class _Topic:
    id: str
    name: str
    impacts: tuple[str, ...]
    requests: tuple[str, ...]
    progress: tuple[str, ...]  # follow-up text while work goes on
    done: tuple[str, ...]  # follow-up text once resolved
    subtopics: tuple[_Subtopic, ...]


def _p(title: str, detail: str) -> _Issue:
    return _Issue("pengaduan", title, detail)


def _a(title: str, detail: str) -> _Issue:
    return _Issue("aspirasi", title, detail)


def _i(title: str, detail: str) -> _Issue:
    return _Issue("permintaan_informasi", title, detail)


# fmt: off
_INFRA = _Topic(
    "cat-infrastruktur", "Infrastruktur",
    impacts=(
        "Sudah beberapa kali pengendara sepeda motor terjatuh, terutama pada malam hari.",
        "Anak-anak sekolah terpaksa berjalan memutar dan sering terlambat.",
        "Hasil panen warga sulit diangkut ke pasar sehingga harganya turun.",
        "Kendaraan roda empat tidak bisa lewat ketika hujan turun.",
        "Warga khawatir akan terjadi kecelakaan yang lebih parah.",
    ),
    requests=(
        "Mohon dinas terkait segera turun ke lapangan dan melakukan perbaikan.",
        "Kami mohon agar perbaikan dapat dilaksanakan tahun ini.",
        "Mohon ditindaklanjuti sebelum musim hujan tiba.",
    ),
    progress=(
        "Tim teknis telah meninjau lokasi pada {tgl} dan mencatat kerusakan sepanjang kurang "
        "lebih {m} meter. Perbaikan sementara dijadwalkan dalam {n} minggu ke depan, sedangkan "
        "perbaikan permanen kami usulkan dalam APBD Perubahan.",
        "Lokasi telah kami survei pada {tgl}. Pekerjaan pemeliharaan akan dilaksanakan oleh UPT "
        "Pemeliharaan wilayah Kecamatan {kecamatan} sesuai jadwal pemeliharaan rutin.",
    ),
    done=(
        "Perbaikan telah selesai dilaksanakan pada {tgl} oleh tim pemeliharaan rutin. Foto hasil "
        "pekerjaan kami lampirkan.",
        "Pekerjaan telah selesai pada {tgl} dengan dukungan perangkat Nagari {nagari} dan "
        "gotong royong warga.",
    ),
    subtopics=(
        _Subtopic("cat-infrastruktur-jalan", "Jalan Rusak", "DPUPR", 10, (
            _p("Jalan berlubang di Nagari {nagari}",
               "Jalan menuju {lokasi} berlubang dan aspalnya mengelupas sepanjang kurang lebih "
               "{m} meter."),
            _p("Jalan rusak parah di ruas {ruas}",
               "Ruas jalan {ruas} sekitar KM {km} rusak parah, lubangnya dalam dan selalu "
               "tergenang air ketika hujan."),
            # A national road: the officer should hand it off, which the demo wants to show.
            _p("Jalan nasional amblas di {kecamatan}",
               "Badan jalan nasional di ruas {ruas} dekat {lokasi} amblas sedalam kurang lebih "
               "{cm} cm di sisi tebing."),
            _a("Usulan pengaspalan jalan Jorong {jorong}",
               "Jalan di Jorong {jorong}, Nagari {nagari} masih berupa jalan tanah sepanjang "
               "{m} meter padahal menjadi akses utama warga ke kebun dan sekolah."),
        )),
        _Subtopic("cat-infrastruktur-jembatan", "Jembatan", "DPUPR", 4, (
            _p("Jembatan gantung rusak di Jorong {jorong}",
               "Lantai papan jembatan gantung yang menghubungkan Jorong {jorong} dengan jorong "
               "sebelah banyak yang lapuk dan patah, kabelnya juga sudah kendur."),
            _p("Oprit jembatan amblas di ruas {ruas}",
               "Oprit jembatan di ruas {ruas} KM {km} amblas sekitar {cm} cm sehingga kendaraan "
               "harus berhenti sebelum melintas."),
            _a("Usulan jembatan penyeberangan di Nagari {nagari}",
               "Warga Jorong {jorong} masih menyeberangi sungai tanpa jembatan untuk pergi ke "
               "sawah dan mengantar anak ke {sekolah}."),
        )),
        _Subtopic("cat-infrastruktur-drainase", "Drainase dan Banjir", "DPUPR", 5, (
            _p("Drainase tersumbat di dekat {lokasi}",
               "Saluran drainase di sepanjang jalan dekat {lokasi} tersumbat lumpur dan sampah "
               "sehingga air meluap ke rumah warga setiap hujan deras."),
            _p("Gorong-gorong runtuh di Jorong {jorong}",
               "Gorong-gorong di Jorong {jorong}, Nagari {nagari} runtuh dan air hujan kini "
               "mengalir di atas badan jalan."),
            _p("Banjir berulang di RT {rt} RW {rw} Jorong {jorong}",
               "Setiap hujan lebat lebih dari {n} jam, rumah warga di RT {rt} RW {rw} Jorong "
               "{jorong} tergenang hingga setinggi {cm} cm."),
        )),
        _Subtopic("cat-infrastruktur-pju", "Penerangan Jalan Umum", "DISHUB", 3, (
            _p("Lampu jalan mati di ruas {ruas}",
               "Lampu penerangan jalan umum di ruas {ruas} sekitar KM {km} mati sebanyak {n} "
               "titik."),
            _a("Usulan lampu jalan di Jorong {jorong}",
               "Jalan dari {lokasi} sampai ke Jorong {jorong} gelap pada malam hari karena belum "
               "ada lampu jalan sama sekali."),
        )),
        _Subtopic("cat-infrastruktur-irigasi", "Irigasi", "DPUPR", 3, (
            _p("Saluran irigasi jebol di Nagari {nagari}",
               "Dinding saluran irigasi di Jorong {jorong} jebol sepanjang {m} meter sehingga air "
               "tidak sampai ke sawah di bagian hilir."),
            _a("Usulan normalisasi bandar irigasi Jorong {jorong}",
               "Bandar irigasi yang mengairi sawah warga Jorong {jorong} dangkal dan penuh "
               "sedimen, debit air ke sawah berkurang jauh."),
        )),
        _Subtopic("cat-infrastruktur-bangunan", "Tata Ruang dan Bangunan", "DPUPR", 1, (
            _p("Bangunan di sempadan sungai Nagari {nagari}",
               "Ada bangunan baru yang didirikan sangat dekat ke tepi sungai di Jorong {jorong} "
               "dan menutup sebagian aliran air."),
            _i("Persyaratan PBG rumah tinggal",
               "Saya ingin mengetahui persyaratan dan biaya pengurusan Persetujuan Bangunan Gedung "
               "(PBG) untuk rumah tinggal di Nagari {nagari}."),
        )),
    ),
)

_KESEHATAN = _Topic(
    "cat-kesehatan", "Kesehatan",
    impacts=(
        "Pasien lansia dan ibu hamil paling dirugikan oleh keadaan ini.",
        "Banyak warga akhirnya memilih berobat ke Bukittinggi dengan biaya sendiri.",
        "Keluarga pasien menjadi bingung dan kecewa dengan pelayanan tersebut.",
        "Kami khawatir kejadian serupa menimpa pasien lain.",
    ),
    requests=(
        "Mohon dinas kesehatan menegur dan membina petugas yang bersangkutan.",
        "Kami mohon pelayanan kesehatan di daerah kami diperbaiki.",
        "Mohon penjelasan dan penyelesaian dari pihak terkait.",
    ),
    progress=(
        "Laporan telah kami klarifikasi kepada kepala puskesmas dan petugas terkait pada {tgl}. "
        "Pembinaan sedang dilakukan dan perkembangan akan kami sampaikan.",
        "Kami telah berkoordinasi dengan pihak fasilitas kesehatan pada {tgl} untuk memeriksa "
        "jadwal dan pembagian tugas petugas.",
    ),
    done=(
        "Pada {tgl} permasalahan telah diselesaikan; jadwal pelayanan kini diumumkan di papan "
        "informasi dan petugas piket selalu tersedia pada jam kerja.",
        "Pada {tgl} petugas terkait telah mendapat pembinaan dan pelayanan telah kembali "
        "berjalan normal. Terima kasih atas kesabaran Saudara.",
    ),
    subtopics=(
        _Subtopic("cat-kesehatan-puskesmas", "Pelayanan Puskesmas", "DINKES", 5, (
            _p("Antrean panjang di Puskesmas {kecamatan}",
               "Di Puskesmas {kecamatan} pasien harus antre lebih dari {n} jam sementara loket "
               "pendaftaran baru dibuka pukul {jam}."),
            _p("Petugas Pustu {nagari} tidak ada di tempat",
               "Pada hari kerja sekitar pukul {jam} tidak ada satu pun petugas di Puskesmas "
               "Pembantu Nagari {nagari}, pintunya terkunci."),
            _p("Ambulans puskesmas sulit dihubungi",
               "Ketika ada warga Jorong {jorong} yang sakit parah malam hari, nomor ambulans "
               "Puskesmas {kecamatan} tidak dapat dihubungi."),
        )),
        _Subtopic("cat-kesehatan-jkn", "BPJS Kesehatan / JKN", "DINKES", 3, (
            _p("Kartu BPJS PBI tiba-tiba nonaktif",
               "Kartu BPJS Kesehatan orang tua saya yang iurannya ditanggung pemerintah (PBI) "
               "tiba-tiba tidak aktif saat berobat di Puskesmas {kecamatan}."),
            _i("Cara mendaftar JKN yang ditanggung Pemda",
               "Saya ingin mengetahui cara mendaftarkan keluarga kami sebagai peserta JKN yang "
               "iurannya ditanggung Pemerintah Kabupaten Agam."),
        )),
        _Subtopic("cat-kesehatan-posyandu", "Posyandu dan Gizi Anak", "DINKES", 2, (
            _p("Posyandu Jorong {jorong} tidak berjalan",
               "Sudah {n} bulan Posyandu di Jorong {jorong}, Nagari {nagari} tidak mengadakan "
               "penimbangan balita."),
            _a("Usulan PMT untuk balita di Nagari {nagari}",
               "Di Nagari {nagari} masih ada {n} balita dengan berat badan kurang; kami usulkan "
               "pemberian makanan tambahan secara rutin."),
        )),
        _Subtopic("cat-kesehatan-rsud", "Pelayanan RSUD", "RSUD", 3, (
            _p("Pelayanan IGD RSUD Lubuk Basung lambat",
               "Keluarga kami menunggu lebih dari {n} jam di IGD RSUD Lubuk Basung sebelum "
               "diperiksa dokter."),
            _p("Obat pasien BPJS harus dibeli di luar",
               "Pasien rawat inap peserta BPJS di RSUD Lubuk Basung diminta membeli sendiri obat "
               "di apotek luar dengan biaya sekitar Rp{n}00.000."),
            _i("Jadwal dokter spesialis RSUD Lubuk Basung",
               "Mohon informasi jadwal praktik dokter spesialis penyakit dalam dan anak di RSUD "
               "Lubuk Basung."),
        )),
    ),
)

_PENDIDIKAN = _Topic(
    "cat-pendidikan", "Pendidikan",
    impacts=(
        "Orang tua murid merasa sangat keberatan.",
        "Proses belajar mengajar menjadi terganggu.",
        "Anak kami terancam tidak dapat melanjutkan sekolah.",
    ),
    requests=(
        "Mohon Dinas Pendidikan dan Kebudayaan memeriksa hal ini.",
        "Kami mohon kejelasan dan penyelesaian secepatnya.",
    ),
    progress=(
        "Kami telah memanggil kepala sekolah yang bersangkutan untuk klarifikasi pada {tgl}. "
        "Hasil pemeriksaan akan kami sampaikan.",
        "Pengawas sekolah wilayah Kecamatan {kecamatan} telah meninjau sekolah pada {tgl}.",
    ),
    done=(
        "Permasalahan telah diselesaikan pada {tgl}; pihak sekolah telah mengembalikan dana dan "
        "diberi pembinaan.",
        "Permasalahan telah ditangani pada {tgl} bersama pihak sekolah dan komite; pengawas "
        "sekolah akan memantau pelaksanaannya.",
    ),
    subtopics=(
        _Subtopic("cat-pendidikan-spmb", "Penerimaan Murid Baru", "DISDIKBUD", 2, (
            _p("Anak tidak diterima di sekolah terdekat",
               "Rumah kami di Jorong {jorong} hanya {m} meter dari {sekolah}, tetapi anak kami "
               "tidak diterima melalui jalur domisili."),
            _i("Jadwal pendaftaran SPMB SMP",
               "Mohon informasi jadwal dan persyaratan pendaftaran murid baru SMP negeri di "
               "Kecamatan {kecamatan}."),
        )),
        _Subtopic("cat-pendidikan-sarpras", "Sarana dan Prasarana Sekolah", "DISDIKBUD", 3, (
            _p("Atap ruang kelas bocor di {sekolah}",
               "Atap {n} ruang kelas di {sekolah} bocor dan plafonnya hampir runtuh."),
            _p("WC sekolah rusak di Nagari {nagari}",
               "WC murid di sekolah dasar Nagari {nagari} rusak dan tidak ada air bersih."),
        )),
        _Subtopic("cat-pendidikan-pungutan", "Pungutan di Sekolah", "DISDIKBUD", 2, (
            _p("Pungutan uang komite di sekolah {kecamatan}",
               "Sekolah meminta uang komite sebesar Rp{n}50.000 per murid dengan ancaman rapor "
               "ditahan bila belum dibayar."),
            _p("Kewajiban membeli seragam di sekolah",
               "Murid baru diwajibkan membeli seragam dan buku di koperasi sekolah dengan harga "
               "jauh di atas harga pasar."),
        )),
        _Subtopic("cat-pendidikan-pip", "Program Indonesia Pintar", "DISDIKBUD", 2, (
            _p("Dana PIP tidak diterima murid",
               "Anak kami terdaftar sebagai penerima PIP tetapi sampai sekarang dananya belum "
               "diterima dan pihak sekolah tidak memberi penjelasan."),
            _i("Cara pengajuan PIP",
               "Bagaimana cara mengajukan anak kami sebagai penerima Program Indonesia Pintar?"),
        )),
    ),
)

_KEPENDUDUKAN = _Topic(
    "cat-kependudukan", "Kependudukan",
    impacts=(
        "Akibatnya saya tidak dapat mengurus BPJS dan rekening bank.",
        "Anak saya terkendala mendaftar sekolah karena dokumen belum ada.",
        "Saya sudah bolak-balik ke Lubuk Basung dan menghabiskan banyak ongkos.",
    ),
    requests=(
        "Mohon dokumen saya segera diselesaikan.",
        "Mohon kepastian kapan dokumen dapat diambil.",
    ),
    progress=(
        "Data Saudara telah kami periksa pada {tgl}; berkas sedang diverifikasi dan dokumen "
        "akan dicetak setelah data padan dengan pusat.",
        "Petugas kami telah menghubungi Saudara pada {tgl} untuk melengkapi berkas.",
    ),
    done=(
        "Dokumen Saudara telah selesai dicetak pada {tgl} dan dapat diambil di kantor Disdukcapil "
        "atau diunduh sebagai dokumen digital.",
        "Perbaikan data telah selesai pada {tgl}; dokumen baru telah dikirim ke kantor wali "
        "nagari.",
    ),
    subtopics=(
        _Subtopic("cat-kependudukan-ktp", "KTP-el", "DISDUKCAPIL", 3, (
            _p("KTP-el belum dicetak sejak perekaman",
               "Saya sudah melakukan perekaman KTP-el {n} bulan lalu tetapi sampai sekarang "
               "KTP-el belum juga dicetak."),
            _p("Blangko KTP-el kosong di Disdukcapil",
               "Setiap datang ke kantor Disdukcapil selalu dikatakan blangko KTP-el kosong."),
        )),
        _Subtopic("cat-kependudukan-kk", "Kartu Keluarga", "DISDUKCAPIL", 2, (
            _p("Perubahan KK tidak kunjung selesai",
               "Pengajuan perubahan Kartu Keluarga melalui kantor wali nagari {nagari} belum "
               "selesai setelah {n} minggu."),
            _i("Syarat pisah Kartu Keluarga",
               "Apa saja persyaratan untuk pisah KK setelah menikah bagi warga Nagari {nagari}?"),
        )),
        _Subtopic("cat-kependudukan-akta", "Akta Kelahiran", "DISDUKCAPIL", 2, (
            _p("Nama di akta kelahiran anak salah",
               "Nama anak kami di akta kelahiran tertulis salah, sudah diajukan perbaikan tetapi "
               "belum ada kabar."),
            _i("Syarat akta kelahiran terlambat",
               "Mohon informasi persyaratan pengurusan akta kelahiran untuk anak yang sudah "
               "berumur {n} tahun."),
        )),
        _Subtopic("cat-kependudukan-pindah", "Pindah Datang", "DISDUKCAPIL", 1, (
            _p("Surat pindah belum terbit",
               "Surat keterangan pindah ke luar Kabupaten Agam yang saya ajukan belum terbit "
               "setelah {n} minggu."),
        )),
    ),
)

_SOSIAL = _Topic(
    "cat-sosial", "Sosial",
    impacts=(
        "Keluarga kami sangat membutuhkan bantuan tersebut untuk kebutuhan sehari-hari.",
        "Banyak warga yang lebih mampu justru menerima bantuan.",
        "Kami merasa diperlakukan tidak adil.",
    ),
    requests=(
        "Mohon pendataan diperiksa ulang secara adil.",
        "Mohon Dinas Sosial turun langsung memeriksa keadaan kami.",
    ),
    progress=(
        "Pendamping sosial Kecamatan {kecamatan} telah melakukan verifikasi ke rumah Saudara pada "
        "{tgl}. Hasilnya akan diusulkan dalam pemutakhiran data bulan berikutnya.",
        "Kami sedang mengonfirmasi status kepesertaan Saudara kepada Kementerian Sosial.",
    ),
    done=(
        "Data Saudara telah diperbarui pada {tgl} dan bantuan akan diterima pada tahap "
        "penyaluran berikutnya.",
        "Bantuan telah disalurkan pada {tgl} melalui kantor pos dan pendamping setempat.",
    ),
    subtopics=(
        _Subtopic("cat-sosial-pkh", "Bansos / PKH", "DINSOS", 3, (
            _p("Bantuan PKH tidak cair tahap ini",
               "Bantuan PKH keluarga kami di Jorong {jorong} tidak cair pada tahap ini tanpa "
               "pemberitahuan."),
            _p("Penerima PKH tidak tepat sasaran di Nagari {nagari}",
               "Di Nagari {nagari} ada penerima PKH yang memiliki rumah permanen dan kendaraan, "
               "sementara janda lansia di Jorong {jorong} tidak menerima."),
        )),
        _Subtopic("cat-sosial-pangan", "Bantuan Pangan", "DINSOS", 2, (
            _p("Beras bantuan pangan belum dibagikan",
               "Beras bantuan pangan untuk Jorong {jorong} sudah datang {n} minggu lalu tetapi "
               "belum dibagikan kepada warga."),
        )),
        _Subtopic("cat-sosial-dtsen", "Data Terpadu Kesejahteraan Sosial", "DINSOS", 2, (
            _p("Keluarga miskin tidak terdaftar di DTSEN",
               "Keluarga kami termasuk tidak mampu, tetapi tidak terdaftar dalam data "
               "kesejahteraan sosial sehingga tidak dapat menerima bantuan apa pun."),
            _i("Cara mengusulkan masuk DTSEN",
               "Bagaimana cara mengusulkan keluarga kami agar masuk ke dalam data kesejahteraan "
               "sosial melalui kantor wali nagari {nagari}?"),
        )),
        _Subtopic("cat-sosial-disabilitas", "Penyandang Disabilitas dan Lansia", "DINSOS", 1, (
            _a("Bantuan kursi roda untuk lansia",
               "Di Jorong {jorong} ada lansia berusia lebih dari tujuh puluh tahun yang lumpuh "
               "dan membutuhkan kursi roda."),
            _p("ODGJ terlantar di Pasar {nagari}",
               "Seorang ODGJ terlantar berkeliaran di sekitar Pasar {nagari} sejak beberapa "
               "minggu dan meresahkan pedagang."),
        )),
    ),
)

_LINGKUNGAN = _Topic(
    "cat-lingkungan", "Lingkungan Hidup",
    impacts=(
        "Baunya sangat menyengat dan mengundang lalat.",
        "Warga khawatir akan kesehatan anak-anak.",
        "Ikan di kolam warga banyak yang mati.",
    ),
    requests=(
        "Mohon Dinas Lingkungan Hidup segera menertibkan.",
        "Kami mohon dilakukan pemeriksaan dan penindakan.",
    ),
    progress=(
        "Petugas DLH telah meninjau lokasi pada {tgl} dan mengambil sampel untuk diuji di "
        "laboratorium.",
        "Kami telah memanggil pihak terkait di Kecamatan {kecamatan} pada {tgl} untuk klarifikasi "
        "dan pembinaan.",
    ),
    done=(
        "Penanganan di lokasi telah selesai pada {tgl}; petugas DLH akan memantau secara "
        "berkala agar kejadian serupa tidak terulang.",
        "Pada {tgl} petugas telah menindak pihak yang bertanggung jawab dan lokasi telah "
        "dibersihkan.",
    ),
    subtopics=(
        _Subtopic("cat-lingkungan-sampah", "Sampah", "DLH", 4, (
            _p("Sampah menumpuk di Pasar {nagari}",
               "Sampah di Pasar {nagari} menumpuk sudah {n} hari tidak diangkut."),
            _p("Truk sampah tidak datang ke Jorong {jorong}",
               "Truk pengangkut sampah tidak lagi datang ke Jorong {jorong} sejak {n} minggu "
               "terakhir."),
            _a("Usulan TPS di Nagari {nagari}",
               "Warga Nagari {nagari} membuang sampah ke sungai karena belum ada tempat "
               "penampungan sementara di dekat {lokasi}."),
        )),
        _Subtopic("cat-lingkungan-pencemaran", "Pencemaran", "DLH", 2, (
            _p("Limbah peternakan ayam berbau di Jorong {jorong}",
               "Limbah peternakan ayam di Jorong {jorong} berbau menyengat hingga radius {m} "
               "meter."),
            _p("Sungai tercemar limbah di {kecamatan}",
               "Air sungai di Nagari {nagari} berubah warna dan berbusa diduga karena limbah "
               "usaha di hulu."),
        )),
        _Subtopic("cat-lingkungan-pohon", "Pohon dan Ruang Terbuka Hijau", "DLH", 1, (
            _p("Pohon besar rawan tumbang di ruas {ruas}",
               "Ada pohon besar yang sudah miring dan rapuh di tepi jalan ruas {ruas} KM {km}."),
        )),
    ),
)

_PERHUBUNGAN = _Topic(
    "cat-perhubungan", "Perhubungan",
    impacts=(
        "Lalu lintas menjadi macet terutama pada hari pasar.",
        "Penumpang merasa dirugikan.",
        "Sudah terjadi beberapa kali kecelakaan di lokasi tersebut.",
    ),
    requests=(
        "Mohon Dinas Perhubungan menertibkan.",
        "Mohon segera dipasang atau diperbaiki.",
    ),
    progress=(
        "Petugas Dinas Perhubungan telah melakukan pengecekan pada {tgl}; penanganan dijadwalkan "
        "dalam {n} minggu.",
        "Kami telah berkoordinasi dengan Satlantas Polres Agam pada {tgl} untuk penertiban.",
    ),
    done=(
        "Perbaikan telah selesai dilaksanakan pada {tgl}.",
        "Penertiban telah dilakukan pada {tgl} dan akan diawasi secara berkala.",
    ),
    subtopics=(
        _Subtopic("cat-perhubungan-angkutan", "Angkutan Umum", "DISHUB", 1, (
            _p("Tarif angkutan naik sepihak ke {kecamatan}",
               "Sopir angkutan jurusan {ruas} menaikkan tarif sebesar Rp{n}.000 tanpa dasar yang "
               "jelas."),
        )),
        _Subtopic("cat-perhubungan-parkir", "Parkir", "DISHUB", 2, (
            _p("Pungutan parkir liar di Pasar {nagari}",
               "Di Pasar {nagari} juru parkir memungut Rp{n}.000 untuk sepeda motor tanpa karcis "
               "resmi."),
        )),
        _Subtopic("cat-perhubungan-rambu", "Rambu dan Marka Jalan", "DISHUB", 2, (
            _p("Rambu tikungan hilang di ruas {ruas}",
               "Rambu peringatan tikungan tajam di ruas {ruas} KM {km} hilang sehingga "
               "pengendara dari luar daerah sering terkejut."),
            _a("Usulan zebra cross di depan {sekolah}",
               "Anak-anak menyeberang jalan di depan {sekolah} tanpa zebra cross dan rambu "
               "sekolah."),
        )),
    ),
)
# fmt: on


_TOPICS: tuple[tuple[_Topic, int], ...] = (
    (_INFRA, 34),
    (_KESEHATAN, 15),
    (_PENDIDIKAN, 10),
    (_KEPENDUDUKAN, 13),
    (_SOSIAL, 13),
    (_LINGKUNGAN, 9),
    (_PERHUBUNGAN, 6),
)

# Categories usually disposed outside the kabupaten for a share of reports: (agency code, share).
_EXTERNAL_ROUTES: dict[str, tuple[tuple[str, float], ...]] = {
    "cat-infrastruktur-jalan": (("BPJN-SUMBAR", 0.03), ("BMCKTR-SUMBAR", 0.04)),
    "cat-kesehatan-jkn": (("BPJS-KES-BKT", 0.15),),
}


def _agency_id(code: str) -> str:
    return "agency-" + code.lower()


@functools.cache
def reference_world() -> DemoReference:
    """Agencies, users, the category tree and reply templates of the demo kabupaten."""
    agencies = [DemoAgency(_PEMKAB_ID, "PEMKAB-AGAM", "Pemerintah Kabupaten Agam", None)]
    agencies += [
        DemoAgency(_agency_id(code), code, name, _PEMKAB_ID if inside else None)
        for code, name, inside in _AGENCIES
    ]
    users = tuple(
        DemoUser("user-" + username, username, full_name, (role,), _agency_id(code))
        for username, full_name, role, code in _USERS
    )
    categories: list[DemoCategory] = []
    for topic, _weight in _TOPICS:
        categories.append(DemoCategory(topic.id, None, topic.name))
        categories += [DemoCategory(sub.id, topic.id, sub.name) for sub in topic.subtopics]
    templates = tuple(DemoTemplate(code, title, body) for code, title, body in _TEMPLATES)
    return DemoReference(tuple(agencies), users, tuple(categories), templates, REGENCY_CODE)


# --- people -------------------------------------------------------------------------------------

# fmt: off
_MALE_FIRST = (
    "Afrizal", "Yusrizal", "Erizal", "Zulkifli", "Rahmat", "Fadli", "Irwan", "Andri", "Hendra",
    "Dedi", "Doni", "Riko", "Fauzan", "Ilham", "Yuliandri", "Novrianto", "Budi", "Arif", "Yudi",
    "Rizki", "Taufik", "Alfian", "Ridwan", "Asrul", "Jasman", "Nasrul", "Syamsul", "Gusnadi",
    "Efendi", "Amril", "Ikhsan", "Muhammad",
)
_MALE_LAST = (
    "Hidayat", "Saputra", "Putra", "Syahputra", "Rahman", "Kurniawan", "Pratama", "Firmansyah",
    "Chaniago", "Piliang", "Tanjung", "Koto", "Sikumbang", "Jambak", "Malik", "Hakim", "Azhari",
)
_FEMALE_FIRST = (
    "Yuni", "Rina", "Sri", "Fitri", "Yenni", "Elvi", "Nurhayati", "Desi", "Rosmaniar", "Yusnidar",
    "Ratna", "Mardiana", "Lisa", "Nofi", "Elsa", "Siska", "Wulan", "Indah", "Rahmi", "Nelvi",
    "Zulfa", "Asmiati", "Novita", "Rika", "Putri", "Dewi",
)
_FEMALE_LAST = (
    "Marlina", "Susanti", "Wahyuni", "Yeni", "Handayani", "Rahmawati", "Sari", "Oktaviani",
    "Fitriani", "Yulianti", "Lestari", "Puspita", "Ramadhani", "Anggraini", "Syafitri", "Novia",
)
# Mobile prefixes after +62; repeats weight the big operators.
_PHONE_PREFIXES = (
    "811", "812", "812", "813", "821", "822", "852", "852", "853", "857", "858", "877", "878",
    "895",
)
_MAIL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.co.id", "yahoo.com")
_CHANNELS = ("web", "mobile", "regional_app", "walk_in", "sms", "twitter")
_CHANNEL_CUM = (28, 62, 72, 86, 94, 100)  # cumulative percent, same order as _CHANNELS
_NIK_SHARE = {"web": 0.95, "mobile": 0.95, "regional_app": 0.9, "walk_in": 0.97}
_EMAIL_SHARE = {"web": 0.6, "mobile": 0.55, "regional_app": 0.4, "walk_in": 0.15, "twitter": 0.2}
_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)

# --- sentences around the issue -----------------------------------------------------------------

_OPENERS = {
    "pengaduan": (
        "Dengan hormat, saya warga Jorong {jorong}, Nagari {nagari}, Kecamatan {kecamatan} ingin "
        "menyampaikan pengaduan.",
        "Assalamualaikum wr. wb. Saya ingin melaporkan keadaan di Nagari {nagari}, Kecamatan "
        "{kecamatan}.",
        "Selamat siang Bapak/Ibu. Izin melapor dari Kecamatan {kecamatan}.",
        "Yth. Pemerintah Kabupaten Agam, kami warga Nagari {nagari} mengadukan hal berikut.",
        "",
    ),
    "aspirasi": (
        "Dengan hormat, kami menyampaikan aspirasi warga Jorong {jorong}, Nagari {nagari}.",
        "Assalamualaikum. Melalui LAPOR! ini saya ingin menyampaikan usulan warga Kecamatan "
        "{kecamatan}.",
        "",
    ),
    "permintaan_informasi": ("Selamat pagi, saya ingin bertanya.", "Mohon informasi.", ""),
}
_SINCE = (
    "Kondisi ini sudah berlangsung sejak {tgl_kejadian}.",
    "Hal ini saya alami pada {tgl_kejadian} dan belum ada penanganan.",
    "Sejak {tgl_kejadian} belum ada tindakan dari pihak terkait.",
)
_DURATION = (
    "Keadaan ini sudah berlangsung sekitar {n} bulan.",
    "Sudah lebih dari {n} minggu belum ada perbaikan.",
    "",
)
_SHORT_PLACES = (
    "Lokasi: Jorong {jorong}, Nagari {nagari}, Kec. {kecamatan}.",
    "Lokasi di Nagari {nagari}, Kec. {kecamatan}.",
    "Di Jorong {jorong}, {nagari}.",
    "",
)
_ASPIRATION_REQUESTS = (
    "Kami berharap usulan ini dapat dipertimbangkan dalam musrenbang tahun depan.",
    "Mohon usulan warga ini dapat ditindaklanjuti.",
)
_INFO_CONTEXT = (
    "Saya warga Jorong {jorong}, Nagari {nagari}, Kecamatan {kecamatan}.",
    "Kami sekeluarga tinggal di Nagari {nagari}.",
    "Saya sudah bertanya ke kantor wali nagari {nagari} tetapi belum mendapat jawaban yang jelas.",
    "Saya sudah {n} kali menelepon kantor terkait tetapi tidak tersambung.",
)
_INFO_REQUESTS = ("Mohon penjelasannya.", "Terima kasih atas jawabannya.", "")
_CLOSINGS = ("Terima kasih.", "Atas perhatiannya diucapkan terima kasih.", "Wassalam.", "", "")
_FOLLOWUP_OPEN = "Terima kasih atas laporan Saudara."
_FOLLOWUP_CLOSE = (
    "Demikian kami sampaikan.",
    "Demikian disampaikan, atas partisipasi Saudara kami ucapkan terima kasih.",
    "",
)
_THIN_DRAFT = (
    "Laporan sudah kami terima dan akan segera kami tindak lanjuti.",
    "Terima kasih, laporan Saudara sedang dalam proses.",
)
_RETURN_NOTES = (
    "Mohon lengkapi dengan hasil peninjauan lapangan dan foto lokasi.",
    "Sebutkan jadwal penanganan yang pasti sebelum jawaban diterbitkan.",
    "Jawaban terlalu singkat; jelaskan langkah yang sudah dilakukan dan nomor kontak bidang.",
    "Data yang disebut belum sesuai hasil verifikasi, mohon diperiksa kembali.",
)
_APPROVE_NOTES = ("Disetujui untuk diterbitkan.", "Sudah sesuai.")

# Status mix by age of the report in days: young reports wait for verification or an answer,
# old ones are mostly finished. Each band: (upper age bound, cumulative shares).
_STATUS_BANDS: tuple[tuple[float, tuple[tuple[float, str], ...]], ...] = (
    (3.0, ((0.50, "belum_terverifikasi"), (0.93, "terverifikasi"), (1.0, "ditolak"))),
    (12.0, ((0.04, "belum_terverifikasi"), (0.50, "terverifikasi"), (0.90, "dalam_proses"),
            (0.92, "selesai"), (0.97, "ditolak"), (1.0, "diarsipkan"))),
    (25.0, ((0.14, "terverifikasi"), (0.55, "dalam_proses"), (0.85, "selesai"),
            (0.91, "ditolak"), (1.0, "diarsipkan"))),
    (float("inf"), ((0.04, "terverifikasi"), (0.16, "dalam_proses"), (0.80, "selesai"),
                    (0.87, "ditolak"), (1.0, "diarsipkan"))),
)
# What the agency has written by now, per status: (cumulative share, steps oldest first).
_PLANS: dict[str, tuple[tuple[float, tuple[str, ...]], ...]] = {
    "terverifikasi": ((0.50, ()), (0.78, ("pending",)), (0.90, ("returned",)),
                      (0.97, ("returned", "pending")), (1.0, ("withdrawn", "pending"))),
    "dalam_proses": ((0.85, ("progress",)), (1.0, ("returned", "progress"))),
    "selesai": ((0.65, ("done",)), (1.0, ("progress", "done"))),
    "diarsipkan": ((0.5, ("done",)), (1.0, ())),
}
# fmt: on
NOT_ROUTED = frozenset({"belum_terverifikasi", "ditolak"})
# An agency the demo has no staff for cannot have answered: its reports wait or were archived.
_UNSTAFFED_STATUS = {"dalam_proses": "terverifikasi", "selesai": "diarsipkan"}


@dataclass(frozen=True)
class _Place:
    region_code: str
    district_code: str  # the CC part of PP.KK.CC.DDDD
    kecamatan: str
    nagari: str
    ruas: str
    landmarks: tuple[str, ...]
    schools: tuple[str, ...]


def _build_places() -> tuple[_Place, ...]:
    places = []
    for row in _KECAMATAN:
        cc, kecamatan, ruas, nagari_names = row.split("|")
        for j, entry in enumerate(nagari_names.split(", "), start=1):
            village, nagari = entry.split(" ", 1)
            sd = (int(cc) * 7 + j * 3) % 40 + 1  # any stable school number will do
            schools = (
                f"SD Negeri {sd:02d} {nagari}",
                f"SD Negeri {sd + 1:02d} {nagari}",
                f"SMP Negeri {int(cc) % 5 + 1} {kecamatan}",
            )
            landmarks = (
                f"Masjid Raya {nagari}",
                f"Kantor Wali Nagari {nagari}",
                f"Pasar {nagari}",
                f"Puskesmas {kecamatan}",
                schools[0],
            )
            code = f"{REGENCY_CODE}.{cc}.{village}"
            places.append(_Place(code, cc, kecamatan, nagari, ruas, landmarks, schools))
    return tuple(places)


_PLACES = _build_places()


def _pick(table: Sequence[tuple[float, _T]], u: float) -> _T:
    """The first entry whose cumulative share exceeds `u` (u drawn from [0, 1))."""
    return next(value for bound, value in table if u < bound)


# random.Random.choice and randint cost several times more than one random() call; with
# 100,000 reports and ~40 draws each, that difference is most of the run time.
def _any(rng: random.Random, items: Sequence[_T]) -> _T:
    return items[int(rng.random() * len(items))]


def _int(rng: random.Random, low: int, high: int) -> int:
    """Uniform integer in [low, high], like rng.randint."""
    return low + int(rng.random() * (high - low + 1))


def _tanggal(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _office_hours_from(t: dt.datetime, rng: random.Random) -> dt.datetime:
    """`t` if it falls in office hours (Mon-Fri 08-16), else a time early on the next working day."""
    if t.weekday() < 5 and 8 <= t.hour < 16:
        return t
    day = t.date()
    if t.weekday() >= 5 or t.hour >= 16:
        day += dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(8), WIB) + dt.timedelta(minutes=rng.randint(0, 180))


def _office_hours_before(t: dt.datetime, rng: random.Random) -> dt.datetime:
    """`t` if it falls in office hours, else a time on the last working day before it."""
    if t.weekday() < 5 and 8 <= t.hour < 16:
        return t
    day = t.date()
    if not (t.weekday() < 5 and t.hour >= 16):
        day -= dt.timedelta(days=1)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(8), WIB) + dt.timedelta(minutes=rng.randint(0, 479))


@dataclass(frozen=True)
class _Route:
    topic: _Topic
    sub: _Subtopic
    agency_id: str
    externals: tuple[tuple[str, float], ...]  # (agency id, share of reports sent there)


class _World:
    """The reference, indexed for drawing reports from it."""

    def __init__(self, reference: DemoReference) -> None:
        agency_ids = {a.id for a in reference.agencies}
        category_ids = {c.id for c in reference.categories}
        self.officer: dict[str, str] = {}
        self.supervisor: dict[str, str] = {}
        for user in reference.users:
            if "officer" in user.roles:
                self.officer.setdefault(user.agency_id, user.username)
            if "supervisor" in user.roles:
                self.supervisor.setdefault(user.agency_id, user.username)
        routes: list[_Route] = []
        cum: list[float] = []
        for topic, topic_weight in _TOPICS:
            total = sum(sub.weight for sub in topic.subtopics)
            for sub in topic.subtopics:
                agency_id = _agency_id(sub.agency_code)
                if sub.id not in category_ids or agency_id not in agency_ids:
                    continue
                externals = tuple(
                    (_agency_id(code), share)
                    for code, share in _EXTERNAL_ROUTES.get(sub.id, ())
                    if _agency_id(code) in agency_ids
                )
                routes.append(_Route(topic, sub, agency_id, externals))
                cum.append((cum[-1] if cum else 0.0) + topic_weight * sub.weight / total)
        if not routes:
            raise ValueError("the reference holds none of the demo categories with their agencies")
        self.routes = tuple(routes)
        self.cum_weights = tuple(cum)

    def staffed(self, agency_id: str) -> bool:
        return agency_id in self.officer and agency_id in self.supervisor


class _Maker:
    """Draws one report after another from a single random stream (so a seed fixes everything)."""

    def __init__(self, world: _World, now: dt.datetime, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.time_rng = random.Random(seed)
        self.now = now
        self.seed = seed

    def report(
        self, index: int, tracking_id: str, age_days: float, anchor: _Anchor | None = None
    ) -> DemoReport:
        # A stream of its own per report: whether a draw happens may depend on the hour (a
        # walk-in outside office hours, a report younger than two hours), and a shared stream
        # would then give every later report another agency and status.
        self.rng = rng = random.Random(self.seed * 1_000_003 + index)
        # Draws whose number depends on the clock (office-hour snapping, dates after disposal)
        # come from a second stream, so the texts and places drawn above them stay the same.
        self.time_rng = random.Random(self.seed * 1_000_003 + index + 1_000_000_000_000)
        route = rng.choices(self.world.routes, cum_weights=self.world.cum_weights)[0]
        if anchor is not None:
            route = anchor.route(self.world, rng)
        issue = _any(rng, route.sub.issues)
        place = _any(rng, _PLACES)
        channel = _CHANNELS[bisect.bisect(_CHANNEL_CUM, rng.random() * 100)]
        submitted = self.now - dt.timedelta(seconds=int(age_days * 86400))
        if channel == "walk_in":  # typed in at the counter during office hours
            counter = _office_hours_from(submitted, self.time_rng)
            submitted = (
                counter if counter <= self.now else _office_hours_before(submitted, self.time_rng)
            )
        fields = self._fields(place)
        incident = None
        if issue.classification == "pengaduan" and rng.random() < 0.65:
            incident = submitted.date() - dt.timedelta(days=_int(rng, 0, 75))
            fields["tgl_kejadian"] = _tanggal(incident)
        title, content = self._texts(issue, route.topic, channel, fields, incident is not None)
        anonymous = channel != "walk_in" and rng.random() < 0.10
        secret = rng.random() < 0.05
        reporter = None if anonymous else self._reporter(channel, place)
        address = f"Jorong {fields['jorong']}, Nagari {place.nagari}, Kecamatan {place.kecamatan}"
        if place.district_code == "02" and rng.random() < 0.5:  # the town has RT/RW
            address = f"RT {fields['rt']} RW {fields['rw']}, {address}"
        agency_id = route.agency_id if anchor is not None else self._agency(route)
        status = "terverifikasi" if anchor is not None else self._status(age_days, submitted)
        if not self.world.staffed(agency_id):
            status = _UNSTAFFED_STATUS.get(status, status)
        disposed = None if status in NOT_ROUTED else self._later(submitted, 3.0)
        assignee: str | None = None
        followups: tuple[DemoFollowup, ...] = ()
        if disposed is not None and self.world.staffed(agency_id):
            assignee, followups = self._handling(
                index, status, agency_id, disposed, issue, route, fields, anchor
            )
        return DemoReport(
            id=str(uuid.uuid5(_NAMESPACE, f"report:{self.seed}:{index}")),
            tracking_id=tracking_id,
            title=title,
            content=content,
            classification=issue.classification,
            category_id=route.sub.id,
            channel=channel,
            status=status,
            disposed_agency_id=None if disposed is None else agency_id,
            assignee_username=assignee,
            is_anonymous=anonymous,
            is_secret=secret,
            reporter=reporter,
            region_code=place.region_code,
            address=address + ", Kabupaten Agam",
            incident_date=incident,
            submitted_at=submitted,
            disposed_at=disposed,
            followups=followups,
        )

    # --- parts of a report ----------------------------------------------------------------------

    def _fields(self, place: _Place) -> dict[str, str]:
        rng = self.rng
        return {
            "nagari": place.nagari,
            "kecamatan": place.kecamatan,
            "ruas": place.ruas,
            "jorong": _any(rng, _JORONG),
            "lokasi": _any(rng, place.landmarks),
            "sekolah": _any(rng, place.schools),
            "m": str(50 + 10 * _int(rng, 0, 144)),
            "km": str(_int(rng, 2, 38)),
            "cm": str(20 + 5 * _int(rng, 0, 19)),
            "n": str(_int(rng, 2, 9)),
            "rt": f"{_int(rng, 1, 6):03d}",
            "rw": f"{_int(rng, 1, 4):03d}",
            "jam": f"{_int(rng, 8, 10):02d}.{_any(rng, ('00', '15', '30', '45'))}",
        }

    def _texts(
        self, issue: _Issue, topic: _Topic, channel: str, fields: dict[str, str], dated: bool
    ) -> tuple[str, str]:
        rng = self.rng
        kind = issue.classification
        if kind == "pengaduan":
            tail = [
                _any(rng, _SINCE) if dated else _any(rng, _DURATION),
                _any(rng, topic.impacts) if rng.random() < 0.7 else "",
                _any(rng, topic.requests),
            ]
        elif kind == "aspirasi":
            tail = [
                _any(rng, topic.impacts) if rng.random() < 0.5 else "",
                _any(rng, _ASPIRATION_REQUESTS),
            ]
        else:
            tail = [_any(rng, _INFO_CONTEXT), _any(rng, _INFO_REQUESTS)]
        if channel in ("sms", "twitter"):  # short messages: the problem, where, the request
            tag = "@lapor1708" if channel == "twitter" else ""
            parts = [tag, issue.detail, _any(rng, _SHORT_PLACES), tail[-1]]
        else:
            parts = [_any(rng, _OPENERS[kind]), issue.detail, *tail, _any(rng, _CLOSINGS)]
        content = " ".join(p for p in parts if p).format_map(fields)
        return issue.title.format_map(fields), content

    def _reporter(self, channel: str, place: _Place) -> dict[str, str | None]:
        rng = self.rng
        female = rng.random() < 0.45
        first = _any(rng, _FEMALE_FIRST if female else _MALE_FIRST)
        last = "" if rng.random() < 0.12 else _any(rng, _FEMALE_LAST if female else _MALE_LAST)
        home = place if rng.random() < 0.7 else _any(rng, _PLACES)
        has_phone = channel == "sms" or rng.random() < (0.3 if channel == "twitter" else 0.9)
        has_address = channel not in ("sms", "twitter") and rng.random() < 0.85
        return {
            "name": f"{first} {last}".strip(),
            "nik": self._nik(home, female) if rng.random() < _NIK_SHARE.get(channel, 0.0) else None,
            "phone": self._phone() if has_phone else None,
            "email": self._email(first, last)
            if rng.random() < _EMAIL_SHARE.get(channel, 0.0)
            else None,
            "address": (
                f"Jorong {_any(rng, _JORONG)}, Nagari {home.nagari}, Kec. {home.kecamatan}, "
                "Kab. Agam"
                if has_address
                else None
            ),
        }

    def _nik(self, home: _Place, female: bool) -> str:
        rng = self.rng
        year = _int(rng, 1955, self.now.year - 17)
        day = _int(rng, 1, 28) + (40 if female else 0)
        region = REGENCY_CODE.replace(".", "") + home.district_code
        return f"{region}{day:02d}{_int(rng, 1, 12):02d}{year % 100:02d}{_int(rng, 1, 2999):04d}"

    def _phone(self) -> str:
        return f"+62{_any(self.rng, _PHONE_PREFIXES)}{_int(self.rng, 1_000_000, 99_999_999)}"

    def _email(self, first: str, last: str) -> str:
        rng = self.rng
        user = (first + _any(rng, (".", "", "_")) + last if last else first).lower()
        suffix = str(_int(rng, 70, 99)) if rng.random() < 0.5 else ""
        return f"{user.replace(' ', '')}{suffix}@{_any(rng, _MAIL_DOMAINS)}"

    def _agency(self, route: _Route) -> str:
        u = self.rng.random()
        for agency_id, share in route.externals:
            if u < share:
                return agency_id
            u -= share
        return route.agency_id

    def _status(self, age_days: float, submitted: dt.datetime) -> str:
        u = self.rng.random()  # drawn whatever the answer, so later draws do not shift
        if self.now - submitted < dt.timedelta(hours=2):
            return "belum_terverifikasi"
        shares = next(table for limit, table in _STATUS_BANDS if age_days < limit)
        return _pick(shares, u)

    def _later(self, start: dt.datetime, max_days: float) -> dt.datetime:
        """A moment after `start` and before now, in office hours when that still fits."""
        span = min(max_days * 86400.0, (self.now - start).total_seconds() * 0.9)
        t = start + dt.timedelta(seconds=self.time_rng.uniform(span * 0.1, span))
        snapped = _office_hours_from(t, self.time_rng)
        t = (snapped if snapped < self.now else t).replace(microsecond=0)
        return t if t > start else start + dt.timedelta(seconds=1)

    # --- handling by the agency -----------------------------------------------------------------

    def _handling(
        self,
        index: int,
        status: str,
        agency_id: str,
        disposed: dt.datetime,
        issue: _Issue,
        route: _Route,
        fields: dict[str, str],
        anchor: _Anchor | None = None,
    ) -> tuple[str | None, tuple[DemoFollowup, ...]]:
        """Who holds the report and the follow-ups written so far (oldest first)."""
        if anchor is None and status == "terverifikasi" and self.rng.random() < 0.2:
            return None, ()  # not yet taken up by an officer
        plan = anchor.plan if anchor is not None else _pick(_PLANS[status], self.rng.random())
        writer = _FollowupWriter(self, index, agency_id, issue, route.topic, fields)
        return self.world.officer[agency_id], writer.write(plan, disposed)


class _FollowupWriter:
    """Turns a plan such as ("returned", "progress") into dated follow-ups of one report."""

    def __init__(
        self,
        maker: _Maker,
        index: int,
        agency_id: str,
        issue: _Issue,
        topic: _Topic,
        fields: dict[str, str],
    ) -> None:
        self.maker = maker
        self.rng = maker.rng
        self.index = index
        self.officer = maker.world.officer[agency_id]
        self.supervisor = maker.world.supervisor[agency_id]
        self.issue = issue
        self.topic = topic
        self.fields = fields

    def write(self, plan: Sequence[str], disposed: dt.datetime) -> tuple[DemoFollowup, ...]:
        followups = []
        t = disposed
        for k, step in enumerate(plan):
            t = self.maker._later(t, 6.0)
            self.fields["tgl"] = _tanggal(max(disposed.date(), t.date() - dt.timedelta(days=1)))
            followups.append(self._one(k, step, t))
        return tuple(followups)

    def _one(self, k: int, step: str, at: dt.datetime) -> DemoFollowup:
        rng = self.rng
        reviewer: str | None = self.supervisor
        note: str | None = None
        if step in ("pending", "withdrawn"):
            state, reviewer, content = (
                "pending_approval" if step == "pending" else "withdrawn",
                None,
                self._text(rng.random() < 0.3),
            )
        elif step == "returned":
            state, note, content = "returned", _any(rng, _RETURN_NOTES), _any(rng, _THIN_DRAFT)
        else:
            state, content = "published", self._text(step == "done")
            note = _any(rng, _APPROVE_NOTES) if rng.random() < 0.3 else None
        return DemoFollowup(
            id=str(uuid.uuid5(_NAMESPACE, f"followup:{self.maker.seed}:{self.index}:{k}")),
            author_username=self.officer,
            content=content,
            state=state,
            reviewer_username=reviewer,
            review_note=note,
            created_at=at,
        )

    def _text(self, done: bool) -> str:
        rng = self.rng
        kind = self.issue.classification
        if kind == "permintaan_informasi":
            return _TEMPLATE_BODY["TL-INFORMASI"]
        if kind == "aspirasi" and not done:
            return _TEMPLATE_BODY["TL-ANGGARAN"]
        middle = _any(rng, self.topic.done if done else self.topic.progress)
        parts = (_FOLLOWUP_OPEN, middle.format_map(self.fields), _any(rng, _FOLLOWUP_CLOSE))
        return " ".join(p for p in parts if p)


_TEMPLATE_BODY = {code: body for code, _title, body in _TEMPLATES}


# --- public entry points ------------------------------------------------------------------------


def generate_reports(
    n: int,
    *,
    seed: int = 1,
    now: dt.datetime | None = None,
    reference: DemoReference | None = None,
) -> Iterator[DemoReport]:
    """`n` reports submitted over the last ~60 days before `now`, oldest first.

    Deterministic for (n, seed, now, reference). `now` must be timezone-aware (default: the
    current time); every timestamp is in WIB. Tracking ids grow with submission time, with gaps
    where reports of other regions took numbers, as in the national system.
    """
    if not 0 <= n <= MAX_REPORTS:
        raise ValueError(f"n must be between 0 and {MAX_REPORTS}, got {n}")
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    at = (now or clock.now()).astimezone(WIB).replace(microsecond=0)
    world = _World(reference or reference_world())
    return _reports(n, seed, at, world)


@dataclass(frozen=True)
class _Anchor:
    """A report whose agency and state are fixed, so that every demo login has work to do at
    any hour of any day: the rest of the world is drawn at random and may leave an office idle."""

    agency_code: str
    plan: tuple[str, ...]  # follow-ups written so far; the report waits for its answer

    def route(self, world: _World, rng: random.Random) -> _Route:
        agency_id = _agency_id(self.agency_code)
        routes = [r for r in world.routes if r.agency_id == agency_id]
        return _any(rng, routes) if routes else world.routes[0]


# Officer's open report, supervisor's approval queue, officer's returned draft: for the offices
# the demo logs in to (DPUPR: officer1, supervisor1; DINKES: officer2, supervisor2).
_ANCHORS = (
    _Anchor("DPUPR", ()),
    _Anchor("DPUPR", ("pending",)),
    _Anchor("DPUPR", ("returned",)),
    _Anchor("DINKES", ()),
    _Anchor("DINKES", ("pending",)),
    _Anchor("DPUPR", ()),
)
# The youngest anchor is at least this old whatever its random fraction: past the two hours a
# report waits for verification, and past a disposition and a written draft.
_ANCHOR_MIN_AGE_DAYS = 0.5


def _anchor_slots(n: int, world: _World) -> dict[int, _Anchor]:
    """The indices that carry anchors: the youngest ones old enough (see _ANCHOR_MIN_AGE_DAYS).
    Depends on n only, never on the clock."""
    anchors = [a for a in _ANCHORS if world.staffed(_agency_id(a.agency_code))]
    if n == 0 or not anchors:
        return {}
    # age(i) >= HISTORY_DAYS * (1 - (i + 1) / n) ** 1.25 >= the minimum  <=>  i <= last
    last = int(n * (1 - (_ANCHOR_MIN_AGE_DAYS / HISTORY_DAYS) ** 0.8)) - 1
    slots = range(max(0, last - len(anchors) + 1), last + 1)
    return dict(zip(slots, anchors, strict=False))


def _reports(n: int, seed: int, now: dt.datetime, world: _World) -> Iterator[DemoReport]:
    rng = random.Random(seed)
    maker = _Maker(world, now, seed)
    anchors = _anchor_slots(n, world)
    max_gap = max(1, min(300, 3_000_000 // max(n, 1)))
    tracking = 5_000_000 + rng.randrange(1_000_000)
    for index in range(n):
        tracking += 1 + rng.randrange(max_gap)
        # Monotone in index, denser towards now: most of the backlog is recent.
        age_days = HISTORY_DAYS * (1 - (index + rng.random()) / n) ** 1.25
        yield maker.report(index, str(tracking), age_days, anchors.get(index))


def demo_reports(
    n: int = 300, *, seed: int = 1, now: dt.datetime | None = None
) -> list[DemoReport]:
    """The demo set: `n` reports of the reference world."""
    return list(generate_reports(n, seed=seed, now=now))
