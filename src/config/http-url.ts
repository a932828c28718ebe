// One rule for "a public URL" wherever one is given: site.base-url and
// source URLs in the config, --base-url on the command line, the base-url input.

export const EXPECTED_HTTP_URL = 'expected an absolute http(s) URL';

export function isAbsoluteHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A base URL as given by a user (`name` says where, for the error); undefined when empty. No trailing slash. */
export function parseBaseUrl(name: string, text: string | undefined): string | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  if (!isAbsoluteHttpUrl(t)) throw new Error(`${name}: ${EXPECTED_HTTP_URL} such as "https://github.com/OWNER/REPO/blob/main", got "${text}"`);
  return t.replace(/\/+$/, '');
}
