#!/usr/bin/env python3
"""Generate an operation catalog (JSON) from an OpenAPI 3.x spec (JSON or YAML).

Usage:
    python3 Providers/generate-catalog.py SPEC_PATH            > OUT.json
    python3 Providers/generate-catalog.py SPEC_PATH -o OUT.json

The catalog is data only (no summaries or descriptions). Output is
deterministic: operations and parameters keep spec order, maps whose order
carries no meaning (security schemes, body fields, required fields) are
sorted, example bodies are reproduced verbatim, 2-space indent, trailing
newline. Problems found in the spec (unresolvable or cyclic $refs, undeclared
path parameters, duplicate keys) are reported on stderr and, for $refs, also
listed under "unresolvedRefs" in the catalog.
"""

import argparse
import collections
import json
import os
import re
import sys

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PARAM_LOCATIONS = ("query", "path", "header", "cookie")
SCALAR_TYPES = ("string", "integer", "number", "boolean", "array", "object")

WARNINGS = []


def warn(msg):
    if msg not in WARNINGS:
        WARNINGS.append(msg)


# --------------------------------------------------------------------------
# Loading (with duplicate-key detection)
# --------------------------------------------------------------------------

def _json_pairs_hook(pairs):
    counts = collections.Counter(k for k, _ in pairs)
    for key, n in counts.items():
        if n > 1:
            warn("duplicate JSON key %r (last one wins)" % key)
    return dict(pairs)


def load_spec(path):
    with open(path, "r", encoding="utf-8") as fh:
        text = fh.read()
    stripped = text.lstrip()
    if path.lower().endswith(".json") or stripped.startswith("{"):
        try:
            return json.loads(text, object_pairs_hook=_json_pairs_hook)
        except ValueError:
            if path.lower().endswith(".json"):
                raise
    import yaml  # PyYAML

    class DupCheckLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        keys = [str(loader.construct_object(k, deep=deep)) for k, _ in node.value]
        for key, n in collections.Counter(keys).items():
            if n > 1:
                warn("duplicate YAML key %r at line %d (last one wins)"
                     % (key, node.start_mark.line + 1))
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    DupCheckLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    # Keep timestamps (e.g. 2026-01-29T12:00:00.000Z) as the literal strings
    # written in the spec instead of converting them to datetime objects.
    DupCheckLoader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(text, Loader=DupCheckLoader)


def to_json_value(value):
    """YAML may produce dates/datetimes etc.; turn them into JSON values."""
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------
# $ref resolution
# --------------------------------------------------------------------------

class Resolver:
    def __init__(self, spec):
        self.spec = spec
        self.unresolved = set()

    def lookup(self, ref):
        if not isinstance(ref, str) or not ref.startswith("#/"):
            self.unresolved.add(str(ref))
            warn("unsupported/external $ref %r" % (ref,))
            return None
        node = self.spec
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                self.unresolved.add(ref)
                warn("unresolvable $ref %r" % ref)
                return None
        return node

    def deref(self, node, stack=()):
        """Follow a chain of $refs on `node` (not its children).

        Sibling keys next to $ref (allowed in OpenAPI 3.1) override the target.
        Returns (resolved_node, stack_of_refs_followed). Cycles and broken
        refs resolve to {}.
        """
        stack = tuple(stack)
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in stack:
                warn("cyclic $ref %r (via %s)" % (ref, " -> ".join(stack)))
                return {}, stack
            target = self.lookup(ref)
            stack = stack + (ref,)
            if target is None:
                return {}, stack
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if siblings and isinstance(target, dict):
                merged = dict(target)
                merged.update(siblings)
                # Avoid re-following the same $ref if the target itself is a ref.
                node = merged
            else:
                node = target
        return node, stack


# --------------------------------------------------------------------------
# Schema helpers
# --------------------------------------------------------------------------

