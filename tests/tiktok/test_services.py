from datetime import timedelta

import pytest
from django.utils import timezone

from tests.tiktok.factories import CreatorUserFactory, LinkedAccountFactory
from tiktok import selectors, services, signals
from tiktok.client import TokenRejected, get_client
from tiktok.models import LinkedAccount
from tiktok.sandbox import code_for, mark_revoked, pkce_challenge

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/creator/tiktok/callback/"


@pytest.fixture
def received():
    """The tiktok signals sent, as (name, kwargs) pairs."""
    sent = []
    handlers = {}
    for name in ("account_linked", "account_broken", "account_disconnected"):

        def handler(sender, name=name, **kwargs):
            kwargs.pop("signal", None)
            sent.append((name, kwargs))

        handlers[name] = handler
        getattr(signals, name).connect(handler)
    yield sent
    for name, handler in handlers.items():
        getattr(signals, name).disconnect(handler)


def link(user, open_id="sbxcreator1"):
    start = services.begin_link()
    return services.complete_link(
        user=user,
        code=code_for(open_id, start.code_challenge),
        code_verifier=start.code_verifier,
        redirect_uri=CALLBACK,
    )


def test_begin_link_gives_a_fresh_state_and_an_s256_pkce_pair():
    first, second = services.begin_link(), services.begin_link()
    assert first.state != second.state
    assert 43 <= len(first.code_verifier) <= 128
    assert first.code_challenge == pkce_challenge(first.code_verifier)


def test_linking_stores_the_account_and_tells_the_apps_above(
    received, django_capture_on_commit_callbacks
):
    user = CreatorUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        linked = link(user)
    account = LinkedAccount.objects.get(user=user)
    assert linked.created and linked.account == account
    assert account.status == LinkedAccount.Status.ACTIVE
    assert account.open_id == "sbxcreator1"
    assert account.display_name and account.access_token and account.refresh_token
    assert account.access_expires_at > timezone.now() + timedelta(hours=23)
    assert "video.list" in account.scopes
    assert received == [("account_linked", {"account_id": account.pk, "user_id": user.pk})]
    assert selectors.account_for(user) == account
    assert list(selectors.active_accounts()) == [account]


def test_a_tiktok_account_linked_to_another_creator_is_refused():
    LinkedAccountFactory(open_id="sbxtaken")
    user = CreatorUserFactory()
    with pytest.raises(services.LinkRefused, match="already linked to another creator"):
        link(user, "sbxtaken")
    assert selectors.account_for(user) is None


def test_a_broken_link_of_another_creator_still_holds_the_account():
    LinkedAccountFactory(open_id="sbxtaken", status=LinkedAccount.Status.BROKEN)
    with pytest.raises(services.LinkRefused):
        link(CreatorUserFactory(), "sbxtaken")


def test_an_account_another_creator_disconnected_can_be_linked():
    LinkedAccountFactory(open_id="sbxfree", status=LinkedAccount.Status.DISCONNECTED)
    assert link(CreatorUserFactory(), "sbxfree").account.open_id == "sbxfree"


def test_relinking_reactivates_a_broken_link():
    account = LinkedAccountFactory(
        open_id="sbxmine", status=LinkedAccount.Status.BROKEN, broken_reason="rejected"
    )
    linked = link(account.user, "sbxmine")
    account.refresh_from_db()
    assert not linked.created
    assert account.status == LinkedAccount.Status.ACTIVE and account.broken_reason == ""


def test_relinking_another_tiktok_account_replaces_the_first():
    account = LinkedAccountFactory(open_id="sbxfirst")
    linked = link(account.user, "sbxsecond")
    assert linked.replaced_open_id == "sbxfirst"
    assert LinkedAccount.objects.get().open_id == "sbxsecond"


def test_a_rejected_code_is_refused_and_links_nothing():
    user = CreatorUserFactory()
    with pytest.raises(services.LinkRefused, match="did not accept"):
        services.complete_link(user=user, code="bogus", code_verifier="v", redirect_uri=CALLBACK)
    assert not LinkedAccount.objects.exists()


def test_access_token_for_returns_a_valid_token_untouched():
    account = LinkedAccountFactory()
    token = account.access_token
    assert services.access_token_for(account) == token


def test_access_token_for_refreshes_a_token_expiring_within_five_minutes():
    account = LinkedAccountFactory(access_expires_at=timezone.now() + timedelta(minutes=4))
    old = account.access_token
    fresh = services.access_token_for(account)
    account.refresh_from_db()
    assert fresh != old and fresh == account.access_token
    assert account.access_expires_at > timezone.now() + timedelta(hours=23)
    assert account.tokens_refreshed_at is not None


def test_a_rejected_refresh_marks_the_link_broken_and_emails_the_creator_once(
    mailoutbox, received, django_capture_on_commit_callbacks
):
    account = LinkedAccountFactory(access_expires_at=timezone.now() - timedelta(minutes=1))
    LinkedAccount.objects.filter(pk=account.pk).update(
        refresh_token=mark_revoked(account.refresh_token)
    )
    account.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(TokenRejected):
            services.access_token_for(account)
        with pytest.raises(TokenRejected):
            services.access_token_for(account)
        assert services.mark_broken(account, "again") is False
    account.refresh_from_db()
    assert account.status == LinkedAccount.Status.BROKEN
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [account.user.email]
    assert "http://" in mailoutbox[0].body and "/creator/tiktok/connect/" in mailoutbox[0].body
    assert [name for name, _ in received] == ["account_broken"]


def test_disconnecting_revokes_clears_the_tokens_and_keeps_the_row(
    received, django_capture_on_commit_callbacks
):
    account = LinkedAccountFactory()
    token = account.access_token
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.disconnect(account=account, changed_by=account.user)
    assert outcome.changed and outcome.revoked_at_tiktok
    account.refresh_from_db()
    assert account.status == LinkedAccount.Status.DISCONNECTED
    assert account.access_token == "" and account.refresh_token == ""
    assert account.disconnected_by == account.user and account.disconnected_at
    with pytest.raises(TokenRejected):
        get_client().user_info(access_token=token)
    assert [name for name, _ in received] == ["account_disconnected"]
    assert not services.disconnect(account=account, changed_by=account.user).changed


def test_the_periodic_refresh_renews_expiring_tokens_and_breaks_rejected_ones():
    soon = LinkedAccountFactory(access_expires_at=timezone.now() + timedelta(minutes=90))
    later = LinkedAccountFactory(access_expires_at=timezone.now() + timedelta(hours=5))
    rejected = LinkedAccountFactory(access_expires_at=timezone.now() + timedelta(minutes=30))
    LinkedAccount.objects.filter(pk=rejected.pk).update(
        refresh_token=mark_revoked(rejected.refresh_token)
    )
    LinkedAccountFactory(status=LinkedAccount.Status.DISCONNECTED, access_expires_at=None)
    later_token = later.access_token
    counts = services.refresh_expiring_tokens()
    assert counts == {"refreshed": 1, "broken": 1, "left": 0}
    soon.refresh_from_db()
    later.refresh_from_db()
    rejected.refresh_from_db()
    assert soon.access_expires_at > timezone.now() + timedelta(hours=23)
    assert later.access_token == later_token
    assert rejected.status == LinkedAccount.Status.BROKEN


def test_relinking_another_tiktok_account_revokes_the_first_ones_access():
    account = LinkedAccountFactory(open_id="sbxfirst")
    first_token = account.access_token
    link(account.user, "sbxsecond")
    with pytest.raises(TokenRejected):
        get_client().user_info(access_token=first_token)
