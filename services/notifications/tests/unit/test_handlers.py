from notifications.events.handlers import HANDLERS
from psn_shared.events.subscriptions import SUBSCRIPTIONS


def test_handlers_cover_exactly_the_subscriptions():
    assert set(HANDLERS) == set(SUBSCRIPTIONS["notifications"])
