"""What one sync cycle did, for the status bar, the sync log and the command line."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from localdb.news import NewsEvent
from sync.errors import CERTIFICATE_MESSAGE, PROXY_MESSAGE


class CycleState(enum.Enum):
    OK = "ok"
    OFFLINE = "offline"
    AUTH_REQUIRED = "auth_required"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    UPGRADE_REQUIRED = "upgrade_required"
    SERVER_REPLACED = "server_replaced"  # the server runs on another database: nothing sent
    BUSY = "busy"  # another cycle holds the profile's lock
    CANCELLED = "cancelled"
    ERROR = "error"


# Exit codes of `python -m sync ... once` (documented in docs/sync.md).
EXIT_OK = 0
EXIT_OTHER = 1
EXIT_OFFLINE = 2
EXIT_AUTH = 3
EXIT_PARKED = 4
EXIT_SERVER = 5
EXIT_SERVER_REPLACED = 6
EXIT_PROFILE = 7  # the profile database is damaged or missing: `recover-profile`

_EXIT = {
    CycleState.OK: EXIT_OK,
    CycleState.OFFLINE: EXIT_OFFLINE,
    CycleState.AUTH_REQUIRED: EXIT_AUTH,
    CycleState.SERVER_ERROR: EXIT_SERVER,
    CycleState.RATE_LIMITED: EXIT_SERVER,
    CycleState.SERVER_REPLACED: EXIT_SERVER_REPLACED,
}


@dataclass
class CycleStats:
    """Counters filled in while the cycle runs."""

    pushed: int = 0
    conflicts: int = 0
    quarantined: int = 0
    waiting: int = 0
    uploaded: int = 0
    pulled: int = 0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    report_ids: set[str] = field(default_factory=set)
    reference_changed: bool = False
    reoffered: int = 0  # ops offered again because the server went back to an older copy
    news: list[NewsEvent] = field(default_factory=list)  # what the office should notice


@dataclass(frozen=True)
class SyncSummary:
    state: CycleState
    pushed: int
    conflicts: int
    quarantined: int
    pulled: int
    uploaded: int
    requests: int
    bytes_sent: int
    bytes_received: int
    duration_s: float
    message: str  # Indonesian, for the user
    error: str | None = None  # technical detail for the log (ids, codes; never names or tokens)
    retry_in: float | None = None  # seconds until the next automatic try makes sense
    parked: int = 0  # ops now waiting for the user (conflict or quarantined), all cycles
    unsent: int = 0  # ops still pending after this cycle
    report_ids: frozenset[str] = frozenset()
    reference_changed: bool = False  # new reference data arrived: templates, categories, staff
    # New work and answers this cycle brought (ids and kinds only; see localdb.news).
    news: tuple[NewsEvent, ...] = ()

    def news_count(self, kind: str) -> int:
        """How many of one kind: reports for "disposed", events for the others."""
        if kind == "disposed":
            return len({e.report_id for e in self.news if e.kind == kind})
        return sum(1 for e in self.news if e.kind == kind)

    @property
    def ok(self) -> bool:
        return self.state is CycleState.OK

    @property
    def bytes_total(self) -> int:
        return self.bytes_sent + self.bytes_received

    @property
    def exit_code(self) -> int:
        code = _EXIT.get(self.state, EXIT_OTHER)
        if code == EXIT_OK and self.parked:
            return EXIT_PARKED
        return code

    def one_line(self) -> str:
        return (
            f"{self.state.value}: {self.message} | terkirim={self.pushed} "
            f"konflik={self.conflicts} karantina={self.quarantined} diterima={self.pulled} "
            f"unggah={self.uploaded} menunggu_pengguna={self.parked} belum_terkirim={self.unsent} "
            f"permintaan={self.requests} bita={self.bytes_total} durasi={self.duration_s:.1f}s"
        )


def message_for(state: CycleState, stats: CycleStats, detail: str | None = None) -> str:
    """The user's sentence for a cycle's outcome (Indonesian first)."""
    if state is CycleState.OK:
        text = f"Sinkronisasi selesai: {stats.pushed} terkirim, {stats.pulled} perubahan diterima."
        if stats.conflicts or stats.quarantined:
            text += f" {stats.conflicts + stats.quarantined} perlu diperiksa."
        if stats.reoffered:
            text += (
                f" Server dipulihkan dari cadangan: {stats.reoffered} operasi dikirim ulang "
                "dan data dibaca ulang."
            )
        return text
    fixed = {
        CycleState.OFFLINE: "Tidak ada koneksi ke server; akan dicoba lagi otomatis.",
        CycleState.AUTH_REQUIRED: "Sesi berakhir; silakan masuk kembali.",
        CycleState.SERVER_ERROR: "Server sedang bermasalah; akan dicoba lagi otomatis.",
        CycleState.RATE_LIMITED: "Server sedang sibuk dan meminta menunggu; akan dicoba lagi.",
        CycleState.BUSY: "Sinkronisasi lain sedang berjalan untuk profil ini.",
        CycleState.CANCELLED: "Sinkronisasi dibatalkan; tidak ada data yang hilang.",
        CycleState.ERROR: "Sinkronisasi gagal karena kesalahan tak terduga; akan dicoba lagi.",
        CycleState.SERVER_REPLACED: (
            "Server memakai basis data lain dari sebelumnya; tidak ada yang dikirim agar data "
            "tidak tercampur. Hubungi admin."
        ),
    }
    if state is CycleState.UPGRADE_REQUIRED:
        return detail or "Versi aplikasi ini tidak lagi dilayani server; perbarui aplikasi."
    if state is CycleState.AUTH_REQUIRED and detail:
        return detail
    if state is CycleState.OFFLINE and detail in (CERTIFICATE_MESSAGE, PROXY_MESSAGE):
        return detail  # the office network's set-up, not a dead link: retrying will not help
    return fixed[state]
