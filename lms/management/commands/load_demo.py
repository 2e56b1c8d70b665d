from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from lms.demo.course import load_course, load_newhire_progress
from lms.demo.staff import DEMO_PASSWORD, load_staff


class Command(BaseCommand):
    help = "Load the demo users, staff and course; running it again duplicates nothing."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with transaction.atomic():
            profiles = load_staff(today=today, stdout=self.stdout)
            course = load_course(stdout=self.stdout)
            load_newhire_progress(profiles["newhire"].user, course)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo ready. Users newhire, trainer, manager, hr and admin; "
                f"password {DEMO_PASSWORD!r} (demo only)."
            )
        )
