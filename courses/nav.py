"""The catalogue's item in the learner pages' main menu (see people/nav.py).

Every learner page shows it, so its address is kept in the cache, not looked up
in the page tree on each request; publishing, unpublishing, moving or deleting a
training index forgets it.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished, post_page_move

from courses.models import TrainingIndexPage
from people.nav import NavItem

CACHE_KEY = "courses:catalogue-url"
NO_CATALOGUE = ""


def catalogue_nav_item(request) -> NavItem | None:
    """The live training index, if there is one."""
    url = cache.get(CACHE_KEY)
    if url is None:
        index = TrainingIndexPage.objects.live().first()
        url = index.get_url(request) if index else NO_CATALOGUE
        cache.set(CACHE_KEY, url, None)
    if not url:
        return None
    return NavItem("catalogue", _("Catalogue"), url, order=10)


def forget_catalogue_url(sender, **kwargs):
    cache.delete(CACHE_KEY)


def connect_signals():
    for signal in [page_published, page_unpublished, post_delete]:
        signal.connect(forget_catalogue_url, sender=TrainingIndexPage)
    # A move sends the generic Page; the catalogue may be the moved page's child.
    post_page_move.connect(forget_catalogue_url)
