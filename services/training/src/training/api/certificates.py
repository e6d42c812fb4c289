"""Certificates: the record, the PDF, public verification, refreshers and corrections."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS
from training.api.context import check_link, policy
from training.api.schemas.certificates import CertificateOut, ExpiryIn, RenewalIn, VerificationOut
from training.domain.certificates import Certificate
from training.domain.policy import REFRESHER_RECORDERS
from training.service_layer import certification

blp = Blueprint("certificates", __name__, description="Certificates, verification and refreshers")


@blp.route("/api/v1/certificates/<string:certificate_id>")
class CertificateItem(MethodView):
    @authenticated()
    @blp.response(200, CertificateOut)
    def get(self, certificate_id: str) -> Certificate:
        """One certificate (its holder, their managers, coordinator, admin)"""
        with unit_of_work() as uow:
            found, _ = certification.certificate(certificate_id, current_principal(), uow)
        return found

    @authenticated(*COORDINATORS)
    @blp.arguments(ExpiryIn)
    @blp.response(200, CertificateOut)
    def patch(self, body: dict, certificate_id: str) -> Certificate:
        """Correct when a valid certificate expires (coordinator, admin)"""
        with unit_of_work() as uow:
            return certification.correct_expiry(certification.CorrectExpiry(certificate_id, body["expires_on"]), uow)


@blp.route("/api/v1/certificates/<string:certificate_id>/pdf")
class CertificatePdf(MethodView):
    @authenticated()
    @blp.response(200, content_type="application/pdf", description="The certificate as a PDF")
    def get(self, certificate_id: str) -> Response:
        """Download the certificate as a PDF with its verification code"""
        with unit_of_work() as uow:
            found, holder = certification.certificate(certificate_id, current_principal(), uow)
        # fpdf with PIL, fontTools and numpy (some 25 MB): loaded by the first certificate asked for, not
        # held by every idle web worker.
        from training.adapters import certificate_pdf

        verify_url = check_link(found.verification_code)
        filename = f"psn-level-{found.level}-{found.verification_code}.pdf"
        return Response(certificate_pdf.render(found, holder, verify_url), mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blp.route("/api/v1/certificates/<string:certificate_id>/renewals")
class Renewals(MethodView):
    @authenticated(*REFRESHER_RECORDERS)
    @blp.arguments(RenewalIn)
    @blp.response(200, CertificateOut)
    def post(self, body: dict, certificate_id: str) -> Certificate:
        """Record a refresher: the certificate is valid again from that day (trainer, coordinator, admin)"""
        cmd = certification.Renew(certificate_id, body["completed_on"], policy())
        with unit_of_work() as uow:
            return certification.renew(cmd, uow)


@blp.route("/api/v1/certificate-verifications/<string:code>")
class Verification(MethodView):
    @blp.response(200, VerificationOut)
    @blp.doc(security=[])
    def get(self, code: str) -> dict[str, Any]:
        """Check a certificate's verification code (no sign-in: the code is printed on the certificate)"""
        with unit_of_work() as uow:
            found, holder = certification.verify(code, uow)
        return {"name": holder.name, "level": found.level, "issued_on": found.issued_on,
                "expires_on": found.expires_on, "status": found.status}
