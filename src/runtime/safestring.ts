import { pyStr } from './pyrepr.js';

/**
 * Django's SafeString: text marked as safe for HTML output.
 *
 * A plain class wrapping a string. Deliberately not a subclass of String and
 * nothing is added to String.prototype: putting an object on the string
 * prototype chain (as nunjucks does) deoptimises every string operation in V8.
 */
export class SafeString {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
  valueOf(): string {
    return this.value;
  }
  get length(): number {
    return this.value.length;
  }
  toJSON(): string {
    return this.value;
  }
}

/** Is this value marked safe (Django's `isinstance(value, SafeData)`)? */
export function isSafe(value: unknown): value is SafeString {
  return value instanceof SafeString;
}

/**
 * Django's `mark_safe`: a safe value stays as it is; anything else is turned
 * into text (Python's `str()`) and marked safe.
 */
export function markSafe(value: unknown): SafeString {
  if (value instanceof SafeString) return value;
  return new SafeString(typeof value === 'string' ? value : pyStr(value));
}

