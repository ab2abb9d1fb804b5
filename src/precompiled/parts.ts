/**
 * What a precompiled module imports from `reinhardt/runtime` besides
 * `loadTemplates`: the registrar of each built-in filter (named `filter` and
 * the filter's name in camelCase), and the classes and functions of the
 * built-in tags' nodes (registry.ts names them; runtime.ts exports NodeList,
 * FilterExpression, Variable, SafeString and PartialTemplate itself), and
 * Django's bundled libraries (`{% load static %}`, ...), and Django's
 * translations (I18n). A module imports only those its templates use, so that a bundler leaves the
 * others out of its page.
 */
export { filterDate, filterTime, filterTimesince, filterTimeuntil } from '../../filters/dates.js';
export {
  filterEscape, filterForceEscape, filterSafe, filterEscapeseq, filterSafeseq, filterEscapejs, filterJsonScript,
  filterIriencode, filterUrlencode, filterUrlize, filterUrlizetrunc, filterLinebreaks, filterLinebreaksbr,
  filterStriptags, filterUnorderedList,
} from '../../filters/html.js';
export {
  filterLength, filterJoin, filterFirst, filterLast, filterDictsort, filterDictsortreversed, filterRandom,
  filterSlice, filterPprint,
} from '../../filters/lists.js';
export { filterDefault, filterDefaultIfNone, filterYesno, filterPluralize } from '../../filters/logic.js';
export {
  filterAdd, filterDivisibleby, filterFloatformat, filterFilesizeformat, filterGetDigit, filterStringformat,
} from '../../filters/numbers.js';
export {
  filterUpper, filterLower, filterAddslashes, filterCapfirst, filterCenter, filterCut, filterLjust, filterRjust,
  filterTitle, filterWordcount, filterWordwrap, filterTruncatechars, filterTruncatecharsHtml, filterTruncatewords,
  filterTruncatewordsHtml, filterSlugify, filterPhone2numeric, filterMakeList, filterLinenumbers,
} from '../../filters/text.js';
export { InclusionNode, SimpleBlockNode, SimpleNode } from '../library.js';
export { CommentNode } from '../../tags/comment.js';
export { CsrfTokenNode } from '../../tags/csrf-token.js';
export { CycleNode, ResetCycleNode } from '../../tags/cycle.js';
export { DebugNode } from '../../tags/debug.js';
export { BlockNode, ExtendsNode } from '../../tags/extends.js';
export { FilterNode } from '../../tags/filter.js';
export { FirstOfNode } from '../../tags/firstof.js';
export { IfChangedNode } from '../../tags/ifchanged.js';
export { IncludeNode } from '../../tags/include.js';
export { LoadNode } from '../../tags/load.js';
export { LoremNode } from '../../tags/lorem.js';
export { NowNode } from '../../tags/now.js';
export { PartialDefNode, PartialNode } from '../../tags/partials.js';
export { RegroupNode } from '../../tags/regroup.js';
export { SpacelessNode } from '../../tags/spaceless.js';
export { URLNode } from '../../tags/url.js';
export { WidthRatioNode } from '../../tags/widthratio.js';
export { cspNonceAttr } from '../../tags/csp.js';
export { querystring } from '../../tags/querystring.js';
// Django's bundled libraries, each whole (its filters and named Node classes): a module imports those it loads.
export { cacheLibrary, MemoryCacheStore } from '../../libraries/cache.js';
export { l10nLibrary } from '../../libraries/l10n.js';
export { staticLibrary } from '../../libraries/static.js';
export { tzLibrary } from '../../libraries/tz.js';
export { i18nLibrary } from '../../libraries/i18n.js';
export { humanizeLibrary } from '../../libraries/humanize.js';
// Django's translation machinery: a module imports it when its templates
// translate or it was precompiled with catalogs or --i18n (runtime.ts).
export { I18n } from '../i18n/translation.js';
