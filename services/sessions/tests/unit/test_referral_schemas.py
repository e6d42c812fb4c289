"""Referral and audit times are stored in UTC and shown in Europe/London, with the offset of the day."""

from datetime import UTC, datetime

from sessions.api.referral_schemas import ConfidentialReadOut
from sessions.domain.audit import ConfidentialRead, RecordKind


def shown(at: datetime) -> str:
    read = ConfidentialRead.of(reader_id="cleo", reader_roles=["coordinator"], subject_id="ann",
                               record_kind=RecordKind.REFERRAL, record_id="r", reason="following a referral", at=at)
    return ConfidentialReadOut().dump(read)["read_at"]


def test_times_cross_the_autumn_clock_change_in_london_time():
    # British Summer Time ends at 01:00 UTC on 25 October 2026.
    assert shown(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "2026-10-25T01:30:00+01:00"
    assert shown(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "2026-10-25T01:30:00+00:00"
