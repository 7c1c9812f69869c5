# Names sort in Vietnamese alphabetical order ("Cà phê" before "Chuối"): an ICU collation that
# does not depend on which locales the operating system happened to install.

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ocop_portal", "0001_initial")]

    operations = [CreateCollation("vietnamese", provider="icu", locale="vi")]
