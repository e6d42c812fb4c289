"""A person's calendar feed: a secret address a calendar app polls without signing in.

Only the secret's hash is kept, so the address is shown once, when made; rotating it makes the
old address stop working at once (a lost phone, a shared link).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sessions.domain.feedback import hash_token

# Never "peer support", "reflective", "wellbeing" or a theme: calendars show on shared screens.
NEUTRAL_TITLE = "Conversation"
GROUP_SESSION_TITLE = "Group session"
REVIEW_TITLE = "One-to-one meeting"


@dataclass(eq=False)
class CalendarFeed:
    staff_id: str
    secret_hash: str
    rotated_at: datetime

    @classmethod
    def new(cls, staff_id: str, at: datetime) -> tuple[CalendarFeed, str]:
        secret = secrets.token_urlsafe(32)
        return cls(staff_id, hash_token(secret), at), secret

    def rotate(self, at: datetime) -> str:
        secret = secrets.token_urlsafe(32)
        self.secret_hash, self.rotated_at = hash_token(secret), at
        return secret
