"""The sentences businesses read: each stored part of a score, explained in
the active language."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.money import format_money
from creators.models import Province

PART_LABELS = {
    "niche": gettext_lazy("Niche"),
    "place_and_language": gettext_lazy("Region and language"),
    "audience_size": gettext_lazy("Audience size"),
    "performance": gettext_lazy("Engagement and views"),
    "fee": gettext_lazy("Fee"),
    "reliability": gettext_lazy("Reliability"),
    "confidence": gettext_lazy("Checked figures"),
}


def _count(number):
    return number_format(number, force_grouping=True)


def _decimal(number):
    """A stored figure (at most two decimals) as written in the active language: 6.5, 12."""
    return number_format(Decimal(f"{number:g}"))


def _place(values):
    """Where a creator lives and where their audience is, in one sentence.
    Matches stored before provinces were recorded lack those keys: they were
    all creators in Indonesia."""
    share = values["indonesian_share"]
    reported = share is not None
    numbers = {"share": _decimal(share) if reported else "", "province": ""}
    if values.get("province"):
        numbers["province"] = Province(values["province"]).label
    if values.get("regions_chosen") and values.get("province"):
        if reported:
            sentence = _(
                "Lives in %(province)s, one of the regions you chose; "
                "%(share)s%% of the audience is in Indonesia."
            )
        else:
            sentence = _(
                "Lives in %(province)s, one of the regions you chose; "
                "where the audience is was not reported."
            )
    elif not values.get("in_indonesia", True):
        if reported:
            sentence = _("Lives outside Indonesia; %(share)s%% of the audience is in Indonesia.")
        else:
            sentence = _("Lives outside Indonesia; where the audience is was not reported.")
    elif values.get("province"):
        if reported:
            sentence = _(
                "Lives in %(province)s, Indonesia; %(share)s%% of the audience is in Indonesia."
            )
        else:
            sentence = _(
                "Lives in %(province)s, Indonesia; where the audience is was not reported."
            )
    elif reported:
        sentence = _("Lives in Indonesia; %(share)s%% of the audience is in Indonesia.")
    else:
        sentence = _("Lives in Indonesia; where the audience is was not reported.")
    return sentence % numbers


def _confidence(values, score):
    if values["verified_on"]:
        numbers = {"date": date_format(date.fromisoformat(values["verified_on"]), "DATE_FORMAT")}
        if score >= 1:
            return _("Figures verified from TikTok on %(date)s.") % numbers
        return (
            _("Figures verified from TikTok on %(date)s, not read since, so they count less.")
            % numbers
        )
    if values["has_figures"]:
        return _("Figures self-reported by the creator, not checked.")
    return _("No figures recorded yet.")


def explain(part):
    """The sentence for one stored part of a score, in the active language."""
    values = part["values"]
    name = part["part"]
    if name == "niche":
        if not values["wanted"]:
            return _("You chose no niche, so every niche fits.")
        return ngettext(
            "Makes content in %(shared)d of the %(wanted)d niche you chose.",
            "Makes content in %(shared)d of the %(wanted)d niches you chose.",
            values["wanted"],
        ) % {"shared": values["shared"], "wanted": values["wanted"]}
    if name == "place_and_language":
        place = _place(values)
        if not values["wanted"]:
            return place
        language = ngettext(
            "Speaks %(spoken)d of the %(wanted)d language you chose.",
            "Speaks %(spoken)d of the %(wanted)d languages you chose.",
            values["wanted"],
        ) % {"spoken": values["spoken"], "wanted": values["wanted"]}
        return f"{place} {language}"
    if name == "audience_size":
        followers = values["followers"]
        smallest, largest = values["smallest"] or 0, values["largest"]
        if followers < smallest:
            return _("%(followers)s followers: fewer than the %(smallest)s you want.") % {
                "followers": _count(followers),
                "smallest": _count(smallest),
            }
        if largest is not None and followers > largest:
            return _("%(followers)s followers: more than the %(largest)s you want.") % {
                "followers": _count(followers),
                "largest": _count(largest),
            }
        return _("%(followers)s followers: within the audience size you want.") % {
            "followers": _count(followers)
        }
    if name == "performance":
        engagement = values["engagement"]
        if engagement is None:
            return _("%(views)s views in the last 30 days; engagement not reported.") % {
                "views": _count(values["views"])
            }
        return _("%(engagement)s%% engagement and %(views)s views in the last 30 days.") % {
            "engagement": _decimal(engagement),
            "views": _count(values["views"]),
        }
    if name == "fee":
        if values["cheapest"] is None:
            return _("Has no rate card yet; agree the fee in your invitation.")
        return _("Cheapest package %(cheapest)s, within your fee of %(fee)s per creator.") % {
            "cheapest": format_money(values["cheapest"]),
            "fee": format_money(values["fee_per_creator"]),
        }
    if name == "confidence":
        return _confidence(values, part["score"])
    if not values.get("judged") and not values.get("videos_measured"):
        return _("No past collaborations to judge by yet; counted as neutral.")
    sentences = [_record(values)] if values.get("judged") else []
    if values.get("videos_measured"):
        sentences.append(_campaign_videos(values))
    return " ".join(sentences)


def _campaign_videos(values):
    return ngettext(
        "Posted videos for campaigns reached %(ratio)s× the creator's "
        "own average views (%(count)d video).",
        "Posted videos for campaigns reached %(ratio)s× the creator's "
        "own average views (%(count)d videos).",
        values["videos_measured"],
    ) % {
        "ratio": number_format(values["vs_average"], decimal_pos=1),
        "count": values["videos_measured"],
    }


def _record(values):
    counts = {
        "on_time": values["on_time"],
        "judged": values["judged"],
        "approved": values["approved"],
    }
    if values["stars"] is None:
        return (
            ngettext(
                "Delivered %(on_time)d of %(judged)d collaboration on time, "
                "%(approved)d approved, not rated yet.",
                "Delivered %(on_time)d of %(judged)d collaborations on time, "
                "%(approved)d approved, not rated yet.",
                values["judged"],
            )
            % counts
        )
    return ngettext(
        "Delivered %(on_time)d of %(judged)d collaboration on time, "
        "%(approved)d approved, rated %(stars)s/5.",
        "Delivered %(on_time)d of %(judged)d collaborations on time, "
        "%(approved)d approved, rated %(stars)s/5.",
        values["judged"],
    ) % {**counts, "stars": number_format(values["stars"], decimal_pos=1)}
