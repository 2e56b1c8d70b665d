from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username (the employee ID for imported staff) or e-mail."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user_model = get_user_model()
            matches = list(
                user_model._default_manager.filter(email__iexact=username)[:2]
            )
            if len(matches) == 1:
                username = matches[0].get_username()
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
