import django.db.models.deletion
from django.db import migrations, models


def link_by_sha256(apps, schema_editor):
    for model_name in ("WireItem", "WireItemVersion"):
        model = apps.get_model("wires", model_name)
        for row in model.objects.select_related("payload").only("pk", "payload__sha256"):
            model.objects.filter(pk=row.pk).update(payload_sha=row.payload.sha256)


class Migration(migrations.Migration):
    dependencies = [
        ("wires", "0002_wire_items_sources_quarantine"),
    ]

    operations = [
        migrations.AddField(
            model_name="wireitem",
            name="payload_sha",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="wireitemversion",
            name="payload_sha",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(link_by_sha256, migrations.RunPython.noop),
        migrations.RemoveField(model_name="wireitem", name="payload"),
        migrations.RemoveField(model_name="wireitemversion", name="payload"),
        migrations.RenameField(model_name="wireitem", old_name="payload_sha", new_name="payload"),
        migrations.RenameField(model_name="wireitemversion", old_name="payload_sha", new_name="payload"),
        migrations.AlterField(
            model_name="wireitem",
            name="payload",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wires.wirepayload",
                to_field="sha256",
            ),
        ),
        migrations.AlterField(
            model_name="wireitemversion",
            name="payload",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wires.wirepayload",
                to_field="sha256",
            ),
        ),
    ]
