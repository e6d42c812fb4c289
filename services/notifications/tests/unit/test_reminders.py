from datetime import UTC, datetime, timedelta

from notifications.domain.reminders import CourseDay, course_day_reminders, meeting_reminders

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
STARTS = datetime(2027, 3, 10, 14, tzinfo=UTC)


def test_a_meeting_has_a_reminder_a_day_and_an_hour_before_for_each_person():
    planned = meeting_reminders("c-1", "rita", "sam", STARTS, "phone", None, None, NOW)
    assert sorted((r.recipient_id, r.due_at) for r in planned) == sorted(
        (who, STARTS - lead) for who in ("rita", "sam") for lead in (timedelta(hours=24), timedelta(hours=1)))
    assert {r.details["other_id"] for r in planned if r.recipient_id == "rita"} == {"sam"}


def test_a_reminder_s_id_is_the_same_for_the_same_thing_person_lead_and_start_and_new_for_a_new_start():
    first = meeting_reminders("c-1", "rita", "sam", STARTS, "phone", None, None, NOW)
    again = meeting_reminders("c-1", "rita", "sam", STARTS, "video", "https://meet.test/x", None, NOW)
    moved = meeting_reminders("c-1", "rita", "sam", STARTS + timedelta(days=1), "phone", None, None, NOW)
    assert [r.id for r in first] == [r.id for r in again]
    assert not {r.id for r in first} & {r.id for r in moved}
    assert len({r.id for r in first}) == 4


def test_leads_already_passed_are_not_planned_and_a_started_meeting_is_too_late():
    soon = NOW + timedelta(hours=2)
    [only] = [r for r in meeting_reminders("c-1", "rita", "sam", soon, "phone", None, None, NOW)
              if r.recipient_id == "rita"]
    assert only.lead == timedelta(hours=1)
    assert not only.too_late(soon - timedelta(minutes=1)) and only.too_late(soon)


def test_each_course_day_still_ahead_has_a_reminder_the_day_before():
    days = [CourseDay(starts_at=NOW + timedelta(hours=12), ends_at=NOW + timedelta(hours=19)),
            CourseDay(starts_at=STARTS, ends_at=STARTS + timedelta(hours=7), location="Education Centre")]
    [reminder] = course_day_reminders("cohort-1", "ann", "Spring 2027", 2, days, NOW)
    assert reminder.due_at == STARTS - timedelta(hours=24)
    assert reminder.details["location"] == "Education Centre" and reminder.details["level"] == 2
