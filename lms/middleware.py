from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as BaseMiddleware


class LoginRequiredMiddleware(BaseMiddleware):
    """Every page needs a login, except the paths in ``LOGIN_EXEMPT_PATHS``.

    Django's auth views are already exempt. The Wagtail admin and the API
    answer anonymous requests themselves (a login page, a 401).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        exempt = getattr(settings, "LOGIN_EXEMPT_PATHS", ())
        if request.path_info.startswith(tuple(exempt)):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
