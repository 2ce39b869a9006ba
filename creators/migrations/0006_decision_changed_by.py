from django.db import migrations


class Migration(migrations.Migration):
    """History rows name who made the change ``changed_by`` everywhere."""

    dependencies = [
        ("creators", "0005_creator_province"),
    ]

    operations = [
        migrations.RenameField(
            model_name="applicationdecision", old_name="actor", new_name="changed_by"
        ),
    ]
