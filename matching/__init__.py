"""The matcher: which creators suit a campaign, how well, and why.

Its models (``CampaignMatch``, ``MatchRun``, ``MatchingWeights``) live in
``brands.models`` with their tables, but for ``RefreshRun`` (``models``), the
record of a full refresh fanned out over workers. Creators are scored as columns,
never one pair at a time:

1. **Load the creators as columns** (``columns.load_columns``): ids, followers,
   views, engagement, cheapest fee, niche and language membership (a boolean
   matrix, one column per niche or language), the Indonesian share of the
   audience, the day the figures were last verified from TikTok (for the
   confidence part) and the track record from past collaborations, in a fixed number
   of queries whatever the number of creators. Creators who do not accept
   brand offers are never loaded.
2. **Apply the hard conditions** (``scoring.hard_conditions``): when the
   campaign names regions (Indonesian provinces), creators who do not live in
   Indonesia in one of those provinces; creators speaking none of the
   campaign's languages; and creators whose cheapest rate package costs more
   than the fee per creator are left out, not scored low. A creator in
   Indonesia who has not recorded a province is left out of campaigns that name
   regions too: the business asked for those provinces, and nothing says the
   creator is in one (campaigns that name no region match them). For one
   campaign the same conditions also run in the database first
   (``scoring.eligible_creators``), so only candidates are loaded; the tests
   run both on the same creators to keep the two in step.
3. **Score the rest in bulk** (``scoring.score`` over ``parts``): every part of
   the score is a NumPy expression over all candidates at once.
4. **Keep the best 50** (``scoring.select_top``) mixing audience tiers, and
   replace the campaign's stored ``CampaignMatch`` rows with them in one
   transaction (``runs``).

One campaign (a launch) runs all four steps for that campaign
(``runs.match_campaign``). The full refresh
(``runs.refresh_all_matches``, ``match_campaigns --all``) loads every creator
once and runs steps 2 to 4 for each live campaign against the same arrays; the
periodic one (``fanout``) sends the live campaigns in chunks to the workers,
each of which loads the creators once per refresh and runs the same steps. A creator's change
(``runs.match_creator``) loads that creator and the creators already listed,
and rescores them for every live campaign. All three share the code of steps 2
to 4, so the same data gives the same rows.

Each part of the score is between 0 and 1; the score is 100 times their mean
weighted by ``MatchingWeights`` (staff edit them in the admin). ``explain``
turns the stored parts into the sentences businesses read; ``coalescing``
folds bursts of requests for a run into one task and sends the runs left
queued while the broker was down.
"""
