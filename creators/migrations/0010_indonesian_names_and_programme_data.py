"""Fill the Indonesian names of every shipped region, niche, language and
programme; correct the Creativity Program to its real rule (creators in the
United States, videos longer than one minute); ship Effect Creator Rewards.

The rules come from the articles in the product brief's seeds: "Program
Kreativitas ... pengguna di Amerika Serikat ... video asli dengan durasi lebih
dari satu menit" and "Penghargaan Pencipta Efek, yang diberikan kepada pembuat
efek melalui platform pengembangan augmented reality (AR) TikTok". Rows staff
have already named in Indonesian keep their name."""

from django.db import migrations

REGIONS = {
    "ID": "Indonesia",
    "MY": "Malaysia",
    "SG": "Singapura",
    "PH": "Filipina",
    "TH": "Thailand",
    "VN": "Vietnam",
    "KR": "Korea Selatan",
    "JP": "Jepang",
    "US": "Amerika Serikat",
    "GB": "Britania Raya",
    "DE": "Jerman",
    "FR": "Prancis",
    "BR": "Brasil",
}
NICHES = {
    "beauty": "Kecantikan",
    "fashion": "Fesyen",
    "food": "Kuliner",
    "travel": "Perjalanan",
    "gaming": "Gaming",
    "education": "Edukasi",
    "comedy": "Komedi",
    "music": "Musik",
    "sports": "Olahraga & kebugaran",
    "technology": "Teknologi",
    "parenting": "Parenting",
    "finance": "Bisnis & keuangan",
}
LANGUAGES = {
    "id": "Bahasa Indonesia",
    "en": "Bahasa Inggris",
    "jv": "Bahasa Jawa",
    "su": "Bahasa Sunda",
    "ms": "Bahasa Melayu",
    "ko": "Bahasa Korea",
}
PROGRAMME_NAMES = {
    "series": (
        "Series",
        "Jual koleksi berbayar berisi hingga 80 video, masing-masing berdurasi hingga "
        "20 menit. Setiap pendaftaran ditinjau oleh staf.",
    ),
    "creativity": (
        "Program Kreativitas",
        "Untuk kreator di Amerika Serikat: dapatkan penghasilan dari video asli "
        "berdurasi lebih dari satu menit.",
    ),
}
CREATIVITY = {
    "description": (
        "For creators in the United States: earn from original videos longer than one minute."
    ),
    "minimum_video_seconds": 60,
    "requires_original_content": True,
}
CREATIVITY_REGIONS = ["US"]
# What 0003 shipped, put back when this migration is reversed.
CREATIVITY_BEFORE = {
    "description": "Earn from original videos longer than one minute.",
    "minimum_video_seconds": None,
    "requires_original_content": False,
}
CREATIVITY_REGIONS_BEFORE = ["ID", "KR", "JP", "US", "GB", "DE", "FR", "BR"]
EFFECT = {
    "slug": "effect-creator-rewards",
    "name": "Effect Creator Rewards",
    "name_id": "Penghargaan Pencipta Efek",
    "description": (
        "Rewards for creators of augmented-reality (AR) effects published through "
        "TikTok's AR development platform."
    ),
    "description_id": (
        "Penghargaan bagi pembuat efek augmented reality (AR) yang diterbitkan melalui "
        "platform pengembangan AR TikTok."
    ),
    # Not in the articles: every monetisation programme they describe is for
    # adults, so this one is too until staff decide otherwise.
    "minimum_age": 18,
    "is_active": True,
}


def _name(model, key, names):
    for row in model.objects.filter(**{f"{key}__in": names, "name_id": ""}):
        row.name_id = names[getattr(row, key)]
        row.save(update_fields=["name_id"])


def ship(apps, schema_editor):
    Region = apps.get_model("creators", "Region")
    Programme = apps.get_model("creators", "Programme")
    _name(Region, "code", REGIONS)
    _name(apps.get_model("creators", "Niche"), "slug", NICHES)
    _name(apps.get_model("creators", "Language"), "slug", LANGUAGES)
    for slug, (name_id, description_id) in PROGRAMME_NAMES.items():
        Programme.objects.filter(slug=slug, name_id="").update(
            name_id=name_id, description_id=description_id
        )
    creativity = Programme.objects.filter(slug="creativity").first()
    if creativity is not None:
        Programme.objects.filter(pk=creativity.pk).update(**CREATIVITY)
        creativity.eligible_regions.set(Region.objects.filter(code__in=CREATIVITY_REGIONS))
    Programme.objects.get_or_create(slug=EFFECT["slug"], defaults=EFFECT)


def unship(apps, schema_editor):
    Region = apps.get_model("creators", "Region")
    Programme = apps.get_model("creators", "Programme")
    Programme.objects.filter(slug=EFFECT["slug"], applications__isnull=True).delete()
    creativity = Programme.objects.filter(slug="creativity").first()
    if creativity is not None:
        Programme.objects.filter(pk=creativity.pk).update(**CREATIVITY_BEFORE)
        creativity.eligible_regions.set(Region.objects.filter(code__in=CREATIVITY_REGIONS_BEFORE))


class Migration(migrations.Migration):
    dependencies = [("creators", "0009_names_in_both_languages_video_duration_premium_link")]

    operations = [migrations.RunPython(ship, unship)]
