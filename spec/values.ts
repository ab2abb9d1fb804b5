/**
 * The JavaScript side of the suite's tagged values (see spec/README.md;
 * keep in step with `decode` in spec/django_runner.py).
 */
import { markSafe, plainDate, plainTime } from '../src/index.js';

class SpecObject {}

function makeError(name: string, silent: boolean): Error {
  const e = new Error(name) as Error & { silentVariableFailure?: boolean };
  e.name = name;
  if (silent) e.silentVariableFailure = true;
  return e;
}

export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ('$safe' in v) return markSafe(v.$safe as string);
  if ('$datetime' in v) {
    // An offset makes Python's datetime aware: the Date is that instant.
    const text = (v.$datetime as string).replace(/(\.\d{3})\d*(?=$|[+-]\d\d:\d\d$|Z$)/, '$1');
    return new Date(/(?:[+-]\d\d:\d\d|Z)$/.test(text) ? text : text + 'Z');
  }
  if ('$date' in v) {
    const [year, month, day] = (v.$date as string).split('-').map(Number);
    return plainDate(year!, month!, day!);
  }
  if ('$time' in v) {
    // "12:30:05.000123": Python's time, its microseconds as Temporal's milliseconds and microseconds.
    const [hms, fraction = ''] = (v.$time as string).split('.');
    const [hour, minute, second = 0] = hms!.split(':').map(Number);
    const micro = Number(fraction.padEnd(6, '0'));
    return plainTime(hour, minute, second, Math.floor(micro / 1000), micro % 1000);
  }
  if ('$object' in v) {
    const obj = new SpecObject() as Record<string, unknown>;
    for (const [k, x] of Object.entries(v.$object as Record<string, unknown>)) obj[k] = decode(x);
    return obj;
  }
  if ('$callable' in v) {
    const result = decode(v.$callable);
    const fn = (() => result) as (() => unknown) & { doNotCallInTemplates?: boolean; altersData?: boolean };
    if (v.doNotCallInTemplates) fn.doNotCallInTemplates = true;
    if (v.altersData) fn.altersData = true;
    return fn;
  }
  if ('$callableArgs' in v) {
    const result = decode(v.$callableArgs);
    return (_x: unknown) => result;
  }
  if ('$raises' in v) {
    const name = v.$raises as string;
    const silent = Boolean(v.silent);
    return () => {
      throw makeError(name, silent);
    };
  }
  if ('$map' in v) return new Map((v.$map as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]));
  if ('$int' in v) return BigInt(v.$int as string);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = decode(x);
  return out;
}
