"""Where refresh tokens and password-reset tokens (their hashes) are found, kept and spent."""

from __future__ import annotations

import abc
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from identity.domain.tokens import PasswordReset, RefreshToken


class RefreshTokenRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, token: RefreshToken) -> None: ...

    @abc.abstractmethod
    def by_hash(self, token_hash: str) -> RefreshToken | None:
        """The token, held until the transaction ends: two requests cannot both spend it."""

    @abc.abstractmethod
    def revoke_family(self, family_id: str, at: datetime) -> None:
        """End one login: every token of the family not revoked yet."""

    @abc.abstractmethod
    def revoke_all_of(self, staff_id: str, at: datetime) -> None:
        """End every login of a person."""


class PasswordResetRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, reset: PasswordReset) -> None: ...

    @abc.abstractmethod
    def by_hash(self, token_hash: str) -> PasswordReset | None:
        """The reset, held until the transaction ends: two requests cannot both use it."""

    @abc.abstractmethod
    def spend_all_of(self, staff_id: str, at: datetime) -> None:
        """Only the newest link works: asking again, or using one, spends the rest."""


class SqlRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, token: RefreshToken) -> None:
        self.session.add(token)

    def by_hash(self, token_hash: str) -> RefreshToken | None:
        query = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
        return self.session.scalars(query).first()

    def revoke_family(self, family_id: str, at: datetime) -> None:
        self._revoke(RefreshToken.family_id == family_id, at)

    def revoke_all_of(self, staff_id: str, at: datetime) -> None:
        self._revoke(RefreshToken.staff_id == staff_id, at)

    def _revoke(self, condition: Any, at: datetime) -> None:
        self.session.execute(
            update(RefreshToken).where(condition, RefreshToken.revoked_at.is_(None)).values(revoked_at=at)
        )


class SqlPasswordResetRepository(PasswordResetRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, reset: PasswordReset) -> None:
        self.session.add(reset)

    def by_hash(self, token_hash: str) -> PasswordReset | None:
        query = select(PasswordReset).where(PasswordReset.token_hash == token_hash).with_for_update()
        return self.session.scalars(query).first()

    def spend_all_of(self, staff_id: str, at: datetime) -> None:
        self.session.execute(
            update(PasswordReset)
            .where(PasswordReset.staff_id == staff_id, PasswordReset.used_at.is_(None))
            .values(used_at=at)
        )
