import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from people import roles
from people.models import Department, JobRole, Location, StaffProfile

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=["HR"])`` puts the user in those role groups."""
        if not create:
            return
        names = [roles.LEARNERS, *(extracted or [])]
        self.groups.add(*Group.objects.filter(name__in=names))
        self.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Department {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Location {n}")


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Job role {n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    department = factory.SubFactory(DepartmentFactory)
    location = factory.SubFactory(LocationFactory)
    job_role = factory.SubFactory(JobRoleFactory)
    hire_date = factory.Faker("date_between", start_date="-2y", end_date="-30d")
