from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET

from billing import documents, pdf, selectors
from core.permissions import business_required, creator_required
from creators.models import CreatorProfile
from earnings.selectors import statement_lines, statements_for

PAGE_SIZE = 20


def _pdf_response(document_for, owner, filename):
    """The PDF ``document_for()`` makes, in ``owner``'s language."""
    with translation.override(owner.language):
        body = pdf.render(document_for())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def receipts(request):
    page = selectors.receipt_page(request.user, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "billing/receipts.html",
        {"receipts": page, "rows_version": selectors.receipt_rows_version(page)},
    )


def _receipt(request, number):
    return get_object_or_404(
        selectors.receipts_for(request.user).select_related("payer"), number=number
    )


@require_GET
@login_required
def receipt(request, number):
    found = _receipt(request, number)
    return render(
        request,
        "billing/receipt.html",
        {
            "receipt": found,
            "description": documents.receipt_description(found),
            "seller": documents.seller(),
        },
    )


@require_GET
@login_required
def receipt_pdf(request, number):
    found = _receipt(request, number)
    return _pdf_response(
        lambda: documents.receipt_document(found), request.user, f"{found.number}.pdf"
    )


@require_GET
@login_required
def receipt_for_payment(request, reference):
    """The receipt of one of the user's payments (the purchases and balance
    pages link here by payment)."""
    found = get_object_or_404(selectors.receipts_for(request.user), payment__reference=reference)
    return redirect("billing:receipt", found.number)


@require_GET
@business_required
def invoices(request):
    return render(
        request,
        "billing/invoices.html",
        {"invoices": selectors.invoice_page(request.user, request.GET.get("page"), PAGE_SIZE)},
    )


def _invoice(request, number):
    return get_object_or_404(selectors.invoices_for(request.user), number=number)


@require_GET
@business_required
def invoice(request, number):
    found = _invoice(request, number)
    return render(
        request,
        "billing/invoice.html",
        {
            "invoice": found,
            "figures": documents.invoice_figures(found),
            "items": documents.invoice_items(found),
            "seller": documents.seller(),
        },
    )


@require_GET
@business_required
def invoice_pdf(request, number):
    found = _invoice(request, number)
    return _pdf_response(
        lambda: documents.invoice_document(found), request.user, f"{found.number}.pdf"
    )


@require_GET
@creator_required
def statement_pdf(request, pk):
    creator = get_object_or_404(
        CreatorProfile.objects.select_related("user").only(
            "display_name", "user__email", "user__language"
        ),
        user=request.user,
    )
    statement = get_object_or_404(statements_for(creator.pk), pk=pk)
    return _pdf_response(
        lambda: documents.statement_document(statement, statement_lines(statement), creator),
        request.user,
        f"statement-{statement.month:%Y-%m}-{statement.currency}.pdf",
    )
