"""
Turns Django's own template tests into conformance cases.

    env $(bash scripts/get-django.sh) scripts/harvest-django-tests.py <django checkout>/tests
    env $(bash scripts/get-django.sh) spec/django_runner.py --record spec/cases/django_*.json

<django checkout> is a checkout of Django's repository (its tests are not in
the Debian package); the cases in spec/cases/django_*.json were harvested
from commit ac2d907f45 of its main branch (the fork FarhanAliRaza/django).

Runs the test methods of tests/template_tests (syntax_tests, their i18n
folder, filter_tests), tests/humanize_tests, tests/i18n and four of
utils_tests (the utilities filters call, watched as their filters)
on real Django with Engine.render_to_string and Engine.get_template watched:
each render (its engine's templates and options, the template it renders and
its context) becomes a case of spec/cases/django_<module>.json when every
value of its context has a tagged form (spec/README.md) and its templates load
only the libraries both runners have. The cases carry no output: record it
with `spec/django_runner.py --record`, so that what is kept is what the
suite's own Django runner prints, not what this script saw. A test's direct
call of a filter function (`floatformat(7.7, 2)`) becomes the template
`{{ value|floatformat:arg }}` with those values.

What the tests assert is not looked at: a test is run for the renders it
makes, and one that fails here (it needs settings or objects this script does
not give) contributes what it rendered before it failed.
"""

import datetime
import importlib
import json
import re
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(TESTS))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    USE_TZ=False,
    TIME_ZONE="UTC",
    LANGUAGE_CODE="en-us",
    USE_I18N=True,
    INSTALLED_APPS=["django.contrib.humanize", "django.contrib.staticfiles", "i18n"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
    STATIC_URL="/static/",
    ROOT_URLCONF="template_tests.urls",
)
django.setup()

from django.template import engine as engine_module  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.template.engine import Engine  # noqa: E402
from django.template.library import Library  # noqa: E402
from django.utils.functional import Promise  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from django.utils.safestring import SafeData  # noqa: E402

# Settings the tests override that a case can carry (options.settings).
SETTINGS = ["USE_TZ", "TIME_ZONE", "USE_THOUSAND_SEPARATOR", "NUMBER_GROUPING", "DECIMAL_SEPARATOR",
            "THOUSAND_SEPARATOR", "DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "SHORT_DATE_FORMAT",
            "SHORT_DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "LANGUAGE_CODE"]
DEFAULTS = {name: getattr(settings, name) for name in SETTINGS}

# The libraries both runners have: Django's own, and spec/django_runner.py's.
LIBRARIES = {"i18n", "l10n", "static", "cache", "tz", "humanize"}
SAFE_INT = 2**53
NOW_TAG = re.compile(r"{%\s*now\b")
# The instant a case's `{% now %}` is stopped at (UTC; see fixed_now in spec/django_runner.py).
FIXED_NOW = "2026-12-02T15:04:05"


class Unencodable(Exception):
    pass


def encode(value):
    """A context value in the suite's tagged JSON, or Unencodable."""
    if value is None or isinstance(value, bool | str) and not isinstance(value, SafeData):
        return value
    if isinstance(value, SafeData) and isinstance(value, str):
        return {"$safe": str(value)}
    if isinstance(value, int):
        return value if abs(value) < SAFE_INT else {"$int": str(value)}
    if isinstance(value, float):
        # A whole float would read back as an int (spec/README.md's rule).
        if value != value or value in (float("inf"), float("-inf")) or value.is_integer() and abs(value) < SAFE_INT:
            raise Unencodable("float %r" % value)
        return value
    if isinstance(value, list | tuple):
        # A tuple as a list: the output is recorded from the list, so both
        # runners agree even where a tuple would print otherwise.
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
        if any(k.startswith("$") for k in value):
            raise Unencodable("a $ key")
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, datetime.date):
        # Tests of timesince and friends make dates relative to now: recorded
        # once, they would not hold a minute later.
        day = value.date() if isinstance(value, datetime.datetime) else value
        if abs((day - datetime.date.today()).days) < 800:
            raise Unencodable("a date near today")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None and value.utcoffset() != datetime.timedelta(0):
            raise Unencodable("a datetime off UTC")
        if value.tzinfo is not None and not settings.USE_TZ:
            # Without USE_TZ a Date is naive: an aware datetime has no form.
            raise Unencodable("an aware datetime without USE_TZ")
        if value.microsecond % 1000:
            raise Unencodable("microseconds (a Date holds milliseconds)")
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, datetime.time):
        if value.tzinfo is not None:
            raise Unencodable("an aware time")
        return {"$time": value.isoformat()}
    raise Unencodable(type(value).__name__)


