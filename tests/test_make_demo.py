"""`make run` and `make demo` never destroy data; `make reset-demo` alone does."""

import datetime as dt
import shutil
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from apps.imports.models import ImportRun
from apps.members.models import Member
from apps.publications.models import Publication
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_demo() -> str:
    """Run the commands of `make demo` after its migrate; return their output."""
    out = StringIO()
    for command in ("load_demo", "setup_roles", "create_demo_users"):
        call_command(command, stdout=out)
    return out.getvalue()


def passwords(output: str) -> dict[str, str]:
    words = [line.split() for line in output.splitlines()]
    return {w[2]: w[4] for w in words if w[1:2] == ["user"] and w[3] == "password"}


def signs_in(username: str, password: str) -> bool:
    # Login throttling needs the request a sign-in comes with.
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def test_make_demo_twice_keeps_an_edit_and_every_password():
    first = passwords(make_demo())
    assert sorted(first) == ["manager", "secretariat"]
    publication = Publication.objects.order_by("pk").first()
    publication.title = "Corrected in the admin"
    publication.save()
    runs = ImportRun.objects.count()

    again = make_demo()

    publication.refresh_from_db()
    assert publication.title == "Corrected in the admin"
    assert ImportRun.objects.count() == runs  # nothing was imported again
    assert "Demo not loaded: the database already holds records (" in again
    assert passwords(again) == {}
    assert [line.split()[2:] for line in again.splitlines()[-2:]] == [
        ["manager", "exists,", "password", "unchanged"],
        ["secretariat", "exists,", "password", "unchanged"],
    ]
    assert signs_in("manager", first["manager"])
    assert signs_in("secretariat", first["secretariat"])


def test_load_demo_leaves_a_database_with_one_record_alone():
    MemberFactory(code="OWN", joined_on=dt.date(2021, 3, 1))
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue() == (
        "Demo not loaded: the database already holds records (members), which "
        "it would overwrite. `make reset-demo` deletes everything and loads the "
        "demo again.\n"
    )
    assert list(Member.objects.values_list("code", flat=True)) == ["OWN"]
    assert ImportRun.objects.count() == 0


def test_create_demo_users_leaves_an_existing_user_as_it_is(roles):
    UserFactory(username="manager", password="chosen-by-the-user", is_staff=False)
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    assert sorted(passwords(out.getvalue())) == ["secretariat"]
    manager = get_user_model().objects.get(username="manager")
    assert (manager.is_staff, list(manager.groups.all())) == (False, [])
    assert signs_in("manager", "chosen-by-the-user")


def test_reset_deletes_everything_then_loads_the_demo(settings):
    settings.DEBUG = True
    MemberFactory(code="OWN", joined_on=dt.date(2021, 3, 1))
    UserFactory(username="someone")
    out = StringIO()
    call_command("load_demo", "--reset", stdout=out)
    assert out.getvalue().startswith("Deleted everything in the database.\n")
    assert not Member.objects.filter(code="OWN").exists()
    assert Member.objects.count() > 100
    assert not get_user_model().objects.exists()
    created = passwords(make_demo())
    assert sorted(created) == ["manager", "secretariat"]


def test_reset_is_refused_unless_debugging(settings):
    settings.DEBUG = False
    MemberFactory(code="OWN", joined_on=dt.date(2021, 3, 1))
    with pytest.raises(CommandError, match="only with DJANGO_DEBUG=True"):
        call_command("load_demo", "--reset", stdout=StringIO())
    assert Member.objects.filter(code="OWN").exists()


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="no make")


def make_dry_run(target: str) -> list[str]:
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", target],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


@needs_make
@pytest.mark.parametrize("target", ["demo", "run"])
def test_make_demo_and_run_call_no_destructive_command(target):
    commands = make_dry_run(target)
    assert [line.split("manage.py ")[1] for line in commands][:4] == [
        "migrate --verbosity 0",
        "load_demo",
        "setup_roles",
        "create_demo_users",
    ]
    assert not any("--reset" in line or " flush" in line for line in commands)


@needs_make
def test_make_reset_demo_is_the_target_that_resets():
    commands = make_dry_run("reset-demo")
    assert [line.split("manage.py ")[1] for line in commands] == [
        "migrate --verbosity 0",
        "load_demo --reset",
        "setup_roles",
        "create_demo_users",
    ]
