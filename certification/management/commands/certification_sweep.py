from django.core.management.base import BaseCommand

from certification.sweep import run_sweep


class Command(BaseCommand):
    help = (
        "Expire certificates, send expiry reminders and managers' overdue digests. "
        "Safe to run twice; schedule it daily."
    )

    def handle(self, *args, **options):
        report = run_sweep()
        self.stdout.write(self.style.SUCCESS(f"Sweep done: {report}."))
