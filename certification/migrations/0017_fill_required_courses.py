"""Each person's required courses from their job role, as the job roles said
before assignments existed: due the course's deadline after the hire date."""

from datetime import timedelta

from django.db import migrations

DEFAULT_DEADLINE_DAYS = 60


def fill(apps, schema_editor):
    CoursePage = apps.get_model("courses", "CoursePage")
    CourseRequirements = apps.get_model("certification", "CourseRequirements")
    RequiredCourse = apps.get_model("certification", "RequiredCourse")
    StaffProfile = apps.get_model("people", "StaffProfile")
    through = CoursePage.required_for_roles.through.objects.filter(
        coursepage__live=True
    )
    role_courses = {}
    for course_id, role_id in through.values_list("coursepage_id", "jobrole_id"):
        role_courses.setdefault(role_id, []).append(course_id)
    deadlines = dict(
        CourseRequirements.objects.values_list("course_id", "deadline_days")
    )
    rows = []
    people = StaffProfile.objects.filter(job_role__in=list(role_courses))
    for pk, role_id, hired in people.values_list("pk", "job_role_id", "hire_date"):
        for course_id in role_courses[role_id]:
            days = deadlines.get(course_id, DEFAULT_DEADLINE_DAYS)
            due = hired + timedelta(days=days) if hired else None
            rows.append(
                RequiredCourse(
                    staff_id=pk, course_id=course_id, due_on=due, by_role=True
                )
            )
        if len(rows) >= 5000:
            RequiredCourse.objects.bulk_create(rows)
            rows = []
    RequiredCourse.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("certification", "0016_assignments")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
