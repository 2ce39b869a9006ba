import csv
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import ratelimit
from core.charts import line_chart
from core.pagination import page_of
from core.permissions import creator_required
from creators.models.profiles import CreatorProfile
from earnings import selectors, services
from earnings.earnings_page import creator_for_earnings_page, kept_earnings_page
from earnings.forms import PayoutMethodForm, TaxDetailsForm
from earnings.models import STATEMENT_TIME_ZONE, PayoutMethod
from payments.ledger import home_currency

PAGE_SIZE = 12
CHART_MONTHS = 12


def _profile(request):
    return get_object_or_404(CreatorProfile.objects.only("pk", "user_id"), user=request.user)


def _page(request, queryset, parameter, count=None):
    """The requested page; ``count``, when the rows were counted already (with
    the profile), spares the paginator its own ``COUNT(*)``."""
    return page_of(queryset, request.GET.get(parameter), PAGE_SIZE, count=count)


def _page_links(request, parameter, page):
    """``{"previous": href, "next": href}`` of ``page``'s neighbours (empty when
    none): the query as it is with only ``parameter``, the list's own page
    number, changed, so that each list on the page turns its own pages."""

    def href(number):
        query = request.GET.copy()
        query[parameter] = number
        return f"?{query.urlencode()}"

    return {
        "previous": href(page.previous_page_number()) if page.has_previous() else "",
        "next": href(page.next_page_number()) if page.has_next() else "",
    }


