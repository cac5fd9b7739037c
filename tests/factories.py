"""The cast of the test suite, built with factory_boy."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from accounts.models import Membership, Program, Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.LazyAttribute(lambda program: f"Welcome Ambassadors {program.slug}")
    city = "Warszawa"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="pl_PL")
    preferred_language = "pl"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(user: User, create: bool, extracted: object, **kwargs: object) -> None:  # type: ignore[misc]
        if create:
            user.save()
            # `UserFactory.create(verified_email=False)`: signed up, link not followed yet.
            verified = extracted is not False
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=verified
            )


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = Role.VOLUNTEER


def member(program: Program, role: str, **user_fields: object) -> User:
    """A person with `role` in `program`."""
    return MembershipFactory.create(
        program=program, role=role, user=UserFactory.create(**user_fields)
    ).user
