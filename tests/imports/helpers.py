import io
import zipfile

from openpyxl import Workbook

from apps.imports.runner import import_annual_files

MEMBERS_HEADER = "code,name,city,country,region,category,joined_on,left_on"


def members_csv(*rows: str, header: str = MEMBERS_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def members_xlsx(*rows: str) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [MEMBERS_HEADER, *rows]:
        sheet.append(row.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zipped(files: dict[str, bytes]) -> bytes:
    """A zip archive of files, in a folder as a year's archive has them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"2021/{name}", data)
    return buffer.getvalue()


def run(files: dict[str, str | bytes], **options):
    encoded = {
        name: content if isinstance(content, bytes) else content.encode()
        for name, content in files.items()
    }
    return import_annual_files(encoded, **options)


def errors(report) -> list[str]:
    return [str(error) for error in report.errors]
