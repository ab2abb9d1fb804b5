/** Django's built-in tags, registered as the first library. */
import type { Library } from '../src/library.js';
import { autoescape } from './autoescape.js';
import { comment } from './comment.js';
import { doFor } from './for.js';
import { doIf } from './if.js';
import { load } from './load.js';
import { templatetag } from './templatetag.js';
import { verbatim } from './verbatim.js';
import { doWith } from './with.js';

export function registerBuiltinTags(lib: Library): void {
  lib.tag('autoescape', autoescape);
  lib.tag('comment', comment);
  lib.tag('for', doFor);
  lib.tag('if', doIf);
  lib.tag('load', load);
  lib.tag('templatetag', templatetag);
  lib.tag('verbatim', verbatim);
  lib.tag('with', doWith);
}
