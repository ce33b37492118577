"""Factories for budget votes: a vote page under the site's root with its projects."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from egov_plugin.budgeting.models import BallotRule, BudgetProject, BudgetVotePage

DEFAULT_PROJECTS = [
    ("골목길 보안등", 100_000_000),
    ("놀이터 바닥 교체", 200_000_000),
    ("경로당 냉난방기", 150_000_000),
    ("정류장 온열 의자", 50_000_000),
]


def site_root():
    """The default site's root page, made again if a transactional test flushed it away."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


class BudgetVotePageFactory(factory.django.DjangoModelFactory):
    """An open vote (up to two of four projects) under the default site's root page.

    ``projects`` takes ``(title, cost)`` pairs; ``regions`` the eligible neighbourhoods.
    """

    class Meta:
        model = BudgetVotePage

    title = factory.Sequence(lambda n: f"주민참여예산 투표 {n}")
    slug = factory.Sequence(lambda n: f"vote-{n}")
    total_budget = 300_000_000
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ballot_rule = BallotRule.UP_TO
    max_choices = 2
    minimum_age = 14

    @classmethod
    def _create(cls, model_class, *args, projects=None, regions=None, parent=None, **kwargs):
        page = model_class(**kwargs)
        for order, (title, cost) in enumerate(projects or DEFAULT_PROJECTS):
            page.projects.add(
                BudgetProject(title=title, cost=cost, summary=f"{title} 사업", sort_order=order)
            )
        (parent or site_root()).add_child(instance=page)
        if regions:
            page.eligible_regions.set(regions)
            page.save()
        return page
