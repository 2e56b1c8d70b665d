"""Signals other apps listen to, sent after the transaction commits."""

from django.dispatch import Signal

# sent with attempt when it is submitted, closed at its deadline, or fully marked
attempt_finished = Signal()
