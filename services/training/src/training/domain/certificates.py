"""Certificates: proof of a completed course, valid for a period, renewed by a refresher."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from psn_shared.errors import Conflict, InvalidInput
from training.domain.ids import new_id
from training.domain.levels import LevelCompletion


class CertificateStatus(StrEnum):
    VALID = "valid"
    LAPSED = "lapsed"


def verification_code() -> str:
    """Twelve characters people can read aloud: no 0/O or 1/I to confuse."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


@dataclass(eq=False)
class Certificate:
    """Proof of a completed course, valid for a period; before it ends a refresher is due."""

    staff_id: str
    level: int
    completion_id: str
    issued_on: date
    expires_on: date
    verification_code: str = field(default_factory=verification_code)
    status: CertificateStatus = CertificateStatus.VALID
    reminders_sent: int = 0
    renewed_on: date | None = None
    id: str = field(default_factory=new_id)

    @classmethod
    def issue(cls, completion: LevelCompletion, validity: timedelta) -> Certificate:
        return cls(
            staff_id=completion.staff_id, level=completion.level, completion_id=completion.id,
            issued_on=completion.completed_on, expires_on=completion.completed_on + validity,
        )

    def refresher_reminder_due(self, today: date, reminder_days: tuple[int, ...]) -> bool:
        """Reminders go at each of `reminder_days` before expiry (largest first), one at a time."""
        if self.status != CertificateStatus.VALID or self.reminders_sent >= len(reminder_days):
            return False
        return (self.expires_on - today).days <= sorted(reminder_days, reverse=True)[self.reminders_sent]

    def lapse_due(self, today: date) -> bool:
        return self.status == CertificateStatus.VALID and today >= self.expires_on

    def lapse(self) -> None:
        self.status = CertificateStatus.LAPSED

    def renew(self, refreshed_on: date, validity: timedelta, today: date) -> bool:
        """A refresher taken: valid again from that day. Returns whether it had lapsed."""
        if refreshed_on > today:
            raise InvalidInput("a refresher cannot be in the future", field="completed_on")
        if refreshed_on + validity <= today:
            raise InvalidInput("that refresher is itself out of date", field="completed_on")
        was_lapsed = self.status == CertificateStatus.LAPSED
        self.status, self.renewed_on, self.reminders_sent = CertificateStatus.VALID, refreshed_on, 0
        self.expires_on = refreshed_on + validity
        return was_lapsed

    def correct_expiry(self, expires_on: date) -> None:
        if self.status != CertificateStatus.VALID:
            raise Conflict("the certificate has lapsed; renew it with a refresher instead")
        if expires_on < self.issued_on:
            raise InvalidInput("a certificate cannot expire before it was issued", field="expires_on")
        self.expires_on, self.reminders_sent = expires_on, 0
