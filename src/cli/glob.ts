/**
 * Glob patterns for template names (`**\/*.html`, `includes/**`,
 * `{blog,news}/*.html`), matched against the whole name relative to the
 * templates folder, with `/` between folders.
 *
 * Node 20 has no `fs.glob`, and the command takes no dependencies: this is
 * the usual dialect, small enough to read. `*` and `?` stay within a folder,
 * `**` spans any number of folders (none included), `[abc]`/`[!abc]` is a
 * character class and `{a,b}` a choice (choices may nest).
 */

/** The regular expression a glob pattern stands for. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/^\.\//, '');
  return new RegExp(`^${translate(pattern, 0, false).source}$`);
}

/** Does `name` match any of these compiled patterns? */
export function matchesAny(name: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((re) => re.test(name));
}

/** Translate from `start` up to the end, or (inside braces) up to the closing `}`. */
function translate(glob: string, start: number, inBraces: boolean): { source: string; end: number } {
  let out = '';
  let i = start;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        const atSegmentEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atSegmentStart && glob[i + 2] === '/') {
          // `**/`: any number of whole folders, none included.
          out += '(?:[^/]*/)*';
          i += 3;
          continue;
        }
        if (atSegmentStart && atSegmentEnd && i > 0) {
          // A trailing `/**`: everything below the folder.
          out = out.replace(/\/$/, '') + '(?:/.*)?';
          i += 2;
          continue;
        }
        out += '.*';
        i += 2;
        continue;
      }
      out += '[^/]*';
      i += 1;
    } else if (c === '?') {
      out += '[^/]';
      i += 1;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        i += 1;
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close + 1;
    } else if (c === '{') {
      const choices: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(glob, j, true);
        choices.push(part.source);
        j = part.end;
        if (glob[j] === ',') {
          j += 1;
          continue;
        }
        break;
      }
      if (glob[j] !== '}') {
        // No closing brace: the `{` was just a character.
        out += '\\{';
        i += 1;
        continue;
      }
      out += `(?:${choices.join('|')})`;
      i = j + 1;
    } else if (inBraces && (c === ',' || c === '}')) {
      return { source: out, end: i };
    } else {
      out += c.replace(/[.+^$()|\\{}[\]]/g, '\\$&');
      i += 1;
    }
  }
  return { source: out, end: i };
}
