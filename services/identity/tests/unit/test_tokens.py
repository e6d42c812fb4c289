"""The refresh token's lifetime: renewed by each rotation, capped from the login that began it."""

from datetime import UTC, datetime, timedelta

from identity.domain.tokens import RefreshLifetime

LOGIN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
LIFETIME = RefreshLifetime(ttl=timedelta(hours=12), max_age=timedelta(days=30))


def test_a_rotation_renews_the_token_for_its_ttl():
    now = LOGIN + timedelta(days=3)
    assert LIFETIME.expiry(LOGIN, now) == now + timedelta(hours=12)


def test_no_token_of_a_login_outlives_its_maximum_age():
    now = LOGIN + timedelta(days=30) - timedelta(hours=1)
    assert LIFETIME.expiry(LOGIN, now) == LOGIN + timedelta(days=30)
