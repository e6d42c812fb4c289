"""Logging in and staying logged in: passwords, rotating refresh tokens, password resets and first passwords.

Access tokens are signed by the API layer's key ring; these use cases decide who the caller is
and keep the refresh-token and reset-token records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from identity.adapters.passwords import hash_password, verify_password
from identity.domain.model import Staff, new_id
from identity.domain.tokens import PasswordReset, RefreshLifetime, RefreshToken, digest, new_secret
from identity.events import published
from identity.service_layer.common import today
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import InvalidInput, NotAuthenticated

WRONG_CREDENTIALS = "email or password is wrong"


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    lifetime: RefreshLifetime


@dataclass(frozen=True)
class Refresh:
    refresh_token: str
    lifetime: RefreshLifetime


@dataclass(frozen=True)
class Logout:
    refresh_token: str


@dataclass(frozen=True)
class ChangePassword:
    staff_id: str
    current_password: str
    new_password: str


@dataclass(frozen=True)
class RequestPasswordReset:
    email: str
    link: str  # the reset page; the token goes after it
    ttl: timedelta


@dataclass(frozen=True)
class PasswordLink:
    """Where a single-use password link points (the token goes after `link`) and how long it works."""

    link: str
    ttl: timedelta


@dataclass(frozen=True)
class ResetPassword:
    token: str
    new_password: str


@dataclass(frozen=True)
class Session:
    """What a login or a refresh hands back: who, and the next refresh token (shown once) with its expiry."""

    principal: Principal
    refresh_token: str
    refresh_expires_at: datetime


def principal_of(member: Staff, uow: IdentityUnitOfWork) -> Principal:
    """Granted roles and the manager roles the directory implies today: what the access token carries."""
    roles = member.held_roles() | uow.staff.manager_roles(member.id, today())
    return Principal(staff_id=member.id, roles=frozenset(roles))


def authenticate(email: str, password: str, uow: IdentityUnitOfWork) -> Staff:
    member = uow.staff.by_email(email)
    if not verify_password(member.password_hash if member else None, password) or member is None:
        raise NotAuthenticated(WRONG_CREDENTIALS)
    if not member.active:
        raise NotAuthenticated("this account is no longer active")
    return member


def login(cmd: Login, uow: IdentityUnitOfWork) -> Session:
    member = authenticate(cmd.email, cmd.password, uow)
    session = _issue(member, new_id(), datetime.now(UTC), cmd.lifetime, uow)
    uow.commit()
    return session


def _issue(
    member: Staff, family_id: str, family_started_at: datetime, lifetime: RefreshLifetime, uow: IdentityUnitOfWork
) -> Session:
    secret, token_hash = new_secret()
    now = datetime.now(UTC)
    token = RefreshToken(
        staff_id=member.id, family_id=family_id, token_hash=token_hash, issued_at=now,
        expires_at=lifetime.expiry(family_started_at, now), family_started_at=family_started_at,
    )
    uow.refresh_tokens.add(token)
    return Session(principal=principal_of(member, uow), refresh_token=secret, refresh_expires_at=token.expires_at)


def refresh(cmd: Refresh, uow: IdentityUnitOfWork) -> Session:
    """Trade a refresh token for the next one; a token presented twice ends its whole family."""
    now = datetime.now(UTC)
    token = uow.refresh_tokens.by_hash(digest(cmd.refresh_token))
    if token is None:
        raise NotAuthenticated("unknown refresh token")
    if token.used_at is not None and token.revoked_at is None:
        # Either the client or a thief already used it: neither copy may go on.
        uow.refresh_tokens.revoke_family(token.family_id, now)
        uow.commit()
        raise NotAuthenticated("refresh token reused; every session of this login has ended")
    if not token.usable(now):
        raise NotAuthenticated("refresh token expired or revoked")
    member = uow.staff.get(token.staff_id)
    if member is None or not member.active:
        raise NotAuthenticated("this account is no longer active")
    token.used_at = now
    session = _issue(member, token.family_id, token.family_started_at, cmd.lifetime, uow)
    uow.commit()
    return session


def logout(cmd: Logout, uow: IdentityUnitOfWork) -> None:
    """End the login the refresh token belongs to; an unknown token changes nothing (and says nothing)."""
    token = uow.refresh_tokens.by_hash(digest(cmd.refresh_token))
    if token is not None:
        uow.refresh_tokens.revoke_family(token.family_id, datetime.now(UTC))
        uow.commit()


def change_password(cmd: ChangePassword, uow: IdentityUnitOfWork) -> None:
    member = uow.staff.get(cmd.staff_id)
    if member is None or not verify_password(member.password_hash, cmd.current_password):
        raise InvalidInput("the current password is wrong", field="current_password")
    _set_password(member, cmd.new_password, uow)
    uow.commit()


def _set_password(member: Staff, password: str, uow: IdentityUnitOfWork) -> None:
    """A new password ends every login and every reset link still outstanding."""
    now = datetime.now(UTC)
    member.password_hash = hash_password(password)
    uow.refresh_tokens.revoke_all_of(member.id, now)
    uow.password_resets.spend_all_of(member.id, now)


def request_password_reset(cmd: RequestPasswordReset, uow: IdentityUnitOfWork) -> None:
    """Send a single-use link by email (through notifications); unknown and left accounts get nothing.

    The caller is told the same either way, so the endpoint does not reveal who has an account.
    """
    member = uow.staff.by_email(cmd.email)
    if member is None or not member.active:
        return
    reset, url = issue_password_link(member, PasswordLink(cmd.link, cmd.ttl), uow)
    uow.publish(published.password_reset_requested(member, reset, url))
    uow.commit()


def issue_password_link(member: Staff, link: PasswordLink, uow: IdentityUnitOfWork) -> tuple[PasswordReset, str]:
    """A single-use link that sets the member's password (a reset, or a newcomer's first), and its record.

    Only one link works at a time: those still outstanding are spent. The URL holds the secret, of
    which only the hash is kept, so it goes in an event for notifications to email and nowhere else.
    """
    now = datetime.now(UTC)
    uow.password_resets.spend_all_of(member.id, now)
    secret, token_hash = new_secret()
    reset = PasswordReset(staff_id=member.id, token_hash=token_hash, created_at=now, expires_at=now + link.ttl)
    uow.password_resets.add(reset)
    return reset, f"{link.link}{secret}"


def reset_password(cmd: ResetPassword, uow: IdentityUnitOfWork) -> None:
    reset = uow.password_resets.by_hash(digest(cmd.token))
    if reset is None or not reset.usable(datetime.now(UTC)):
        raise InvalidInput("this reset link is unknown, used or expired; ask for a new one", field="token")
    member = uow.staff.get(reset.staff_id)
    if member is None or not member.active:
        raise InvalidInput("this account is no longer active", field="token")
    _set_password(member, cmd.new_password, uow)
    uow.commit()
