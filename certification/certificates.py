"""Certificate documents: a one-page PDF with a QR code to the public verify page."""

import io
import logging
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import quote

import segno
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from certification.conf import app_settings
from certification.dates import show_day
from people.languages import speaking_to
from people.links import absolute_url, site_url

logger = logging.getLogger(__name__)

# DejaVu Sans, shipped with the app: it has Latvian and Cyrillic letters, and the
# PDF embeds it, so a certificate prints the same on any machine.
FONTS = Path(__file__).parent / "fonts"
SHIPPED_FONTS = (str(FONTS / "DejaVuSans.ttf"), str(FONTS / "DejaVuSans-Bold.ttf"))
BRAND = colors.HexColor("#0e6e78")
INK = colors.HexColor("#1c2733")
MUTED = colors.HexColor("#52606d")
STAMP = colors.HexColor("#b42318")
# Text stays inside the border with this margin on each side.
TEXT_MARGIN = 30 * mm


def verify_url(code: str, *, base: str | None = None) -> str:
    """The public address where anyone can check a certificate."""
    return absolute_url(reverse("certification:verify", args=[code]), base=base)


def _fonts() -> tuple[str, str]:
    """Register the regular and bold fonts once: ``CERTIFICATE_FONTS`` or DejaVu."""
    if "CertRegular" not in pdfmetrics.getRegisteredFontNames():
        regular, bold = app_settings.CERTIFICATE_FONTS or SHIPPED_FONTS
        pdfmetrics.registerFont(TTFont("CertRegular", regular))
        pdfmetrics.registerFont(TTFont("CertBold", bold))
    return "CertRegular", "CertBold"


def _qr_image(url: str) -> ImageReader:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return ImageReader(buffer)


def _date(value) -> str:
    return show_day(value) if value else _("no expiry")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``; a word too long for a line is
    broken between its letters."""
    lines = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def fit(
    text: str, font: str, sizes: tuple[float, ...], width: float, max_lines: int
) -> tuple[float, list[str]]:
    """The largest of ``sizes`` that sets ``text`` in ``max_lines`` lines or fewer
    (else the smallest), and the lines."""
    for size in sizes:
        lines = wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return size, lines
    return size, lines


def _centred_lines(pdf, lines, font, size, centre, top) -> float:
    """Draw ``lines`` centred from baseline ``top`` down; the next free baseline."""
    pdf.setFont(font, size)
    leading = size * 1.2
    for index, line in enumerate(lines):
        pdf.drawCentredString(centre, top - index * leading, line)
    return top - len(lines) * leading


STAMPS = {"revoked": gettext_lazy("REVOKED"), "superseded": gettext_lazy("SUPERSEDED")}


def _stamp_notice(status: str) -> str:
    if status == "revoked":
        return _("This certificate was revoked by the issuer and is not valid.")
    return _("A newer certificate has replaced this one; it is no longer valid.")


def _stamp(pdf, status, font, width, height) -> None:
    """A word across the page, e.g. REVOKED, that no printout can lose."""
    pdf.saveState()
    pdf.setFillColor(STAMP)
    pdf.setStrokeColor(STAMP)
    pdf.setFillAlpha(0.35)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(20)
    word = str(STAMPS[status])
    size = 96
    while pdfmetrics.stringWidth(word, font, size) > width * 0.8 and size > 24:
        size -= 4
    pdf.setFont(font, size)
    pdf.drawCentredString(0, -size / 3, word)
    pdf.restoreState()
    pdf.saveState()
    pdf.setFillColor(STAMP)
    pdf.setFont(font, 12)
    pdf.drawCentredString(width / 2, height - 48 * mm, _stamp_notice(status))
    pdf.restoreState()


def render_pdf(certificate, *, base_url: str | None = None) -> bytes:
    """The certificate as PDF bytes in its holder's language, stamped across if
    revoked or superseded."""
    with speaking_to(certificate.record.user):
        return _render_pdf(certificate, base_url=base_url)


def _render_pdf(certificate, *, base_url: str | None = None) -> bytes:
    regular, bold = _fonts()
    url = verify_url(certificate.code, base=base_url)
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
    text_width = width - 2 * TEXT_MARGIN
    # The issuer's name must stay on the one line of the band.
    size, lines = fit(certificate.issuer, bold, (22, 18, 14, 11), text_width, 1)
    pdf.setFont(bold, size)
    for line in lines[:1]:
        pdf.drawString(24 * mm, height - 29 * mm, line)

    centre = width / 2
    pdf.setFillColor(MUTED)
    pdf.setFont(regular, 14)
    pdf.drawCentredString(centre, height - 62 * mm, _("Certificate of competence"))
    pdf.setFillColor(INK)
    size, lines = fit(certificate.holder_name, bold, (32, 26, 20), text_width, 2)
    top = _centred_lines(pdf, lines, bold, size, centre, height - 82 * mm)
    pdf.setFillColor(MUTED)
    top = _centred_lines(
        pdf, [_("is certified to work to the")], regular, 14, centre, top - 3 * mm
    )
    pdf.setFillColor(INK)
    size, lines = fit(certificate.course_title, bold, (20, 16, 13), text_width, 3)
    _centred_lines(pdf, lines, bold, size, centre, top - 5 * mm)

    pdf.setFont(regular, 11)
    pdf.setFillColor(MUTED)
    lines = [
        _("Issued: %(date)s") % {"date": _date(certificate.issued_at)},
        _("Valid until: %(date)s") % {"date": _date(certificate.expires_at)},
        _("Verification code: %(code)s") % {"code": certificate.code},
        _("Check it at %(url)s") % {"url": url},
    ]
    for index, line in enumerate(lines):
        pdf.drawString(24 * mm, 46 * mm - index * 7 * mm, line)

    size = 44 * mm
    pdf.drawImage(_qr_image(url), width - 24 * mm - size, 22 * mm, size, size)
    status = certificate.public_status()
    if status in STAMPS:
        _stamp(pdf, status, bold, width, height)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _slug(name: str) -> str:
    """Letters and digits of ``name`` kept, runs of anything else as one "-"."""
    kept = "".join(ch if ch.isalnum() else " " for ch in name)
    return "-".join(kept.split())


def filename_for(certificate) -> str:
    """E.g. ``certificate-Jānis-Bērziņš-K7QF-9XMB-2HTD-WC4R.pdf``."""
    name = _slug(unicodedata.normalize("NFC", certificate.holder_name))
    return f"certificate-{name or 'holder'}-{certificate.code}.pdf"


def ascii_filename_for(certificate) -> str:
    """The file name in ASCII, for clients that read only ``filename=``."""
    decomposed = unicodedata.normalize("NFKD", certificate.holder_name)
    name = _slug(decomposed.encode("ascii", "ignore").decode("ascii"))
    return f"certificate-{name or 'holder'}-{certificate.code}.pdf"


def content_disposition(certificate) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    fallback = ascii_filename_for(certificate)
    name = filename_for(certificate)
    header = f'attachment; filename="{fallback}"'
    if name != fallback:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def write_zip(certificates, target) -> None:
    """Write one PDF per certificate into a ZIP file object (one at a time)."""
    base = site_url()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(
                filename_for(certificate), render_pdf(certificate, base_url=base)
            )
