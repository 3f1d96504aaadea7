"""The one tenancy helper: which rows of a queryset each role sees."""

import pytest
from django.contrib.auth.models import AnonymousUser

from backend.accounts.models import Organisation
from backend.common.roles import OrganisationKind, Role
from backend.common.tenancy import scoped
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def _startups() -> tuple[Organisation, Organisation]:
    return make_organisation(name="Own"), make_organisation(name="Other")


def _names(queryset) -> list[str]:
    return sorted(queryset.filter(kind=OrganisationKind.STARTUP).values_list("name", flat=True))


def test_regulators_see_every_row_and_a_startup_its_own_organisations_rows():
    own, _ = _startups()
    regulator = make_user(role=Role.REGULATOR)
    startup = make_user(role=Role.STARTUP, organisation=own)

    every = scoped(Organisation.objects.all(), viewer=regulator, owner="pk")
    mine = scoped(Organisation.objects.all(), viewer=startup, owner="pk")

    assert _names(every) == ["Other", "Own"]
    assert _names(mine) == ["Own"]


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.ADMIN])
def test_any_other_role_sees_nothing(role):
    _startups()
    viewer = make_user(role=role)

    assert _names(scoped(Organisation.objects.all(), viewer=viewer, owner="pk")) == []


def test_an_anonymous_viewer_sees_nothing():
    _startups()

    assert _names(scoped(Organisation.objects.all(), viewer=AnonymousUser(), owner="pk")) == []


def test_without_an_owner_field_only_the_roles_that_see_everything_see_rows():
    own, _ = _startups()
    startup = make_user(role=Role.STARTUP, organisation=own)
    regulator = make_user(role=Role.REGULATOR)

    assert _names(scoped(Organisation.objects.all(), viewer=startup, own=())) == []
    assert _names(scoped(Organisation.objects.all(), viewer=regulator, own=())) == ["Other", "Own"]


def test_a_role_may_see_only_its_own_rows_even_when_it_oversees_nothing_else():
    own, _ = _startups()
    startup = make_user(role=Role.STARTUP, organisation=own)
    regulator = make_user(role=Role.REGULATOR)

    assert _names(scoped(Organisation.objects.all(), viewer=startup, owner="pk", every=())) == [
        "Own"
    ]
    assert _names(scoped(Organisation.objects.all(), viewer=regulator, owner="pk", every=())) == []
