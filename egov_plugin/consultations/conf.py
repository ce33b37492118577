"""Settings of consultations: ``EGOV_*`` names with their defaults (documented in
``docs/reference/settings.md``), read as ``app_settings.NAME``; see :mod:`egov_plugin.core.conf`.
"""

from egov_plugin.core.conf import AppSettings

DEFAULTS = {
    # Opinions on consultations: at most this many per hour from one IP address / one contact.
    "OPINION_PER_IP_PER_HOUR": 30,
    "OPINION_PER_CONTACT_PER_HOUR": 5,
    # Opinions listed per page under a consultation.
    "OPINIONS_PER_PAGE": 20,
    # Days a closed-review invitation link stays valid.
    "EXPERT_LINK_DAYS": 30,
    # Cache alias of rendered fragments whose key names their whole state (the opinion form and
    # list of a consultation page): any process may serve them, so a per-process cache does,
    # without a network round trip (the example site's production profile: "fragments").
    "FRAGMENT_CACHE": "default",
    # KakaoTalk share button on consultation pages: the site's Kakao JavaScript app key (empty:
    # no button and no Kakao script), and the SDK the button loads, pinned with its SRI hash.
    "KAKAO_JAVASCRIPT_KEY": "",
    "KAKAO_SDK_URL": "https://t1.kakaocdn.net/kakao_js_sdk/2.7.4/kakao.min.js",
    "KAKAO_SDK_INTEGRITY": (
        "sha384-DKYJZ8NLiK8MN4/C5P2dtSmLQ4KwPaoqAfyA/DfmEc1VDxu4yyC7wy6K1Hs90nka"
    ),
}

app_settings = AppSettings(DEFAULTS)
