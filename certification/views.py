from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from certification.certificates import content_disposition, render_pdf
from certification.codes import normalise_code
from certification.conf import app_settings
from certification.dates import iso_day, local_day
from certification.models import Certificate
from certification.readiness import readiness_page
from people.throttle import wait_seconds

UNKNOWN_CODE = _("No certificate has this code. Check it against the certificate.")
TOO_MANY = _("Too many checks from your address. Please wait a minute and try again.")
REVOKED_DOWNLOAD = _(
    "This certificate was revoked, so it can no longer be downloaded. Ask HR if "
    "you think this is a mistake."
)
# Shown for a certificate whose holder's personal data was erased.
HOLDER_REMOVED = _("Name removed")
STATUS_LABELS = {
    "valid": _("Valid"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
    "superseded": _("Superseded by a newer certificate"),
}


def _throttled(request) -> int:
    """0 while the client may check, else the seconds it should wait."""
    limit = app_settings.VERIFY_RATE_LIMIT
    return wait_seconds(request, "verify", limit=limit, window_seconds=60)


def _too_many(response, wait: int):
    response["Retry-After"] = str(wait)
    return _noindex(response)


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def public_view(certificate) -> dict:
    """Everything the public may know about a certificate, and nothing more."""
    status = certificate.public_status()
    return {
        "code": certificate.code,
        "holder": certificate.holder_name or str(HOLDER_REMOVED),
        "course": certificate.course_title,
        "issuer": certificate.issuer,
        "status": status,
        "status_label": str(STATUS_LABELS[status]),
        "issued_on": iso_day(certificate.issued_at),
        "expires_on": iso_day(certificate.expires_at),
    }


@login_not_required
@require_GET
def verify_form(request):
    """A box to type a code from a paper certificate."""
    typed = request.GET.get("code", "")
    if typed:
        code = normalise_code(typed)
        if code:
            return redirect("certification:verify", code=code)
        return _noindex(
            render(
                request,
                "certification/verify_form.html",
                {"error": UNKNOWN_CODE, "typed": typed},
                status=400,
            )
        )
    return _noindex(render(request, "certification/verify_form.html", {}))


@login_not_required
@require_GET
def verify(request, code):
    if wait := _throttled(request):
        return _too_many(
            render(
                request,
                "certification/verify_limited.html",
                {"message": TOO_MANY},
                status=429,
            ),
            wait,
        )
    canonical = normalise_code(code)
    if canonical and canonical != code:
        return redirect("certification:verify", code=canonical, permanent=True)
    certificate = Certificate.objects.filter(code=canonical or "").first()
    if certificate is None:
        return _noindex(
            render(
                request, "certification/verify_unknown.html", {"code": code}, status=404
            )
        )
    context = {
        "certificate": public_view(certificate),
        "issued_day": local_day(certificate.issued_at),
        "expires_day": local_day(certificate.expires_at),
    }
    return _noindex(render(request, "certification/verify.html", context))


@login_not_required
@require_GET
def verify_json(request, code):
    if wait := _throttled(request):
        return _too_many(JsonResponse({"error": str(TOO_MANY)}, status=429), wait)
    certificate = Certificate.objects.filter(code=normalise_code(code) or "").first()
    if certificate is None:
        return _noindex(JsonResponse({"error": str(UNKNOWN_CODE)}, status=404))
    return _noindex(JsonResponse(public_view(certificate)))


@login_required
def download(request, code):
    """The certificate PDF, for its holder, their managers and HR.

    A revoked or superseded certificate comes stamped so across the page; its
    holder cannot download a revoked one at all.
    """
    visible = Certificate.objects.for_viewer(request.user)
    certificate = get_object_or_404(visible, code=normalise_code(code) or "")
    if certificate.revoked_at and certificate.record.user_id == request.user.pk:
        return render(
            request,
            "certification/download_refused.html",
            {"message": REVOKED_DOWNLOAD, "code": certificate.code},
            status=410,
        )
    response = HttpResponse(render_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(certificate)
    return response


@login_required
def my_readiness(request):
    """/training/me/: what is required, what is done, what is next, the certificate."""
    page = readiness_page(request.user)
    return render(request, "certification/my_readiness.html", {"page": page})
