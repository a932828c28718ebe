// Config patterns (exclude-titles, unlink): a plain substring, or `/regex/flags`.

const REGEX_FORM = /^\/(.+)\/([a-z]*)$/s;
const FLAGS = 'dgimsuvy';
const cache = new Map<string, RegExp | string>();

/**
 * The RegExp a `/regex/flags` pattern stands for, or undefined for a substring
 * pattern. Throws, saying why, when a pattern starts with `/` but is not a valid
 * `/regex/flags`: read as a substring it would quietly match nothing.
 */
export function patternRegex(pattern: string): RegExp | undefined {
  // A lone "/" cannot be a regex; it stays the substring it has always been.
  if (!pattern.startsWith('/') || pattern === '/') return undefined;
  const m = REGEX_FORM.exec(pattern);
  if (!m) {
    throw new Error(
      'a pattern that starts with "/" is a regular expression and must end with "/" and optional flags, e.g. "/^ad:/i"; to match text that starts with "/", escape it: "/\\/text/"',
    );
  }
  const flags = m[2]!;
  const unknown = [...flags].filter((f, i) => !FLAGS.includes(f) || flags.indexOf(f) !== i);
  if (unknown.length > 0) throw new Error(`"${flags}" after the last "/" are not regular expression flags: use ${[...FLAGS].join(', ')}, each at most once`);
  try {
    // g and y make test() stateful across calls; drop them.
    return new RegExp(m[1]!, flags.replace(/[gy]/g, ''));
  } catch (e) {
    throw new Error(`invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`);
  }
}

function compile(pattern: string): RegExp | string {
  let c = cache.get(pattern);
  if (c === undefined) {
    try {
      c = patternRegex(pattern) ?? pattern;
    } catch {
      // The config validates regexes; anything odd that gets here is matched literally.
      c = pattern;
    }
    cache.set(pattern, c);
  }
  return c;
}

/** True when `text` contains a substring pattern or matches a `/regex/flags` pattern. Substrings are case-sensitive. */
export function matchesAny(text: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matches(text, p));
}

/** The patterns `text` matches (as matchesAny), so a run can tell which patterns never matched anything. */
export function matchingPatterns(text: string, patterns: readonly string[]): string[] {
  return patterns.filter((p) => matches(text, p));
}

function matches(text: string, pattern: string): boolean {
  const c = compile(pattern);
  return typeof c === 'string' ? text.includes(c) : c.test(text);
}