def loads_ours(source):
    """Whether a template loads only libraries both runners have."""
    for m in re.finditer(r"{%\s*load\s+(.*?)\s*%}", source):
        words = m.group(1).split()
        names = words[words.index("from") + 1:] if "from" in words else words
        if not set(names) <= LIBRARIES:
            return False
    return True


def random_output(source):
    """Whether a template prints lorem's random words (every paragraph after the first is random)."""
    for m in re.finditer(r"{%\s*lorem\b(.*?)%}", source):
        words = m.group(1).split()
        if "random" in words or (len(words) >= 2 and words[1] in ("p", "b") and words[0] not in ("0", "1")):
            return True
    return False


# Django's tests of speed on huge inputs (urlize of 14 MB) would make the
# suite's files huge: left out (test/security has inputs of that kind).
MAX_CASE = 64 * 1024

# Tests whose renders depend on what the suite's runners do not share.
EXCLUDED = {
    # Two includes of one template keep separate {% ifchanged %} state only
    # with a loader that is not cached (Django's default loaders are cached,
    # as reinhardt's engine is; the suite's Django runner uses bare locmem).
    ("if_changed", "test_include_state"),
    # A template that includes itself without end: reinhardt stops at
    # maxIncludeDepth with a TemplateLimitError, Django at Python's recursion
    # limit with a RecursionError (a difference the README lists).
    ("include", "test_include_template_iterable"),
}


def reachable(templates, entry):
    """The entry and the templates whose names its text (and theirs) mentions."""
    seen = {entry}
    todo = [entry]
    while todo:
        source = templates[todo.pop()]
        for name in templates:
            if name not in seen and name in source:
                seen.add(name)
                todo.append(name)
    return {name: templates[name] for name in templates if name in seen}


def engine_templates(engine):
    """The locmem templates of an engine made by template_tests.utils.setup."""
    for loader in engine.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):
            if hasattr(inner, "templates_dict"):
                return inner.templates_dict
    return None


