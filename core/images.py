"""Profile photos: check an upload is a real image of a sane size, then shrink it."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Larger than any phone camera's photo; 50 MP in RGB is 150 MB once decoded.
MAX_SOURCE_PIXELS = 50_000_000


def normalise_photo(upload):
    """A JPEG no larger than ``CREATORS_PHOTO_MAX_PIXELS`` on its longest side,
    with EXIF orientation applied and metadata (location…) stripped.

    Raises ``ValidationError`` for files that are too large or not images.
    """
    limit = settings.CREATORS_PHOTO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The photo is too large: the limit is %(megabytes)s MB.")
            % {"megabytes": limit // (1024 * 1024)},
            code="too_large",
        )
    try:
        with Image.open(upload) as image:
            # Pillow only warns up to twice MAX_IMAGE_PIXELS; a small file that
            # decodes to a huge image (a decompression bomb) is refused here.
            if image.width * image.height > MAX_SOURCE_PIXELS:
                raise ValidationError(
                    _("The photo is too large: at most %(megapixels)s megapixels.")
                    % {"megapixels": MAX_SOURCE_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            image = ImageOps.exif_transpose(image).convert("RGB")
            box = settings.CREATORS_PHOTO_MAX_PIXELS
            image.thumbnail((box, box))
            output = BytesIO()
            image.save(output, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("Upload a photo in JPEG, PNG or WebP format."), code="invalid_image"
        ) from error
    return SimpleUploadedFile("photo.jpg", output.getvalue(), content_type="image/jpeg")
