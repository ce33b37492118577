"""The stop words shipped with the package: nouns too common in opinions to say anything.

Staff edit the list in the admin (``AnalysisSettings``); this is its starting value.
"""

DEFAULT_STOP_WORDS = """\
의견 생각 주민 구민 문제 부분 정도 경우 관련 해당 내용 사항 필요 요청 부탁 감사 말씀
우리 이번 지금 현재 사람 사용 이용 검토 진행
성동구 구청 동네 지역 여러분 모두 가능 다음 이상 이하 정말 항상 매우
"""
