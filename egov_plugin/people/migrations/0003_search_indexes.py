"""Substring-search indexes on people's names and e-mail addresses (see core.search)."""

from django.db import migrations

from egov_plugin.core.search import SubstringIndex


class Migration(migrations.Migration):
    dependencies = [
        ("egov_people", "0002_drop_name_index"),
    ]

    operations = [
        # Korean names (caseless: plain LIKE); on SQLite the NOCASE covering index.
        SubstringIndex("person", "name", "egov_person_name_search"),
        # Latin letters go through icontains, i.e. UPPER(...) LIKE UPPER(...): PostgreSQL only.
        SubstringIndex("person", "name", "egov_person_name_upper_search", upper=True),
        SubstringIndex("person", "email", "egov_person_email_upper_search", upper=True),
        # The last four digits (LIKE '%5678'); SQLite reads the unique index on mobile instead.
        SubstringIndex("person", "mobile", "egov_person_mobile_search", sqlite=False),
    ]
