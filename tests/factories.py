"""Factories that cannot build a cross-trust graph: a school's trust is its cluster's trust."""

import factory
from django.contrib.auth.hashers import make_password

from fht.models import Trust, User
from schools.models import Cluster, School

PASSWORD = "correct-horse-battery-staple"
_PASSWORD_HASH = make_password(PASSWORD)


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Trust {n}")
    slug = factory.Sequence(lambda n: f"trust-{n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Cluster {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    cluster = factory.SubFactory(ClusterFactory)
    trust = factory.LazyAttribute(lambda o: o.cluster.trust)
    urn = factory.Sequence(lambda n: f"{300000 + n}")
    name = factory.Sequence(lambda n: f"School {n} Primary Academy")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    trust = factory.SubFactory(TrustFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = _PASSWORD_HASH
