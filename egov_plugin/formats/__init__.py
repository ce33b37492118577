"""Korean date and number formats for Django (``FORMAT_MODULE_PATH = ["egov_plugin.formats"]``).

Django's own Korean formats write dates as ``2026년 12월 2일`` and times as ``오후 7:02``, and
accept typed dates only as ``2026-12-02``. Korean offices write ``2026. 12. 2.`` and
``2014.01.01``; these formats show the first and accept both (see egov_plugin.core.dates).
"""
