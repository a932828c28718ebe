// Turns response bytes into text. We never trust response.text(): news sites
// in Chinese often declare one charset and send another, or declare none.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type BodyKind = 'xml' | 'html' | 'json';

export interface Decoded {
  text: string;
  /** The charset actually used, e.g. "utf-8", "gb18030", "big5". */
  charset: string;
  /** Set when a declared charset was unknown or contradicted by the bytes. */
  warning?: string;
}

/** How far into the document we look for an XML declaration or a <meta> charset. */
const SNIFF_BYTES = 4096;

/**
 * Decodes a body. Order: BOM; Content-Type charset; the XML declaration (xml)
 * or <meta> (html); UTF-8; GB18030 when the bytes are not valid UTF-8.
 * A declaration the bytes contradict is passed over: a legacy charset loses
 * to UTF-8 when the bytes are valid UTF-8 with multibyte sequences (pages
 * re-saved as UTF-8 without fixing their declaration; GBK text is practically
 * never valid UTF-8), and a UTF-8 label on invalid UTF-8 (a server default)
 * gives way to the next declaration.
 */
export function decodeBody(bytes: Buffer, contentType: string | undefined, kind: BodyKind): Decoded {
  const bom = sniffBom(bytes);
  if (bom) return { text: iconv.decode(bytes.subarray(bom.length), bom.charset), charset: bom.charset };

  const warnings: string[] = [];
  // Each declaration in order of authority; the first one the bytes do not contradict wins.
  const declared = [
    labelFrom(headerCharset(contentType), 'Content-Type', warnings),
    kind === 'xml' ? labelFrom(xmlDeclCharset(bytes), 'XML declaration', warnings) : undefined,
    kind === 'html' ? labelFrom(metaCharset(bytes), '<meta>', warnings) : undefined,
  ].filter((c): c is string => c !== undefined);

  const utf8 = isUtf8(bytes);
  const multibyte = utf8 && !isAscii(bytes);
  const result = (text: string, charset: string): Decoded => ({ text, charset, ...(warnings.length > 0 ? { warning: warnings.join('; ') } : {}) });

  for (const cs of declared) {
    if (cs === 'utf-8') {
      if (utf8) return result(bytes.toString('utf8'), 'utf-8');
      warnings.push('declared UTF-8 but the bytes are not valid UTF-8');
      continue;
    }
    if (multibyte) {
      warnings.push(`declared charset ${cs} but the bytes are UTF-8; decoded as UTF-8`);
      return result(bytes.toString('utf8'), 'utf-8');
    }
    return result(iconv.decode(bytes, decoderName(cs)), cs);
  }
  if (utf8) return result(bytes.toString('utf8'), 'utf-8');
  if (declared.length > 0) warnings[warnings.length - 1] += '; decoded as GB18030';
  return result(iconv.decode(bytes, 'gb18030'), 'gb18030');
}

/**
 * Maps a charset label to the charset we decode with, or undefined when
 * iconv-lite does not know it. GBK and GB2312 are subsets of GB18030, so
 * decoding them as GB18030 never loses a character.
 */
export function normalizeCharset(label: string): string | undefined {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return undefined;
  if (l === 'utf-8' || l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (/^(gbk|gb2312|x-gbk|gb18030|gb_2312-80|csgb2312|chinese|iso-ir-58|euc-cn|cp936|windows-936)$/.test(l)) return 'gb18030';
  if (/^(big5|big5-hkscs|big5hkscs|cn-big5|csbig5|x-x-big5|cp950)$/.test(l)) return 'big5';
  // WHATWG: these labels mean windows-1252 on the web.
  if (/^(iso-8859-1|iso8859-1|latin1|l1|us-ascii|ascii|ansi_x3.4-1968|windows-1252|cp1252)$/.test(l)) return 'windows-1252';
  return iconv.encodingExists(l) ? l : undefined;
}

function decoderName(charset: string): string {
  // Big5 on the web is Big5-HKSCS (the WHATWG decoder includes the HK extensions).
  return charset === 'big5' ? 'big5hkscs' : charset;
}

function labelFrom(label: string | undefined, where: string, warnings: string[]): string | undefined {
  if (label === undefined) return undefined;
  const cs = normalizeCharset(label);
  if (cs === undefined) {
    warnings.push(`unknown charset "${label}" in ${where}; guessed from the bytes`);
    return undefined;
  }
  // A UTF-16 label inside an ASCII-readable document is a lie (no BOM, the
  // declaration itself is 8-bit); treat it as unknown.
  if (where !== 'Content-Type' && cs.startsWith('utf-16')) return undefined;
  return cs;
}

function sniffBom(b: Buffer): { charset: string; length: number } | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

function headerCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("([^"]*)"|[^\s;]+)/i.exec(contentType);
  return m ? (m[2] ?? m[1]) : undefined;
}

function head(bytes: Buffer): string {
  return bytes.subarray(0, SNIFF_BYTES).toString('latin1');
}

function xmlDeclCharset(bytes: Buffer): string | undefined {
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/i.exec(head(bytes));
  return m?.[1];
}

function metaCharset(bytes: Buffer): string | undefined {
  // Covers <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
  const m = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head(bytes));
  return m?.[1];
}

/** ASCII is valid in every charset we decode, so it proves nothing about which one a document uses. */
function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}
