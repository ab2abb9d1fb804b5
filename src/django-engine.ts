/**
 * Django's engine: the base engine with Django's built-in tags and filters
 * and its bundled libraries (`i18n`, `l10n`, `static`, `cache`, `humanize`,
 * `tz`), as in a Django project. Each entry point (`reinhardt` for Node,
 * `reinhardt/browser`) makes its `Engine` from it, Node's adding the
 * filesystem loader.
 */
import { Engine as BaseEngine, ownOptions, type EngineOptions, type EngineHooks } from './engine.js';
import { Library } from './library.js';
import { registerBuiltinTags } from '../tags/index.js';
import { templateDependencies } from '../tags/loader-tags.js';
import { registerBuiltinFilters } from '../filters/index.js';
import { i18nLibrary } from '../libraries/i18n.js';
import { l10nLibrary } from '../libraries/l10n.js';
import { staticLibrary } from '../libraries/static.js';
import { cacheLibrary } from '../libraries/cache.js';
import { humanizeLibrary } from '../libraries/humanize.js';
import { tzLibrary } from '../libraries/tz.js';

/**
 * Django's bundled libraries, by `{% load %}` name and by Django module path
 * (`libraries: { trans: 'django.templatetags.i18n' }`): available in every
 * engine, as in a Django project.
 */
export const djangoLibraries: Readonly<Record<string, Library>> = {
  i18n: i18nLibrary,
  l10n: l10nLibrary,
  static: staticLibrary,
  cache: cacheLibrary,
  humanize: humanizeLibrary,
  tz: tzLibrary,
};
const DJANGO_MODULES: Readonly<Record<string, Library>> = {
  'django.templatetags.i18n': i18nLibrary,
  'django.templatetags.l10n': l10nLibrary,
  'django.templatetags.static': staticLibrary,
  'django.templatetags.cache': cacheLibrary,
  'django.templatetags.tz': tzLibrary,
  'django.contrib.humanize.templatetags.humanize': humanizeLibrary,
};

/** Django's built-in tags and filters, as one library, with an engine's settings. */
export function builtinLibrary(options: EngineOptions = {}): Library {
  const lib = new Library();
  registerBuiltinTags(lib);
  registerBuiltinFilters(lib, options);
  return lib;
}

/** A template engine with Django's built-in tags and filters. */
export class DjangoEngine extends BaseEngine {
  protected constructor(given: EngineOptions, fileSystemLoader?: EngineHooks['fileSystemLoader']) {
    // Own options only: a polluted Object.prototype sets none.
    const options = ownOptions(given);
    const libraries: Record<string, Library | string> = { ...djangoLibraries };
    for (const [name, lib] of Object.entries(options.libraries ?? {})) {
      libraries[name] = typeof lib === 'string' && Object.hasOwn(DJANGO_MODULES, lib) ? DJANGO_MODULES[lib]! : lib;
    }
    super({ ...options, libraries }, [builtinLibrary(options)], { fileSystemLoader, templateDependencies });
  }
}
