# The school's legacy Ofsted grade and date, moved into its inspection history by 0006, leave the
# school. A migration of its own, so on PostgreSQL the rows 0006 wrote are committed before the
# table they point to is altered.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("schools", "0006_inspections"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalschool",
            name="ofsted_grade",
        ),
        migrations.RemoveField(
            model_name="historicalschool",
            name="ofsted_inspected_on",
        ),
        migrations.RemoveField(
            model_name="school",
            name="ofsted_grade",
        ),
        migrations.RemoveField(
            model_name="school",
            name="ofsted_inspected_on",
        ),
    ]
