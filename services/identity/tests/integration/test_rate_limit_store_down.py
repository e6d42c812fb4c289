"""A shared rate-limit store (Redis) that cannot be reached makes a limited endpoint unavailable: 503, never a 500."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError


def test_an_unreachable_rate_limit_store_is_a_503_to_retry(app):
    @app.post("/api/v1/store-probe")
    def probe():
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    response = app.test_client().post("/api/v1/store-probe")
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert response.mimetype == "application/problem+json"
    assert "6379" not in response.get_data(as_text=True)
