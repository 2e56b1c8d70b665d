from django.core.management.base import BaseCommand

from people.management.commands.export_person import find_person
from people.privacy import erase_person, erased_employee_id

PROMPT = "Type the employee ID to confirm: "


class Command(BaseCommand):
    help = (
        "Erase one staff member's personal data: name, e-mail and login removed, "
        "certificates revoked, written answers and comments blanked; their "
        "progress, scores and history stay, without the name, for reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("employee_id", help="The person's employee ID.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, employee_id, yes=False, **options):
        profile = find_person(employee_id)
        if not yes and not self.confirmed(profile):
            self.stdout.write("Not confirmed: nothing was erased.")
            return
        erase_person(profile, actor=None)
        new_id = erased_employee_id(profile.pk)
        self.stdout.write(
            self.style.SUCCESS(f"Erased {employee_id}: now {new_id}, without a name.")
        )

    def confirmed(self, profile) -> bool:
        self.stdout.write(
            f"This erases the personal data of {profile.full_name} "
            f"({profile.employee_id}) and cannot be undone."
        )
        try:
            typed = input(PROMPT)
        except EOFError:
            return False
        return typed.strip() == profile.employee_id
