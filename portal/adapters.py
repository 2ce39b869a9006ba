from functools import partial

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.db import transaction
from django.http import Http404

from core.emails import deliver
from core.social_apps import kept_apps


class AccountAdapter(DefaultAccountAdapter):
    """Account emails go out through a Celery task once the transaction commits,
    so a slow mail server never holds up a signup and a rolled-back signup
    sends nothing. The message is rendered here, in the visitor's language."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html_body = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "html_body": html_body,
        }
        transaction.on_commit(partial(deliver, payload))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Google and TikTok are installed but ship without credentials: until staff
    add a Social application in the admin, their login and callback addresses
    answer 404 (allauth itself would raise and answer 500)."""

    def list_apps(self, request, provider=None, client_id=None):
        """Every page offering social login lists the applications: the list
        of all of them is kept until staff change one (core.social_apps)."""
        if provider is None and client_id is None:
            return kept_apps(lambda: super(SocialAccountAdapter, self).list_apps(request))
        return super().list_apps(request, provider=provider, client_id=client_id)

    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("No social application is set up for this provider.") from None
