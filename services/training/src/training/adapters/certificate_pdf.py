"""The certificate as a PDF (fpdf2): who, which level, valid until when, and the code that verifies it."""

from __future__ import annotations

from fpdf import FPDF

from training.domain.certificates import Certificate
from training.domain.levels import LEVELS
from training.domain.staff import StaffCopy


def _latin1(text: str) -> str:
    # The core PDF fonts are Latin-1; a name outside it still prints, with '?' for what cannot.
    return text.encode("latin-1", "replace").decode("latin-1")


def render(certificate: Certificate, holder: StaffCopy, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Peer Support Network certificate {certificate.verification_code}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 28)
    pdf.cell(0, 30, "Peer Support Network", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 12, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(0, 18, _latin1(holder.name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 12, f"completed Level {certificate.level}: {LEVELS[certificate.level]}", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 12, f"on {certificate.issued_on:%d %B %Y}; valid until {certificate.expires_on:%d %B %Y}",
             align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(20)
    pdf.set_font("Courier", "B", 16)
    pdf.cell(0, 10, f"Verification code: {certificate.verification_code}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 8, _latin1(f"Check it at {verify_url}"), align="C")
    return bytes(pdf.output())
