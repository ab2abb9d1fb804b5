/**
 * Cases of django-cases.json that reinhardt does not pass today, with what
 * it does instead. django-cases.test.ts skips them; known-failures.test.ts
 * runs them as `test.fails`, so a fix shows up as a failure there: then
 * take the case out of this list.
 */
const dictGet = "A Python dict's `get` method is callable, so Django resolves `o.get` to '' (the call fails for want of an argument); reinhardt finds nothing, so the filter argument raises VariableDoesNotExist / the comparison sees None";
const floatLiteral = 'A float literal with an integral value (or that underflows to 0) prints as an int: reinhardt prints 0 where Django prints 0.0 / -0.0';

export const KNOWN_DJANGO_CASE_FAILURES = new Map<string, string>([
  ['number-literal-0', `${floatLiteral} ({{ -0.0 }})`],
  ['number-literal-1', `${floatLiteral} ({{ 0.0 }})`],
  ['number-literal-5', `${floatLiteral} ({{ -1e-400 }})`],
  ['number-literal-6', `${floatLiteral} ({{ 1e-400 }})`],
  ['number-literal-18', `${floatLiteral} ({{ -0.0|stringformat:"s" }})`],
]);

/** Templates of ARRAY_HOLE_TEMPLATES that print Array.prototype[1] for the hole. */
export const KNOWN_ARRAY_HOLE_LEAKS = new Map<string, string>([
  // All fixed: the list filters read an array's own items only.
]);

/** Engine options read from a polluted Object.prototype when not given. */
export const KNOWN_OPTION_GADGETS = new Map<string, string>([
  // All fixed: the engine copies its own options into a prototype-less object.
]);

/** Names whose pollution on Object.prototype changes a render (see pollution.ts). */
export const KNOWN_OBJECT_PROTOTYPE_GADGETS = new Map<string, string>([
  // All fixed: options are copied own keys only, unset fields are found unset on their classes.
]);

/** Keys whose pollution on Array.prototype changes a render. */
export const KNOWN_ARRAY_PROTOTYPE_GADGETS = new Map<string, string>([
  // All fixed.
]);
