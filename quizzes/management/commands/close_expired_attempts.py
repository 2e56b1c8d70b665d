from django.core.management.base import BaseCommand

from quizzes.services import close_expired_attempts


class Command(BaseCommand):
    help = (
        "Grade timed attempts whose deadline has passed, counting only the answers "
        "saved before it. Safe to run as often as you like (e.g. every minute)."
    )

    def handle(self, *args, **options):
        closed = close_expired_attempts()
        self.stdout.write(f"Closed {closed} expired attempt(s).")
