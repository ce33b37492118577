"""Settings of every host of the simulated cluster: the production profile, plus what the
simulation replaces (the SMS provider is the fake NHN Cloud host) and relaxes (see below).

Everything else — Redis cache and sessions, RQ queues, HTTPS-only cookies, HSTS, WhiteNoise,
JSON logs — is exactly ``example_site.settings.production``, read from the same variables.
"""

import os

from example_site.settings.production import *  # noqa: F401,F403

# The residents reach the site through the load balancer only: the address it connects from is
# the one proxy whose X-Forwarded-For is believed, one hop (docs/howto/deploy-ko.md).
_LB = os.environ.get("EGOV_CLUSTER_LB", "10.77.0.10")
EGOV_TRUSTED_PROXY_COUNT = 1
EGOV_TRUSTED_PROXIES = [_LB]
# Today's rule (first X-Forwarded-For entry when trusted): the load balancer overwrites the
# header with the address it saw (never appends a client's own), so both rules agree here.
EGOV_TRUST_X_FORWARDED_FOR = True

# Every simulated resident comes from one address (the driver, 10.77.0.1: a /24 has no room
# for 500 addresses), so the per-address limits are raised; the per-number limits stay. The
# scenario measures failover, not rate limits.
EGOV_VERIFICATION_PER_IP_PER_HOUR = 1_000_000
EGOV_OPINION_PER_IP_PER_HOUR = 1_000_000

# The fake SMS provider host (NHN Cloud SMS v3.0, tests/outreach/providers.py), with a template
# ID so that one request carries up to 1,000 personalised recipients.
EGOV_SMS_BACKEND = "egov_plugin.outreach.backends.nhn.NhnCloudSmsBackend"
EGOV_SMS_NHN_BASE_URL = os.environ.get("EGOV_CLUSTER_SMS_URL", "http://10.77.0.30:18330")
EGOV_SMS_NHN_APP_KEY = "app-key-1"
EGOV_SMS_NHN_SECRET_KEY = "nhn-secret"
EGOV_SMS_NHN_TEMPLATE_ID = "egov-campaign"
EGOV_SMS_TIMEOUT = 10

# Campaign rules that are the district's decisions, not what the run measures.
EGOV_OUTREACH_QUIET_START = EGOV_OUTREACH_QUIET_END = "00:00"
EGOV_OUTREACH_OPTOUT_080 = "080-123-4567"
EGOV_OUTREACH_APPROVAL_ALL = EGOV_OUTREACH_APPROVAL_SMS = False
# A claim of a killed worker is settled with the provider after this long (default 600 s).
EGOV_OUTREACH_CLAIM_SECONDS = int(os.environ.get("EGOV_CLUSTER_CLAIM_SECONDS", "20"))
# A resident whose flow failed starts over and asks for a new code at once (default cool-down:
# 60 s per number); the per-number hourly limit still applies.
EGOV_VERIFICATION_RESEND_SECONDS = 0