def schema_type(resolver, schema, stack=()):
    schema, stack = resolver.deref(schema, stack)
    if not isinstance(schema, dict):
        return "any"
    t = schema.get("type")
    if isinstance(t, list):  # OpenAPI 3.1: ["string", "null"]
        non_null = [x for x in t if x != "null"]
        t = non_null[0] if non_null else None
    if isinstance(t, str) and t in SCALAR_TYPES:
        return t
    for key in ("allOf", "oneOf", "anyOf"):
        subs = schema.get(key)
        if isinstance(subs, list):
            types = []
            for sub in subs:
                st = schema_type(resolver, sub, stack)
                if st not in ("any", "null") and st not in types:
                    types.append(st)
            if len(types) == 1:
                return types[0]
            if len(types) > 1:
                return "object" if all(x == "object" for x in types) else "any"
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    if "enum" in schema and schema["enum"]:
        vals = [v for v in schema["enum"] if v is not None]
        if vals and all(isinstance(v, str) for v in vals):
            return "string"
    if "const" in schema and isinstance(schema["const"], str):
        return "string"
    return "any"


def flatten_object(resolver, schema, stack=()):
    """Return (fields: OrderedDict name->type, required: set, variants: int|None)."""
    schema, stack = resolver.deref(schema, stack)
    fields = collections.OrderedDict()
    required = set()
    variants = None
    if not isinstance(schema, dict):
        return fields, required, variants

    props = schema.get("properties")
    if isinstance(props, dict):
        for name, prop in props.items():
            # Fresh stack: a property may legitimately point back at an
            # enclosing schema; schema_type only recurses via composition.
            fields[str(name)] = schema_type(resolver, prop)
    req = schema.get("required")
    if isinstance(req, list):
        required.update(str(r) for r in req)

    for sub in schema.get("allOf") or []:
        sub_fields, sub_req, sub_var = flatten_object(resolver, sub, stack)
        for name, t in sub_fields.items():
            fields.setdefault(name, t)
        required |= sub_req
        if sub_var:
            variants = (variants or 1) * sub_var

    for key in ("oneOf", "anyOf"):
        subs = schema.get(key)
        if not isinstance(subs, list) or not subs:
            continue
        common = None
        for sub in subs:
            sub_fields, sub_req, _ = flatten_object(resolver, sub, stack)
            for name, t in sub_fields.items():
                fields.setdefault(name, t)
            common = set(sub_req) if common is None else (common & sub_req)
        required |= common or set()
        variants = (variants or 1) * len(subs)

    return fields, required, variants


# --------------------------------------------------------------------------
# Catalog pieces
# --------------------------------------------------------------------------

def summarize_security(resolver, spec):
    schemes = ((spec.get("components") or {}).get("securitySchemes")) or {}
    out = {}
    for name in sorted(schemes):
        scheme, _ = resolver.deref(schemes[name])
        entry = {}
        for key in ("type", "in", "name", "scheme"):
            if isinstance(scheme, dict) and key in scheme:
                entry[key] = scheme[key]
        out[str(name)] = entry
    return out


def security_requirements(reqs):
    """[{A: []}, {B: [], C: []}] -> [["A"], ["B", "C"]] (alternatives of AND-sets)."""
    if not isinstance(reqs, list):
        return None
    return [sorted(str(k) for k in (r or {})) for r in reqs]


def build_parameters(resolver, path_params, op_params, where):
    merged = collections.OrderedDict()
    for source in (path_params or [], op_params or []):
        for raw in source:
            param, _ = resolver.deref(raw)
            if not isinstance(param, dict) or "name" not in param:
                warn("%s: malformed parameter %r" % (where, raw))
                continue
            loc = param.get("in")
            if loc not in PARAM_LOCATIONS:
                warn("%s: parameter %r has unknown location %r" % (where, param.get("name"), loc))
            key = (param["name"], loc)
            if key in merged:
                del merged[key]  # operation-level overrides path-level
            merged[key] = param
    out = []
    for (name, loc), param in merged.items():
        schema = param.get("schema")
        if schema is None and isinstance(param.get("content"), dict) and param["content"]:
            schema = next(iter(param["content"].values())).get("schema")
        entry = collections.OrderedDict()
        entry["name"] = name
        entry["in"] = loc
        entry["required"] = bool(param.get("required", loc == "path"))
        entry["type"] = schema_type(resolver, schema) if schema is not None else "any"
        resolved_schema, _ = resolver.deref(schema) if schema is not None else ({}, ())
        if isinstance(resolved_schema, dict) and "enum" in resolved_schema:
            entry["enum"] = to_json_value(resolved_schema["enum"])
        out.append(entry)
    return out


def pick_body_schema(content):
    """Prefer a JSON media type with a schema, else the first with a schema."""
    candidates = [(ct, mt) for ct, mt in content.items() if isinstance(mt, dict) and "schema" in mt]
    for ct, mt in candidates:
        if "json" in ct.lower():
            return mt["schema"]
    return candidates[0][1]["schema"] if candidates else None


