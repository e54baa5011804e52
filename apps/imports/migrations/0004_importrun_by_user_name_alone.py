from django.db import migrations

SUFFIX = " (command line)"


def user_name_alone(apps, schema_editor):
    """Drop the English "(command line)" the command added to the user name:
    the run's origin says it, in the reader's language."""
    ImportRun = apps.get_model("imports", "ImportRun")
    runs = ImportRun.objects.filter(origin="command", by__endswith=SUFFIX)
    for run in runs.only("pk", "by").iterator():
        run.by = run.by[: -len(SUFFIX)]
        run.save(update_fields=["by"])


class Migration(migrations.Migration):
    dependencies = [("imports", "0003_staged_uploads")]

    operations = [
        migrations.RunPython(user_name_alone, migrations.RunPython.noop, elidable=True)
    ]
