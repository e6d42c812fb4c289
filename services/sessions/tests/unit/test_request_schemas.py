"""A request's GET is written out by hand (`support_request_out`): it must say what its documented schema says."""

from datetime import UTC, datetime

import pytest

from services.sessions.tests.service_layer.fakes import recorded
from sessions.api.schemas import SupportRequestOut, support_request_out
from sessions.domain.model import Mode, RequestStatus, Scope, SupportRequest, Urgency
from sessions.domain.staff import Contact
from sessions.service_layer.queries import RequestView

AT = datetime(2026, 10, 25, 0, 30, 15, 123456, tzinfo=UTC)


def request(**overrides) -> SupportRequest:
    asked = {"requester_id": "ann", "mode": Mode.VIDEO, "scope": Scope.ANY, "urgency": Urgency.SOON,
             "details": "Struggling after a hard shift.", "created_at": AT}
    return SupportRequest(**{**asked, **overrides})


@pytest.mark.parametrize("view", [
    RequestView(request(waiting_reason="no eligible supporter", waiting_since=AT)),
    RequestView(request(status=RequestStatus.ALLOCATED, supporter_id="bob", allocated_at=AT, accepted_at=AT),
                Contact(staff_id="bob", name="Bob", email="bob@example.org", phone=None)),
    RequestView(request(mode=Mode.IN_PERSON, location="Ward 7", status=RequestStatus.CLOSED, supporter_id="bob",
                        allocated_at=AT, accepted_at=AT, closed_at=datetime(2026, 3, 29, 1, 0, tzinfo=UTC))),
    RequestView(recorded(request(status=RequestStatus.ALLOCATED, supporter_id="bob", allocated_at=AT)),
                Contact(staff_id="bob", name="Bob", email=None, phone="01632 960000")),
], ids=["waiting", "allocated, with the supporter's contact", "in person, closed", "as its GET reads it"])
def test_a_request_is_written_out_exactly_as_its_documented_schema_dumps_it(view):
    assert support_request_out(view) == SupportRequestOut().dump(view)
