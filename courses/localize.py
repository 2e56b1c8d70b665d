"""A guard in front of wagtail-localize's "Upload PO file".

wagtail-localize reads the uploaded file's ``X-WagtailLocalize-TranslationID``
header without checking that it is there, so a PO file made by another tool (or
with its header removed by a translator's editor) ends in a server error, and a
form posted without a file does too. This view answers both with a message on the
page the translator came from, and hands every other upload to wagtail-localize,
which checks the rest (a broken file, another translation's file) itself.

It is registered under wagtail-localize's own address, before it, so the editor's
button needs no change. Registered only where wagtail-localize is installed.
"""

import contextlib
import tempfile

import polib
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"
NO_FILE = _("Choose a PO file to upload.")
NOT_FROM_THIS_EDITOR = _(
    "This PO file was not downloaded from this translation, so it cannot be "
    "imported. Download the PO file here, translate it and upload that file."
)
MAX_PO_BYTES = 10_000_000
TOO_LARGE = _("The file is too large (10 MB at most).")


def readable_po(upload) -> polib.POFile | None:
    """The uploaded file as a PO file, or None when it cannot be read as one.

    Read from a file of its own: given text, polib would open a file named by it.
    """
    with tempfile.NamedTemporaryFile(suffix=".po") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        upload.seek(0)
        with contextlib.suppress(OSError, UnicodeDecodeError, ValueError):
            return polib.pofile(copy.name)
    return None


@require_POST
def upload_pofile(request, translation_id):
    """Refuse an upload wagtail-localize cannot read, with a message; else import."""
    from wagtail_localize.models import Translation
    from wagtail_localize.views import edit_translation

    translation = get_object_or_404(Translation, id=translation_id)
    instance = translation.get_target_instance()
    if not edit_translation.user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    upload = request.FILES.get("file")
    problem = None
    if upload is None:
        problem = NO_FILE
    elif upload.size > MAX_PO_BYTES:
        problem = TOO_LARGE
    else:
        po = readable_po(upload)
        if po is not None and TRANSLATION_ID_HEADER not in po.metadata:
            problem = NOT_FROM_THIS_EDITOR
    if problem:
        messages.error(request, problem)
        return redirect(
            get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
        )
    return edit_translation.upload_pofile(request, translation_id)


def admin_urls():
    """The guard, at the address wagtail-localize gives its own upload view."""
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_pofile,
            name="courses_upload_pofile",
        )
    ]
