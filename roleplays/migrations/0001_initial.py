"""The role-play models move here from the courses app, with their data.

Their tables were made by courses' 0003_roleplay; this migration only tells
Django that the models are now this app's, still on those tables. 0002 renames
the tables and moves the content types.
"""

import courses.access
import django.core.validators
import django.db.models.deletion
import re
import uuid
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('courses', '0007_backfill_lesson_visits'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='RolePlayPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('briefing', wagtail.fields.RichTextField(blank=True, help_text='The situation, as the learner reads it before starting.', verbose_name='briefing')),
                ('persona_name', models.CharField(max_length=100, verbose_name="customer's name")),
                ('persona_role', models.CharField(blank=True, help_text="E.g. 'Regular customer, waiting for a sofa'.", max_length=150, verbose_name='who the customer is')),
                ('starting_mood', models.SmallIntegerField(default=-2, help_text='From -5 (furious) through 0 (neutral) to +5 (delighted).', validators=[django.core.validators.MinValueValidator(-5), django.core.validators.MaxValueValidator(5)], verbose_name='starting mood')),
                ('pass_threshold', models.PositiveSmallIntegerField(default=70, help_text='The scaled score a learner needs: 0 is the worst path, 100 the best.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='pass mark (%)')),
                ('feedback_timing', models.CharField(choices=[('each', 'After each reply'), ('end', 'At the end'), ('both', 'After each reply and at the end')], default='both', max_length=10, verbose_name='feedback')),
                ('max_attempts', models.PositiveSmallIntegerField(default=0, help_text='How many times a learner may play it; 0 for no limit.', verbose_name='attempt limit')),
                ('start_step', models.CharField(blank=True, help_text='The key of the first step; leave empty to start at the top.', max_length=50, verbose_name='start step')),
                ('steps', wagtail.fields.StreamField([('customer_step', 13), ('narration', 15), ('ending', 19)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "A short name other steps link to: letters, digits, - and _, e.g. 'greeting'.", 'max_length': 50, 'validators': [django.core.validators.RegexValidator(re.compile('^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$'), 'Use letters, digits, - and _.')]}), 1: ('wagtail.blocks.TextBlock', (), {'label': 'The customer says'}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': "Unique within this step, e.g. 'apologise'. Learners' browsers see it: don't put the quality of the reply in it ('best', 'wrong').", 'max_length': 50, 'validators': [django.core.validators.RegexValidator(re.compile('^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$'), 'Use letters, digits, - and _.')]}), 3: ('wagtail.blocks.TextBlock', (), {'label': 'What the employee says'}), 4: ('wagtail.blocks.IntegerBlock', (), {'default': 0, 'help_text': 'Points for this reply; negative for a poor one.'}), 5: ('wagtail.blocks.TextBlock', (), {'help_text': 'Why this reply is good or poor.', 'required': False}), 6: ('wagtail.blocks.IntegerBlock', (), {'default': 0, 'help_text': "How the customer's mood moves (scale -5 to +5).", 'max_value': 10, 'min_value': -10}), 7: ('wagtail.snippets.blocks.SnippetChooserBlock', ('courses.Clause',), {}), 8: ('wagtail.blocks.ListBlock', (7,), {'collapsed': True, 'default': [], 'help_text': 'Which clauses this block teaches.', 'label': 'Clauses of the standard', 'required': False}), 9: ('wagtail.blocks.BooleanBlock', (), {'help_text': 'Fails the role-play whatever the score (e.g. a policy breach).', 'required': False}), 10: ('wagtail.blocks.CharBlock', (), {'help_text': 'The key of the step that follows.', 'label': 'Next step', 'max_length': 50, 'validators': [django.core.validators.RegexValidator(re.compile('^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$'), 'Use letters, digits, - and _.')]}), 11: ('wagtail.blocks.StructBlock', [[('key', 2), ('text', 3), ('score', 4), ('feedback', 5), ('mood_change', 6), ('clauses', 8), ('critical', 9), ('next', 10)]], {}), 12: ('wagtail.blocks.ListBlock', (11,), {'label': 'Replies the employee can choose', 'max_num': 4, 'min_num': 2}), 13: ('wagtail.blocks.StructBlock', [[('key', 0), ('line', 1), ('replies', 12)]], {}), 14: ('wagtail.blocks.TextBlock', (), {'help_text': "What happens, e.g. 'You check the system.'"}), 15: ('wagtail.blocks.StructBlock', [[('key', 0), ('text', 14), ('next', 10)]], {}), 16: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('resolved', 'Resolved: customer won back'), ('escalated', 'Escalated: handed on, neutral'), ('customer_lost', 'Customer lost')]}), 17: ('wagtail.blocks.BooleanBlock', (), {'default': True, 'help_text': 'Reaching this ending can pass the role-play.', 'required': False}), 18: ('wagtail.blocks.TextBlock', (), {'help_text': 'Shown at the end: what happened and why.', 'required': False}), 19: ('wagtail.blocks.StructBlock', [[('key', 0), ('outcome', 16), ('counts_as_pass', 17), ('debrief', 18)]], {})}, verbose_name='steps')),
                ('persona_image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name="customer's picture")),
            ],
            options={
                'verbose_name': 'role-play',
                'db_table': 'courses_roleplaypage',
            },
            bases=(courses.access.LoginRequiredMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='RolePlayVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content', models.JSONField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='roleplays.roleplaypage')),
                ('revision', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision')),
            ],
            options={
                'verbose_name': 'role-play version',
                'db_table': 'courses_roleplayversion',
            },
        ),
        migrations.CreateModel(
            name='RolePlayRun',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('current_step', models.CharField(max_length=50, verbose_name='current step')),
                ('mood', models.SmallIntegerField(default=0, verbose_name='mood')),
                ('choices', models.JSONField(blank=True, default=list, verbose_name='choices')),
                ('score', models.IntegerField(default=0, verbose_name='score')),
                ('scaled_score', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='scaled score')),
                ('outcome', models.CharField(blank=True, choices=[('resolved', 'Resolved: customer won back'), ('escalated', 'Escalated: handed on, neutral'), ('customer_lost', 'Customer lost')], max_length=20, verbose_name='outcome')),
                ('ending', models.CharField(blank=True, max_length=50, verbose_name='ending')),
                ('passed', models.BooleanField(null=True, verbose_name='passed')),
                ('critical', models.BooleanField(default=False, verbose_name='critical reply chosen')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='runs', to='roleplays.roleplaypage', verbose_name='role-play')),
                ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roleplay_runs', to=settings.AUTH_USER_MODEL, verbose_name='learner')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='runs', to='roleplays.roleplayversion')),
            ],
            options={
                'verbose_name': 'role-play run',
                'ordering': ['-started_at'],
                'db_table': 'courses_roleplayrun',
                'indexes': [models.Index(fields=['page', 'finished_at'], name='courses_rol_page_id_85b2c6_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('finished_at__isnull', True)), fields=('user', 'page'), name='one_unfinished_roleplay_run'), models.CheckConstraint(condition=models.Q(('mood__gte', -5), ('mood__lte', 5)), name='roleplay_mood_in_range'), models.CheckConstraint(condition=models.Q(('scaled_score__isnull', True), ('scaled_score__lte', 100), _connector='OR'), name='roleplay_scaled_score_in_range')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
