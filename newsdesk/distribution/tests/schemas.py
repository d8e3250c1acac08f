"""The schemas every output is checked against, with format checking on
(date-time and uri are checked, not only the shape)."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

FIXTURES = Path(__file__).parent / "fixtures"
NINJS_SCHEMAS = Path(__file__).resolve().parents[3].parent / "shared" / "wire-samples" / "ninjs" / "schema"


@cache
def _validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def jsonfeed_validator() -> Draft202012Validator:
    return _validator(FIXTURES / "jsonfeed-1.1.schema.json")


def ninjs_validator(version: str) -> Draft202012Validator:
    return _validator(NINJS_SCHEMAS / f"ninjs-schema_{version}.json")


def errors(validator: Draft202012Validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]
