"""Certificates: reading one (and its PDF), public verification, refreshers and corrections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from psn_shared.auth import Principal
from psn_shared.errors import NotFound
from training.domain.certificates import Certificate
from training.domain.policy import Policy, check_may_read
from training.domain.staff import StaffCopy
from training.events import published
from training.service_layer.common import known
from training.service_layer.uow import TrainingUnitOfWork


@dataclass(frozen=True)
class Renew:
    certificate_id: str
    completed_on: date
    policy: Policy


@dataclass(frozen=True)
class CorrectExpiry:
    certificate_id: str
    expires_on: date


def certificate(certificate_id: str, principal: Principal, uow: TrainingUnitOfWork
                ) -> tuple[Certificate, StaffCopy]:
    found = uow.certificates.get(certificate_id)
    if found is None:
        raise NotFound("no such certificate")
    holder = known(found.staff_id, uow)
    check_may_read(holder, principal)
    return found, holder


def verify(code: str, uow: TrainingUnitOfWork) -> tuple[Certificate, StaffCopy]:
    """Anyone holding the code on a certificate may check it is genuine and still valid."""
    found = uow.certificates.by_code(code.strip().upper())
    if found is None:
        raise NotFound("no certificate has this verification code")
    return found, known(found.staff_id, uow)


def renew(cmd: Renew, uow: TrainingUnitOfWork) -> Certificate:
    """A refresher taken elsewhere, recorded: the certificate runs again, and its holder is told.

    A lapsed supporter becomes allocatable again (sessions acts on the renewal; a renewal of a valid
    certificate changes nothing there).
    """
    found = uow.certificates.get(cmd.certificate_id, lock=True)
    if found is None:
        raise NotFound("no such certificate")
    found.renew(cmd.completed_on, cmd.policy.certificate_validity, uow.now().date())
    uow.publish(published.certification_renewed(found))
    uow.commit()
    return found


def correct_expiry(cmd: CorrectExpiry, uow: TrainingUnitOfWork) -> Certificate:
    """A coordinator corrects when a certificate runs out; the scheduler acts on the new date."""
    found = uow.certificates.get(cmd.certificate_id, lock=True)
    if found is None:
        raise NotFound("no such certificate")
    found.correct_expiry(cmd.expires_on)
    uow.commit()
    return found

