"""“Forgot your password?” with limits, so the form cannot flood an inbox or be
used to hammer the mail server.

An address that asks too often hears so (HTTP 429, with when to try again).
One e-mail address gets at most a few mails an hour: further requests for it
get the usual "check your inbox" page and no mail, so the page never tells
whether the address is known or how often it was asked for.
"""

import math

from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.utils.translation import ngettext_lazy

from people.throttle import wait_seconds

HOUR = 60 * 60
REQUESTS_PER_ADDRESS = 10
MAILS_PER_EMAIL = 3
TOO_MANY = ngettext_lazy(
    "Too many password reset requests from your network. Please try again in "
    "%(minutes)d minute.",
    "Too many password reset requests from your network. Please try again in "
    "%(minutes)d minutes.",
    "minutes",
)


class LimitedPasswordResetView(PasswordResetView):
    def post(self, request, *args, **kwargs):
        wait = wait_seconds(
            request,
            "password-reset",
            limit=REQUESTS_PER_ADDRESS,
            window_seconds=HOUR,
        )
        if wait:
            return self.refuse(wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if wait_seconds(
            self.request,
            "password-reset-mail",
            limit=MAILS_PER_EMAIL,
            window_seconds=HOUR,
            key=email,
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

    def refuse(self, wait: int):
        form = self.get_form()
        form.is_valid()
        form.add_error(None, TOO_MANY % {"minutes": math.ceil(wait / 60)})
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(wait)
        return response