def _months_back(today, count):
    """The first day of the month ``count - 1`` months before ``today``'s."""
    index = today.year * 12 + today.month - 1 - (count - 1)
    return date(index // 12, index % 12 + 1, 1)


def _chart(monthly, first_month, last_month):
    """Net earnings per month (Series sales less refunds, plus collaboration
    fees) in the home currency, zero for months without any."""
    net = {row.month: row.earned_net for row in monthly if row.currency == home_currency()}
    points, month = [], first_month
    while month <= last_month:
        points.append((month, net.get(month, 0)))
        month = selectors.next_month(month)
    return line_chart(points) if any(value for _day, value in points) else None


def _money(creator_id, first_month, last_month):
    """The balances, the months since ``first_month`` and their chart."""
    since, _end = selectors.month_bounds(first_month)
    monthly = selectors.monthly_movements(creator_id, since=since)
    return {
        "balances": selectors.balances(creator_id),
        "monthly": monthly,
        "chart": _chart(monthly, first_month, last_month),
    }


def _waiting(readiness):
    return readiness.method is not None and readiness.method.waiting()


# The query parameters the kept page is keyed on (its pagination links keep them).
KEPT_PARAMETERS = {"statements", "payouts"}


def _kept_key(request, today):
    """The kept page's key: the user, language, time zone, month and pages
    asked for; None (read, not kept) with any other query parameter."""
    parameters = dict(request.GET.lists())
    if not set(parameters) <= KEPT_PARAMETERS or any(
        len(values) != 1 or len(values[0]) > 6 for values in parameters.values()
    ):
        return None
    return ":".join(
        (
            "earnings-page",
            str(request.user.pk),
            get_language() or "",
            timezone.get_current_timezone_name(),
            f"{today:%Y-%m}",
            request.GET.get("statements", ""),
            request.GET.get("payouts", ""),
        )
    )


@require_GET
@creator_required
def index(request):
    """The creator's money, payout details, statements and payouts. The page's
    content is kept per user, language, time zone, month and page under the
    creator's earnings and creator versions (``kept_earnings_page``): every
    ledger posting naming the creator and every change of their statements,
    payouts or payout details changes one at once, and a method still waiting
    is read again when its wait ends."""
    today = timezone.now().astimezone(STATEMENT_TIME_ZONE).date()
    body = kept_earnings_page(_kept_key(request, today), lambda: _page_read(request, today))
    return render(request, "earnings/index.html", {"body": body})


def _page_read(request, today):
    """``(profile id, the content's HTML, until)``, read from the database;
    ``until``: when a waiting payout method's wait ends (None when none waits)."""
    profile = creator_for_earnings_page(user=request.user)
    if profile is None:
        raise Http404
    first_month = _months_back(today, CHART_MONTHS)
    # Read only when a money fragment is not in the cache: its key holds the
    # profile's ``money_version``, which every ledger posting for the creator changes.
    money = SimpleLazyObject(lambda: _money(profile.pk, first_month, today.replace(day=1)))
    statement_count, payout_count = profile.statement_count or 0, profile.payout_count or 0
    waiting = _waiting(profile.readiness)
    statements = _page(
        request,
        selectors.statements_for(profile.pk) if statement_count else [],
        "statements",
        statement_count,
    )
    payouts = _page(
        request, selectors.payouts_for(profile.pk) if payout_count else [], "payouts", payout_count
    )
    html = render_to_string(
        "earnings/includes/page.html",
        {
            "balances": SimpleLazyObject(lambda: money["balances"]),
            "monthly": SimpleLazyObject(lambda: money["monthly"]),
            "chart": SimpleLazyObject(lambda: money["chart"]),
            "money_version": f"{profile.pk}|{first_month:%Y-%m}|{profile.money_version}",
            "readiness": profile.readiness,
            # Whether payouts wait for a new method changes with the time, not the rows.
            "readiness_version": f"{profile.pk}|{profile.readiness_version}|{waiting}",
            # Lists known to be empty are not read (nor their queries built).
            "statements": statements,
            "statement_links": _page_links(request, "statements", statements),
            "payouts": payouts,
            "payout_links": _page_links(request, "payouts", payouts),
            "thresholds": selectors.payout_thresholds(),
            "npwp_limit": selectors.npwp_limit(),
        },
        request,
    )
    return profile.pk, html, profile.readiness.method.usable_from if waiting else None


@require_GET
@creator_required
def statement_csv(request, pk):
    profile = _profile(request)
    statement = get_object_or_404(selectors.statements_for(profile.pk), pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="statement-{statement.month:%Y-%m}-{statement.currency}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([_("Statement"), date_format(statement.month, "YEAR_MONTH_FORMAT")])
    writer.writerow([_("Currency"), statement.currency])
    for label, amount in statement.figures():
        writer.writerow([label, amount])
    writer.writerow([])
    writer.writerow([_("Date"), _("Movement"), _("Note"), _("Amount")])
    for line in selectors.statement_lines(statement):
        entry = line.entry
        writer.writerow(
            [
                timezone.localtime(entry.created_at, STATEMENT_TIME_ZONE).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                entry.get_kind_display(),
                entry.note,
                line.amount,
            ]
        )
    return response


@require_GET
@creator_required
def payout_detail(request, pk):
    profile = _profile(request)
    payout = get_object_or_404(selectors.payouts_for(profile.pk), pk=pk)
    return render(request, "earnings/payout.html", {"payout": payout})


@require_http_methods(["GET", "POST"])
@creator_required
def payout_method(request):
    profile = _profile(request)
    current = selectors.current_method(profile.pk)
    initial = {"kind": current.kind if current else PayoutMethod.Kind.BANK}
    if request.method == "POST" and not ratelimit.allow(request.user, "payout_account_check"):
        # Each save asks the bank for the account's name: not a lookup service.
        return ratelimit.too_many_requests(request, "payout_account_check", back_url=request.path)
    form = PayoutMethodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        check = form.account_check
        method = services.save_payout_method(
            creator=profile, validated_name=check.name if check.valid else "", **form.cleaned_data
        )
        if method.validated_name:
            messages.info(
                request,
                _("The bank says this account belongs to %(name)s.")
                % {"name": method.validated_name},
            )
        if method.waiting():
            messages.success(
                request,
                _("Saved. Payouts go to %(method)s from %(time)s.")
                % {
                    "method": method.masked,
                    "time": date_format(timezone.localtime(method.usable_from), "DATETIME_FORMAT"),
                },
            )
        else:
            messages.success(
                request, _("Payouts now go to %(method)s.") % {"method": method.masked}
            )
        return redirect("earnings:index")
    return render(
        request,
        "earnings/payout_method.html",
        {
            "form": form,
            "current": current,
            "wait_days": settings.EARNINGS_NEW_METHOD_WAIT_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@creator_required
def tax_details(request):
    profile = _profile(request)
    current = selectors.tax_details_of(profile.pk)
    form = TaxDetailsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_tax_details(
            creator=profile, npwp=form.cleaned_data["npwp"], name=form.cleaned_data["name"]
        )
        messages.success(request, _("Your tax details are saved."))
        return redirect("earnings:index")
    return render(
        request,
        "earnings/tax_details.html",
        {"form": form, "current": current, "npwp_limit": selectors.npwp_limit()},
    )
