import inspect

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.indicators.registry import registry

TARGET = "apps/indicators/definitions.py"
HEADER = '''"""The indicators' definitions, so that makemessages finds them.

Generated from the docstrings by `python manage.py sync_definitions`; a test
fails when it is out of date. Do not edit by hand.
"""

from django.utils.translation import gettext_noop

DEFINITIONS = [
'''


def render() -> str:
    texts = sorted(
        {
            text
            for item in registry._registry.values()
            if (text := inspect.getdoc(item.compute))
        }
    )
    lines = [HEADER]
    for text in texts:
        lines.append(f"    gettext_noop(\n        {text!r}\n    ),\n")
    lines.append("]\n")
    return "".join(lines)


class Command(BaseCommand):
    help = "Write the indicators' definitions where makemessages finds them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool, **options) -> None:
        from django.conf import settings

        path = settings.BASE_DIR / TARGET
        content = render()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if check:
            if current != content:
                raise CommandError(f"{TARGET} is out of date: run sync_definitions.")
            return
        path.write_text(content, encoding="utf-8")
        self.stdout.write(f"Wrote {TARGET}.")
