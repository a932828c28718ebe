// Config patterns (exclude-titles, unlink): a plain substring, or `/regex/flags`.

const REGEX_FORM = /^\/(.+)\/([a-z]*)$/;
const cache = new Map<string, RegExp | string>();

/** The RegExp a `/regex/flags` pattern stands for, or undefined for a substring pattern. Throws on an invalid regex. */
export function patternRegex(pattern: string): RegExp | undefined {
  const m = REGEX_FORM.exec(pattern);
  // g and y make test() stateful across calls; drop them.
  return m ? new RegExp(m[1]!, m[2]!.replace(/[gy]/g, '')) : undefined;
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
