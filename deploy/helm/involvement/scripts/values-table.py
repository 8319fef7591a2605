#!/usr/bin/env python3
"""Writes the chart README's table of values from values.yaml (defaults) and values.schema.json (meanings).

    python3 deploy/helm/involvement/scripts/values-table.py          # rewrite the table in README.md
    python3 deploy/helm/involvement/scripts/values-table.py --check  # exit 1 if README.md's table is stale
    ... [--values FILE]   read the defaults from FILE instead of the chart's values.yaml

The table sits between the markers <!-- values-table:start --> and <!-- values-table:end --> in README.md; edit
the schema's descriptions (or values.yaml), never the table. Needs Python 3 and PyYAML (Debian: python3-yaml).
"""
import json
import sys
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("values-table.py needs PyYAML: apt-get install python3-yaml (or pip install pyyaml)")

CHART = Path(__file__).resolve().parent.parent
START = "<!-- values-table:start -->"
END = "<!-- values-table:end -->"
SERVICES = ["recruitment", "payments", "training", "reporting"]
MISSING = object()


class Table:
    def __init__(self, schema, values):
        self.schema = schema
        self.values = values
        self.rows = []  # (path, default, meaning)
        self.settings = {}  # service -> settings schema

    def resolve(self, node):
        """Follows $ref; the description beside a $ref (if any) wins over the target's."""
        description = node.get("description")
        while "$ref" in node:
            target = self.schema
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
            description = description or node.get("description")
        return node, description or ""

    def walk(self, node, path, value):
        node, description = self.resolve(node)
        if path.endswith(".settings") and "patternProperties" in node:
            self.settings[path.split(".")[0]] = node
            self.rows.append((path, value, "Environment settings, by variable name, values as strings; "
                                            "see the settings tables below."))
            return
        if node.get("type") == "object" and "properties" in node and value != {}:
            for name, child in node["properties"].items():
                child_value = value.get(name, MISSING) if isinstance(value, dict) else MISSING
                self.walk(child, f"{path}.{name}" if path else name, child_value)
            return
        self.rows.append((path, value, description))

    def settings_rows(self):
        """Shared settings once (every service's settings refer to the same definitions), then each service's own."""
        shared, own = {}, {svc: [] for svc in SERVICES}
        for svc in SERVICES:
            node = self.settings.get(svc)
            if node is None:
                continue
            for name, child in node.get("properties", {}).items():
                target, description = self.resolve(child)
                if "$ref" in child and child["$ref"].startswith("#/definitions/settings/"):
                    shared.setdefault(name, description)
                else:
                    own[svc].append((f"`{name}`", description))
            for pattern, child in node.get("patternProperties", {}).items():
                target, description = self.resolve(child)
                key = f"`{pattern}`"
                if "$ref" in child and child["$ref"].startswith("#/definitions/settings/"):
                    shared.setdefault(key, description)
                else:
                    own[svc].append((key, description))
        shared_rows = [(k if k.startswith("`") else f"`{k}`", d) for k, d in shared.items()]
        return shared_rows, own


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def show(value):
    if value is MISSING:
        return "(unset)"
    if isinstance(value, str):
        return f'`"{value}"`'
    return "`" + json.dumps(value, separators=(", ", ": ")) + "`"


def collapse(rows):
    """Rows the four service blocks share (same meaning, same default once the service's own name is written
    <service>) become one <service>.* row, at the place of the first; the rest (payments.bankDetails) stay."""
    shown = []
    by_suffix = {}
    for path, value, meaning in rows:
        svc, _, suffix = path.partition(".")
        if svc in SERVICES and suffix:
            generic = show(value).replace(f'"{svc}', '"<service>')
            by_suffix.setdefault(suffix, []).append((svc, generic, meaning))
    done = set()
    for path, value, meaning in rows:
        svc, _, suffix = path.partition(".")
        if svc in SERVICES and suffix:
            same = by_suffix[suffix]
            if len(same) == len(SERVICES) and len({(g, m) for _, g, m in same}) == 1:
                if suffix not in done:
                    done.add(suffix)
                    shown.append((f"<service>.{suffix}", same[0][1], meaning))
                continue
        shown.append((path, show(value), meaning))
    return shown


def render(values_path):
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    values = yaml.safe_load(values_path.read_text(encoding="utf-8")) or {}
    table = Table(schema, values)
    table.walk(schema, "", values)
    rows = collapse(table.rows)

    out = [START, "<!-- Generated by scripts/values-table.py from values.yaml and values.schema.json: edit those, then run it. -->", ""]
    out += ["`<service>` stands for each of " + ", ".join(f"`{s}`" for s in SERVICES) + ": their blocks are alike "
            "(`payments` adds `bankDetails`) and so are their defaults, the service's own name aside.", "",
            "| value | default | meaning |", "|---|---|---|"]
    out += [f"| `{cell(p)}` | {cell(d)} | {cell(m)} |" for p, d, m in rows]

    shared, own = table.settings_rows()
    out += ["", "#### Settings every service reads", "",
            "Set under `<service>.settings` (for example `reporting.settings.Outbox__BatchSize: \"200\"`); a key is an "
            "environment variable, a value always a string. Unset keys keep the service's default.", "",
            "| setting | meaning |", "|---|---|"]
    out += [f"| {cell(k)} | {cell(d)} |" for k, d in shared]
    for svc in SERVICES:
        if own[svc]:
            out += ["", f"#### Settings only {svc} reads (`{svc}.settings`)", "", "| setting | meaning |", "|---|---|"]
            out += [f"| {cell(k)} | {cell(d)} |" for k, d in own[svc]]
    out += ["", END]
    return "\n".join(out)


def main(argv):
    check = "--check" in argv
    values_path = CHART / "values.yaml"
    if "--values" in argv:
        values_path = Path(argv[argv.index("--values") + 1])
    readme_path = CHART / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        print(f"{readme_path}: the markers {START} and {END} are missing", file=sys.stderr)
        return 1
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    updated = before + render(values_path) + after
    if check:
        if updated != readme:
            print(f"{readme_path}: the values table is stale; run python3 {Path(__file__).relative_to(CHART.parent.parent.parent)}",
                  file=sys.stderr)
            return 1
        print("values table up to date")
        return 0
    if updated != readme:
        readme_path.write_text(updated, encoding="utf-8")
        print(f"{readme_path}: values table rewritten")
    else:
        print("values table up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
