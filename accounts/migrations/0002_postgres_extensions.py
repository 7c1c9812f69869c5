# unaccent and pg_trgm give accent-insensitive Vietnamese search ("ca phe" finds "cà phê")
# and fast substring matching on names across the portal's lists.
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [UnaccentExtension(), TrigramExtension()]
