from datetime import date

import pytest

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from services.training.tests.unit.builders import NOW
from training.domain.levels import Level1Claim

# Level 1 claims


def test_a_claim_is_verified_or_rejected_with_a_reason_once_and_never_by_its_author():
    claim = Level1Claim(staff_id="ann", completed_on=date(2026, 10, 1), evidence="cert 123", submitted_at=NOW)
    with pytest.raises(Forbidden):
        claim.decide(verify=True, by="ann", reason=None, at=NOW)
    with pytest.raises(InvalidInput):
        claim.decide(verify=False, by="cleo", reason=" ", at=NOW)
    claim.decide(verify=False, by="cleo", reason="no certificate attached", at=NOW)
    assert (claim.status, claim.rejection_reason) == ("rejected", "no certificate attached")
    with pytest.raises(Conflict):
        claim.decide(verify=True, by="cleo", reason=None, at=NOW)
