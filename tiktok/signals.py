"""What the tiktok app tells the apps above it (they connect in their AppConfig.ready()).

Each is sent once the change has committed, with ids, never rows:

* ``account_linked(sender=LinkedAccount, account_id, user_id)``: a creator linked
  (or linked again) a TikTok account; its tokens are fresh.
* ``account_broken(sender=LinkedAccount, account_id, user_id, reason)``: TikTok
  rejected the link's tokens; the creator was emailed and must connect again.
* ``account_disconnected(sender=LinkedAccount, account_id, user_id)``: the creator
  disconnected the account; its tokens are gone, its history stays.
"""

from django.dispatch import Signal

account_linked = Signal()
account_broken = Signal()
account_disconnected = Signal()
