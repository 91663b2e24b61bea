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


def check_samconfig(template, path):
    """Every parameter samconfig.toml overrides is one the template declares."""
    import re
    import tomllib
    with open(path, "rb") as f:
        config = tomllib.load(f)
    declared = set(template.get("Parameters", {}))
    for env, commands in config.items():
        if not isinstance(commands, dict):
            continue
        overrides = commands.get("deploy", {}).get("parameters", {}).get("parameter_overrides", "")
        for name in re.findall(r'(\w+)="', overrides):
            if name not in declared:
                raise SystemExit(f"samconfig.toml [{env}] overrides {name}, which the template does not declare")


def main(path):
    # the transform fills in AWS::Region; any region will do offline
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    with open(path, encoding="utf-8") as f:
        template = packaged(yaml_parse(f.read()))
    samconfig = os.path.join(os.path.dirname(path), "samconfig.toml")
    if os.path.exists(samconfig):
        check_samconfig(template, samconfig)
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
