"""Role-play runs and pages are the roleplays app's now (state only: the
through tables keep their columns, and their keys follow the renamed tables)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0008_default_checklist_safety_must_meet_standard'),
        ('roleplays', '0001_initial'),
    ]
    # Before courses forgets the models these fields pointed to.
    run_before = [('courses', '0008_roleplays_app')]

    state_operations = [
        migrations.AlterField(
            model_name='certificate',
            name='roleplay_runs',
            field=models.ManyToManyField(blank=True, related_name='+', to='roleplays.roleplayrun', verbose_name='role-play runs'),
        ),
        migrations.AlterField(
            model_name='courserequirements',
            name='roleplays',
            field=models.ManyToManyField(blank=True, help_text='Each must reach its pass mark; leave empty to require none.', related_name='+', to='roleplays.roleplaypage', verbose_name='role-plays to pass'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
