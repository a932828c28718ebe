// Used by build.mjs on the bundles; see the note there on why they are pure ASCII.

/**
 * `\uXXXX` for every UTF-16 code unit above 0x7E. Safe wherever esbuild
 * leaves one: in a comment it changes nothing; in a regular expression
 * literal `\uXXXX` matches the same character (a surrogate pair of escapes is
 * one code point under the `u` flag, two code units without it, as the raw
 * pair was); an identity escape before it (`\»`, legal only without `u`) is
 * folded into the escape.
 */
export function asciiOnly(js) {
  return js.replace(/(\\*)([^\x00-\x7e])/g, (_, slashes, ch) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
}