class Harvest:
    def __init__(self):
        self.cases = {}
        self.skipped = {}
        self.test = None

    def skip(self, why):
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def add(self, engine, name, context):
        templates = engine_templates(engine)
        if templates is None or name not in templates:
            return self.skip("not a locmem template")
        self.add_render(engine, templates, name, context, engine.autoescape)

    def add_template(self, template, context):
        """A Template(source) rendered with a Context: its names the template mentions, flattened."""
        if template.origin.loader is not None:
            return
        flat = {}
        for d in context.dicts:
            if isinstance(d, dict):
                flat.update(d)
        used = {k: v for k, v in flat.items() if k not in ("True", "False", "None") and re.search(r"\b%s\b" % re.escape(k), template.source)}
        self.add_render(template.engine, {"index.html": template.source}, "index.html", used, context.autoescape)

    def add_render(self, engine, templates, name, context, autoescape):
        if self.test in EXCLUDED:
            return self.skip("excluded")
        templates = reachable(templates, name)
        if any(random_output(source) for source in templates.values()):
            return self.skip("random words")
        if not all(loads_ours(source) for source in templates.values()):
            return self.skip("a library of Django's tests")
        if any(isinstance(v, Promise) for v in (context or {}).values()):
            return self.skip("a lazy string")
        try:
            ctx = encode(dict(context or {}))
        except Unencodable as e:
            return self.skip("context: %s" % e)
        if isinstance(context, dict) is False and context is not None:
            return self.skip("a Context object")
        case = {"templates": templates, "entry": name, "context": ctx}
        options = {}
        if engine.string_if_invalid:
            options["stringIfInvalid"] = engine.string_if_invalid
        if engine.debug:
            options["debug"] = True
        if not autoescape:
            options["autoescape"] = False
        from django.contrib.humanize.templatetags import humanize

        if humanize.datetime is not datetime.datetime:
            # humanize's clock stopped by the test (its MockDateTime): the case's `now`.
            stopped = humanize.datetime.now()
            if stopped.tzinfo is not None:
                return self.skip("an aware stopped clock")
            options["now"] = stopped.isoformat()
        elif any(NOW_TAG.search(source) for source in templates.values()):
            # `{% now %}` reads the real clock: recorded once, the case would
            # fail the next day. Its clock is stopped at a fixed instant.
            options["now"] = FIXED_NOW
        language = translation.get_language()
        if language != settings.LANGUAGE_CODE:
            options["language"] = language
        changed = {name: getattr(settings, name) for name in SETTINGS if getattr(settings, name) != DEFAULTS[name]}
        if changed:
            options["settings"] = changed
        if timezone.get_current_timezone_name() != timezone.get_default_timezone_name():
            return self.skip("an activated time zone")
        if options:
            case["options"] = options
        self.keep(case)

    def keep(self, case):
        key = json.dumps(case, sort_keys=True)
        if len(key) > MAX_CASE:
            return self.skip("a case over %d characters" % MAX_CASE)
        module, test = self.test
        self.cases.setdefault(module, {}).setdefault(key, (test, case))

    def add_call(self, name, args, kwargs):
        """A direct call of a filter function (filter_tests' FunctionTests), as a template."""
        if set(kwargs) - {"autoescape"} or len(args) not in (1, 2):
            return self.skip("a filter call the template syntax cannot make")
        try:
            context = {"value": encode(args[0])}
            if len(args) == 2:
                context["arg"] = encode(args[1])
        except Unencodable as e:
            return self.skip("context: %s" % e)
        template = "{{ value|%s%s }}" % (name, ":arg" if len(args) == 2 else "")
        if kwargs.get("autoescape") is False:
            template = "{%% autoescape off %%}%s{%% endautoescape %%}" % template
        options = {}
        language = translation.get_language()
        if language != settings.LANGUAGE_CODE:
            options["language"] = language
        case = {"template": template, "context": context}
        if options:
            case["options"] = options
        self.keep(case)


# Django's utilities that a filter calls on its value and argument, as
# utils_tests calls them: (module, function, the filter, keyword arguments
# the filter's call also has at these values).
UTILITIES = [
    ("django.utils.dateformat", "format", "date", {}),
    ("django.utils.dateformat", "time_format", "time", {}),
    ("django.utils.html", "strip_tags", "striptags", {}),
    ("django.utils.html", "escapejs", "escapejs", {}),
    ("django.utils.html", "json_script", "json_script", {}),
    ("django.utils.html", "urlize", "urlize", {}),
    ("django.utils.text", "wrap", "wordwrap", {}),
    ("django.utils.text", "slugify", "slugify", {"allow_unicode": False}),
    ("django.utils.text", "capfirst", "capfirst", {}),
    ("django.utils.text", "phone2numeric", "phone2numeric", {}),
    ("django.utils.timesince", "timesince", "timesince", {}),
    ("django.utils.timesince", "timeuntil", "timeuntil", {}),
]


def watch_filter_calls(module, harvest):
    """Replaces the test module's names for Django's filter functions (and the
    utilities filters call) by watched ones."""
    from django.template import defaultfilters

    names = {id(f): (name, {}) for name, f in defaultfilters.register.filters.items()}
    for path, function, name, same in UTILITIES:
        names[id(getattr(importlib.import_module(path), function))] = (name, same)
    for attr, value in list(vars(module).items()):
        if id(value) in names:
            setattr(module, attr, watched(harvest, value, *names[id(value)]))
        elif isinstance(value, type(sys)) and value.__name__ in {path for path, *_ in UTILITIES}:
            # `from django.utils import html` then `html.urlize(...)`: a
            # namespace of the module with its watched functions.
            namespace = type(sys)(value.__name__)
            namespace.__dict__.update(vars(value))
            for path, function, name, same in UTILITIES:
                if path == value.__name__:
                    setattr(namespace, function, watched(harvest, getattr(value, function), name, same))
            setattr(module, attr, namespace)
    text = vars(module).get("text")
    if isinstance(text, type(sys)) and hasattr(text, "Truncator"):
        text.Truncator = watched_truncator(harvest, text.Truncator)


