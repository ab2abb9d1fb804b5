#!/usr/bin/env python3
"""Run the conformance suite (spec/cases/*.json) against real Django.

    python3 spec/django_runner.py [case files...]          # check, print "N passed, N failed"
    python3 spec/django_runner.py --record [case files...] # fill in cases lacking output/error
    python3 spec/django_runner.py --show 'template' ['{"json": "context"}' ['{"urls": true}']]

Needs Python >= 3.12 and Django >= 6.1 (scripts/get-django.sh finds or fetches it).
The tagged values are documented in spec/README.md; keep spec/values.ts in step.
"""

import contextlib
import datetime
import json
import sys
import tempfile
import types
from pathlib import Path

import django
from django.conf import settings

SPEC = Path(__file__).resolve().parent
# spec/spec_library.py, registered as the library `spec` of every engine.
sys.path.insert(0, str(SPEC))



def compile_catalogs(source, target):
    """spec/locale/<lang>/LC_MESSAGES/django.po -> .mo under target (a tiny msgfmt)."""
    import ast
    import struct

    for po in sorted(source.glob("*/LC_MESSAGES/django.po")):
        entries = {}
        cur = {}
        key = None
        fuzzy = False

        def flush():
            nonlocal cur, fuzzy
            if "msgid" in cur and not fuzzy:
                msgid = cur["msgid"]
                if "msgctxt" in cur:
                    msgid = cur["msgctxt"] + "\x04" + msgid
                if "msgid_plural" in cur:
                    forms = [cur[k] for k in sorted(k for k in cur if k.startswith("msgstr["))]
                    if any(forms):
                        entries[msgid + "\0" + cur["msgid_plural"]] = "\0".join(forms)
                elif cur.get("msgstr") or msgid == "":
                    entries[msgid] = cur.get("msgstr", "")
            cur = {}
            fuzzy = False

        for line in po.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#~"):
                continue
            if line.startswith("#"):
                if line.startswith("#,") and "fuzzy" in line:
                    if cur:
                        flush()
                    fuzzy = True
                continue
            if line.startswith('"'):
                cur[key] += ast.literal_eval(line)
                continue
            word, _, rest = line.partition(" ")
            if word in ("msgctxt", "msgid") and ("msgstr" in cur or "msgstr[0]" in cur):
                keep_fuzzy = fuzzy
                flush()
                fuzzy = keep_fuzzy
            key = word
            cur[key] = ast.literal_eval(rest.strip())
        flush()
        keys = sorted(entries)
        ids = b""
        strs = b""
        offsets = []
        for k in keys:
            kb, vb = k.encode("utf-8"), entries[k].encode("utf-8")
            offsets.append((len(ids), len(kb), len(strs), len(vb)))
            ids += kb + b"\0"
            strs += vb + b"\0"
        start = 7 * 4 + 16 * len(keys)
        koffsets = []
        voffsets = []
        for o1, l1, o2, l2 in offsets:
            koffsets += [l1, o1 + start]
            voffsets += [l2, o2 + start + len(ids)]
        out = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
        out += struct.pack("%di" % len(koffsets), *koffsets) + struct.pack("%di" % len(voffsets), *voffsets)
        out += ids + strs
        dest = Path(target) / po.relative_to(source).with_suffix(".mo")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(out)


# The suite's catalogs (spec/locale), compiled for Django as `compilemessages` would.
LOCALE_DIR = tempfile.mkdtemp(prefix="reinhardt-spec-locale-")
compile_catalogs(SPEC / "locale", LOCALE_DIR)

settings.configure(
    USE_TZ=False,
    TIME_ZONE="UTC",
    LANGUAGE_CODE="en-us",
    USE_I18N=True,
    LOCALE_PATHS=[LOCALE_DIR],
    # reinhardt registers humanize (its catalogs join every translation) and
    # makes static URLs as django.contrib.staticfiles does.
    INSTALLED_APPS=["django.contrib.humanize", "django.contrib.staticfiles"],
    STATIC_URL="/static/",
    # {% cache %}: reinhardt's cases get the same two in-memory stores
    # (spec/spec.test.ts); both are emptied before each case.
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "spec-default"},
        "other": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "spec-other"},
    },
    # The routes of spec/urls.json, for cases with the option "urls": true
    # (reinhardt reverses the same table in spec/urls.ts).
    ROOT_URLCONF="spec_urls",
)
django.setup()

