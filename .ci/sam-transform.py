"""Runs the AWS SAM transform on infra/template.yaml offline (samtranslator, the library `sam` and CloudFormation
use) and fails on any error, so a template that cfn-lint accepts but SAM cannot expand does not land."""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The template names no managed policies by name, so nothing needs looking up in IAM."""

    def load(self):
        return {}


def packaged(template):
    """What `sam package` does first: a local CodeUri becomes the S3 object it is uploaded to."""
    functions = [template.get("Globals", {}).get("Function", {})]
    functions += [r.get("Properties", {}) for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    for properties in functions:
        uri = properties.get("CodeUri")
        if isinstance(uri, str) and not uri.startswith("s3://"):
            properties["CodeUri"] = "s3://flash-checkout-artifacts/" + os.path.basename(uri)
    return template


def main(path):
    # the transform fills in AWS::Region; any region will do offline
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    with open(path, encoding="utf-8") as f:
        template = packaged(yaml_parse(f.read()))
    try:
        expanded = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print("SAM transform error:", cause.message, file=sys.stderr)
        return 1
    kinds = {}
    for resource in expanded["Resources"].values():
        kinds[resource["Type"]] = kinds.get(resource["Type"], 0) + 1
    print("SAM transform ok: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            json.dump(expanded, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
