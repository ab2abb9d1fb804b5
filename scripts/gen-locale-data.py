"""
Generates reinhardt's locale data from the Django package the oracle uses.

    $(bash scripts/get-django.sh) scripts/gen-locale-data.py

For every language Django ships (a folder of django/conf/locale/), writes
src/utils/locale-data/<code>.ts: its formats module (django/conf/locale/<lang>/
formats.py, only what that module itself defines; the runtime falls back from
de-ch to de as Django's get_format does) and the part of its catalog
(LC_MESSAGES/django.mo) that the template layer prints: month and weekday
names, a.m./p.m., timesince units, filesizeformat units, yesno's default,
language names; and all of django.contrib.humanize's catalog
(django/contrib/humanize/locale/<lang>/LC_MESSAGES/django.mo) under
"humanize", with its own Plural-Forms. Also writes src/utils/locale-data/index.ts (the list of
languages and Django's LANG_INFO and LANGUAGES).

The data is Django's, under Django's licence (BSD-3-Clause); see README.md.
"""
import gettext
import importlib
import json
import os
import sys

import django
from django.conf import global_settings
from django.conf.locale import LANG_INFO

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "utils", "locale-data")
LOCALE_DIR = os.path.join(os.path.dirname(django.__file__), "conf", "locale")
HUMANIZE_LOCALE_DIR = os.path.join(os.path.dirname(django.__file__), "contrib", "humanize", "locale")

FORMAT_SETTINGS = [
    "DATE_FORMAT", "TIME_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
    "FIRST_DAY_OF_WEEK", "DATE_INPUT_FORMATS", "TIME_INPUT_FORMATS",
    "DATETIME_INPUT_FORMATS", "DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR",
    "NUMBER_GROUPING",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# gettext msgids (django/utils/dates.py, dateformat.py, timesince.py,
# template/defaultfilters.py).
SINGULAR = (
    MONTHS + WEEKDAYS
    + ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    + ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    + ["a.m.", "p.m.", "AM", "PM", "midnight", "noon", ", "]
    + ["%s KB", "%s MB", "%s GB", "%s TB", "%s PB", "yes,no,maybe"]
)
CONTEXTUAL = (
    [("abbrev. month", m) for m in
     ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]]
    + [("alt. month", m) for m in MONTHS]
)
PLURAL = [
    "%(num)d year", "%(num)d month", "%(num)d week", "%(num)d day",
    "%(num)d hour", "%(num)d minute", "%(size)d byte",
]


def to_language(locale):
    """Django's to_language: de_CH -> de-ch, zh_Hans -> zh-hans."""
    p = locale.find("_")
    return (locale[:p] + "-" + locale[p + 1:]).lower() if p >= 0 else locale.lower()


def read_formats(locale):
    try:
        module = importlib.import_module("django.conf.locale.%s.formats" % locale)
    except ImportError:
        return None
    out = {}
    for name in FORMAT_SETTINGS:
        value = getattr(module, name, None)
        if value is None:
            continue
        out[name] = list(value) if isinstance(value, (list, tuple)) else value
    return out


def read_messages(locale, names):
    path = os.path.join(LOCALE_DIR, locale, "LC_MESSAGES", "django.mo")
    if not os.path.exists(path):
        return None, None
    with open(path, "rb") as f:
        t = gettext.GNUTranslations(f)
    catalog = t._catalog
    plural_forms = None
    header = catalog.get("", "")
    for line in header.splitlines():
        if line.lower().startswith("plural-forms:"):
            plural_forms = line.split(":", 1)[1].strip()
    messages = {}
    for msgid in SINGULAR + names:
        if msgid in catalog:
            messages[msgid] = catalog[msgid]
    for ctx, msgid in CONTEXTUAL:
        key = "%s\x04%s" % (ctx, msgid)
        if key in catalog:
            messages[key] = catalog[key]
    for msgid in PLURAL:
        forms = []
        i = 0
        while (msgid, i) in catalog:
            forms.append(catalog[(msgid, i)])
            i += 1
        if forms:
            messages[msgid] = forms
    return plural_forms, messages


def read_catalog(path):
    """A whole .mo file: its Plural-Forms and every translated message."""
    with open(path, "rb") as f:
        t = gettext.GNUTranslations(f)
    catalog = t._catalog
    plural_forms = None
    for line in catalog.get("", "").splitlines():
        if line.lower().startswith("plural-forms:"):
            plural_forms = line.split(":", 1)[1].strip()
    messages = {}
    plurals = {}
    for key, value in catalog.items():
        if isinstance(key, tuple):
            plurals.setdefault(key[0], {})[key[1]] = value
        elif key:
            messages[key] = value
    for msgid, forms in plurals.items():
        messages[msgid] = [forms[i] for i in range(len(forms))]
    return plural_forms, dict(sorted(messages.items()))


