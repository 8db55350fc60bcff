# The role assignments moved to people/ (people/migrations/0001_initial.py takes them over). Only
# Django's idea of which app owns the model changes: the tables, their rows and their history stay
# exactly where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0004_school_category'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalRoleAssignment'),
                migrations.DeleteModel(name='RoleAssignment'),
            ],
            database_operations=[],
        ),
    ]
