from apps.imports.runner import import_annual_files

MEMBERS_HEADER = "code,name,city,country,region,category,joined_on,left_on"


def members_csv(*rows: str, header: str = MEMBERS_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def run(files: dict[str, str | bytes], **options):
    encoded = {
        name: content if isinstance(content, bytes) else content.encode()
        for name, content in files.items()
    }
    return import_annual_files(encoded, **options)


def errors(report) -> list[str]:
    return [str(error) for error in report.errors]
