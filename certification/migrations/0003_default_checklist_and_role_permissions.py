from django.contrib.auth.management import create_permissions
from django.db import migrations

# The six standardised behaviour parameters of the service standard.
DEFAULT_ITEMS = [
    ("Facial expression and gestures", "Smiles and makes eye contact when greeting"),
    ("Facial expression and gestures", "Open posture; no crossed arms or turning away"),
    ("Vocabulary and speech formulas", "Uses the set greeting, apology and farewell phrases"),
    ("Vocabulary and speech formulas", "Avoids the banned words ('I don't know', 'not my department')"),
    ("Proxemics: distance", "Keeps about one arm's length (0.7 to 1.2 m) from the customer"),
    ("Appearance", "Clean uniform and visible name badge"),
    ("Appearance", "Discreet make-up, jewellery and scent"),
    ("Speed and duration of service", "Greets within ten seconds, even when busy"),
    ("Speed and duration of service", "Serves without needless waiting; explains any wait"),
    ("Safety of the interaction", "Keeps the customer and self safe; calls for help when needed"),
]
TITLE = "Service standard: practical observation"

ROLE_PERMISSIONS = {
    "Trainers": [
        ("observation", "add_observation"),
        ("observation", "view_observation"),
        ("observation", "observe_anyone"),
        ("observationchecklist", "add_observationchecklist"),
        ("observationchecklist", "change_observationchecklist"),
        ("observationchecklist", "view_observationchecklist"),
        ("courserequirements", "add_courserequirements"),
        ("courserequirements", "change_courserequirements"),
        ("courserequirements", "view_courserequirements"),
        ("certificationrecord", "view_certificationrecord"),
    ],
    "Managers": [
        ("observation", "add_observation"),
        ("observation", "view_observation"),
        ("certificationrecord", "view_certificationrecord"),
        ("certificate", "view_certificate"),
    ],
    "HR": [
        ("observation", "view_observation"),
        ("certificationrecord", "view_certificationrecord"),
        ("certificationrecord", "revoke_certificate"),
        ("certificate", "view_certificate"),
        ("courserequirements", "view_courserequirements"),
    ],
}


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for model, codename in wanted:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="certification",
                    content_type__model=model,
                    codename=codename,
                )
            )
    Checklist = apps.get_model("certification", "ObservationChecklist")
    Item = apps.get_model("certification", "ChecklistItem")
    if Checklist.objects.filter(title=TITLE).exists():
        return
    checklist = Checklist.objects.create(
        title=TITLE,
        description="Watch the learner serve real customers for at least 20 minutes.",
        pass_rule="Pass when no item is rated 'Not yet' and safety meets the standard.",
    )
    for order, (group, text) in enumerate(DEFAULT_ITEMS):
        Item.objects.create(checklist=checklist, group=group, text=text, sort_order=order)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_observation_and_revoke_permissions"),
        ("people", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
