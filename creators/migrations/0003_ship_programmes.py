"""Ship the lists staff manage (regions, niches, languages) and two programmes:
Series with the rules of PRODUCT.md and the Creativity Program."""

from django.db import migrations

REGIONS = [
    ("ID", "Indonesia", None),
    ("MY", "Malaysia", None),
    ("SG", "Singapore", None),
    ("PH", "Philippines", None),
    ("TH", "Thailand", None),
    ("VN", "Vietnam", None),
    ("KR", "South Korea", 19),
    ("JP", "Japan", None),
    ("US", "United States", None),
    ("GB", "United Kingdom", None),
    ("DE", "Germany", None),
    ("FR", "France", None),
    ("BR", "Brazil", None),
]
NICHES = [
    ("beauty", "Beauty"),
    ("fashion", "Fashion"),
    ("food", "Food & culinary"),
    ("travel", "Travel"),
    ("gaming", "Gaming"),
    ("education", "Education"),
    ("comedy", "Comedy"),
    ("music", "Music"),
    ("sports", "Sports & fitness"),
    ("technology", "Technology"),
    ("parenting", "Parenting"),
    ("finance", "Business & finance"),
]
LANGUAGES = [
    ("id", "Indonesian"),
    ("en", "English"),
    ("jv", "Javanese"),
    ("su", "Sundanese"),
    ("ms", "Malay"),
    ("ko", "Korean"),
]
PROGRAMMES = [
    {
        "slug": "series",
        "name": "Series",
        "description": (
            "Sell paid collections of up to 80 videos of up to 20 minutes each. "
            "Every application is reviewed by staff."
        ),
        "minimum_age": 18,
        "minimum_followers": 10_000,
        "allows_premium_content_exception": True,
        "minimum_account_age_days": 30,
        "minimum_public_videos": 3,
        "minimum_views": 1_000,
        "figures_window_days": 30,
        "requires_public_account": True,
        "requires_original_content": True,
        "disqualifying_violations": 2,
        "violation_window_days": 90,
        "reapply_cooldown_days": 30,
        "regions": ["ID", "MY", "SG", "PH", "TH", "VN", "KR"],
    },
    {
        "slug": "creativity",
        "name": "Creativity Program",
        "description": "Earn from original videos longer than one minute.",
        "minimum_age": 18,
        "minimum_followers": 10_000,
        "minimum_views": 100_000,
        "figures_window_days": 30,
        "disqualifying_violations": 1,
        "violation_window_days": 90,
        "reapply_cooldown_days": 30,
        "regions": ["ID", "KR", "JP", "US", "GB", "DE", "FR", "BR"],
    },
]


def ship(apps, schema_editor):
    Region = apps.get_model("creators", "Region")
    Niche = apps.get_model("creators", "Niche")
    Language = apps.get_model("creators", "Language")
    Programme = apps.get_model("creators", "Programme")
    for code, name, minimum_age in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "minimum_age": minimum_age}
        )
    for slug, name in NICHES:
        Niche.objects.update_or_create(slug=slug, defaults={"name": name})
    for slug, name in LANGUAGES:
        Language.objects.update_or_create(slug=slug, defaults={"name": name})
    for rules in PROGRAMMES:
        rules = dict(rules)
        regions = rules.pop("regions")
        programme, _ = Programme.objects.update_or_create(slug=rules.pop("slug"), defaults=rules)
        programme.eligible_regions.set(Region.objects.filter(code__in=regions))


def unship(apps, schema_editor):
    Programme = apps.get_model("creators", "Programme")
    Programme.objects.filter(slug__in=[p["slug"] for p in PROGRAMMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("creators", "0002_profile_figures_programmes_applications")]

    operations = [migrations.RunPython(ship, unship)]
