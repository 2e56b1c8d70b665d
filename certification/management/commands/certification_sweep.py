from django.core.management.base import BaseCommand

from certification.refreshers import expire_missed
from certification.sweep import run_sweep
from people.privacy import erase_leavers


class Command(BaseCommand):
    help = (
        "Expire certificates (and those whose refresher was missed), send expiry "
        "reminders and managers' overdue digests. "
        "Safe to run twice; schedule it daily."
    )

    def handle(self, *args, **options):
        # Refreshers missed end certificates first, so the digests count them.
        missed = expire_missed()
        self.stdout.write(f"Refreshers missed (certificates ended): {missed}.")
        report = run_sweep()
        self.stdout.write(self.style.SUCCESS(f"Sweep done: {report}."))
        # Retention (PEOPLE_ERASE_LEAVERS_AFTER_MONTHS; off by default).
        erased = erase_leavers()
        self.stdout.write(f"Leavers past the retention period erased: {erased}.")
