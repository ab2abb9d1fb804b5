#!/usr/bin/env bash
# Fetches the oracle: real Django 6.1 from Debian's `experimental` suite,
# unpacked into .cache/django (git-ignored). Prints the python command to use.
# Where PyPI is reachable, `pip install 'django>=6.1'` does the same job.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/django"
py="${REINHARDT_PYTHON:-}"
if [ -z "$py" ]; then
  for cand in "$(pyenv root 2>/dev/null)"/versions/3.1[2-9]*/bin/python3 python3.13 python3.12 python3; do
    if [ -x "$cand" ] || command -v "$cand" >/dev/null 2>&1; then
      if "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then py="$cand"; break; fi
    fi
  done
fi
[ -n "$py" ] || { echo "get-django: no Python >= 3.12 found" >&2; exit 1; }

# Already importable (pip-installed or unpacked before)?
if [ -d "$cache/pip/django" ]; then
  echo "PYTHONPATH=$cache/pip $py"; exit 0
fi
if [ -d "$cache/root/usr/lib/python3/dist-packages/django" ]; then
  echo "PYTHONPATH=$cache/root/usr/lib/python3/dist-packages $py"; exit 0
fi
if "$py" -c 'import django, sys; sys.exit(0 if django.VERSION >= (6, 1) else 1)' 2>/dev/null; then
  echo "$py"; exit 0
fi

mkdir -p "$cache/lists/partial" "$cache/archives/partial" "$cache/debs"
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror experimental main" > "$cache/sources.list"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror unstable main" >> "$cache/sources.list"
opts=(-o Dir::Etc::SourceList="$cache/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::State::Lists="$cache/lists" -o Dir::Cache="$cache" -o Debug::NoLocking=1)
if ! apt-get "${opts[@]}" update >&2; then
  # No Debian mirror: PyPI may serve instead.
  if "$py" -m pip install --quiet --target "$cache/pip" 'django>=6.1' >&2; then
    echo "PYTHONPATH=$cache/pip $py"; exit 0
  fi
  echo "get-django: neither Debian's mirror nor PyPI could be reached" >&2
  exit 1
fi
cd "$cache/debs"
for pkg in python3-django python3-asgiref python3-sqlparse; do
  # experimental first (Django 6.1 lives there), else the newest in unstable
  ver=$(apt-cache "${opts[@]}" madison "$pkg" | awk -F'|' '/experimental/ {gsub(/ /,"",$2); print $2; exit}')
  if [ -n "$ver" ]; then apt-get "${opts[@]}" download "$pkg=$ver" >&2; else apt-get "${opts[@]}" download "$pkg" >&2; fi
done
mkdir -p "$cache/root"
for deb in "$cache"/debs/*.deb; do dpkg -x "$deb" "$cache/root"; done
PYTHONPATH="$cache/root/usr/lib/python3/dist-packages" "$py" -c 'import django; print(django.get_version())' >&2
echo "PYTHONPATH=$cache/root/usr/lib/python3/dist-packages $py"
