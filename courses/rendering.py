"""A lesson's body, drawn once per version of its content and language.

Most blocks look the same to every learner: they are rendered once and kept
(see ``courses.caching``) under a digest of the body itself, so publishing a
new version of a lesson is a new entry without anyone forgetting the old one.
Two things differ between learners and are put in per request:

- the CSRF token of the practice questions' forms, rendered as a placeholder
  and replaced by the learner's own token;
- blocks drawn from the learner's own state (a role-play card with their
  progress), rendered afresh for each request.

A page in preview is always drawn afresh.
"""

import hashlib
import json
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from courses import caching

# Blocks that show the learner's own state: never kept.
LEARNER_BLOCKS = {"roleplay"}
TOKEN_PLACEHOLDER = "csrf-token-of-the-learner"


@dataclass(frozen=True)
class Heading:
    block_id: str
    text: str


@dataclass(frozen=True)
class LessonBody:
    """The body's parts in order: HTML, or the id of a block drawn per learner;
    and the headings for the lesson's table of contents."""

    parts: tuple
    headings: tuple[Heading, ...]


def body_html(body: "LessonBody", page, request) -> SafeString:
    """The body's HTML for this request: the learner's token and blocks put in."""
    token = escape(get_token(request)) if request is not None else ""
    html = []
    for part in body.parts:
        if isinstance(part, str):
            html.append(part.replace(TOKEN_PLACEHOLDER, token))
            continue
        # Only this block is read from the stream: the others stay raw.
        block = page.body[part.index]
        if block.id == part.block_id:
            html.append(_render(block, page, request, csrf_token=token))
    return mark_safe("".join(html))


def lesson_body(page, request) -> LessonBody:
    """The body as kept for everyone (drawn now if it was not)."""
    if not page.pk or getattr(request, "is_preview", False):
        return _draw(page, request)
    parts = (page.pk, _digest(page), get_language())
    return caching.cached("lesson-body", parts, lambda: _draw(page, request))


@dataclass(frozen=True)
class LearnerBlock:
    index: int
    block_id: str


def _draw(page, request) -> LessonBody:
    parts, headings = [], []
    for index, block in enumerate(page.body):
        if block.block_type == "heading":
            headings.append(Heading(block.id, str(block.value["text"])))
        if block.block_type in LEARNER_BLOCKS:
            parts.append(LearnerBlock(index, block.id))
        else:
            parts.append(_render(block, page, request, csrf_token=TOKEN_PLACEHOLDER))
    return LessonBody(tuple(parts), tuple(headings))


def _render(block, page, request, *, csrf_token) -> str:
    context = {
        "request": request,
        "page": page,
        "lesson": page,
        "block_id": block.id,
        "csrf_token": csrf_token,
    }
    return str(block.render(context=context))


def _digest(page) -> str:
    raw = json.dumps(list(page.body.raw_data), sort_keys=True, default=str)
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
