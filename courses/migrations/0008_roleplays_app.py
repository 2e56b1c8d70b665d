"""Role-plays move to their own app; a lesson embeds any page of practice."""

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0007_backfill_lesson_visits'),
        ('roleplays', '0001_initial'),
    ]

    operations = [
        # The role-play models are the roleplays app's now (its 0001 takes them
        # over on the same tables): forget them here, touch no table.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='roleplayversion',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='roleplayrun',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='roleplayrun',
                    name='revision',
                ),
                migrations.RemoveField(
                    model_name='roleplayrun',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='roleplayrun',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='roleplayversion',
                    name='revision',
                ),
                migrations.DeleteModel(
                    name='RolePlayPage',
                ),
                migrations.DeleteModel(
                    name='RolePlayRun',
                ),
                migrations.DeleteModel(
                    name='RolePlayVersion',
                ),
            ],
        ),
        migrations.AlterField(
            model_name='lessonpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 1), ('text', 2), ('image', 5), ('video', 8), ('speech_formula', 16), ('do_dont', 20), ('checklist', 23), ('key_takeaways', 24), ('callout', 27), ('practice_question', 33), ('roleplay', 36)], block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 1: ('wagtail.blocks.StructBlock', [[('text', 0)]], {}), 2: ('courses.blocks.TextBlock', (), {}), 3: ('wagtail.images.blocks.ImageBlock', [], {}), 4: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('image', 3), ('caption', 4)]], {}), 6: ('wagtail.embeds.blocks.EmbedBlock', (), {'help_text': 'A link to the video (YouTube, Vimeo, ...).'}), 7: ('wagtail.blocks.TextBlock', (), {'help_text': 'A transcript for people who cannot play the video.', 'required': False}), 8: ('wagtail.blocks.StructBlock', [[('video', 6), ('caption', 4), ('transcript', 7)]], {}), 9: ('wagtail.blocks.CharBlock', (), {'help_text': "When to use it, e.g. 'Greeting a caller'.", 'max_length': 200}), 10: ('wagtail.blocks.CharBlock', (), {'max_length': 300}), 11: ('wagtail.blocks.ListBlock', (10,), {'label': 'Say this'}), 12: ('wagtail.blocks.ListBlock', (10,), {'default': [], 'label': 'Not that', 'required': False}), 13: ('wagtail.blocks.TextBlock', (), {'label': 'Why', 'required': False}), 14: ('wagtail.snippets.blocks.SnippetChooserBlock', ('courses.Clause',), {}), 15: ('wagtail.blocks.ListBlock', (14,), {'collapsed': True, 'default': [], 'help_text': 'Which clauses this block teaches.', 'label': 'Clauses of the standard', 'required': False}), 16: ('wagtail.blocks.StructBlock', [[('situation', 9), ('say_this', 11), ('not_that', 12), ('why', 13), ('clauses', 15)]], {}), 17: ('wagtail.blocks.CharBlock', (), {'max_length': 120, 'required': False}), 18: ('wagtail.blocks.ListBlock', (10,), {'label': 'Do'}), 19: ('wagtail.blocks.ListBlock', (10,), {'label': "Don't"}), 20: ('wagtail.blocks.StructBlock', [[('title', 17), ('do', 18), ('dont', 19), ('clauses', 15)]], {}), 21: ('wagtail.blocks.CharBlock', (), {'max_length': 120}), 22: ('wagtail.blocks.ListBlock', (10,), {}), 23: ('wagtail.blocks.StructBlock', [[('title', 21), ('items', 22), ('clauses', 15)]], {}), 24: ('wagtail.blocks.StructBlock', [[('items', 22), ('clauses', 15)]], {}), 25: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('tip', 'Tip'), ('example', 'Example'), ('policy', 'Policy'), ('warning', 'Warning')]}), 26: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ul', 'ol']}), 27: ('wagtail.blocks.StructBlock', [[('kind', 25), ('title', 17), ('text', 26), ('clauses', 15)]], {}), 28: ('wagtail.blocks.BooleanBlock', (), {'label': 'Correct', 'required': False}), 29: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown after this choice is picked.', 'max_length': 300, 'required': False}), 30: ('wagtail.blocks.StructBlock', [[('text', 10), ('is_correct', 28), ('feedback', 29)]], {}), 31: ('wagtail.blocks.ListBlock', (30,), {'min_num': 2}), 32: ('wagtail.blocks.TextBlock', (), {'help_text': 'Shown to everyone once they have answered.', 'required': False}), 33: ('wagtail.blocks.StructBlock', [[('question', 10), ('choices', 31), ('explanation', 32), ('clauses', 15)]], {}), 34: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Role-play'}), 35: ('wagtail.blocks.TextBlock', (), {'help_text': "Why to try it now, e.g. 'Practise what this lesson showed.'", 'required': False}), 36: ('wagtail.blocks.StructBlock', [[('roleplay', 34), ('intro', 35)]], {})}, verbose_name='lesson content'),
        ),
    ]
