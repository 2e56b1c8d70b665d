from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def account_username(login: str) -> str:
    """The username a login name stands for: an e-mail address held by exactly one
    person stands for that person's username; anything else is taken as typed."""
    if "@" not in login:
        return login
    user_model = get_user_model()
    matches = list(
        user_model._default_manager.filter(email__iexact=login).values_list(
            user_model.USERNAME_FIELD, flat=True
        )[:2]
    )
    return matches[0] if len(matches) == 1 else login


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username (the employee ID for imported staff) or e-mail."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username:
            username = account_username(username)
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
