from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from lms.demo.assignments import load_assignments
from lms.demo.course import (
    attach_quizzes,
    load_newhire_progress,
    set_requirements,
)
from lms.demo.histories import load_histories
from lms.demo.leavers import erase_a_leaver
from lms.demo.quizzes import load_quizzes
from lms.demo.refreshers import load_material_change
from lms.demo.roleplays import load_course_and_roleplays, load_newhire_roleplay
from lms.demo.site import set_up_site
from lms.demo.staff import DEMO_PASSWORD, load_staff
from lms.demo.translations import load_translations

IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"


class Command(BaseCommand):
    help = "Load the demo users, staff and course; running it again duplicates nothing."

    def handle(self, *args, **options):
        # The demo's staff join the role groups and its course goes under the index.
        call_command("setup_training", stdout=self.stdout)
        today = timezone.localdate()
        # Building the history would send real-looking mail (marked essays).
        # Tasks run at once, even with a task queue: the histories build on the
        # required courses the course's job roles and assignments give.
        quiet_demo = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            TASKS={"default": {"BACKEND": IMMEDIATE_TASKS}},
        )
        with quiet_demo, transaction.atomic():
            profiles = load_staff(today=today, stdout=self.stdout)
            course, roleplays = load_course_and_roleplays(stdout=self.stdout)
            attach_quizzes(course, load_quizzes(stdout=self.stdout))
            set_requirements(course, roleplays.values())
            load_translations(course, stdout=self.stdout)
            load_newhire_progress(profiles["newhire"].user, course)
            load_newhire_roleplay(profiles["newhire"].user, roleplays)
            load_histories(course, stdout=self.stdout)
            load_assignments(today=today, stdout=self.stdout)
            erase_a_leaver(stdout=self.stdout)
            load_material_change(stdout=self.stdout)
            set_up_site(settings.SITE_URL)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo ready. Users newhire, trainer, manager, hr and admin; "
                f"password {DEMO_PASSWORD!r} (demo only)."
            )
        )
