#!/usr/bin/env python3
"""Validate documents against component schemas of the official OBIE v3.1.11 OpenAPI files.

Reads JSON lines on stdin, one document each:

    {"spec": "account-info", "schema": "OBReadAccount6", "document": {...}, "label": "optional name"}

and validates every document against `#/components/schemas/<schema>` of
`<specs>/<spec>-openapi.json` with the openapi-schema-validator package (OpenAPI 3.0 rules,
format checking on). The specs directory defaults to `<repo root>/../shared/specs/obie-v3.1.11`,
where the repo root is this script's parent directory's parent; `--specs DIR` overrides it.

Prints one line per failure (`line N [label] SCHEMA $.json.path: message`) on stdout and a
summary on stderr. Exits 0 when every document passed, 1 when any failed or stdin held none,
2 when the validator package or a spec file is missing.
"""

import argparse
import copy
import json
import os
import re
import sys

SPEC_FILES = {
    "account-info": "account-info-openapi.json",
    "payment-initiation": "payment-initiation-openapi.json",
}

# RFC 3986 absolute URI: scheme ":" then only characters a URI may hold, or %XX escapes.
ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*$")


def default_specs_dir():
    repo_root = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    return os.path.normpath(os.path.join(repo_root, "..", "shared", "specs", "obie-v3.1.11"))


def is_absolute_uri(instance):
    return not isinstance(instance, str) or ABSOLUTE_URI.match(instance) is not None


def make_format_checker(base):
    """The OAS 3.0 format checker, plus an absolute-URI check when jsonschema has none
    (its own needs an optional package, without which `format: uri` would pass anything)."""
    checker = copy.copy(base)
    checker.checkers = dict(base.checkers)
    if "uri" not in checker.checkers:
        checker.checks("uri")(is_absolute_uri)
    return checker


class Validators:
    """One validator per (spec, schema), built on first use."""

    def __init__(self, specs_dir, validator_class, format_checker):
        self.specs_dir = specs_dir
        self.validator_class = validator_class
        self.format_checker = format_checker
        self.specs = {}
        self.validators = {}

    def get(self, spec, schema):
        key = (spec, schema)
        if key not in self.validators:
            if spec not in SPEC_FILES:
                raise LookupError("unknown spec %r (known: %s)" % (spec, ", ".join(sorted(SPEC_FILES))))
            if spec not in self.specs:
                with open(os.path.join(self.specs_dir, SPEC_FILES[spec]), encoding="utf-8") as handle:
                    self.specs[spec] = json.load(handle)
            components = self.specs[spec]["components"]
            if schema not in components.get("schemas", {}):
                raise LookupError("spec %r has no component schema %r" % (spec, schema))
            root = {"$ref": "#/components/schemas/" + schema, "components": components}
            self.validators[key] = self.validator_class(root, format_checker=self.format_checker)
        return self.validators[key]


def shorten(text, limit=300):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", default=default_specs_dir(), help="directory holding the OBIE OpenAPI files")
    args = parser.parse_args()

    try:
        from openapi_schema_validator import OAS30Validator, oas30_format_checker
    except ImportError:
        print("obie-validate: the openapi-schema-validator package is missing; "
              "install it with: pip install openapi-schema-validator", file=sys.stderr)
        return 2

    validators = Validators(args.specs, OAS30Validator, make_format_checker(oas30_format_checker))
    documents = failed = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        documents += 1
        where = "line %d" % number
        try:
            entry = json.loads(line)
            where += " [%s]" % entry["label"] if "label" in entry else ""
            validator = validators.get(entry["spec"], entry["schema"])
            document = entry["document"]
        except OSError as error:
            print("obie-validate: cannot read the spec: %s" % error, file=sys.stderr)
            return 2
        except (ValueError, KeyError, TypeError, LookupError) as error:
            failed += 1
            print("%s: not a validation request: %s" % (where, error))
            continue
        errors = sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
        if errors:
            failed += 1
        for error in errors:
            print("%s %s %s: %s" % (where, entry["schema"], error.json_path, shorten(error.message)))

    print("obie-validate: %d document(s), %d failed" % (documents, failed), file=sys.stderr)
    if documents == 0:
        print("obie-validate: no documents on stdin", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
