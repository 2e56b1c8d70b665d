"""The demo's assignments (content/assignments.yaml): some due soon, one past due."""

from datetime import date, timedelta
from pathlib import Path

import yaml

from certification import assignments
from certification.models import Assignment, DueFrom
from courses.models import CoursePage
from people.languages import original_language
from people.models import Department, JobRole, Location, StaffProfile

FILE = Path(__file__).parent / "content" / "assignments.yaml"
TARGETS = {
    "person": (StaffProfile, "employee_id"),
    "department": (Department, "name"),
    "location": (Location, "name"),
    "job_role": (JobRole, "name"),
}


def load_assignments(*, today: date, stdout=None) -> list[Assignment]:
    """Make each assignment once; a second load moves its due date only."""
    made = [_load(entry, today) for entry in yaml.safe_load(FILE.read_text())]
    if stdout:
        stdout.write(f"Assignments: {len(made)}")
    return made


def _load(entry: dict, today: date) -> Assignment:
    course = CoursePage.objects.filter(original_language()).get(slug=entry["course"])
    model, key = TARGETS[entry["target"]]
    target = model.objects.get(**{key: entry["name"]})
    due = today + timedelta(days=entry["due_in_days"])
    found = Assignment.objects.filter(course=course, **{entry["target"]: target})
    if existing := found.first():
        existing.due_from, existing.due_on, existing.due_days = DueFrom.DATE, due, None
        existing.note = entry.get("note", "")
        existing.save()
        return existing
    return assignments.assign(
        course,
        target=entry["target"],
        **{entry["target"]: target},
        due_from=DueFrom.DATE,
        due_on=due,
        note=entry.get("note", ""),
    )
