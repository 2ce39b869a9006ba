"""Each app's pages, and the public uploads: who gets what. A's objects are
A's alone: other people get a 404."""

from tests.access.rows import Row

APP_PAGES = {
    # creators
    "creators:dashboard": Row(
        "login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"
    ),
    "creators:edit_profile": Row(
        "login 200 200 302 302 302 302 302", "login 200 200 302 302 302 302 302"
    ),
    "creators:figures": Row(
        "login 200 200 302 302 302 302 302", "login 200 200 302 302 302 302 302"
    ),
    "creators:apply": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 302 302 302 302",
        kwargs={"slug": "application_a.programme.slug"},
    ),
    "creators:application_detail": Row(
        "login 200 404 302 302 302 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "application_a"},
    ),
    "creators:withdraw": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 404 302 302 302 302 302",
        kwargs={"pk": "application_a"},
    ),
    "creators:media_kit": Row(
        "200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405",
        kwargs={"handle": "creator_a.handle"},
    ),
    # tiktok: creator A has an active link, creator B none. Connecting sends the
    # creator to TikTok; a callback without a link in progress goes back to the profile.
    "tiktok:connect": Row("login 302 302 302 302 302 302 302", "405 405 405 405 405 405 405 405"),
    "tiktok:callback": Row("login 302 302 302 302 302 302 302", "405 405 405 405 405 405 405 405"),
    "tiktok:disconnect": Row(
        "login 200 404 302 302 302 302 302", "login 302 404 302 302 302 302 302"
    ),
    # The sandbox's consent page refuses a request that does not come back here.
    "tiktok:sandbox_authorize": Row(
        "login 400 400 302 302 302 302 302", "login 400 400 302 302 302 302 302"
    ),
    # brands
    "brands:dashboard": Row("login 302 302 200 200 200 302 302", "405 405 405 405 405 405 405 405"),
    "brands:profile": Row(
        "login 302 302 200 404 200 302 302",
        "login 302 302 200 404 200 302 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:team": Row(
        "login 302 302 200 404 200 302 302",
        "login 302 302 200 404 302 302 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:credit": Row(
        "login 302 302 200 404 200 302 302",
        "login 302 302 200 404 200 302 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:campaigns": Row(
        "login 302 302 200 404 200 302 302",
        "login 302 302 302 404 302 302 302",
        kwargs={"business_id": "business_a"},
    ),
    "brands:accept_invitation": Row(
        "login 200 200 200 200 200 200 200",
        "login 200 200 200 200 200 200 200",
        kwargs={"token": "invitation_a.token"},
    ),
    "brands:campaign_detail": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:campaign_step": Row(
        "login 302 302 302 404 302 302 302",
        "login 302 302 302 404 302 302 302",
        kwargs={"pk": "campaign_a", "step": 1},
    ),
    "brands:campaign_brief": Row(
        "login 302 302 200 404 200 302 302",
        "login 302 302 200 404 200 302 302",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:campaign_cancel": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:campaign_matches": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:campaign_match_status": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:creator_search": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:shortlist": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "campaign_a"},
    ),
    "brands:shortlist_add": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 404 302 302 302",
        kwargs={"pk": "campaign_a", "creator_pk": "creator_b"},
    ),
    "brands:shortlist_remove": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 404 302 302 302",
        kwargs={"pk": "campaign_a", "creator_pk": "creator_a"},
    ),
    "brands:campaign_action": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 404 302 302 302",
        path="/business/campaigns/{pk}/pause/",
        kwargs={"pk": "campaign_a"},
    ),
    # payments
    "payments:sandbox_checkout": Row(
        "login 404 404 200 404 404 404 404",
        "login 404 404 302 404 404 404 404",
        kwargs={"reference": "payment_a.reference"},
    ),
    "payments:webhook": Row("405 405 405 405 405 405 405 405", "400 400 400 400 400 400 400 400"),
    # The waiting page and its status: the payer's alone.
    "payments:waiting": Row(
        "login 404 404 200 404 404 404 404",
        "login 405 405 405 405 405 405 405",
        kwargs={"reference": "payment_a.reference"},
    ),
    "payments:status": Row(
        "login 404 404 200 404 404 404 404",
        "login 405 405 405 405 405 405 405",
        kwargs={"reference": "payment_a.reference"},
    ),
    # Xendit's notifications: POST only, and without its callback token refused.
    "payments:xendit_invoices": Row(
        "405 405 405 405 405 405 405 405", "403 403 403 403 403 403 403 403"
    ),
    "payments:xendit_refunds": Row(
        "405 405 405 405 405 405 405 405", "403 403 403 403 403 403 403 403"
    ),
    # series
    "series:index": Row("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "series:by_creator": Row(
        "200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405",
        kwargs={"handle": "creator_a.handle"},
    ),
    "series:studio": Row("login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"),
    "series:studio_by_rating": Row(
        "login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"
    ),
    "series:create": Row("login 200 200 302 302 302 302 302", "login 200 200 302 302 302 302 302"),
    "series:earnings": Row("login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"),
    "series:manage": Row(
        "login 200 404 302 302 302 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "series_a"},
    ),
    "series:edit": Row(
        "login 200 404 302 302 302 302 302",
        "login 200 404 302 302 302 302 302",
        kwargs={"pk": "series_a"},
    ),
    "series:add_episode": Row(
        "login 200 404 302 302 302 302 302",
        "login 200 404 302 302 302 302 302",
        kwargs={"pk": "series_a"},
    ),
    "series:reorder": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 404 302 302 302 302 302",
        kwargs={"pk": "series_a"},
    ),
    "series:edit_episode": Row(
        "login 200 404 302 302 302 302 302",
        "login 200 404 302 302 302 302 302",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:keep_episode": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 404 302 302 302 302 302",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:delete_episode": Row(
        "login 200 404 302 302 302 302 302",
        "login 302 404 302 302 302 302 302",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:analytics": Row(
        "login 200 404 302 302 302 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "series_a"},
    ),
    "series:analytics_csv": Row(
        "login 200 404 302 302 302 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "series_a"},
    ),
    "series:add_discount": Row(
        "login 200 404 302 302 302 302 302",
        "login 200 404 302 302 302 302 302",
        kwargs={"pk": "series_a"},
    ),
    "series:end_discount": Row(
        "login 200 404 302 302 302 302 302",
        "login 302 404 302 302 302 302 302",
        kwargs={"pk": "series_a", "discount_pk": "discount_a"},
    ),
    "series:change_status": Row(
        "login 200 404 302 302 302 302 302",
        "login 302 404 302 302 302 302 302",
        path="/series/studio/{pk}/unpublished/",
        kwargs={"pk": "series_a"},
    ),
    "series:library": Row("login 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    # A buyer asks for a refund of their own purchase only (A's purchase is
    # another buyer's: a 404 for every visitor, staff included).
    "series:refund_request": Row(
        "login 404 404 404 404 404 404 404",
        "login 404 404 404 404 404 404 404",
        kwargs={"purchase_pk": "purchase_a"},
    ),
    "series:detail": Row(
        "200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "series_a"},
    ),
    "series:buy": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 302 302 302 302",
        kwargs={"pk": "series_a"},
    ),
    "series:review": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 302 302 302 302",
        kwargs={"pk": "series_a"},
    ),
    "series:new_episode_emails": Row(
        "405 405 405 405 405 405 405 405",
        "login 404 404 404 404 404 404 404",
        kwargs={"pk": "series_a"},
    ),
    "series:answer_review": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 404 302 302 302 302 302",
        kwargs={"pk": "series_a", "review_pk": "review_a"},
    ),
    "series:watch": Row(
        "403 200 403 403 403 403 403 403",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:episode_file": Row(
        "404 200 404 404 404 404 404 404",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    "series:watch_event": Row(
        "405 405 405 405 405 405 405 405",
        "404 404 404 404 404 404 404 404",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    # The player saves where its viewer stopped: A's paid episode is A's alone
    # here (an empty position is refused), a stranger finds nothing.
    "series:save_progress": Row(
        "405 405 405 405 405 405 405 405",
        "login 400 404 404 404 404 404 404",
        kwargs={"pk": "series_a", "episode_pk": "paid_episode_a"},
    ),
    # fans: every logged-in person has a home and a list of creators they follow
    # (their own); anyone logged in follows and unfollows (A following A is
    # refused with a message).
    "fans:home": Row("login 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "fans:library": Row("login 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "fans:following": Row("login 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "fans:follow": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 302 302 302 302",
        kwargs={"handle": "creator_a.handle"},
    ),
    "fans:unfollow": Row(
        "405 405 405 405 405 405 405 405",
        "login 302 302 302 302 302 302 302",
        kwargs={"handle": "creator_a.handle"},
    ),
    # collaborations
    "collaborations:mine": Row(
        "login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"
    ),
    "collaborations:open_campaigns": Row(
        "login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"
    ),
    "collaborations:open_campaigns_all": Row(
        "login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"
    ),
    "collaborations:apply": Row(
        "login 302 200 302 302 302 302 302",
        "login 302 200 302 302 302 302 302",
        kwargs={"campaign_pk": "campaign_a"},
    ),
    "collaborations:business_index": Row(
        "login 302 302 200 200 200 302 302", "405 405 405 405 405 405 405 405"
    ),
    "collaborations:campaign": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"campaign_pk": "campaign_a"},
    ),
    "collaborations:invite": Row(
        "login 302 302 200 404 200 302 302",
        "login 302 302 200 404 200 302 302",
        kwargs={"campaign_pk": "campaign_a", "creator_pk": "creator_b"},
    ),
    "collaborations:detail": Row(
        "login 200 404 200 404 200 404 404",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:message": Row(
        "405 405 405 405 405 405 405 405",
        "login 400 404 400 404 400 404 404",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:rate": Row(
        "405 405 405 405 405 405 405 405",
        "login 400 404 400 404 400 404 404",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:action": Row(
        "login 200 404 200 404 200 404 404",
        "login 302 404 302 404 302 404 404",
        path="/collaborations/{pk}/withdraw/",
        kwargs={"pk": "collaboration_a"},
    ),
    # A's draft: the two sides and staff; nobody else finds it, signed in or not.
    "collaborations:draft": Row(
        "404 200 404 200 404 200 404 200",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:upload_draft": Row(
        "405 405 405 405 405 405 405 405",
        "404 400 404 404 404 404 404 404",
        kwargs={"pk": "collaboration_a"},
    ),
    "collaborations:draft_file": Row(
        "404 200 404 200 404 200 404 200",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "collaboration_a", "draft_pk": "draft_a"},
    ),
    # The posted video is the creator's to pick (A's draft is not approved yet: back to it).
    "collaborations:post_video": Row(
        "login 302 404 404 404 404 404 404",
        "login 302 404 404 404 404 404 404",
        kwargs={"pk": "collaboration_a"},
    ),
    # What the posted videos achieved: the campaign's business; each creator their own.
    "collaborations:report": Row(
        "login 404 404 200 404 200 404 404",
        "405 405 405 405 405 405 405 405",
        kwargs={"campaign_pk": "campaign_a"},
    ),
    "collaborations:report_csv": Row(
        "login 404 404 200 404 200 404 404",
        "405 405 405 405 405 405 405 405",
        kwargs={"campaign_pk": "campaign_a"},
    ),
    "collaborations:my_report": Row(
        "login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"
    ),
    "collaborations:my_report_csv": Row(
        "login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"
    ),
    # earnings: a creator's own money; A's statement and payout are A's alone.
    "earnings:index": Row("login 200 200 302 302 302 302 302", "405 405 405 405 405 405 405 405"),
    "earnings:statement_csv": Row(
        "login 200 404 302 302 302 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "statement_a"},
    ),
    "earnings:payout": Row(
        "login 200 404 302 302 302 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "payout_a"},
    ),
    "earnings:payout_method": Row(
        "login 200 200 302 302 302 302 302", "login 200 200 302 302 302 302 302"
    ),
    "earnings:tax_details": Row(
        "login 200 200 302 302 302 302 302", "login 200 200 302 302 302 302 302"
    ),
    # billing: a buyer's receipts are theirs alone (A's receipt is business A's
    # owner's top-up, which its teammate did not pay); a business's invoices
    # are its members'; a creator's statement as PDF is the creator's.
    "billing:receipts": Row("login 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "billing:receipt_for_payment": Row(
        "login 404 404 302 404 404 404 404",
        "405 405 405 405 405 405 405 405",
        kwargs={"reference": "receipt_a.payment.reference"},
    ),
    "billing:receipt": Row(
        "login 404 404 200 404 404 404 404",
        "405 405 405 405 405 405 405 405",
        kwargs={"number": "receipt_a.number"},
    ),
    "billing:receipt_pdf": Row(
        "login 404 404 200 404 404 404 404",
        "405 405 405 405 405 405 405 405",
        kwargs={"number": "receipt_a.number"},
    ),
    "billing:invoices": Row("login 302 302 200 200 200 302 302", "405 405 405 405 405 405 405 405"),
    "billing:invoice": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"number": "invoice_a.number"},
    ),
    "billing:invoice_pdf": Row(
        "login 302 302 200 404 200 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"number": "invoice_a.number"},
    ),
    "billing:statement_pdf": Row(
        "login 200 404 302 302 302 302 302",
        "405 405 405 405 405 405 405 405",
        kwargs={"pk": "statement_a"},
    ),
    # Xendit's payout notifications: authenticated by the callback token, not a
    # session; without it every visitor is refused (and the attempt stored).
    "earnings:xendit_payouts": Row(
        "405 405 405 405 405 405 405 405", "403 403 403 403 403 403 403 403"
    ),
    # Public uploads under `make run` (DEBUG); A's Series cover, which this test
    # stores in its own MEDIA_ROOT, not the folder the pattern was bound to.
    "^media/(?P<path>.*)$": Row(
        "404 404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404 404",
        path="/media/{cover}",
        kwargs={"cover": "series_a.cover.name"},
    ),
}
