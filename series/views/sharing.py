"""What a shared link shows: the Open Graph and Twitter card tags of the pages
fans share (a creator's page, a Series' page)."""

from django.templatetags.static import static
from django.utils.text import Truncator

# 1200×630, the size the apps that preview links (WhatsApp, Facebook, X) ask for.
DEFAULT_SHARE_IMAGE = "img/share-default.png"
DESCRIPTION_LENGTH = 200


def share_tags(request, *, title, description, image_url=None, og_type="website"):
    """The tags' values for the page being served, every address absolute (a
    preview is drawn by another site): ``image_url`` is a path or URL of the
    picture (the site's default image when None)."""
    return {
        "title": title,
        "description": Truncator(" ".join(description.split())).chars(DESCRIPTION_LENGTH),
        "image": request.build_absolute_uri(image_url or static(DEFAULT_SHARE_IMAGE)),
        "url": request.build_absolute_uri(request.path),
        "type": og_type,
    }
