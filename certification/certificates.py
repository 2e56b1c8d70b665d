"""Certificate documents: a one-page PDF with a QR code to the public verify page."""

import io
import logging
import os
import zipfile
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

logger = logging.getLogger(__name__)

# Fonts that cover Latvian and Cyrillic names; the first one found is used.
FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
]
BRAND = colors.HexColor("#0e6e78")
INK = colors.HexColor("#1c2733")
MUTED = colors.HexColor("#52606d")


def verify_url(code: str) -> str:
    """The public address where anyone can check a certificate."""
    return settings.SITE_URL + reverse("certification:verify", args=[code])


def _fonts() -> tuple[str, str]:
    """Register a Unicode font pair once; fall back to ReportLab's own Vera."""
    if "CertRegular" in pdfmetrics.getRegisteredFontNames():
        return "CertRegular", "CertBold"
    configured = getattr(settings, "CERTIFICATE_FONTS", None)
    candidates = [tuple(configured)] if configured else []
    candidates += FONT_CANDIDATES
    for regular, bold in candidates:
        if os.path.exists(regular) and os.path.exists(bold):
            pdfmetrics.registerFont(TTFont("CertRegular", regular))
            pdfmetrics.registerFont(TTFont("CertBold", bold))
            return "CertRegular", "CertBold"
    logger.warning("No Unicode font found for certificates; set CERTIFICATE_FONTS.")
    vera = Path(__import__("reportlab").__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("CertRegular", str(vera / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("CertBold", str(vera / "VeraBd.ttf")))
    return "CertRegular", "CertBold"


def _qr_image(url: str) -> ImageReader:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return ImageReader(buffer)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else _("no expiry")


def render_pdf(certificate) -> bytes:
    """The certificate as PDF bytes."""
    regular, bold = _fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{certificate.course_title} – {certificate.holder_name}")
    pdf.setAuthor(certificate.issuer)
    pdf.setSubject(_("Certificate %(code)s") % {"code": certificate.code})

    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFillColor(BRAND)
    pdf.rect(12 * mm, height - 40 * mm, width - 24 * mm, 28 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont(bold, 22)
    pdf.drawString(24 * mm, height - 29 * mm, certificate.issuer)

    centre = width / 2
    pdf.setFillColor(MUTED)
    pdf.setFont(regular, 14)
    pdf.drawCentredString(centre, height - 62 * mm, _("Certificate of competence"))
    pdf.setFillColor(INK)
    pdf.setFont(bold, 32)
    pdf.drawCentredString(centre, height - 82 * mm, certificate.holder_name)
    pdf.setFont(regular, 14)
    pdf.setFillColor(MUTED)
    pdf.drawCentredString(centre, height - 96 * mm, _("is certified to work to the"))
    pdf.setFillColor(INK)
    pdf.setFont(bold, 20)
    pdf.drawCentredString(centre, height - 110 * mm, certificate.course_title)

    pdf.setFont(regular, 11)
    pdf.setFillColor(MUTED)
    lines = [
        _("Issued: %(date)s") % {"date": _date(certificate.issued_at)},
        _("Valid until: %(date)s") % {"date": _date(certificate.expires_at)},
        _("Verification code: %(code)s") % {"code": certificate.code},
        _("Check it at %(url)s") % {"url": verify_url(certificate.code)},
    ]
    for index, line in enumerate(lines):
        pdf.drawString(24 * mm, 46 * mm - index * 7 * mm, line)

    size = 44 * mm
    pdf.drawImage(
        _qr_image(verify_url(certificate.code)),
        width - 24 * mm - size,
        22 * mm,
        size,
        size,
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def filename_for(certificate) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in certificate.holder_name).strip(
        "-"
    )
    return f"certificate-{safe or 'holder'}-{certificate.code}.pdf"


def write_zip(certificates, target) -> None:
    """Write one PDF per certificate into a ZIP file object (one at a time)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(filename_for(certificate), render_pdf(certificate))
