from django.core.management.base import BaseCommand

from certification.sweep import run_sweep
from people.privacy import erase_leavers


class Command(BaseCommand):
    help = (
        "Expire certificates, send expiry reminders and managers' overdue digests. "
        "Safe to run twice; schedule it daily."
    )

    def handle(self, *args, **options):
        report = run_sweep()
        self.stdout.write(self.style.SUCCESS(f"Sweep done: {report}."))
        # Retention (PEOPLE_ERASE_LEAVERS_AFTER_MONTHS; off by default).
        erased = erase_leavers()
        self.stdout.write(f"Leavers past the retention period erased: {erased}.")
