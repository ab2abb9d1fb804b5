#!/usr/bin/env python3
"""Render conformance-shaped cases on Django, one JSON case a line on stdin,
one JSON result a line on stdout: ["output", text] or ["error", class, message],
or ["timeout"] when a case runs past its time. The differential fuzzer
(test/fuzz/django.ts) keeps one of these processes for a whole run.

The cases render exactly as the conformance suite's (spec/django_runner.py `run`).
"""

import json
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "spec"))
# Deep templates recurse in Django's parser and renderer: Python's own limit
# gives RecursionError, which the fuzzer compares with reinhardt's limits.
sys.setrecursionlimit(3000)

import django_runner  # noqa: E402

TIMEOUT_SECONDS = 5


class Timeout(BaseException):
    """Not an Exception: django_runner.run must not report it as the template's error."""


def on_alarm(signum, frame):
    raise Timeout()


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    for line in sys.stdin:
        case = json.loads(line, parse_int=django_runner.parse_int, parse_float=django_runner.parse_float)
        signal.setitimer(signal.ITIMER_REAL, TIMEOUT_SECONDS)
        try:
            got = list(django_runner.run(case))
        except Timeout:
            got = ["timeout"]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout.write(json.dumps(got) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
