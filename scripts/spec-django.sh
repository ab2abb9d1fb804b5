#!/usr/bin/env bash
# Runs the conformance suite (or --record/--show, see spec/django_runner.py)
# against real Django, fetching the oracle first if needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=$(bash "$root/scripts/get-django.sh")
exec env $py "$root/spec/django_runner.py" "$@"
