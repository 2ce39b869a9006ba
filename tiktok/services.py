"""Linking, refreshing, breaking and disconnecting creators' TikTok accounts.

The only writes of :class:`~tiktok.models.LinkedAccount`. TikTok is reached through
:func:`tiktok.client.get_client`; its errors are caught here or passed on as they are
(never HTTP ones). Signals (``tiktok.signals``) are sent after the change commits."""

import logging
import secrets
from copy import copy
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import absolute_url, email_user
from core.refusals import Refusal
from tiktok import signals
from tiktok.client import (
    RateLimited,
    ScopeMissing,
    TokenRejected,
    Unavailable,
    get_client,
    pkce_challenge,
)
from tiktok.models import LinkedAccount

logger = logging.getLogger(__name__)

# An access token closer than this to its expiry is refreshed before use.
REFRESH_MARGIN = timedelta(minutes=5)
# The periodic task refreshes tokens expiring within this window (it runs hourly).
REFRESH_AHEAD = timedelta(hours=2)

Status = LinkedAccount.Status
# What a refresh changes.
TOKEN_FIELDS = [
    "access_token",
    "refresh_token",
    "access_expires_at",
    "refresh_expires_at",
    "scopes",
    "tokens_refreshed_at",
]


class LinkRefused(Refusal):
    """The TikTok account could not be linked; the message says why."""


@dataclass(frozen=True)
class LinkStart:
    """What the connect page keeps (``state``, ``code_verifier``) and sends (``code_challenge``)."""

    state: str
    code_verifier: str
    code_challenge: str


@dataclass(frozen=True)
class Linked:
    account: LinkedAccount
    created: bool
    # The open_id of another TikTok account this link replaced (its access revoked), if any.
    replaced_open_id: str = ""


@dataclass(frozen=True)
class Disconnected:
    account: LinkedAccount
    # False when the account was already disconnected (nothing was done).
    changed: bool
    # False when TikTok could not be reached: the link ended here only.
    revoked_at_tiktok: bool


def begin_link():
    """A fresh OAuth ``state`` and PKCE pair (S256), from ``secrets``."""
    code_verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43-128
    return LinkStart(
        state=secrets.token_urlsafe(32),
        code_verifier=code_verifier,
        code_challenge=pkce_challenge(code_verifier),
    )


def complete_link(*, user, code, code_verifier, redirect_uri):
    """Exchange ``code`` for tokens, read the account's profile and link it to ``user``.

    One portal user has one link: linking again reactivates it, or replaces a
    different TikTok account (whose token is then revoked, as far as TikTok answers).
    A TikTok account linked (active or broken) to another user is refused with
    :class:`LinkRefused`, as is anything TikTok does not give. Sends
    ``account_linked`` after commit."""
    client = get_client()
    try:
        tokens = client.exchange_code(
            code=code, code_verifier=code_verifier, redirect_uri=redirect_uri
        )
        info = client.user_info(access_token=tokens.access_token)
    except TokenRejected as error:
        logger.info("TikTok refused a link code: %s", error.code)
        raise LinkRefused(_("TikTok did not accept the link. Please connect again.")) from error
    except ScopeMissing as error:
        raise LinkRefused(
            _("The portal needs every permission it asked for. Connect again and allow them all.")
        ) from error
    except (RateLimited, Unavailable) as error:
        raise LinkRefused(
            _("TikTok could not be reached just now. Please try again in a few minutes.")
        ) from error
    taken_elsewhere = LinkRefused(
        _(
            "This TikTok account is already linked to another creator on the portal. "
            "Disconnect it there first, or connect a different TikTok account."
        )
    )
    now = timezone.now()
    with transaction.atomic():
        if (
            LinkedAccount.objects.select_for_update()
            .filter(open_id=tokens.open_id, status__in=[Status.ACTIVE, Status.BROKEN])
            .exclude(user=user)
            .exists()
        ):
            raise taken_elsewhere
        account = LinkedAccount.objects.select_for_update().filter(user=user).first()
        created = account is None
        replaced = None
        if created:
            account = LinkedAccount(user=user)
        elif account.open_id != tokens.open_id and account.status != Status.DISCONNECTED:
            replaced = copy(account)
        account.open_id = tokens.open_id
        account.display_name = info.display_name[:150]
        account.username = info.username[:100]
        account.avatar_url = info.avatar_url[:1000]
        account.scopes = ",".join(tokens.scopes)[:300]
        _store_tokens(account, tokens, now)
        account.status = Status.ACTIVE
        account.broken_reason = ""
        account.disconnected_at = None
        account.disconnected_by = None
        account.linked_at = now
        try:
            with transaction.atomic():
                account.save()
        except IntegrityError as error:  # linked elsewhere at the same moment
            raise taken_elsewhere from error
        _send_after_commit(signals.account_linked, account)
    if replaced:
        _revoke_at_tiktok(replaced)
    return Linked(
        account=account, created=created, replaced_open_id=replaced.open_id if replaced else ""
    )


def access_token_for(account):
    """A valid access token for ``account``, refreshed first when it expires within
    five minutes. Raises TokenRejected when the link is not active (or TikTok rejects
    the refresh, which marks it broken), RateLimited or Unavailable as TikTok does."""
    if (
        account.status == Status.ACTIVE
        and account.access_token
        and account.access_expires_at
        and account.access_expires_at > timezone.now() + REFRESH_MARGIN
    ):
        return account.access_token
    return refresh_access_token(account, margin=REFRESH_MARGIN).access_token


