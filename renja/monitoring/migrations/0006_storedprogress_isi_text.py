from django.db import migrations, models


class Migration(migrations.Migration):
    """The stored progress becomes text (a line per program): the results are computed again when next read."""

    dependencies = [
        ("monitoring", "0005_toleransi_renstra"),
    ]

    operations = [
        migrations.RemoveField(model_name="storedprogress", name="isi"),
        migrations.AddField(
            model_name="storedprogress",
            name="isi",
            field=models.TextField(blank=True, default="", verbose_name="kemajuan lengkap"),
        ),
    ]
