"""Whether a creator meets a programme's rules: the one place eligibility is decided.

``evaluate`` is called by the dashboard checklist, by ``submit_application`` and
by the admin's review page, so all three always agree.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CHECKED_ON_TIKTOK = "tiktok"
SELF_REPORTED = "self_reported"


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    met: bool
    value: str
    threshold: str
    advice: str
    waived: bool = False
    # Not met, but the programme's premium content exception would waive it
    # given a link to premium content the creator sells elsewhere.
    waivable: bool = False
    # For a figure: CHECKED_ON_TIKTOK when it was verified from TikTok,
    # SELF_REPORTED when typed in or imported; empty for other criteria.
    checked: str = ""

    @property
    def passes(self):
        """Met, or not met but waived by the programme's exception."""
        return self.met or self.waived


@dataclass(frozen=True)
class Evaluation:
    programme_id: int
    programme_name: str
    evaluated_on: date
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def eligible(self):
        return all(criterion.met for criterion in self.criteria)

    @property
    def can_apply(self):
        return all(criterion.passes for criterion in self.criteria)

    @property
    def uses_exception(self):
        return self.can_apply and any(criterion.waived for criterion in self.criteria)

    @property
    def asks_for_link(self):
        """The creator applies only under the premium content exception, so the
        application form asks for the link (given already or not)."""
        return any(criterion.waivable for criterion in self.criteria)

    @property
    def can_apply_with_link(self):
        """Every criterion is met or would be waived given a premium content link."""
        return all(criterion.met or criterion.waivable for criterion in self.criteria)

    @property
    def unmet(self):
        return [criterion for criterion in self.criteria if not criterion.passes]

    def as_snapshot(self):
        """A JSON-ready copy, stored with an application so staff see what the creator saw."""
        return {
            "programme": self.programme_name,
            "evaluated_on": self.evaluated_on.isoformat(),
            "eligible": self.eligible,
            "can_apply": self.can_apply,
            "criteria": [asdict(criterion) for criterion in self.criteria],
        }


def age_on(birth_date, today):
    """Whole years between ``birth_date`` and ``today``: 18 on the 18th birthday itself."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def _count(number):
    return number_format(number, force_grouping=True)


def _criterion(
    code,
    label,
    met,
    value,
    threshold,
    advice_when_unmet,
    waived=False,
    advice=None,
    checked="",
    waivable=False,
):
    if advice is None:
        advice = _("Done.") if met else advice_when_unmet
    return Criterion(
        code=code,
        label=label,
        met=met,
        value=value,
        threshold=threshold,
        advice=advice,
        waived=waived,
        waivable=waivable,
        checked=checked,
    )


def _checked(profile):
    """Whether the profile's figures were checked: verified from TikTok, or self-reported."""
    return CHECKED_ON_TIKTOK if profile.figures_are_verified else SELF_REPORTED


def _age(profile, programme, today):
    region_minimum = profile.country.minimum_age if profile.country else None
    minimum = max(filter(None, [programme.minimum_age, region_minimum]))
    label = _("Age %(age)s or over") % {"age": minimum}
    threshold = str(minimum)
    if profile.date_of_birth is None:
        return _criterion(
            "age", label, False, _("not given"), threshold, _("Add your date of birth.")
        )
    age = age_on(profile.date_of_birth, today)
    met = age >= minimum
    return _criterion(
        "age",
        label,
        met,
        str(age),
        threshold,
        _("You can apply from %(date)s, when you turn %(age)s.")
        % {
            "age": minimum,
            "date": date_format(_birthday(profile.date_of_birth, minimum), "DATE_FORMAT"),
        },
    )


def _birthday(birth_date, age):
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # born on 29 February: the birthday falls on 1 March
        return date(birth_date.year + age, 3, 1)


