"""What several training use cases lean on: the staff copy they act on."""

from __future__ import annotations

from psn_shared.errors import NotFound
from training.domain.staff import StaffCopy
from training.service_layer.uow import TrainingUnitOfWork


def known(staff_id: str, uow: TrainingUnitOfWork) -> StaffCopy:
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff is known to training (yet)")
    return member

