"""Logins, refresh-token rotation and reuse, password resets: the records kept and the event sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from identity.adapters.passwords import hash_password
from identity.domain.tokens import RefreshLifetime
from identity.service_layer import auth
from psn_shared.errors import InvalidInput, NotAuthenticated
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork, person

PASSWORD = "a-long-password"
PASSWORD_HASH = hash_password(PASSWORD)  # once: argon2id is slow on purpose
TTL = RefreshLifetime(ttl=timedelta(hours=12), max_age=timedelta(days=30))


def test_a_refresh_token_rotates_and_a_reused_one_ends_the_whole_login():
    uow = FakeIdentityUnitOfWork()
    member = person(uow, password_hash=PASSWORD_HASH)
    first = auth.login(auth.Login(member.email, PASSWORD, TTL), uow)
    assert first.principal.staff_id == member.id and first.principal.roles == {"staff"}
    second = auth.refresh(auth.Refresh(first.refresh_token, TTL), uow)
    assert second.refresh_token != first.refresh_token
    with pytest.raises(NotAuthenticated, match="reused"):
        auth.refresh(auth.Refresh(first.refresh_token, TTL), uow)
    with pytest.raises(NotAuthenticated):
        auth.refresh(auth.Refresh(second.refresh_token, TTL), uow)
    assert all(token.revoked_at for token in uow.refresh_tokens)


def test_a_wrong_password_or_a_leaver_cannot_log_in():
    uow = FakeIdentityUnitOfWork()
    member = person(uow, password_hash=PASSWORD_HASH)
    with pytest.raises(NotAuthenticated):
        auth.login(auth.Login(member.email, "wrong-password", TTL), uow)
    member.status = "left"
    with pytest.raises(NotAuthenticated):
        auth.login(auth.Login(member.email, PASSWORD, TTL), uow)
    assert uow.commits == 0


def test_a_reset_link_goes_out_as_an_event_and_works_once():
    uow = FakeIdentityUnitOfWork()
    member = person(uow, password_hash=PASSWORD_HASH)
    request = auth.RequestPasswordReset(member.email, "https://psn.test/reset#token=", timedelta(minutes=30))
    auth.request_password_reset(request, uow)
    auth.request_password_reset(auth.RequestPasswordReset("nobody@psn.test", request.link, request.ttl), uow)
    [event] = uow.published
    assert event.type == "identity.password_reset.requested" and event.data.email == member.email
    token = event.data.reset_url.removeprefix(request.link)
    auth.reset_password(auth.ResetPassword(token, "a-brand-new-password"), uow)
    assert member.password_hash != PASSWORD_HASH
    with pytest.raises(InvalidInput) as again:
        auth.reset_password(auth.ResetPassword(token, "yet-another-password"), uow)
    assert again.value.field == "token"


def test_rotation_never_takes_a_login_past_its_maximum_age():
    uow = FakeIdentityUnitOfWork()
    member = person(uow, password_hash=PASSWORD_HASH)
    first = auth.login(auth.Login(member.email, PASSWORD, TTL), uow)
    [token] = list(uow.refresh_tokens)
    # The login began 30 days less a minute ago: the next token lives a minute, not 12 hours.
    token.family_started_at = datetime.now(UTC) - TTL.max_age + timedelta(minutes=1)
    second = auth.refresh(auth.Refresh(first.refresh_token, TTL), uow)
    assert second.refresh_expires_at == token.family_started_at + TTL.max_age
    [rotated] = [t for t in uow.refresh_tokens if t is not token]
    assert rotated.family_started_at == token.family_started_at
    rotated.family_started_at = rotated.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    with pytest.raises(NotAuthenticated, match="expired"):
        auth.refresh(auth.Refresh(second.refresh_token, TTL), uow)
