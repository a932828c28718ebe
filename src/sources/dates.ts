// Lenient date parsing for feeds and listing pages. Dates without a zone are
// taken as UTC so that the same input always gives the same ISO string,
// whatever the machine's time zone.

const MIN_YEAR = 1990;
const MAX_YEAR = 2200;

/** ISO 8601 UTC (`toISOString()`), or undefined when the text holds no usable date. */
export function parseDate(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const s = value.trim().replace(/\s+/g, ' ');
  if (!s || s.length > 200) return undefined;

  // 2023年3月21日 [10:05[:30]] and 2023-03-21 / 2023/3/21 / 2023.3.21 with an optional time and zone.
  const m =
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/.exec(s) ??
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?$/i.exec(s);
  if (m) {
    const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1, 7).map((x) => x ?? undefined) as string[];
    const zone = m[7];
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
    const date = new Date(t);
    // Date.UTC rolls 2023-02-31 over to March; reject instead.
    if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
    if (zone && /^[+-]/.test(zone)) {
      const z = zone.replace(':', '');
      const offset = (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * (z[0] === '-' ? -1 : 1);
      t -= offset * 60_000;
    }
    return inRange(t);
  }

  // RFC 822 (RSS), full ISO strings and the like. Require a 4-digit year:
  // V8 happily reads "1" or "May 5" as dates in 2001.
  if (!/\d{4}/.test(s)) return undefined;
  return inRange(Date.parse(s));
}

function inRange(t: number): string | undefined {
  if (Number.isNaN(t)) return undefined;
  const y = new Date(t).getUTCFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR ? new Date(t).toISOString() : undefined;
}

/** The first date found inside a longer text ("发布时间：2023年3月21日 10:05", "Posted 2023-03-21 by …"). */
export function findDate(text: string | undefined | null): string | undefined {
  if (!text) return undefined;
  const direct = parseDate(text);
  if (direct) return direct;
  const m =
    /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2})?)?/.exec(text) ??
    /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?/.exec(text);
  return m ? parseDate(m[0]) : undefined;
}
