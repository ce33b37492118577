"""Pure-Python normalizers and masks for Korean personal data (no database, no models).

Each normalizer returns the one stored form of a value or raises :class:`InvalidValue`
(:class:`InvalidPhone` for phone numbers) whose ``reason`` can be shown to staff.
"""

from .masking import mask_email, mask_name, mask_phone
from .people import (
    AGE_20S,
    AGE_30S,
    AGE_40S,
    AGE_50S,
    AGE_60S,
    AGE_70_PLUS,
    AGE_BAND_CHOICES,
    AGE_BAND_KOREAN,
    AGE_BANDS,
    AGE_UNDER_20,
    GENDER_CHOICES,
    GENDER_FEMALE,
    GENDER_MALE,
    GENDER_UNSPECIFIED,
    InvalidValue,
    age_band_for_age,
    age_band_for_birth_year,
    normalize_age_band,
    normalize_email,
    normalize_gender,
    normalize_name,
)
from .phone import InvalidPhone, is_mobile, normalize_mobile, phone_digits, phone_last4
from .regions import RegionMatcher, region_key

__all__ = [
    "AGE_20S",
    "AGE_30S",
    "AGE_40S",
    "AGE_50S",
    "AGE_60S",
    "AGE_70_PLUS",
    "AGE_BANDS",
    "AGE_BAND_CHOICES",
    "AGE_BAND_KOREAN",
    "AGE_UNDER_20",
    "GENDER_CHOICES",
    "GENDER_FEMALE",
    "GENDER_MALE",
    "GENDER_UNSPECIFIED",
    "InvalidPhone",
    "InvalidValue",
    "RegionMatcher",
    "age_band_for_age",
    "age_band_for_birth_year",
    "is_mobile",
    "mask_email",
    "mask_name",
    "mask_phone",
    "normalize_age_band",
    "normalize_email",
    "normalize_gender",
    "normalize_mobile",
    "normalize_name",
    "phone_digits",
    "phone_last4",
    "region_key",
]
