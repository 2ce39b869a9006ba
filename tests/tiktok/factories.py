"""Factories for linked TikTok accounts (sandbox tokens, so the sandbox client accepts them)."""

import factory

from core.models import User
from tests.factories import UserFactory
from tiktok.models import LinkedAccount
from tiktok.sandbox import SandboxTikTokClient, sandbox_open_id


class CreatorUserFactory(UserFactory):
    role = User.Role.CREATOR


class LinkedAccountFactory(factory.django.DjangoModelFactory):
    """An active link with live sandbox tokens for a sandbox ``open_id``."""

    class Meta:
        model = LinkedAccount

    user = factory.SubFactory(CreatorUserFactory)
    open_id = factory.Sequence(lambda n: sandbox_open_id(f"factory-{n}"))
    display_name = factory.LazyAttribute(lambda account: f"TikTok {account.open_id[3:9]}")
    username = factory.LazyAttribute(lambda account: f"sandbox_{account.open_id[3:11]}")
    scopes = "user.info.basic,user.info.profile,user.info.stats,video.list"

    class Params:
        tokens = factory.LazyAttribute(lambda account: SandboxTikTokClient._tokens(account.open_id))

    access_token = factory.LazyAttribute(lambda account: account.tokens.access_token)
    refresh_token = factory.LazyAttribute(lambda account: account.tokens.refresh_token)
    access_expires_at = factory.LazyAttribute(lambda account: account.tokens.access_expires_at)
    refresh_expires_at = factory.LazyAttribute(lambda account: account.tokens.refresh_expires_at)
