from django.core.management.base import BaseCommand, CommandError

from people.imports import CREATE, ImportPlan, plan_staff_csv
from people.services import StaffImportCounts, apply_staff_import


class Command(BaseCommand):
    help = (
        "Create and update staff from the HR system's CSV export, matched by "
        "employee ID. Nothing is applied when any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8, header row first).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without changing it.",
        )

    def handle(self, *args, path, dry_run, **options):
        plan = self.read_plan(path)
        if not plan.is_valid:
            for error in plan.errors:
                self.stderr.write(f"line {error.line}: {error.message}")
            raise CommandError(
                f"{len(plan.bad_lines)} bad line(s) in {path}; nothing was imported."
            )
        if dry_run:
            self.write_dry_run(plan)
            return
        counts = apply_staff_import(plan)
        self.stdout.write(self.style.SUCCESS(f"Imported {path}: {summary(counts)}."))

    def read_plan(self, path: str) -> ImportPlan:
        try:
            with open(path, "rb") as file:
                return plan_staff_csv(file)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

    def write_dry_run(self, plan: ImportPlan) -> None:
        for row in plan.rows_to_apply():
            self.stdout.write(f"line {row.line}: {describe(row)}")
        self.stdout.write(
            f"Dry run: {summary(plan.counts, future=True)}. Nothing was changed."
        )


def describe(row) -> str:
    if row.action == CREATE:
        return f"create {row.employee_id}"
    text = f"update {row.employee_id} ({', '.join(row.changes)})"
    if row.deactivates:
        text += ", leaver: account closes"
    return text


def summary(counts: StaffImportCounts, *, future: bool = False) -> str:
    if future:
        return (
            f"{counts.created} to create, {counts.updated} to update, "
            f"{counts.unchanged} unchanged, {counts.deactivated} leavers to deactivate"
        )
    return (
        f"{counts.created} created, {counts.updated} updated, "
        f"{counts.unchanged} unchanged, {counts.deactivated} deactivated"
    )
