from django.db import migrations


class Migration(migrations.Migration):
    """History rows name who made the change ``changed_by`` everywhere."""

    dependencies = [
        ("collaborations", "0003_money"),
    ]

    operations = [
        migrations.RenameField(model_name="statuschange", old_name="by", new_name="changed_by"),
    ]
