"""An embed finder for video files the company hosts itself (no third party)."""

from urllib.parse import urlparse

from django.utils.html import format_html
from wagtail.embeds.finders.base import EmbedFinder

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg"}


def _video_type(url: str) -> str | None:
    path = urlparse(url).path.lower()
    return next((kind for ext, kind in VIDEO_TYPES.items() if path.endswith(ext)), None)


class VideoFileFinder(EmbedFinder):
    """Plays a linked .mp4/.webm/.ogv file in a plain <video> element."""

    def __init__(self, **options):
        self.options = options

    def accept(self, url):
        return (
            urlparse(url).scheme in {"http", "https", ""}
            and _video_type(url) is not None
        )

    def find_embed(self, url, max_width=None, max_height=None):
        html = format_html(
            '<video controls preload="metadata" playsinline>'
            '<source src="{}" type="{}"></video>',
            url,
            _video_type(url),
        )
        return {
            "title": "",
            "author_name": "",
            "provider_name": "",
            "type": "video",
            "thumbnail_url": None,
            "width": 16,
            "height": 9,
            "html": str(html),
        }
