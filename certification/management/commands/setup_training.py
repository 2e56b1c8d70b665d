from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certification import defaults


class Command(BaseCommand):
    help = (
        "Create or update the role groups and their permissions, the training index "
        "page and the default observation checklist. Run it after migrate; running "
        "it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                languages = defaults.set_up_locales()
                index, index_created = defaults.set_up_training_index()
                outcomes = defaults.set_up_roles(index=index)
                _checklist, checklist_created = defaults.set_up_default_checklist()
        except ImproperlyConfigured as error:
            raise CommandError(error) from error
        if languages:
            self.stdout.write(f"Content languages added: {', '.join(languages)}.")
        self.stdout.write(f"Roles: {roles_summary(outcomes)}.")
        if index is None:
            self.stdout.write("Training index: none, and no default site to add it to.")
        else:
            where = index.get_url() or index.url_path
            done = "created" if index_created else "already there"
            self.stdout.write(f"Training index: {done} at {where}.")
        done = "created" if checklist_created else "already there"
        self.stdout.write(f"Default checklist: {done}.")


def roles_summary(outcomes: dict[str, str]) -> str:
    """ "1 created, 3 up to date" from each role's outcome."""
    counts = [
        f"{count} {outcome}"
        for outcome in (defaults.CREATED, defaults.UPDATED, defaults.UP_TO_DATE)
        if (count := list(outcomes.values()).count(outcome))
    ]
    return ", ".join(counts) or "none"
