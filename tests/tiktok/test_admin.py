import pytest
from django.urls import reverse

from tests.factories import StaffFactory
from tests.tiktok.factories import LinkedAccountFactory
from tiktok.models import LinkedAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_staff_see_links_but_never_their_tokens(staff_client):
    account = LinkedAccountFactory(username="sari.masak")
    pages = [
        staff_client.get(reverse("admin:tiktok_accounts_linkedaccount_changelist")),
        staff_client.get(reverse("admin:tiktok_accounts_linkedaccount_change", args=[account.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        assert b"sari.masak" in page.content
        assert account.access_token.encode() not in page.content
        assert account.refresh_token.encode() not in page.content


def test_staff_filter_links_by_status(staff_client):
    LinkedAccountFactory(username="working", status=LinkedAccount.Status.ACTIVE)
    LinkedAccountFactory(username="needs.fixing", status=LinkedAccount.Status.BROKEN)
    page = staff_client.get(
        reverse("admin:tiktok_accounts_linkedaccount_changelist"), {"status__exact": "broken"}
    )
    assert b"needs.fixing" in page.content
    assert b"working" not in page.content


def test_staff_cannot_edit_or_delete_a_link(staff_client):
    account = LinkedAccountFactory()
    change = reverse("admin:tiktok_accounts_linkedaccount_change", args=[account.pk])
    assert staff_client.post(change, {"status": "disconnected"}).status_code == 403
    delete = reverse("admin:tiktok_accounts_linkedaccount_delete", args=[account.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert LinkedAccount.objects.get().status == LinkedAccount.Status.ACTIVE
