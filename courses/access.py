"""Learner pages are for signed-in staff, whatever middleware the site runs."""

from django.contrib.auth.views import redirect_to_login


class LoginRequiredMixin:
    """A page that sends an anonymous visitor to the login page, then back."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)
