"""Signals other apps listen to (certification re-evaluates records on them)."""

from django.dispatch import Signal

# sent with user, lesson and course once a lesson is marked done
lesson_completed = Signal()
