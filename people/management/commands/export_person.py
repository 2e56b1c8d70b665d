from django.core.management.base import BaseCommand, CommandError

from people.models import StaffProfile
from people.privacy import export_json, record_export


class Command(BaseCommand):
    help = (
        "Write everything held about one staff member as JSON (the same document "
        "as the admin's download and the API's /people/{employee_id}/export)."
    )

    def add_arguments(self, parser):
        parser.add_argument("employee_id", help="The person's employee ID.")
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="Write to this file instead of the standard output.",
        )

    def handle(self, *args, employee_id, output=None, **options):
        profile = find_person(employee_id)
        document = export_json(profile)
        if output:
            try:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(document + "\n")
            except OSError as error:
                raise CommandError(
                    f"Cannot write {output}: {error.strerror}."
                ) from None
        else:
            self.stdout.write(document)
        record_export(profile, actor=None)
        if output:
            self.stdout.write(self.style.SUCCESS(f"Wrote {employee_id} to {output}."))


def find_person(employee_id: str) -> StaffProfile:
    profile = StaffProfile.objects.filter(employee_id=employee_id).first()
    if profile is None:
        raise CommandError(f"No staff member has the employee ID {employee_id!r}.")
    return profile
