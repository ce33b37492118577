"""Staff read where an opinion came from in Korean, not as the stored tag."""

import pytest
from django.utils import translation

from egov_plugin.consultations.channels import detail_label
from egov_plugin.consultations.models import Opinion


@pytest.mark.parametrize(
    "tag, label",
    [
        ("band", "밴드"),
        ("x", "X(트위터)"),
        ("kakaotalk", "카카오톡"),
        ("qr", "QR 코드"),
        ("mail", "부서 메일함"),
        ("campaign-12", "발송 12번"),
        ("poster-3", "poster-3"),  # a tag staff made up themselves stays as they wrote it
    ],
)
def test_channel_tags_are_shown_by_name(tag, label):
    with translation.override("ko"):
        assert str(detail_label(tag)) == label
        assert str(Opinion(channel_detail=tag).channel_detail_label) == label
