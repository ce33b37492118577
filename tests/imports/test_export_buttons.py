"""The people and opinion listings get their export button from egov_imports through the listing
hook: neither listing names the imports app, and the hook answers only for its own models."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

import egov_plugin
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.listings import listing_buttons
from egov_plugin.people.models import Person, Region

ROOT = Path(egov_plugin.__file__).parent


@pytest.mark.parametrize("module", ["people/views.py", "consultations/admin_views.py"])
def test_the_listings_do_not_name_the_imports_app(module):
    source = (ROOT / module).read_text()
    assert "egov_imports:" not in source and "egov_plugin.imports" not in source


@pytest.mark.django_db
def test_the_hook_offers_the_export_with_the_listing_selection(django_user_model):
    request = RequestFactory().get("/admin/egov/people/", {"q": "민수", "region": "3"})
    request.user = django_user_model.objects.create_superuser("kim-admin", password="pw")
    query = request.GET.urlencode()
    (people,) = listing_buttons(Person, request)
    assert people.url == f"{reverse('egov_imports:export_people')}?{query}"
    (opinions,) = listing_buttons(Opinion, request)
    assert opinions.url == f"{reverse('egov_imports:export_opinions')}?{query}"
    assert listing_buttons(Region, request) == []

    request.user = AnonymousUser()
    assert listing_buttons(Person, request) == []
    assert listing_buttons(Opinion, request) == []
