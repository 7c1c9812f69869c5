import datetime

from django.db import migrations


def assignments_from_users(apps, schema_editor):
    """Every existing account gets the assignment it holds today, starting when its unit came
    into being (empty for units older than the records); a deactivated account's assignment
    is closed on the day of the migration, so it no longer counts for later dates."""
    User = apps.get_model("accounts", "User")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    today = datetime.date.today()
    rows = []
    for user in User.objects.exclude(role="").select_related("unit").iterator():
        if RoleAssignment.objects.filter(user=user).exists():
            continue
        valid_from = user.unit.valid_from if user.unit_id else None
        rows.append(
            RoleAssignment(
                user=user,
                full_name=user.full_name or user.username,
                job_title=user.job_title,
                role=user.role,
                unit_id=user.unit_id,
                valid_from=valid_from,
                valid_to=None if user.is_active else max(today, valid_from or today),
            )
        )
    RoleAssignment.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_role_assignment")]

    operations = [migrations.RunPython(assignments_from_users, migrations.RunPython.noop)]
