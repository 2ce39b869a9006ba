from django.db import migrations


class Migration(migrations.Migration):
    """History rows name who made the change ``changed_by``, as in every app."""

    dependencies = [
        ("series", "0007_episode_removals_and_order_in_review"),
    ]

    operations = [
        migrations.RenameField(model_name="statuschange", old_name="actor", new_name="changed_by"),
    ]
