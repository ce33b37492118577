"""factory_boy factories for the registry."""

import factory

from egov_plugin.people.models import Person, SubscriberProfile


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(["홍길동", "김민수", "이서연", "박지훈", "남궁민수"])
    gender = "M"
    age_band = "30s"
    mobile = factory.Sequence(lambda n: f"010-0{n // 10000 % 1000:03d}-{n % 10000:04d}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    source = Person.Source.ADMIN


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubscriberProfile

    person = factory.SubFactory(PersonFactory)
    sms_consent = True
    email_consent = False
