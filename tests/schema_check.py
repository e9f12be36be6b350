"""Check mentor's JSON Schemas with an independent validator (jsonschema).

usage: schema_check.py SCHEMA_DIR PROGRAMME_DIR... --broken BROKEN_DIR

Every record file of each programme must validate; every file in BROKEN_DIR
(first line "# schema: NAME") must be rejected. Prints "N passed, M failed".
"""
import datetime
import json
import pathlib
import sys
import tomllib

import jsonschema
import yaml


def plain(value):
    """TOML and YAML readers turn dates into date objects; JSON has strings."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def read(path):
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    return plain(data if data is not None else {})


def schema_for(path, root):
    rel = path.relative_to(root).parts
    if rel == ("programme.toml",) or rel == ("programme.yaml",):
        return "programme"
    if rel[0] == "people" and len(rel) == 2:
        return "person"
    if rel[0] == "pairs" and len(rel) == 3:
        return {"pair": "pair", "goals": "goals", "log": "log", "feedback": "feedback"}.get(path.stem)
    return None


def main(argv):
    schema_dir = pathlib.Path(argv[0])
    broken_at = argv.index("--broken")
    programmes = [pathlib.Path(p) for p in argv[1:broken_at]]
    broken = pathlib.Path(argv[broken_at + 1])
    validators = {}
    for f in schema_dir.glob("*.schema.json"):
        schema = json.loads(f.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[f.name.removesuffix(".schema.json")] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()
        )
    passed, failed = 0, 0
    for root in programmes:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".toml", ".yaml", ".yml") or any(p.startswith(".") for p in path.relative_to(root).parts):
                continue
            name = schema_for(path, root)
            if name is None:
                continue
            errors = list(validators[name].iter_errors(read(path)))
            if errors:
                failed += 1
                print(f"FAIL {path}: valid record rejected: {errors[0].message}")
            else:
                passed += 1
    for path in sorted(broken.iterdir()):
        name = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# schema: ").strip()
        if list(validators[name].iter_errors(read(path))):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {path}: broken record accepted by the {name} schema")
    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
