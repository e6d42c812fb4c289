from psn_shared.events.subscriptions import SUBSCRIPTIONS
from training.events.handlers import HANDLERS


def test_handlers_cover_exactly_the_subscribed_events():
    assert set(HANDLERS) == set(SUBSCRIPTIONS["training"])