def _region(profile, programme):
    regions = list(programme.eligible_regions.all())
    label = _("Lives in an eligible region")
    threshold = ", ".join(region.label for region in regions) or _("any region")
    value = profile.country.label if profile.country else _("not given")
    if profile.country is None:
        return _criterion("region", label, False, value, threshold, _("Add your country."))
    met = not regions or profile.country_id in {region.pk for region in regions}
    return _criterion(
        "region",
        label,
        met,
        value,
        threshold,
        _("%(programme)s is not open to creators in %(country)s yet.")
        % {"programme": programme.label, "country": profile.country.label},
    )


def _followers(profile, programme, premium_content_url):
    minimum = programme.minimum_followers
    label = _("At least %(count)s followers") % {"count": _count(minimum)}
    met = profile.follower_count >= minimum
    missing = minimum - profile.follower_count
    exception = programme.allows_premium_content_exception
    waivable = not met and exception
    waived = waivable and bool(premium_content_url)
    if waived:
        advice = _(
            "You can apply under the exception for creators who sell premium content elsewhere."
        )
    elif exception:
        advice = ngettext(
            "You need %(count)s more follower, or add a link to premium content "
            "you sell elsewhere.",
            "You need %(count)s more followers, or add a link to premium content "
            "you sell elsewhere.",
            missing,
        ) % {"count": _count(missing)}
    else:
        advice = ngettext(
            "You need %(count)s more follower.", "You need %(count)s more followers.", missing
        ) % {"count": _count(missing)}
    return _criterion(
        "followers",
        label,
        met,
        _count(profile.follower_count),
        _count(minimum),
        advice,
        waived=waived,
        advice=None if met else advice,
        checked=_checked(profile),
        waivable=waivable,
    )


def _account_age(profile, programme, today):
    minimum = programme.minimum_account_age_days
    label = ngettext(
        "Account at least %(days)s day old", "Account at least %(days)s days old", minimum
    ) % {"days": minimum}
    created = profile.platform_account_created_on
    if created is None:
        return _criterion(
            "account_age",
            label,
            False,
            _("not given"),
            str(minimum),
            _("Add the date you created your account."),
        )
    days = (today - created).days
    return _criterion(
        "account_age",
        label,
        days >= minimum,
        str(days),
        str(minimum),
        _("Your account will be old enough on %(date)s.")
        % {"date": date_format(created + timedelta(days=minimum), "DATE_FORMAT")},
    )


def _figures_are_fresh(profile, programme, today):
    recorded = profile.figures_recorded_on
    return recorded is not None and (today - recorded).days <= programme.figures_window_days


def _stale_advice(profile, programme):
    if profile.figures_are_verified:
        return _(
            "Your figures are read from TikTok every day, but TikTok has not answered "
            "recently: reconnect TikTok from your dashboard if the link is broken."
        )
    return ngettext(
        "Update your figures: they must be from the last %(days)s day.",
        "Update your figures: they must be from the last %(days)s days.",
        programme.figures_window_days,
    ) % {"days": programme.figures_window_days}


def _recent_figure(profile, programme, today, *, code, value, minimum, label, advice):
    fresh = _figures_are_fresh(profile, programme, today)
    met = fresh and value >= minimum
    return _criterion(
        code,
        label,
        met,
        _count(value) if fresh else _("not recorded recently"),
        _count(minimum),
        advice if fresh else _stale_advice(profile, programme),
        checked=_checked(profile),
    )


def _public_videos(profile, programme, today):
    minimum = programme.minimum_public_videos
    missing = minimum - profile.public_video_count
    return _recent_figure(
        profile,
        programme,
        today,
        code="public_videos",
        value=profile.public_video_count,
        minimum=minimum,
        label=ngettext(
            "At least %(count)s public video in the last %(days)s days",
            "At least %(count)s public videos in the last %(days)s days",
            minimum,
        )
        % {"count": minimum, "days": programme.figures_window_days},
        advice=ngettext(
            "Post %(count)s more public video.", "Post %(count)s more public videos.", missing
        )
        % {"count": missing},
    )


