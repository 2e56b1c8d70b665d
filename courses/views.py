from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from courses import progress, services
from courses.models import LessonPage
from people.languages import preferred_language

NO_CHOICE = _("Pick an answer first.")
# Apps whose pages follow a learner's language choice (the host's own pages do not).
TRAINING_PAGE_APPS = {"courses", "roleplays"}


def _live_lesson(pk) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=pk)


@login_required
@require_POST
def complete_lesson(request, pk):
    """Mark a lesson done and go on to the next step in course order."""
    lesson = _live_lesson(pk)
    course = progress.course_of(lesson)
    try:
        services.complete_lesson(request.user, lesson=lesson, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(lesson.url)
    outline = progress.course_outline(request.user, course)
    module = outline.module_of(lesson)
    if _quiz_is_next(module):
        messages.success(
            request, _("You have read every lesson of this module: time for its quiz.")
        )
        return redirect("quizzes:quiz", module.quiz_result.quiz.pk)
    step = outline.next_step
    if step is None:
        messages.success(request, _("You have done every step of this course."))
        return redirect(course.url)
    messages.success(
        request, _("“%(title)s” marked as done.") % {"title": lesson.title}
    )
    return redirect(step.url or course.url)


def _quiz_is_next(module) -> bool:
    """Every lesson of the module is done and its quiz is still to pass."""
    result = module.quiz_result if module else None
    if result is None or result.passed or result.state == "awaiting_marking":
        return False
    return all(entry.done for entry in module.lessons)


@login_required
@require_POST
def check_practice(request, pk, block_id):
    """Grade an ungraded practice question; the answer is revealed only now."""
    lesson = _live_lesson(pk)
    question = lesson.practice_questions.get(block_id)
    if question is None:
        raise Http404(_("That practice question is not in this lesson."))
    choices = list(question["choices"])
    try:
        picked = int(request.POST.get("choice", ""))
    except ValueError:
        picked = -1
    if not 0 <= picked < len(choices):
        return JsonResponse({"error": str(NO_CHOICE)}, status=400)
    result = {
        "correct": bool(choices[picked]["is_correct"]),
        "feedback": choices[picked]["feedback"],
        "correct_choices": [
            i for i, choice in enumerate(choices) if choice["is_correct"]
        ],
        "explanation": question["explanation"],
    }
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(result)
    context = {
        "lesson": lesson,
        "question": question,
        "picked": picked,
        "block_id": block_id,
        **result,
    }
    return render(request, "courses/practice_result.html", context)


def serve_in_readers_language(page, request, serve_args, serve_kwargs):
    """A ``before_serve_page`` hook: a learner who chose another language than the
    page's is sent to its translation in that language, when one is live."""
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    if type(page)._meta.app_label not in TRAINING_PAGE_APPS:
        return None
    wanted = preferred_language(request.user)
    # A page address sets the active language to the page's own (its prefix).
    if not wanted or wanted == translation.get_language():
        return None
    found = page.get_translations().live().filter(locale__language_code=wanted)
    found = found.first()
    if found is None:
        return None
    query = request.META.get("QUERY_STRING", "")
    return redirect(found.get_url(request) + (f"?{query}" if query else ""))


def record_lesson_visit(page, request, serve_args, serve_kwargs):
    """A ``before_serve_page`` hook: remember the lesson a learner opened."""
    if isinstance(page, LessonPage) and request.user.is_authenticated:
        services.record_lesson_visit(
            request.user, lesson=page, course=progress.course_of(page)
        )
