"""A substring-search index on opinions' text (see core.search)."""

from django.db import migrations

from egov_plugin.core.search import SubstringIndex


class Migration(migrations.Migration):
    dependencies = [
        ("egov_consultations", "0001_initial"),
    ]

    operations = [
        # Korean words (caseless: plain LIKE); on SQLite the NOCASE covering index.
        SubstringIndex("opinion", "text", "egov_opinion_text_search"),
        # Words with Latin letters (icontains): PostgreSQL only.
        SubstringIndex("opinion", "text", "egov_opinion_text_upper_search", upper=True),
    ]