def _views(profile, programme, today):
    minimum = programme.minimum_views
    missing = minimum - profile.views_last_30_days
    return _recent_figure(
        profile,
        programme,
        today,
        code="views",
        value=profile.views_last_30_days,
        minimum=minimum,
        label=_("At least %(count)s video views in the last %(days)s days")
        % {"count": _count(minimum), "days": programme.figures_window_days},
        advice=ngettext("You need %(count)s more view.", "You need %(count)s more views.", missing)
        % {"count": _count(missing)},
    )


def _duration(seconds):
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}


def _video_duration(programme):
    """A rule on each video, not on the creator: shown so they know which videos count."""
    longer_than = _duration(programme.minimum_video_seconds)
    return _criterion(
        "video_duration",
        _("Only videos longer than %(duration)s count") % {"duration": longer_than},
        True,
        _("checked on each video"),
        _("longer than %(duration)s") % {"duration": longer_than},
        "",
    )


def _public_account(profile):
    public = profile.account_type in {
        profile.AccountType.PERSONAL,
        profile.AccountType.BUSINESS,
    }
    return _criterion(
        "public_account",
        _("Public personal or business account"),
        public,
        profile.get_account_type_display(),
        _("personal or business"),
        _("Switch your account to a public personal or business account."),
    )


def _original_content(profile):
    return _criterion(
        "original_content",
        _("Posts original content"),
        profile.posts_original_content,
        _("yes") if profile.posts_original_content else _("no"),
        _("yes"),
        _("Post videos you made yourself, then confirm it in your profile."),
    )


def _good_standing(profile, programme, today):
    since = today - timedelta(days=programme.violation_window_days)
    count = sum(1 for v in profile.violations.all() if since < v.occurred_on <= today)
    limit = programme.disqualifying_violations
    clear_on = None
    if count >= limit:
        recent = sorted(v.occurred_on for v in profile.violations.all() if since < v.occurred_on)
        clear_on = recent[count - limit] + timedelta(days=programme.violation_window_days)
    return _criterion(
        "good_standing",
        _("Not repeatedly in violation of the Community Guidelines"),
        count < limit,
        str(count),
        ngettext(
            "fewer than %(limit)s in %(days)s days",
            "fewer than %(limit)s in %(days)s days",
            limit,
        )
        % {"limit": limit, "days": programme.violation_window_days},
        _("Follow the Community Guidelines; you can apply again from %(date)s.")
        % {"date": date_format(clear_on, "DATE_FORMAT") if clear_on else ""},
    )


def evaluate(profile, programme, today=None, premium_content_url=None):
    """Every criterion of ``programme`` for ``profile``, met or not, in checklist order.

    ``premium_content_url`` is the link given with an application under the
    premium content exception (default: the one on the profile).

    ``today`` is the local date the rules are checked on (default: today in the
    site's time zone). Prefetch ``programme.eligible_regions`` and
    ``profile.violations`` (and select ``profile.country``) to evaluate many
    programmes without further queries.
    """
    today = today or timezone.localdate()
    if premium_content_url is None:
        premium_content_url = profile.premium_content_url
    criteria = []
    if programme.minimum_age is not None or (profile.country and profile.country.minimum_age):
        criteria.append(_age(profile, programme, today))
    criteria.append(_region(profile, programme))
    if programme.minimum_followers is not None:
        criteria.append(_followers(profile, programme, premium_content_url))
    if programme.minimum_account_age_days is not None:
        criteria.append(_account_age(profile, programme, today))
    if programme.minimum_public_videos is not None:
        criteria.append(_public_videos(profile, programme, today))
    if programme.minimum_views is not None:
        criteria.append(_views(profile, programme, today))
    if programme.minimum_video_seconds is not None:
        criteria.append(_video_duration(programme))
    if programme.requires_public_account:
        criteria.append(_public_account(profile))
    if programme.requires_original_content:
        criteria.append(_original_content(profile))
    if programme.disqualifying_violations is not None:
        criteria.append(_good_standing(profile, programme, today))
    return Evaluation(
        programme_id=programme.pk,
        programme_name=programme.label,
        evaluated_on=today,
        criteria=criteria,
    )