def build_body(resolver, raw_body, where):
    if raw_body is None:
        return None
    body, _ = resolver.deref(raw_body)
    if not isinstance(body, dict):
        warn("%s: malformed requestBody" % where)
        return None
    content = body.get("content") or {}
    out = collections.OrderedDict()
    out["contentTypes"] = [str(ct) for ct in content]
    out["required"] = bool(body.get("required", False))
    schema = pick_body_schema(content)
    fields, required, variants = (flatten_object(resolver, schema)
                                  if schema is not None else ({}, set(), None))
    out["requiredFields"] = sorted(required)
    out["fields"] = {name: fields[name] for name in sorted(fields)}
    if schema is not None and not fields:
        out["schemaType"] = schema_type(resolver, schema)
    if variants:
        out["variants"] = variants
    return out


XML_START = re.compile(r"^<(\?xml|[A-Za-z_][\w.-]*[\s/>])")


def body_format(value):
    """Classify an example body by its actual shape (the declared media type
    is not always truthful)."""
    if not isinstance(value, str):
        return "json"
    s = value.lstrip()
    low = s[:200].lower()
    if low.startswith("<!doctype html") or low.startswith("<html"):
        return "html"
    if XML_START.match(s):
        return "xml"
    if s[:1] in "{[":
        try:
            json.loads(s)
            return "json"
        except ValueError:
            pass
    return "text"


def media_examples(resolver, content_type, media):
    out = []

    def add(value, name=None):
        ex = collections.OrderedDict()
        ex["contentType"] = content_type
        if name is not None:
            ex["name"] = str(name)
        ex["body"] = to_json_value(value)
        ex["bodyFormat"] = body_format(ex["body"])
        out.append(ex)

    if "example" in media:
        add(media["example"])
    examples = media.get("examples")
    if isinstance(examples, dict):
        for name, raw in examples.items():
            example, _ = resolver.deref(raw)
            if isinstance(example, dict) and "value" in example:
                add(example["value"], name)
            elif isinstance(example, dict) and "externalValue" in example:
                ex = collections.OrderedDict()
                ex["contentType"] = content_type
                ex["name"] = str(name)
                ex["externalValue"] = example["externalValue"]
                out.append(ex)
    if not out and "schema" in media:
        schema, _ = resolver.deref(media["schema"])
        if isinstance(schema, dict):
            if "example" in schema:
                add(schema["example"])
            elif isinstance(schema.get("examples"), list):  # JSON Schema / 3.1 style
                for value in schema["examples"]:
                    add(value)
    return out


def status_sort_key(status):
    s = str(status)
    if s.isdigit():
        return (0, s)
    if re.fullmatch(r"[1-5]XX", s, re.I):
        return (1, s.upper())
    return (2, s)


SCHEMA_KEYS = ("type", "format", "nullable", "enum", "required", "minimum", "maximum", "minItems", "maxItems",
               "minLength", "maxLength", "pattern")


def prune_schema(resolver, schema, stack=()):
    """A response schema as data: $refs resolved (a cycle becomes {}), prose and examples dropped.

    Keeps what a validator needs: type, format, nullable, enum, required, bounds, properties,
    items, additionalProperties and allOf/oneOf/anyOf.
    """
    schema, stack = resolver.deref(schema, stack)
    if not isinstance(schema, dict):
        return {}
    out = collections.OrderedDict()
    for key in SCHEMA_KEYS:
        if key in schema:
            out[key] = to_json_value(schema[key])
    props = schema.get("properties")
    if isinstance(props, dict):
        out["properties"] = collections.OrderedDict(
            (str(name), prune_schema(resolver, sub, stack)) for name, sub in props.items())
    if "items" in schema:
        out["items"] = prune_schema(resolver, schema["items"], stack)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        out["additionalProperties"] = prune_schema(resolver, extra, stack)
    elif isinstance(extra, bool):
        out["additionalProperties"] = extra
    for key in ("allOf", "oneOf", "anyOf"):
        if isinstance(schema.get(key), list):
            out[key] = [prune_schema(resolver, sub, stack) for sub in schema[key]]
    return out


def response_schema(resolver, content):
    """The schema of the JSON media type (else the first with one), pruned; None without one."""
    raw = pick_body_schema(content)
    return prune_schema(resolver, raw) if raw is not None else None


