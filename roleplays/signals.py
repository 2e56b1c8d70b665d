"""Signals other apps listen to (certification re-evaluates records on them)."""

from django.dispatch import Signal

# sent with run once a role-play run reaches an ending
roleplay_finished = Signal()
