/**
 * What a precompiled module may rebuild: the classes of the objects its
 * generated code refers to (the nodes of tags that render rather than
 * compile, and what they hold), and the functions such nodes hold. The
 * precompiler reads this list; reinhardt/runtime exports each under its key
 * here (parts.ts), and a module imports those it uses by that name, never by
 * `constructor.name`, which a minifier renames.
 */
import { NodeList } from '../nodes.js';
import { FilterExpression, Variable } from '../expression.js';
import { SafeString } from '../runtime/safestring.js';
import { PartialTemplate } from '../template.js';
import { InclusionNode, SimpleBlockNode, SimpleNode } from '../library.js';
import { CommentNode } from '../../tags/comment.js';
import { CsrfTokenNode } from '../../tags/csrf-token.js';
import { CycleNode, ResetCycleNode } from '../../tags/cycle.js';
import { DebugNode } from '../../tags/debug.js';
import { BlockNode, ExtendsNode } from '../../tags/extends.js';
import { FilterNode } from '../../tags/filter.js';
import { FirstOfNode } from '../../tags/firstof.js';
import { IfChangedNode } from '../../tags/ifchanged.js';
import { IncludeNode } from '../../tags/include.js';
import { LoadNode } from '../../tags/load.js';
import { LoremNode } from '../../tags/lorem.js';
import { NowNode } from '../../tags/now.js';
import { PartialDefNode, PartialNode } from '../../tags/partials.js';
import { RegroupNode } from '../../tags/regroup.js';
import { SpacelessNode } from '../../tags/spaceless.js';
import { URLNode } from '../../tags/url.js';
import { WidthRatioNode } from '../../tags/widthratio.js';
import { cspNonceAttr } from '../../tags/csp.js';
import { querystring } from '../../tags/querystring.js';
import { cacheLibrary } from '../../libraries/cache.js';
import { humanizeLibrary } from '../../libraries/humanize.js';
import { i18nLibrary } from '../../libraries/i18n.js';
import { l10nLibrary } from '../../libraries/l10n.js';
import { staticLibrary } from '../../libraries/static.js';
import { tzLibrary } from '../../libraries/tz.js';
import type { Library } from '../library.js';

/** Classes by the name a module gives them. */
export const precompiledClasses: ReadonlyMap<string, abstract new (...args: never[]) => object> = new Map<string, abstract new (...args: never[]) => object>([
  ['NodeList', NodeList], ['FilterExpression', FilterExpression], ['Variable', Variable], ['SafeString', SafeString],
  ['PartialTemplate', PartialTemplate],
  ['SimpleNode', SimpleNode], ['SimpleBlockNode', SimpleBlockNode], ['InclusionNode', InclusionNode],
  ['CommentNode', CommentNode], ['CsrfTokenNode', CsrfTokenNode], ['CycleNode', CycleNode], ['ResetCycleNode', ResetCycleNode],
  ['DebugNode', DebugNode], ['BlockNode', BlockNode], ['ExtendsNode', ExtendsNode], ['FilterNode', FilterNode],
  ['FirstOfNode', FirstOfNode], ['IfChangedNode', IfChangedNode], ['IncludeNode', IncludeNode], ['LoadNode', LoadNode],
  ['LoremNode', LoremNode], ['NowNode', NowNode], ['PartialDefNode', PartialDefNode], ['PartialNode', PartialNode],
  ['RegroupNode', RegroupNode], ['SpacelessNode', SpacelessNode], ['URLNode', URLNode], ['WidthRatioNode', WidthRatioNode],
]);

/** Functions nodes hold (the simple tags' functions), by the name a module gives them. */
export const precompiledFunctions: ReadonlyMap<string, Function> = new Map<string, Function>([
  ['cspNonceAttr', cspNonceAttr],
  ['querystring', querystring],
]);

/**
 * The nodes render-time code looks for in a nodelist (`extends` finds the
 * blocks of a parent, and whether it extends): a precompiled nodelist keeps
 * only these, as its other nodes exist only as code.
 */
export const nodesFoundAtRender: readonly (abstract new (...args: never[]) => object)[] = [BlockNode, ExtendsNode];

/**
 * Django's bundled libraries, by the name reinhardt/runtime exports each
 * under (parts.ts): a module that loads one imports it from the runtime as
 * it imports a built-in filter, and finds its filters and the Node classes
 * it names (`library.node`) there, as in a library of yours.
 */
export const precompiledLibraries: ReadonlyMap<Library, string> = new Map<Library, string>([
  [cacheLibrary, 'cacheLibrary'], [l10nLibrary, 'l10nLibrary'], [staticLibrary, 'staticLibrary'], [tzLibrary, 'tzLibrary'],
  [i18nLibrary, 'i18nLibrary'], [humanizeLibrary, 'humanizeLibrary'],
]);

/** Django's libraries that translate: a module loading one has Django's translation machinery (I18n). */
export const translatingLibraries: ReadonlySet<Library> = new Set<Library>([i18nLibrary, humanizeLibrary]);