from django.core.cache import caches  # noqa: E402
from django.http import HttpRequest, QueryDict  # noqa: E402
from django.template import Context, Engine, RequestContext  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import path, set_urlconf  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402


def _view(request, *args, **kwargs):
    """The dummy view behind every route: only reversed, never called."""


def _urlconf(module_name, routes):
    module = types.ModuleType(module_name)
    module.urlpatterns = [path(r["route"], _view, name=r["name"]) for r in routes]
    sys.modules[module_name] = module
    return module_name


with open(SPEC / "urls.json", encoding="utf-8") as _f:
    URLCONF = _urlconf("spec_urls", json.load(_f))
# Cases without "urls": true see no routes, as reinhardt without a urlResolver.
NO_URLCONF = _urlconf("spec_no_urls", [])
SAFE_INT = 2**53


class SpecObject:
    """A plain user object: attributes only, as a user's class instance."""


def make_error(name, silent):
    cls = type(name, (Exception,), {"silent_variable_failure": bool(silent)})
    return cls


def decode(value):
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$safe" in value:
        return mark_safe(value["$safe"])
    if "$datetime" in value:
        return datetime.datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return datetime.date.fromisoformat(value["$date"])
    if "$time" in value:
        return datetime.time.fromisoformat(value["$time"])
    if "$object" in value:
        obj = SpecObject()
        for k, v in value["$object"].items():
            setattr(obj, k, decode(v))
        return obj
    if "$callable" in value:
        result = decode(value["$callable"])

        def fn():
            return result

        if value.get("doNotCallInTemplates"):
            fn.do_not_call_in_templates = True
        if value.get("altersData"):
            fn.alters_data = True
        return fn
    if "$callableArgs" in value:
        result = decode(value["$callableArgs"])

        def fn_args(x):
            return result

        return fn_args
    if "$raises" in value:
        cls = make_error(value["$raises"], value.get("silent"))

        def raiser():
            raise cls(value["$raises"])

        return raiser
    if "$map" in value:
        return {decode(k): decode(v) for k, v in value["$map"]}
    if "$int" in value:
        return int(value["$int"])
    return {k: decode(v) for k, v in value.items()}


@contextlib.contextmanager
def fixed_now(text):
    """The clock stopped at `text` (UTC), as Django's humanize tests stop it:
    humanize's, `{% now %}`'s and timesince/timeuntil's `datetime.now()` give
    it (naive: the wall time in TIME_ZONE). reinhardt's side is the engine's
    `now` option."""
    from django.contrib.humanize.templatetags import humanize
    from django.template import defaulttags
    from django.utils import timesince
    from django.utils import timezone as dj_timezone

    instant = datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)

    class AnyDateTime(type):
        # timesince asks isinstance(d, datetime.datetime) of the values it is given.
        def __instancecheck__(cls, value):
            return isinstance(value, datetime.datetime)

    class MockDateTime(datetime.datetime, metaclass=AnyDateTime):
        @classmethod
        def now(cls, tz=None):
            if tz is None:
                return instant.astimezone(dj_timezone.get_default_timezone()).replace(tzinfo=None)
            return instant.astimezone(tz)

    # timesince reads `datetime.datetime` from the module it imported.
    stopped_module = types.ModuleType("datetime")
    stopped_module.__dict__.update(datetime.__dict__)
    stopped_module.datetime = MockDateTime

    old = humanize.datetime, defaulttags.datetime, timesince.datetime
    humanize.datetime = defaulttags.datetime = MockDateTime
    timesince.datetime = stopped_module
    try:
        yield
    finally:
        humanize.datetime, defaulttags.datetime, timesince.datetime = old


def parse_int(text):
    n = int(text)
    return n if abs(n) < SAFE_INT else float(text)


def parse_float(text):
    x = float(text)
    if x.is_integer() and abs(x) < SAFE_INT:
        return int(x)
    return x


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_int=parse_int, parse_float=parse_float)


def templates_of(case):
    if "templates" in case:
        return case["templates"]
    return {"index.html": case["template"]}


