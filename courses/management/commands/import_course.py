from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from courses.course_import import import_course


class Command(BaseCommand):
    help = (
        "Create or update a course from a folder: course.yaml, clauses.yaml and one "
        "Markdown file per lesson. Pages are matched by slug; nothing is changed "
        "when any file has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The folder holding course.yaml.")
        parser.add_argument(
            "--parent",
            type=int,
            help="The id of the page to put the course under (the training index).",
        )
        parser.add_argument(
            "--language",
            default="",
            help="The folder is a translation (ru, lv) of a course imported before: "
            "same files, slugs and blocks; its pages and clauses become the "
            "translations of the original's.",
        )
        parser.add_argument(
            "--wait-for-pages",
            action="store_true",
            help="Leave out, and list, blocks that embed a page that does not exist "
            "yet (a role-play to import into a new module), instead of stopping; "
            "import again once it exists.",
        )

    def handle(self, *args, folder, parent, wait_for_pages, language, **options):
        parent_page = self.parent_page(parent)
        try:
            result = import_course(
                folder,
                parent=parent_page,
                wait_for_pages=wait_for_pages,
                language=language,
            )
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{len(error.messages)} problem(s) in {folder}; nothing was imported."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.course.title}: {len(result.created)} page(s) "
                f"created, {len(result.updated)} updated, {len(result.unchanged)} "
                f"unchanged; {result.clauses} clause(s); "
                f"{result.images_added} image(s) added."
            )
        )
        for waiting in result.waiting:
            self.stdout.write(self.style.WARNING(f"Left out for now: {waiting}"))

    def parent_page(self, page_id: int | None) -> Page | None:
        if page_id is None:
            return None
        try:
            return Page.objects.get(pk=page_id).specific
        except Page.DoesNotExist:
            raise CommandError(f"No page has the id {page_id}.") from None
