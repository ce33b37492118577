"""The KISA web-vulnerability matrix: one module per item of the 21 web items of
「주요정보통신기반시설 기술적 취약점 분석·평가 방법 상세가이드」, each attacking this project's own
routes. ``docs/concepts/security.md`` maps every item to its controls and these tests."""