def run(case):
    """Return ("output", text) or ("error", class name, message)."""
    opts = case.get("options", {})
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates_of(case))],
        autoescape=opts.get("autoescape", True),
        string_if_invalid=opts.get("stringIfInvalid", ""),
        debug=opts.get("debug", False),
        # The suite's custom library, `{% load spec %}` (spec/specLibrary.ts for reinhardt),
        # and Django's bundled libraries that reinhardt registers by default.
        libraries={
            "spec": "spec_library",
            "i18n": "django.templatetags.i18n",
            "l10n": "django.templatetags.l10n",
            "static": "django.templatetags.static",
            "cache": "django.templatetags.cache",
            "tz": "django.templatetags.tz",
            "humanize": "django.contrib.humanize.templatetags.humanize",
        },
    )
    context = decode(case.get("context", {}))
    set_urlconf(URLCONF if opts.get("urls") else NO_URLCONF)
    # "language": the render's language (translation.override); "settings":
    # Django settings for the render (reinhardt: engine options in camelCase).
    lang = opts.get("language")
    stack = contextlib.ExitStack()
    for cache in caches.all(initialized_only=True):
        cache.clear()
    if opts.get("settings"):
        stack.enter_context(override_settings(**opts["settings"]))
    if "staticManifest" in opts:
        # ManifestStaticFilesStorage reading the case's staticfiles.json.
        root = tempfile.mkdtemp(prefix="reinhardt-spec-static-")
        with open(Path(root) / "staticfiles.json", "w", encoding="utf-8") as f:
            json.dump(opts["staticManifest"], f)
        stack.enter_context(override_settings(
            STATIC_ROOT=root,
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
            },
        ))
    if "now" in opts:
        stack.enter_context(fixed_now(opts["now"]))
    if lang is not None:
        stack.enter_context(translation.override(lang))
    try:
        if "request" in opts:
            # Rendering for a request, as a view would: context.request is set.
            request = HttpRequest()
            request.GET = QueryDict(opts["request"].get("GET", ""))
            template = engine.get_template(case.get("entry", "index.html"))
            out = template.render(RequestContext(request, context, autoescape=engine.autoescape))
        else:
            out = engine.render_to_string(case.get("entry", "index.html"), context)
    except Exception as e:  # noqa: BLE001 - the class is what the case checks
        return ("error", type(e).__name__, str(e))
    finally:
        stack.close()
        set_urlconf(None)
    return ("output", str(out))


def error_matches(expected, err_type_name):
    return expected == err_type_name


def check(case):
    got = run(case)
    if "output" in case:
        if got[0] == "output" and got[1] == case["output"]:
            return None
        return "expected output %r, got %r" % (case["output"], got[1:])
    if "error" in case:
        if got[0] != "error" or not error_matches(case["error"], got[1]):
            return "expected %s, got %r" % (case["error"], got[1:])
        if "errorMessage" in case and case["errorMessage"] != got[2]:
            return "expected message %r, got %r" % (case["errorMessage"], got[2])
        return None
    return "case has neither output nor error"


def version_ok(case):
    need = case.get("minDjango")
    if not need:
        return True
    return django.VERSION[:2] >= tuple(int(p) for p in need.split(".")[:2])


def case_files(args):
    return [Path(a) for a in args] or sorted((SPEC / "cases").glob("*.json"))


def record(files):
    for path in files:
        cases = load(path)
        changed = 0
        for case in cases:
            if "output" in case or "error" in case:
                continue
            got = run(case)
            if got[0] == "output":
                case["output"] = got[1]
            else:
                case["error"] = got[1]
                case["errorMessage"] = got[2]
            changed += 1
        with open(path, "w", encoding="utf-8") as f:
            json.dump(cases, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print("%s: recorded %d" % (path, changed))


def main(argv):
    if argv and argv[0] == "--show":
        context = json.loads(argv[2], parse_int=parse_int, parse_float=parse_float) if len(argv) > 2 else {}
        case = {"template": argv[1], "context": context}
        if len(argv) > 3:
            case["options"] = json.loads(argv[3])
        print(repr(run(case)))
        return 0
    if argv and argv[0] == "--record":
        record(case_files(argv[1:]))
        return 0
    passed = failed = 0
    names = set()
    for path in case_files(argv):
        for case in load(path):
            name = case.get("name", "?")
            if name in names:
                print("DUPLICATE NAME %s in %s" % (name, path.name))
                failed += 1
                continue
            names.add(name)
            if not version_ok(case):
                continue
            problem = check(case)
            if problem is None:
                passed += 1
            else:
                failed += 1
                print("FAIL %s (%s): %s" % (name, path.name, problem))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
