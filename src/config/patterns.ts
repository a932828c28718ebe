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
  return firstMatch(text, patterns) !== undefined;
}

/** The first pattern `text` matches (as matchesAny), so a run can tell which patterns never matched. */
export function firstMatch(text: string, patterns: readonly string[]): string | undefined {
  return patterns.find((p) => {
    const c = compile(p);
    return typeof c === 'string' ? text.includes(c) : c.test(text);
  });
}