def read_humanize(locale):
    path = os.path.join(HUMANIZE_LOCALE_DIR, locale, "LC_MESSAGES", "django.mo")
    if not os.path.exists(path):
        return None
    plural_forms, messages = read_catalog(path)
    if not messages:
        return None
    return {"pluralForms": plural_forms, "messages": messages}


def write(name, header, value):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(header)
        f.write("export default ")
        f.write(json.dumps(value, ensure_ascii=False, sort_keys=False))
        f.write(";\n")


HEADER = (
    "// Generated by scripts/gen-locale-data.py from Django %s (django/conf/locale/%s, django/contrib/humanize/locale).\n"
    "// Django's data, under Django's licence (BSD-3-Clause). Do not edit.\n"
)
INDEX_HEADER = (
    "// Generated by scripts/gen-locale-data.py from Django %s (django/conf/locale/%s).\n"
    "// Django's data, under Django's licence (BSD-3-Clause). Do not edit.\n"
)


def main():
    os.makedirs(OUT, exist_ok=True)
    names = sorted({info["name"] for info in LANG_INFO.values() if "name" in info}
                   | {name for _, name in global_settings.LANGUAGES})
    version = django.get_version()
    codes = []
    without_catalog = []
    for locale in sorted(os.listdir(LOCALE_DIR)):
        if not os.path.isdir(os.path.join(LOCALE_DIR, locale)) or locale.startswith("_"):
            continue
        code = to_language(locale)
        formats = read_formats(locale)
        plural_forms, messages = read_messages(locale, names)
        data = {"code": code}
        if formats is not None:
            data["formats"] = formats
        if messages is not None:
            data["pluralForms"] = plural_forms
            data["messages"] = messages
        else:
            without_catalog.append(code)
        humanize = read_humanize(locale)
        if humanize is not None:
            data["humanize"] = humanize
        write(code + ".ts", HEADER % (version, locale), data)
        codes.append(code)
    index = {
        "languages": codes,
        "settingsLanguages": [[code, name] for code, name in global_settings.LANGUAGES],
        "languagesBidi": list(global_settings.LANGUAGES_BIDI),
        "langInfo": LANG_INFO,
    }
    with open(os.path.join(OUT, "languages.ts"), "w", encoding="utf-8") as f:
        f.write(INDEX_HEADER % (version, ""))
        f.write("/** The languages Django ships (folders of django/conf/locale), as Django language codes: each has a module <code>.ts here. */\n")
        f.write("export const LANGUAGES_SHIPPED: readonly string[] = %s;\n" % json.dumps(codes))
        f.write("/** Those of them with formats but no catalog (LC_MESSAGES/django.mo). */\n")
        f.write("export const LANGUAGES_WITHOUT_CATALOG: readonly string[] = %s;\n" % json.dumps(without_catalog))
        f.write("/** Django's default LANGUAGES setting: [code, English name]. */\n")
        f.write("export const SETTINGS_LANGUAGES: readonly (readonly [string, string])[] = %s;\n"
                % json.dumps(index["settingsLanguages"], ensure_ascii=False))
        f.write("/** Django's default LANGUAGES_BIDI setting. */\n")
        f.write("export const LANGUAGES_BIDI: readonly string[] = %s;\n" % json.dumps(index["languagesBidi"]))
    with open(os.path.join(OUT, "django.ts"), "w", encoding="utf-8") as f:
        f.write(INDEX_HEADER % (version, "__init__.py and conf/global_settings.py"))
        f.write("/** Django's LANG_INFO (django/conf/locale/__init__.py). */\n")
        f.write("export const LANG_INFO: Readonly<Record<string, LangInfoEntry>> = %s;\n"
                % json.dumps(LANG_INFO, ensure_ascii=False, indent=1))
        f.write("\nexport interface LangInfoEntry {\n  bidi?: boolean;\n  code?: string;\n  name?: string;\n"
                "  name_local?: string;\n  fallback?: readonly string[];\n}\n")
    print("wrote %d languages to %s" % (len(codes), os.path.relpath(OUT, ROOT)), file=sys.stderr)


if __name__ == "__main__":
    main()
