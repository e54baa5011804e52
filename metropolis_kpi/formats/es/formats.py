from metropolis_kpi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]

DATE_FORMAT = r"j \d\e F \d\e Y"  # 1 de junio de 2021
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = r"j \d\e F \d\e Y \a \l\a\s H:i"  # 1 de junio de 2021 a las 14:30
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
# Thousands grouped with a point, as in Spain: 2.150.000.
THOUSAND_SEPARATOR = "."
