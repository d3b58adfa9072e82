"""Life cycles of reports and follow-ups, and the Indonesian labels of every coded value.

String values are the wire values of the sync protocol; a test keeps them in step.
"""

from __future__ import annotations

from enum import StrEnum

from domain.errors import TransitionError


class ReportStatus(StrEnum):
    BELUM_TERVERIFIKASI = "belum_terverifikasi"
    TERVERIFIKASI = "terverifikasi"
    DALAM_PROSES = "dalam_proses"
    SELESAI = "selesai"
    DIARSIPKAN = "diarsipkan"
    DITOLAK = "ditolak"


class FollowupState(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    RETURNED = "returned"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Classification(StrEnum):
    PENGADUAN = "pengaduan"
    ASPIRASI = "aspirasi"
    PERMINTAAN_INFORMASI = "permintaan_informasi"


class Channel(StrEnum):
    WEB = "web"
    SMS = "sms"
    TWITTER = "twitter"
    MOBILE = "mobile"
    REGIONAL_APP = "regional_app"
    WALK_IN = "walk_in"


REPORT_STATUS_LABELS: dict[ReportStatus, str] = {
    ReportStatus.BELUM_TERVERIFIKASI: "Belum Terverifikasi",
    ReportStatus.TERVERIFIKASI: "Terverifikasi",
    ReportStatus.DALAM_PROSES: "Dalam Proses",
    ReportStatus.SELESAI: "Selesai",
    ReportStatus.DIARSIPKAN: "Diarsipkan",
    ReportStatus.DITOLAK: "Ditolak",
}

FOLLOWUP_STATE_LABELS: dict[FollowupState, str] = {
    FollowupState.PENDING_APPROVAL: "Menunggu persetujuan",
    FollowupState.RETURNED: "Dikembalikan untuk diperbaiki",
    FollowupState.PUBLISHED: "Diterbitkan",
    FollowupState.WITHDRAWN: "Ditarik",
}

CLASSIFICATION_LABELS: dict[Classification, str] = {
    Classification.PENGADUAN: "Pengaduan",
    Classification.ASPIRASI: "Aspirasi",
    Classification.PERMINTAAN_INFORMASI: "Permintaan Informasi",
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.WEB: "Situs web",
    Channel.SMS: "SMS 1708",
    Channel.TWITTER: "Twitter @lapor1708",
    Channel.MOBILE: "Aplikasi seluler",
    Channel.REGIONAL_APP: "Aplikasi daerah terintegrasi",
    Channel.WALK_IN: "Datang langsung",
}

_S = ReportStatus
_REPORT_NEXT: dict[ReportStatus, frozenset[ReportStatus]] = {
    _S.BELUM_TERVERIFIKASI: frozenset({_S.TERVERIFIKASI, _S.DITOLAK}),
    _S.TERVERIFIKASI: frozenset({_S.DALAM_PROSES, _S.DITOLAK, _S.DIARSIPKAN}),
    # dalam_proses -> dalam_proses: a reporter's reply re-opens the conversation in place.
    _S.DALAM_PROSES: frozenset({_S.SELESAI, _S.DALAM_PROSES, _S.DIARSIPKAN}),
    # selesai -> dalam_proses: a reply that arrives within the window re-opens the report.
    _S.SELESAI: frozenset({_S.DIARSIPKAN, _S.DALAM_PROSES}),
    _S.DIARSIPKAN: frozenset(),
    _S.DITOLAK: frozenset(),
}

_F = FollowupState
_FOLLOWUP_NEXT: dict[FollowupState | None, frozenset[FollowupState]] = {
    None: frozenset({_F.PENDING_APPROVAL}),
    # pending -> pending: the officer edits the draft before the supervisor reviews it.
    _F.PENDING_APPROVAL: frozenset({_F.PUBLISHED, _F.RETURNED, _F.WITHDRAWN, _F.PENDING_APPROVAL}),
    _F.RETURNED: frozenset({_F.PENDING_APPROVAL, _F.WITHDRAWN}),
    _F.PUBLISHED: frozenset(),
    _F.WITHDRAWN: frozenset(),
}

# A report is held by an agency once verified and routed; only then can the agency answer it
# or say it is not theirs to answer.
_ACCEPTS_FOLLOWUP = frozenset({_S.TERVERIFIKASI, _S.DALAM_PROSES})
_ACCEPTS_HANDOFF = frozenset({_S.TERVERIFIKASI, _S.DALAM_PROSES})


def can_transition_report(old: ReportStatus, new: ReportStatus) -> bool:
    return new in _REPORT_NEXT[old]


def can_transition_followup(old: FollowupState | None, new: FollowupState) -> bool:
    """`old` is None for a follow-up that does not exist yet."""
    return new in _FOLLOWUP_NEXT[old]


def report_accepts_followup(status: ReportStatus) -> bool:
    return status in _ACCEPTS_FOLLOWUP


def report_accepts_handoff(status: ReportStatus) -> bool:
    return status in _ACCEPTS_HANDOFF


def check_report_transition(old: ReportStatus, new: ReportStatus) -> None:
    """Raise TransitionError (Indonesian message) unless the report may go from `old` to `new`."""
    if not can_transition_report(old, new):
        raise TransitionError(
            f"Status laporan tidak dapat diubah dari {REPORT_STATUS_LABELS[old]} "
            f"menjadi {REPORT_STATUS_LABELS[new]}.",
            code="report_transition",
        )


def check_followup_transition(old: FollowupState | None, new: FollowupState) -> None:
    """Raise TransitionError (Indonesian message) unless the follow-up may go to `new`."""
    if can_transition_followup(old, new):
        return
    target = FOLLOWUP_STATE_LABELS[new]
    if old is None:
        message = f"Tindak lanjut baru tidak dapat langsung berstatus {target}."
    elif not _FOLLOWUP_NEXT[old]:
        message = (
            f"Tindak lanjut yang sudah {FOLLOWUP_STATE_LABELS[old].lower()} "
            "tidak dapat diubah lagi."
        )
    else:
        message = (
            f"Tindak lanjut berstatus {FOLLOWUP_STATE_LABELS[old]} "
            f"tidak dapat diubah menjadi {target}."
        )
    raise TransitionError(message, code="followup_transition")
