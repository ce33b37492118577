"""Korean formats as public offices write them (공문서: 2026. 12. 2., 24-hour time)."""

DATE_FORMAT = "Y. n. j."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y. n. j. H:i"
YEAR_MONTH_FORMAT = "Y. n."
MONTH_DAY_FORMAT = "n. j."
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday, as Korean calendars print it

# What staff and residents type: ISO first (the date pickers write it), then the dotted forms
# of Korean documents ("2014.01.01", "2014. 1. 1."), slashes and eight digits.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%Y.%m.%d",
    "%Y.%m.%d.",
    "%Y. %m. %d.",
    "%Y. %m. %d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y년 %m월 %d일",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M", "%H시 %M분"]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}"
    for date in ("%Y-%m-%d", "%Y.%m.%d", "%Y.%m.%d.", "%Y. %m. %d.", "%Y/%m/%d")
    for time in ("%H:%M:%S", "%H:%M:%S.%f", "%H:%M")
] + DATE_INPUT_FORMATS

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
