"""The apps leave the site's user table alone: it may be a custom user model's."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

OLD_INDEX = "people_user_name_idx"


def project_migrations():
    base = Path(settings.BASE_DIR).resolve()
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).parts
    }
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        migration
        for (label, _name), migration in loader.disk_migrations.items()
        if label in ours
    ]


def test_no_migration_runs_sql_on_the_user_table():
    found = project_migrations()
    assert {migration.app_label for migration in found} >= {"people", "certification"}
    for migration in found:
        for operation in migration.operations:
            if isinstance(operation, migrations.RunSQL):
                sql = f"{operation.sql} {operation.reverse_sql}".lower()
                assert "auth_user" not in sql, migration


@pytest.mark.django_db
def test_the_user_table_has_no_index_of_the_apps():
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert OLD_INDEX not in constraints
