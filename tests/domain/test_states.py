"""Life cycles of reports and follow-ups, labels, and agreement with the wire contract."""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Any, get_args

import pytest

from domain.errors import DomainError, TransitionError
from domain.states import (
    CHANNEL_LABELS,
    CLASSIFICATION_LABELS,
    FOLLOWUP_STATE_LABELS,
    REPORT_STATUS_LABELS,
    Channel,
    Classification,
    FollowupState,
    ReportStatus,
    can_transition_followup,
    can_transition_report,
    check_followup_transition,
    check_report_transition,
    report_accepts_followup,
    report_accepts_handoff,
)
from sync import wire

R = ReportStatus
F = FollowupState

ALLOWED_REPORT = {
    (R.BELUM_TERVERIFIKASI, R.TERVERIFIKASI),
    (R.BELUM_TERVERIFIKASI, R.DITOLAK),
    (R.TERVERIFIKASI, R.DALAM_PROSES),
    (R.TERVERIFIKASI, R.DITOLAK),
    (R.TERVERIFIKASI, R.DIARSIPKAN),
    (R.DALAM_PROSES, R.SELESAI),
    (R.DALAM_PROSES, R.DALAM_PROSES),
    (R.DALAM_PROSES, R.DIARSIPKAN),
    (R.SELESAI, R.DIARSIPKAN),
    (R.SELESAI, R.DALAM_PROSES),
}

ALLOWED_FOLLOWUP = {
    (None, F.PENDING_APPROVAL),
    (F.PENDING_APPROVAL, F.PUBLISHED),
    (F.PENDING_APPROVAL, F.RETURNED),
    (F.PENDING_APPROVAL, F.WITHDRAWN),
    (F.PENDING_APPROVAL, F.PENDING_APPROVAL),
    (F.RETURNED, F.PENDING_APPROVAL),
    (F.RETURNED, F.WITHDRAWN),
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(R, R)))
def test_report_transition_table(old: ReportStatus, new: ReportStatus) -> None:
    allowed = (old, new) in ALLOWED_REPORT
    assert can_transition_report(old, new) is allowed
    if allowed:
        check_report_transition(old, new)
    else:
        with pytest.raises(TransitionError) as err:
            check_report_transition(old, new)
        assert REPORT_STATUS_LABELS[new] in err.value.message


@pytest.mark.parametrize(("old", "new"), list(itertools.product([None, *F], F)))
def test_followup_transition_table(old: FollowupState | None, new: FollowupState) -> None:
    allowed = (old, new) in ALLOWED_FOLLOWUP
    assert can_transition_followup(old, new) is allowed
    if allowed:
        check_followup_transition(old, new)
    else:
        with pytest.raises(DomainError) as err:
            check_followup_transition(old, new)
        assert err.value.code == "followup_transition"
        assert "Tindak lanjut" in str(err.value)


def test_published_followup_message_says_it_is_final() -> None:
    with pytest.raises(DomainError, match="sudah diterbitkan tidak dapat diubah lagi"):
        check_followup_transition(F.PUBLISHED, F.WITHDRAWN)


@pytest.mark.parametrize("status", list(R))
def test_which_reports_an_agency_can_act_on(status: ReportStatus) -> None:
    held = status in (R.TERVERIFIKASI, R.DALAM_PROSES)
    assert report_accepts_followup(status) is held
    assert report_accepts_handoff(status) is held


@pytest.mark.parametrize(
    ("enum", "literal", "labels"),
    [
        (ReportStatus, wire.ReportStatus, REPORT_STATUS_LABELS),
        (FollowupState, wire.FollowupState, FOLLOWUP_STATE_LABELS),
        (Classification, wire.Classification, CLASSIFICATION_LABELS),
        (Channel, wire.Channel, CHANNEL_LABELS),
    ],
)
def test_values_match_the_wire_and_every_value_has_a_label(
    enum: type[StrEnum], literal: Any, labels: dict[Any, str]
) -> None:
    assert {m.value for m in enum} == set(get_args(literal))
    assert set(labels) == set(enum)
    assert all(label.strip() for label in labels.values())
