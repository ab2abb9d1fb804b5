#!/usr/bin/env python3
"""Record (or check) test/security/django-cases.json on real Django.

    env $(bash scripts/get-django.sh) test/security/record_django.py          # record missing results
    env $(bash scripts/get-django.sh) test/security/record_django.py --check  # check every case

The conformance suite's runner (spec/django_runner.py) does the rendering;
this script only writes the file with ASCII escapes, since some cases hold
lone surrogates, which UTF-8 cannot encode.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "spec"))

import django_runner  # noqa: E402

CASES = HERE / "django-cases.json"


def normalized(message):
    """A message without what depends on the engine's set-up or the run."""
    # The libraries `{% load %}` lists are the engine's, not the case's.
    cut = message.find(" Must be one of:")
    return message if cut < 0 else message[: cut + len(" Must be one of:")]


def check(case):
    got = django_runner.run(case)
    if "output" in case:
        return None if got == ("output", case["output"]) else "expected output %r, got %r" % (case["output"], got[1:])
    if got[0] != "error" or got[1] != case["error"]:
        return "expected %s, got %r" % (case["error"], got[1:])
    if "errorMessage" in case and normalized(case["errorMessage"]) != normalized(got[2]):
        return "expected message %r, got %r" % (case["errorMessage"], got[2])
    return None


def main(argv):
    # Written back as read; rendered as the suite's runner reads numbers.
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    runnable = django_runner.load(CASES)
    if argv and argv[0] == "--check":
        failed = 0
        for case in runnable:
            problem = check(case)
            if problem is not None:
                failed += 1
                print("FAIL %s: %s" % (case["name"], problem))
        print("%d passed, %d failed" % (len(cases) - failed, failed))
        return 1 if failed else 0
    changed = 0
    for case, runnable_case in zip(cases, runnable):
        if "output" in case or "error" in case:
            continue
        got = django_runner.run(runnable_case)
        if got[0] == "output":
            case["output"] = got[1]
        else:
            case["error"] = got[1]
            # A message naming an object's address changes from run to run.
            if " at 0x" not in got[2]:
                case["errorMessage"] = normalized(got[2])
        changed += 1
    # One case a line: a diff shows which cases changed.
    CASES.write_text("[\n" + ",\n".join(json.dumps(c, ensure_ascii=True) for c in cases) + "\n]\n", encoding="utf-8")
    print("recorded %d of %d" % (changed, len(cases)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
