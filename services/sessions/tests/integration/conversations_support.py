"""What the conversation API tests share: the people around one request, and proposing on it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from psn_shared.roles import Role
from psn_shared.testing.infra import outbox_events

LONDON = ZoneInfo("Europe/London")
TEAM = str(uuid.uuid4())
ASK = {"mode": "video", "scope": "any", "urgency": "soon", "details": "Struggling after a hard shift."}


def last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def next_clock_change(today: date) -> date:
    """The next Sunday the UK clocks change (last Sunday of March or October) at least 8 days away."""
    changes = sorted(last_sunday(year, month) for year in (today.year, today.year + 1) for month in (3, 10))
    return next(day for day in changes if day >= today + timedelta(days=8))


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


# The Friday before the next clock change and the Tuesday after it, at 10:00 London time: one side is
# GMT (+00:00), the other BST (+01:00). BEFORE is sent in UTC, AFTER with its London offset.
CHANGE = next_clock_change(date.today())
FRIDAY_BEFORE, TUESDAY_AFTER = CHANGE - timedelta(days=2), CHANGE + timedelta(days=2)
BEFORE_AT, AFTER_AT = local(FRIDAY_BEFORE, 10), local(TUESDAY_AFTER, 10)
BEFORE = {"starts_at": BEFORE_AT.astimezone(UTC).isoformat(),
          "ends_at": (BEFORE_AT + timedelta(hours=1)).astimezone(UTC).isoformat()}
AFTER = {"starts_at": AFTER_AT.isoformat(), "ends_at": local(TUESDAY_AFTER, 11).isoformat()}
VIDEO = {"mode": "video", "link": "https://meet.example/abc"}


def outbox(database_url: str) -> list[tuple[str, dict]]:
    return [(event["type"], event["data"]) for event in outbox_events(database_url)]


def make_people(client, auth, identity) -> dict[str, str]:
    """A requester (with a line manager), their supporter, another supporter, a coordinator and an admin."""
    boss = identity.register(TEAM)
    requester = identity.register(TEAM, line_manager_id=boss)
    supporter = identity.supporter(str(uuid.uuid4()), monthly_hours=10)
    response = client.post("/api/v1/support-requests", json=ASK, headers=auth(requester))
    assert response.json["supporter_id"] == supporter
    other = identity.supporter(str(uuid.uuid4()), monthly_hours=10)
    return {
        "request": response.json["id"], "requester": requester, "supporter": supporter, "manager": boss,
        "other_supporter": other, "coordinator": identity.register(), "admin": identity.register(),
    }


def headers(auth, people, who: str) -> dict[str, str]:
    roles = {"coordinator": (Role.COORDINATOR,), "admin": (Role.ADMIN,), "manager": (Role.LINE_MANAGER,)}
    return auth(people[who], *roles.get(who, ()))


def propose(client, auth, people, who="supporter", slots=(BEFORE, AFTER), **venue):
    return client.post(f"/api/v1/support-requests/{people['request']}/conversations",
                       json={"slots": list(slots), **(venue or VIDEO)}, headers=headers(auth, people, who))


def feed_events(client, url: str) -> list:
    response = client.get(url.split("localhost", 1)[-1])
    assert response.status_code == 200
    assert response.content_type.startswith("text/calendar")
    assert b"peer support" not in response.data.lower()
    return Calendar.from_ical(response.data).walk("VEVENT")