def watched(harvest, function, name, same):
    def call(*args, **kwargs):
        if all(kwargs.get(k, v) == v for k, v in same.items()):
            harvest.add_call(name, args, {k: v for k, v in kwargs.items() if k not in same})
        return function(*args, **kwargs)

    return call


def watched_truncator(harvest, truncator):
    """Truncator(text).chars(n) and .words(n) (html=True: the _html filters)."""

    class Watched(truncator):
        def chars(self, num, truncate=None, html=False):
            if truncate is None:
                harvest.add_call("truncatechars_html" if html else "truncatechars", (str(self), num), {})
            return super().chars(num, truncate, html)

        def words(self, num, truncate=None, html=False):
            if truncate is None:
                harvest.add_call("truncatewords_html" if html else "truncatewords", (str(self), num), {})
            return super().words(num, truncate, html)

    return Watched


def module_key(name):
    """A test module's part of its cases' file name: template_tests.syntax_tests.test_if -> if."""
    package, _, module = name.rpartition(".")
    if module == "tests":
        return package.split(".")[0].removesuffix("_tests")
    return module.removeprefix("test_")


def main():
    harvest = Harvest()
    render_to_string = Engine.render_to_string
    get_template = Engine.get_template

    rendering = []

    def watched_render(self, template_name, context=None):
        if isinstance(template_name, str):
            harvest.add(self, template_name, context)
        rendering.append(True)
        try:
            return render_to_string(self, template_name, context)
        finally:
            rendering.pop()

    template_render = Template.render

    def watched_template_render(self, context):
        # Not the templates an engine's render_to_string, an include or an
        # extends renders: only a test's own Template(...).render(Context(...)).
        if not rendering and isinstance(context, Context) and context.template is None:
            harvest.add_template(self, context)
        return template_render(self, context)

    Template.render = watched_template_render

    def watched_get_template(self, template_name):
        try:
            return get_template(self, template_name)
        except Exception:
            # A template that does not compile: a case whose error is recorded.
            harvest.add(self, template_name, {})
            raise

    # Libraries of Django's tests that this Django cannot import (the tests
    # are from Django's development branch): left empty, since a template
    # that loads them is not kept anyway.
    import_library = engine_module.import_library

    def lenient_import_library(name):
        try:
            return import_library(name)
        except Exception:  # noqa: BLE001
            return Library()

    engine_module.import_library = lenient_import_library
    Engine.render_to_string = watched_render
    Engine.get_template = watched_get_template
    loader = unittest.TestLoader()
    modules = sorted(
        "%s.%s" % (folder, p.stem)
        for folder in ("template_tests", "template_tests.syntax_tests", "template_tests.syntax_tests.i18n",
                       "template_tests.filter_tests", "humanize_tests", "i18n")
        for p in (TESTS / folder.replace(".", "/")).glob("test*.py")
    ) + ["utils_tests.test_%s" % name for name in ("dateformat", "html", "text", "timesince")]
    for name in modules:
        try:
            module = importlib.import_module(name)
        except Exception as e:  # noqa: BLE001
            print("cannot import %s: %s" % (name, e), file=sys.stderr)
            continue
        watch_filter_calls(module, harvest)
        for test in loader.loadTestsFromModule(module):
            for t in getattr(test, "_tests", [test]):
                for one in getattr(t, "_tests", [t]):
                    harvest.test = (module_key(name), one.id().rsplit(".", 1)[1])
                    one.run(unittest.TestResult())
    out = ROOT / "spec" / "cases"
    total = 0
    for module, found in sorted(harvest.cases.items()):
        cases = []
        counts = {}
        for test, case in found.values():
            base = test[len("test_"):].replace("_", "-")
            counts[base] = counts.get(base, 0) + 1
            cases.append({"name": "dj-%s-%s-%d" % (module.replace("_", "-"), base, counts[base]), **case})
        total += len(cases)
        with open(out / ("django_%s.json" % module), "w", encoding="utf-8") as f:
            json.dump(cases, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print("%d cases from %d modules; skipped: %s" % (total, len(harvest.cases), harvest.skipped), file=sys.stderr)


if __name__ == "__main__":
    main()
