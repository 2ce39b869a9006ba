"""What generated demo people and places look like (``devtools.bulk``): names,
where creators and businesses are and in what proportions, the languages
creators speak, and the products campaigns sell."""

import numpy as np

from creators.models import Province

FIRST_NAMES = (
    "Siti Ayu Budi Dewi Eko Fajar Gita Hendra Indah Joko Kartika Lestari Made Nur Putri "
    "Rizky Sari Tono Wulan Yusuf Agus Bayu Citra Dimas Fitri Galih Intan Rina Wahyu Yanti"
).split()
LAST_NAMES = (
    "Rahma Santoso Lestari Pratama Wijaya Saputra Hidayat Kusuma Nugroho Siregar Putri "
    "Hakim Purnama Setiawan Wibowo Halim Tanjung Gunawan Sinaga Permana"
).split()
# Where generated creators and businesses are: every province with its main
# cities, and its people in millions (2020 census; the Papua provinces split
# since). Creators are drawn in proportion to people, with Jakarta counted
# three times because creators cluster in the capital: about 60% live on Java.
CITIES = {
    "aceh": ["Banda Aceh"],
    "sumut": ["Medan"],
    "sumbar": ["Padang"],
    "riau": ["Pekanbaru"],
    "kepri": ["Batam"],
    "jambi": ["Jambi"],
    "sumsel": ["Palembang"],
    "babel": ["Pangkalpinang"],
    "bengkulu": ["Bengkulu"],
    "lampung": ["Bandar Lampung"],
    "jakarta": ["Jakarta Selatan", "Jakarta Barat", "Jakarta Timur"],
    "banten": ["Tangerang", "Serang"],
    "jabar": ["Bandung", "Bekasi", "Bogor", "Depok"],
    "jateng": ["Semarang", "Surakarta"],
    "diy": ["Yogyakarta"],
    "jatim": ["Surabaya", "Malang"],
    "bali": ["Denpasar"],
    "ntb": ["Mataram"],
    "ntt": ["Kupang"],
    "kalbar": ["Pontianak"],
    "kalteng": ["Palangka Raya"],
    "kalsel": ["Banjarmasin"],
    "kaltim": ["Balikpapan", "Samarinda"],
    "kaltara": ["Tarakan"],
    "sulut": ["Manado"],
    "gorontalo": ["Gorontalo"],
    "sulteng": ["Palu"],
    "sulbar": ["Mamuju"],
    "sulsel": ["Makassar"],
    "sultra": ["Kendari"],
    "maluku": ["Ambon"],
    "malut": ["Ternate"],
    "papua": ["Jayapura"],
    "pabar": ["Manokwari"],
    "pbd": ["Sorong"],
    "pateng": ["Nabire"],
    "papeg": ["Wamena"],
    "pasel": ["Merauke"],
}
PEOPLE_MILLIONS = {
    "aceh": 5.3, "sumut": 14.8, "sumbar": 5.5, "riau": 6.4, "kepri": 2.1, "jambi": 3.5,
    "sumsel": 8.5, "babel": 1.5, "bengkulu": 2.0, "lampung": 9.0, "jakarta": 10.6,
    "banten": 11.9, "jabar": 48.3, "jateng": 36.5, "diy": 3.7, "jatim": 40.7, "bali": 4.3,
    "ntb": 5.3, "ntt": 5.3, "kalbar": 5.4, "kalteng": 2.7, "kalsel": 4.1, "kaltim": 3.8,
    "kaltara": 0.7, "sulut": 2.6, "gorontalo": 1.2, "sulteng": 3.0, "sulbar": 1.4,
    "sulsel": 9.1, "sultra": 2.6, "maluku": 1.8, "malut": 1.3, "papua": 1.0, "pabar": 0.6,
    "pbd": 0.6, "pateng": 1.4, "papeg": 1.4, "pasel": 0.5,
}  # fmt: skip
PROVINCE_CODES = Province.values  # CITIES and PEOPLE_MILLIONS name each one
CREATOR_PROVINCE_ODDS = np.array(
    [PEOPLE_MILLIONS[code] * (3 if code == "jakarta" else 1) for code in PROVINCE_CODES]
)
CREATOR_PROVINCE_ODDS /= CREATOR_PROVINCE_ODDS.sum()
# Businesses aim campaigns at where people are.
CAMPAIGN_PROVINCE_ODDS = np.array([PEOPLE_MILLIONS[code] for code in PROVINCE_CODES])
CAMPAIGN_PROVINCE_ODDS /= CAMPAIGN_PROVINCE_ODDS.sum()
# Creators in Indonesia who have not recorded their province (profiles from
# before the field, or left empty): the matcher leaves them out of regional campaigns.
NO_PROVINCE_SHARE = 0.05
# How likely a creator is to speak each language, by slug.
LANGUAGE_ODDS = {"id": 0.96, "en": 0.3, "jv": 0.18, "su": 0.1, "ms": 0.04, "ko": 0.01}
PRODUCTS = (
    "Keripik tempe",
    "Kopi susu gula aren",
    "Batik tulis",
    "Sambal bawang",
    "Tas rotan",
    "Skincare herbal",
    "Sepatu kulit",
    "Madu hutan",
    "Kue lapis",
    "Kursus menjahit",
)
