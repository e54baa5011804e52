"""How dates and numbers are read and written, per language (FORMAT_MODULE_PATH).

Each language's module overrides Django's own (what it leaves out, Django's
gives). Every language reads a date the same way, as the annual CSV files
do: ISO (`2020-06-01`) or day first (`01/06/2020`, `1/6/2020`), never month
first; and shows it one way, in words (`1 June 2021`).
"""

# ISO first: the admin's calendar and its "Today" write dates in the first
# format, and a form shows a date in it, whatever the language.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # %d and %m take "1" as well as "01"
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
]
