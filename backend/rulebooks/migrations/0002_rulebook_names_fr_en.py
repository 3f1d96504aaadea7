from django.db import migrations, models
from django.db.models import F


def names_from_name(apps, schema_editor):
    """Existing rulebooks read, in both languages, under the name they had."""
    Rulebook = apps.get_model("rulebooks", "Rulebook")
    Rulebook.objects.update(name_fr=F("name"), name_en=F("name"))


class Migration(migrations.Migration):
    dependencies = [("rulebooks", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="rulebook",
            name="name_en",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rulebook",
            name="name_fr",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(names_from_name, migrations.RunPython.noop),
    ]
