"""The catalogue's item in the learner pages' main menu (see people/nav.py).

Every learner page shows it, so its address is kept with the content (see
``courses.caching``), not looked up in the page tree on each request: any change
to the pages (publishing, unpublishing, moving or deleting the index) makes it
new.
"""

from django.utils.translation import gettext_lazy as _

from courses import caching
from courses.models import TrainingIndexPage
from people.nav import NavItem

NO_CATALOGUE = ""


def catalogue_nav_item(request) -> NavItem | None:
    """The live training index, if there is one."""
    url = caching.cached("catalogue-url", (), lambda: _catalogue_url(request))
    if not url:
        return None
    return NavItem("catalogue", _("Catalogue"), url, order=10)


def _catalogue_url(request) -> str:
    index = TrainingIndexPage.objects.live().first()
    return index.get_url(request) if index else NO_CATALOGUE
