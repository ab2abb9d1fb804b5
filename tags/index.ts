/** Django's built-in tags, registered as the first library. */
import type { Library } from '../src/library.js';
import { autoescape } from './autoescape.js';
import { comment } from './comment.js';
import { registerCsp } from './csp.js';
import { csrfToken } from './csrf-token.js';
import { cycle, resetcycle } from './cycle.js';
import { debug } from './debug.js';
import { doBlock, doExtends } from './extends.js';
import { doFilter } from './filter.js';
import { firstof } from './firstof.js';
import { doFor } from './for.js';
import { doIf } from './if.js';
import { ifchanged } from './ifchanged.js';
import { doInclude } from './include.js';
import { load } from './load.js';
import { lorem } from './lorem.js';
import { now } from './now.js';
import { partial, partialdef } from './partials.js';
import { registerQuerystring } from './querystring.js';
import { regroup } from './regroup.js';
import { spaceless } from './spaceless.js';
import { templatetag } from './templatetag.js';
import { url } from './url.js';
import { verbatim } from './verbatim.js';
import { widthratio } from './widthratio.js';
import { doWith } from './with.js';

export function registerBuiltinTags(lib: Library): void {
  lib.tag('autoescape', autoescape);
  lib.tag('block', doBlock);
  lib.tag('comment', comment);
  lib.tag('csrf_token', csrfToken);
  lib.tag('cycle', cycle);
  lib.tag('debug', debug);
  lib.tag('extends', doExtends);
  lib.tag('filter', doFilter);
  lib.tag('firstof', firstof);
  lib.tag('for', doFor);
  lib.tag('if', doIf);
  lib.tag('ifchanged', ifchanged);
  lib.tag('include', doInclude);
  lib.tag('load', load);
  lib.tag('lorem', lorem);
  lib.tag('now', now);
  lib.tag('partial', partial);
  lib.tag('partialdef', partialdef);
  lib.tag('regroup', regroup);
  lib.tag('resetcycle', resetcycle);
  lib.tag('spaceless', spaceless);
  lib.tag('templatetag', templatetag);
  lib.tag('url', url);
  lib.tag('verbatim', verbatim);
  lib.tag('widthratio', widthratio);
  lib.tag('with', doWith);
  // Simple tags in Django: csp_nonce_attr, querystring.
  registerCsp(lib);
  registerQuerystring(lib);
}
