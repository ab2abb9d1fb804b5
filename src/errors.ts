/**
 * Django's template exceptions. `message` is Django's text, word for word;
 * where the problem is in a template, the error also knows the template's
 * name, the line and column, and an excerpt of the source with a caret, and
 * its `stack` shows them.
 */

export interface TemplatePosition {
  templateName: string;
  line: number;
  column: number;
}

/**
 * Frames kept in the stack of an error made here. The template position of
 * an error thrown while rendering is read from the generated code's frames
 * in its stack (compiler.ts, annotateFromStack); a filter that throws from
 * deep inside a helper (truncatechars_html's HTML parser) would push those
 * past V8's default of 10 frames, and the error would lose its position.
 */
const STACK_FRAMES = 64;

/** Make an error with a stack of at least STACK_FRAMES frames (the limit is put back at once). */
export function withDeepStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  if (typeof limit === 'number' && limit >= STACK_FRAMES) return make();
  Error.stackTraceLimit = STACK_FRAMES;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export class TemplateError extends Error {
  constructor(message?: string) {
    const limit = Error.stackTraceLimit;
    if (typeof limit === 'number' && limit < STACK_FRAMES) Error.stackTraceLimit = STACK_FRAMES;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  templateName?: string;
  line?: number;
  column?: number;
  /** The source lines around the problem, with a caret under it. */
  excerpt?: string;

  /** Attach a position (once: the innermost position is the culprit). */
  setPosition(pos: TemplatePosition, source?: string): this {
    if (this.templateName !== undefined) return this;
    annotate(this, pos, source);
    return this;
  }
}

export class TemplateSyntaxError extends TemplateError {
  override name = 'TemplateSyntaxError';
}

export interface TriedTemplate {
  /** The full name or path the loader looked at. */
  name: string;
  /** Which loader looked. */
  loader: string;
  /** Why it was not used. */
  reason: string;
}

export class TemplateDoesNotExist extends TemplateError {
  override name = 'TemplateDoesNotExist';
  /** What the loaders tried, in order (Django's `tried`). */
  tried: TriedTemplate[];
  constructor(templateName: string, tried: TriedTemplate[] = []) {
    super(templateName);
    this.tried = tried;
  }
}

export class VariableDoesNotExist extends TemplateError {
  override name = 'VariableDoesNotExist';
}

/**
 * Add the template position to any error (also one thrown by user code in a
 * filter or tag): as properties, and as lines in its stack.
 */
export function annotate(err: unknown, pos: TemplatePosition, source?: string): void {
  if (err === null || typeof err !== 'object') return;
  const e = err as Partial<TemplateError> & { stack?: string };
  if (e.templateName !== undefined) return;
  try {
    e.templateName = pos.templateName;
    e.line = pos.line;
    e.column = pos.column;
    const where = `  in template ${pos.templateName}, line ${pos.line}, column ${pos.column}`;
    const excerpt = source === undefined ? undefined : sourceExcerpt(source, pos.line, pos.column);
    if (excerpt !== undefined) e.excerpt = excerpt;
    if (typeof e.stack === 'string') {
      const nl = e.stack.indexOf('\n    at ');
      const head = nl < 0 ? e.stack : e.stack.slice(0, nl);
      const tail = nl < 0 ? '' : e.stack.slice(nl);
      e.stack = head + '\n' + where + (excerpt ? '\n' + excerpt : '') + tail;
    }
  } catch {
    // A frozen user error keeps its own shape.
  }
}

/** A few lines of `source` around `line`, numbered, with a caret at `column`. */
export function sourceExcerpt(source: string, line: number, column: number, context = 2): string {
  const lines = source.split('\n');
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    out.push(`  ${String(n).padStart(width)} | ${lines[n - 1]}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}

/** An Error named as the Python exception Django would raise. */
export function pyError(name: string, message: string): Error {
  const e = withDeepStack(() => new Error(message));
  e.name = name;
  return e;
}

/** Is this error one of the Python exceptions named (pyError names its errors so)? */
export function raised(e: unknown, ...names: string[]): boolean {
  return e instanceof Error && names.includes(e.name);
}

/**
 * A limit for untrusted templates was passed (`maxTemplateSize`,
 * `maxOutputSize`, `maxLoopIterations`, `maxIncludeDepth`,
 * `allowedLibraries`); `limit` names it.
 */
export class TemplateLimitError extends TemplateError {
  override name = 'TemplateLimitError';
  constructor(readonly limit: string, message: string) {
    super(message);
  }
}

/**
 * `maxOutputSize` refusing a value a filter would build from a template's
 * argument (a width, a precision), before it is built: past the limit the
 * render could not be written anyway, and building it first could take a
 * gigabyte and seconds.
 */
export function valueLimit(max: number): TemplateLimitError {
  return new TemplateLimitError('maxOutputSize', `A filter's value would be larger than maxOutputSize (${max} characters).`);
}

/** Django's NoReverseMatch: `{% url %}` found no URL for a name and arguments. */
export class NoReverseMatch extends Error {
  override name = 'NoReverseMatch';
}
