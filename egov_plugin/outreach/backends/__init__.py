"""SMS backends for Korean providers, with the interface of :mod:`egov_plugin.core.sms`.

Set ``EGOV_SMS_BACKEND`` to ``egov_plugin.outreach.backends.nhn.NhnCloudSmsBackend`` or
``egov_plugin.outreach.backends.sens.SensSmsBackend``.
"""
