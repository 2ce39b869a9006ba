"""Where creators live: countries (regions) and Indonesia's provinces."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from creators.models.names import NamedInBothLanguages


class Region(NamedInBothLanguages):
    """A country creators live in. Programmes list the regions they are open to;
    a region may raise the minimum age of every programme (South Korea: 19)."""

    # The one country whose creators also name their province (``Province``).
    INDONESIA = "ID"

    code = models.CharField(_("country code"), max_length=2, unique=True)
    name = models.CharField(_("name in English"), max_length=80)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age in this region"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the programme's minimum age applies."),
    )

    class Meta(NamedInBothLanguages.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(models.TextChoices):
    """Indonesia's provinces: where a creator or a business is, and whom a campaign
    reaches. Proper names, the same in every language."""

    ACEH = "aceh", "Aceh"
    SUMATERA_UTARA = "sumut", "Sumatera Utara"
    SUMATERA_BARAT = "sumbar", "Sumatera Barat"
    RIAU = "riau", "Riau"
    KEPULAUAN_RIAU = "kepri", "Kepulauan Riau"
    JAMBI = "jambi", "Jambi"
    SUMATERA_SELATAN = "sumsel", "Sumatera Selatan"
    BANGKA_BELITUNG = "babel", "Kepulauan Bangka Belitung"
    BENGKULU = "bengkulu", "Bengkulu"
    LAMPUNG = "lampung", "Lampung"
    DKI_JAKARTA = "jakarta", "DKI Jakarta"
    BANTEN = "banten", "Banten"
    JAWA_BARAT = "jabar", "Jawa Barat"
    JAWA_TENGAH = "jateng", "Jawa Tengah"
    DI_YOGYAKARTA = "diy", "DI Yogyakarta"
    JAWA_TIMUR = "jatim", "Jawa Timur"
    BALI = "bali", "Bali"
    NTB = "ntb", "Nusa Tenggara Barat"
    NTT = "ntt", "Nusa Tenggara Timur"
    KALIMANTAN_BARAT = "kalbar", "Kalimantan Barat"
    KALIMANTAN_TENGAH = "kalteng", "Kalimantan Tengah"
    KALIMANTAN_SELATAN = "kalsel", "Kalimantan Selatan"
    KALIMANTAN_TIMUR = "kaltim", "Kalimantan Timur"
    KALIMANTAN_UTARA = "kaltara", "Kalimantan Utara"
    SULAWESI_UTARA = "sulut", "Sulawesi Utara"
    GORONTALO = "gorontalo", "Gorontalo"
    SULAWESI_TENGAH = "sulteng", "Sulawesi Tengah"
    SULAWESI_BARAT = "sulbar", "Sulawesi Barat"
    SULAWESI_SELATAN = "sulsel", "Sulawesi Selatan"
    SULAWESI_TENGGARA = "sultra", "Sulawesi Tenggara"
    MALUKU = "maluku", "Maluku"
    MALUKU_UTARA = "malut", "Maluku Utara"
    PAPUA = "papua", "Papua"
    PAPUA_BARAT = "pabar", "Papua Barat"
    PAPUA_BARAT_DAYA = "pbd", "Papua Barat Daya"
    PAPUA_TENGAH = "pateng", "Papua Tengah"
    PAPUA_PEGUNUNGAN = "papeg", "Papua Pegunungan"
    PAPUA_SELATAN = "pasel", "Papua Selatan"
