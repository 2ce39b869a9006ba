"""The keys of the cached fragments around a changelist's rows
(templates/admin/cached_rows_change_list.html), computed once in Python from
the view's context: each holds every value its fragment's HTML depends on
besides constants of the site (resolving them as template variables, a dozen
a fragment, cost more than the rest of the fragments' work)."""

from hashlib import sha256

from django.utils import timezone, translation


def _key(*values):
    return sha256(repr(values).encode()).hexdigest()


def fragment_keys(request, context):
    """``{fragment: key}`` for the changelist page of ``context``."""
    cl = context["cl"]
    user = request.user
    get = context.get
    language = translation.get_language()
    action_form = get("action_form")
    choices = None
    if action_form is not None:
        choices = [(value, str(label)) for value, label in action_form.fields["action"].choices]
    page = (language, cl.page_key)
    filters_key = cl.filters_key()
    # The list, whether staff may see it and whether the sidebar is shown.
    where = (language, cl.model_admin.admin_site.name, cl.opts.label)
    sidebar = (bool(get("has_permission")), bool(get("is_nav_sidebar_enabled")))
    titles = (str(get("title")), str(get("subtitle")))
    return {
        # The head, the body's tag (the time zone's offset now) and, outside a
        # popup, the header up to the logout form's CSRF token.
        "frame": _key(
            *where,
            *sidebar,
            *titles,
            bool(get("is_popup")),
            (action_form is not None, get("actions_on_top"), get("actions_on_bottom")),
            get("site_url"),
            (user.get_short_name(), user.get_username(), user.is_anonymous, user.is_active),
            (user.is_staff, user.has_usable_password()),
            int(timezone.localtime().utcoffset().total_seconds()),
        ),
        # The logout button, the breadcrumbs and the sidebar.
        "nav": _key(*where, *sidebar, get("nav_sidebar_key")),
        # The title, the add link and the search form.
        "top": _key(
            *page,
            get("preserved_filters"),
            *titles,
            get("has_add_permission"),
            cl.has_filters,
        ),
        # The actions bar above the rows.
        "actions": _key(
            language,
            choices,
            get("actions_selection_counter"),
            len(cl.result_list),
            cl.result_count,
            str(get("selection_note")),
            str(get("selection_note_all")),
            get("module_name"),
        ),
        # The column headers, and the pagination with the filter panel (None:
        # the panel shows counts of the rows now, and is not cached).
        "page": _key(*page),
        "filters": None if filters_key is None else _key(*page, filters_key),
    }
