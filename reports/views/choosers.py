"""The manager filter's chooser: a JSON search over the managers the viewer may
choose (their reporting line for a manager, everyone for HR), a few at a time,
so that a report page never lists thousands of managers."""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from reports.filters import managers
from reports.views.base import can_view_reports

CHOICES_SHOWN = 20
LONGEST_QUERY = 100
QUERY_TOO_LONG = _("Search for at most %(n)s characters.")
NOT_ALLOWED = _("You may not see training reports.")


def manager_choices(request):
    """``GET ?q=words``: up to 20 managers whose name, employee ID or e-mail
    holds every word, as ``{"results": [{"id", "label"}]}``."""
    if not can_view_reports(request.user):
        return JsonResponse({"message": str(NOT_ALLOWED)}, status=403)
    query = request.GET.get("q", "").strip()
    if len(query) > LONGEST_QUERY or "\x00" in query:
        message = QUERY_TOO_LONG % {"n": LONGEST_QUERY}
        return JsonResponse({"message": str(message)}, status=400)
    found = managers(request).search(query)[:CHOICES_SHOWN]
    results = [{"id": profile.pk, "label": str(profile)} for profile in found]
    return JsonResponse({"results": results})