def refresh_access_token(account, *, margin=REFRESH_MARGIN):
    """Refresh ``account``'s tokens unless they are valid for more than ``margin``.

    The row is locked (``select_for_update``) while TikTok answers, so two workers
    racing an expiry refresh once: the second finds the fresh token and uses it.
    ``account`` is updated in place and returned. A refresh TikTok rejects marks
    the link broken (the creator is emailed) and raises TokenRejected."""
    try:
        with transaction.atomic():
            locked = LinkedAccount.objects.select_for_update().get(pk=account.pk)
            if locked.status != Status.ACTIVE or not locked.refresh_token:
                raise TokenRejected("The TikTok link is not active.", code="link_" + locked.status)
            now = timezone.now()
            if locked.access_expires_at and locked.access_expires_at > now + margin:
                _copy_tokens(locked, account)
                return account
            tokens = get_client().refresh(refresh_token=locked.refresh_token)
            _store_tokens(locked, tokens, now)
            locked.save(update_fields=TOKEN_FIELDS)
    except TokenRejected as error:
        if not error.code.startswith("link_"):
            mark_broken(account, f"TikTok rejected the refresh token ({error.code or 'no code'}).")
        raise
    _copy_tokens(locked, account)
    return account


def mark_broken(account, reason):
    """Mark an active link broken because TikTok rejected its tokens: status BROKEN,
    ``reason`` kept, the creator emailed once with a link to reconnect, and
    ``account_broken`` sent after commit. Returns False (and does nothing) when the
    link was not active, so a second call emails nobody."""
    reason = str(reason)[:200]
    with transaction.atomic():
        locked = LinkedAccount.objects.select_for_update().select_related("user").get(pk=account.pk)
        if locked.status != Status.ACTIVE:
            return False
        locked.status = Status.BROKEN
        locked.broken_reason = reason
        locked.save(update_fields=["status", "broken_reason"])
        email_user(
            locked.user,
            "tiktok/emails/broken",
            {"account": locked, "reconnect_url": absolute_url(reverse("tiktok:connect"))},
        )
        _send_after_commit(signals.account_broken, locked, reason=reason)
    account.status, account.broken_reason = Status.BROKEN, reason
    return True


def disconnect(*, account, changed_by):
    """End the link: revoke the access token at TikTok (when TikTok cannot be reached
    the link still ends here, and ``revoked_at_tiktok`` says so), clear the tokens,
    status DISCONNECTED. The row stays, with the figures read through it. Sends
    ``account_disconnected`` after commit."""
    if account.status == Status.DISCONNECTED:
        return Disconnected(account=account, changed=False, revoked_at_tiktok=False)
    revoked = _revoke_at_tiktok(account)
    with transaction.atomic():
        locked = LinkedAccount.objects.select_for_update().get(pk=account.pk)
        if locked.status == Status.DISCONNECTED:
            return Disconnected(account=locked, changed=False, revoked_at_tiktok=revoked)
        locked.status = Status.DISCONNECTED
        locked.access_token = ""
        locked.refresh_token = ""
        locked.access_expires_at = None
        locked.refresh_expires_at = None
        locked.disconnected_at = timezone.now()
        locked.disconnected_by = changed_by
        locked.save()
        _send_after_commit(signals.account_disconnected, locked)
    return Disconnected(account=locked, changed=True, revoked_at_tiktok=revoked)


def refresh_expiring_tokens(*, ahead=REFRESH_AHEAD):
    """Refresh every active link whose access token expires within ``ahead`` (the
    hourly task). A rejected refresh marks the link broken; when TikTok is down or
    rate-limits, the rest wait for the next run. Returns the counts."""
    due = LinkedAccount.objects.filter(
        Q(access_expires_at__lt=timezone.now() + ahead) | Q(access_expires_at=None),
        status=Status.ACTIVE,
    )
    counts = {"refreshed": 0, "broken": 0, "left": 0}
    ids = list(due.order_by("access_expires_at").values_list("pk", flat=True))
    for index, pk in enumerate(ids):
        account = LinkedAccount.objects.get(pk=pk)
        try:
            refresh_access_token(account, margin=ahead)
        except TokenRejected:
            counts["broken"] += 1
        except RateLimited:
            counts["left"] += len(ids) - index
            break
        except Unavailable:
            counts["left"] += 1
        else:
            counts["refreshed"] += 1
    return counts


def _send_after_commit(signal, account, **extra):
    """Send ``signal`` about ``account`` (ids only) once the transaction commits."""
    transaction.on_commit(
        partial(
            signal.send,
            sender=LinkedAccount,
            account_id=account.pk,
            user_id=account.user_id,
            **extra,
        )
    )


def _store_tokens(account, tokens, now):
    account.access_token = tokens.access_token
    account.refresh_token = tokens.refresh_token
    account.access_expires_at = tokens.access_expires_at
    account.refresh_expires_at = tokens.refresh_expires_at
    if tokens.scopes:
        account.scopes = ",".join(tokens.scopes)[:300]
    account.tokens_refreshed_at = now


def _copy_tokens(source, target):
    for name in ("status", *TOKEN_FIELDS):
        setattr(target, name, getattr(source, name))


def _revoke_at_tiktok(account):
    """Revoke ``account``'s access at TikTok; False when TikTok could not be reached.
    An expired access token is refreshed first (revoking needs a live one); tokens
    TikTok no longer accepts leave nothing to revoke. Never marks the link broken."""
    client = get_client()
    token = account.access_token
    try:
        if not token or (account.access_expires_at and account.access_expires_at <= timezone.now()):
            if not account.refresh_token:
                return True
            token = client.refresh(refresh_token=account.refresh_token).access_token
        client.revoke(access_token=token)
    except TokenRejected:
        return True
    except (RateLimited, Unavailable) as error:
        logger.warning("TikTok revoke failed for link %s: %s", account.pk, error)
        return False
    return True
