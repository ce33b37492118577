"""factory_boy factories for organizations, activities, images and documents (meetings:
tests/meetings/factories.py)."""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from egov_plugin.organizations.models import (
    Activity,
    Organization,
    OrganizationKind,
    OrganizationMembership,
)
from tests.factories import PersonFactory


def jpeg_bytes(size=(64, 48), colour=(200, 120, 40)):
    """A small, real JPEG."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"테스트 단체 {n}")
    kind = factory.LazyFunction(lambda: OrganizationKind.objects.get(name="주민자치회"))
    description = ""


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMembership

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory)
    role = OrganizationMembership.Role.MEMBER
    # An established member (as every membership older than confirmation is): see
    # egov_plugin.people.bodies. Tests of unconfirmed rows say so.
    contacts_confirmed = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    organization = factory.SubFactory(OrganizationFactory)
    start_date = datetime.date(2014, 5, 10)
    title = factory.Sequence(lambda n: f"활동 {n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"사진 {n}")
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(jpeg_bytes()), name="photo.jpg"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"회의 자료 {n}")
    file = factory.LazyFunction(lambda: ContentFile("회의 자료".encode(), name="paper.txt"))