def build_responses(resolver, responses, where):
    out = []
    if not isinstance(responses, dict):
        warn("%s: no responses object" % where)
        return out
    for status in sorted(responses, key=status_sort_key):
        resp, _ = resolver.deref(responses[status])
        if not isinstance(resp, dict):
            warn("%s: malformed response %s" % (where, status))
            resp = {}
        content = resp.get("content") or {}
        entry = collections.OrderedDict()
        entry["status"] = str(status)
        entry["contentTypes"] = [str(ct) for ct in content]
        examples = []
        for ct, media in content.items():
            if isinstance(media, dict):
                examples.extend(media_examples(resolver, str(ct), media))
        entry["examples"] = examples
        schema = response_schema(resolver, {str(k): v for k, v in content.items()})
        if schema is not None:
            entry["schema"] = schema
        out.append(entry)
    return out


def slug(path):
    return re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "root"


def build_catalog(spec, source_name):
    version = str(spec.get("openapi") or "")
    if not version.startswith("3"):
        warn("spec is not OpenAPI 3.x (openapi=%r); output may be incomplete"
             % (spec.get("openapi") or spec.get("swagger")))
    resolver = Resolver(spec)
    info = spec.get("info") or {}
    catalog = collections.OrderedDict()
    catalog["source"] = source_name
    catalog["title"] = str(info.get("title", ""))
    catalog["version"] = str(info.get("version", ""))
    catalog["security"] = summarize_security(resolver, spec)
    global_reqs = security_requirements(spec.get("security"))
    if global_reqs is not None:
        catalog["securityRequirements"] = global_reqs

    operations = []
    used_ids = collections.Counter()
    for path, raw_item in (spec.get("paths") or {}).items():
        item, _ = resolver.deref(raw_item)
        if not isinstance(item, dict):
            warn("path %s: malformed path item" % path)
            continue
        path_params = item.get("parameters")
        for method in item:
            if method not in HTTP_METHODS:
                continue
            op = item[method]
            if not isinstance(op, dict):
                continue
            where = "%s %s" % (method.upper(), path)
            entry = collections.OrderedDict()
            op_id = op.get("operationId")
            if op_id:
                entry["operationId"] = str(op_id)
                if used_ids[op_id]:
                    warn("%s: duplicate operationId %r" % (where, op_id))
            else:
                op_id = "%s_%s" % (method.upper(), slug(path))
                base, n = op_id, 2
                while used_ids[op_id]:
                    op_id = "%s_%d" % (base, n)
                    n += 1
                entry["operationId"] = op_id
                entry["synthesizedId"] = True
            used_ids[op_id] += 1
            entry["method"] = method.upper()
            entry["path"] = str(path)
            params = build_parameters(resolver, path_params, op.get("parameters"), where)
            entry["parameters"] = params
            declared = {p["name"] for p in params if p["in"] == "path"}
            for name in re.findall(r"\{([^}]+)\}", str(path)):
                if name not in declared:
                    other = [p["in"] for p in params if p["name"] == name]
                    warn("%s: template parameter {%s} not declared in=path%s"
                         % (where, name, " (declared in=%s)" % "/".join(other) if other else ""))
            if "security" in op:
                entry["security"] = security_requirements(op["security"])
            entry["body"] = build_body(resolver, op.get("requestBody"), where)
            entry["responses"] = build_responses(resolver, op.get("responses"), where)
            operations.append(entry)
    catalog["operations"] = operations
    if resolver.unresolved:
        catalog["unresolvedRefs"] = sorted(resolver.unresolved)
    return catalog


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("spec", help="OpenAPI spec (JSON or YAML)")
    parser.add_argument("-o", "--output", help="write catalog here instead of stdout")
    args = parser.parse_args(argv)

    spec = load_spec(args.spec)
    if not isinstance(spec, dict):
        sys.exit("error: %s is not an OpenAPI document" % args.spec)
    catalog = build_catalog(spec, os.path.basename(args.spec))
    text = json.dumps(catalog, indent=2, ensure_ascii=False) + "\n"
    data = text.encode("utf-8")
    if args.output:
        with open(args.output, "wb") as fh:
            fh.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    for msg in WARNINGS:
        print("warning: %s" % msg, file=sys.stderr)


if __name__ == "__main__":
    main()
