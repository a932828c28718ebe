import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, normalizeCharset } from '../../src/http/charset.js';

const zh = '缆车今日恢复运行，市民排队乘坐';
const tw = '颱風過境，渡輪服務暫停';

describe('decodeBody', () => {
  it('reads GBK bytes that declare nothing (not UTF-8, so GB18030)', () => {
    const bytes = iconv.encode(`<rss><title>${zh}</title></rss>`, 'gbk');
    expect(decodeBody(bytes, 'application/xml', 'xml')).toMatchObject({ text: `<rss><title>${zh}</title></rss>`, charset: 'gb18030' });
  });

  it('uses the Content-Type charset (gb2312 label, decoded as GB18030)', () => {
    const bytes = iconv.encode(`<p>${zh}</p>`, 'gbk');
    expect(decodeBody(bytes, 'text/html; charset="GB2312"', 'html').text).toBe(`<p>${zh}</p>`);
  });

  it('uses the XML declaration for xml and the <meta> for html', () => {
    const xml = iconv.encode(`<?xml version="1.0" encoding="big5"?><rss><title>${tw}</title></rss>`, 'big5');
    expect(decodeBody(xml, 'text/xml', 'xml')).toMatchObject({ charset: 'big5' });
    expect(decodeBody(xml, 'text/xml', 'xml').text).toContain(tw);

    const html = iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body>${tw}</body></html>`, 'big5');
    expect(decodeBody(html, 'text/html', 'html').text).toContain(tw);
    const html5 = iconv.encode(`<!doctype html><meta charset=gbk><p>${zh}</p>`, 'gbk');
    expect(decodeBody(html5, undefined, 'html').text).toContain(zh);
  });

  it('lets a BOM win over every declaration', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0" encoding="gbk"?><a>${zh}</a>`)]);
    const d = decodeBody(bytes, 'text/xml; charset=big5', 'xml');
    expect(d.charset).toBe('utf-8');
    expect(d.text.startsWith('<?xml')).toBe(true);
    expect(d.text).toContain(zh);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<a>${tw}</a>`, 'utf16le')]);
    expect(decodeBody(le, undefined, 'xml').text).toBe(`<a>${tw}</a>`);
  });

  it('decodes by what the bytes are when a gb2312 label sits on UTF-8 bytes', () => {
    const bytes = Buffer.from(`<html><head><meta charset="gb2312"></head><body>${zh}</body></html>`);
    const d = decodeBody(bytes, 'text/html; charset=gb2312', 'html');
    expect(d.text).toContain(zh);
    expect(d.charset).toBe('utf-8');
    expect(d.warning).toMatch(/gb18030.*UTF-8/);
  });

  it('keeps the real gmw sample readable even when served as gb2312', () => {
    const bytes = readFileSync(new URL('../fixtures/samples/articles/gmw/source.html', import.meta.url));
    for (const ct of ['text/html', 'text/html; charset=gb2312']) {
      const d = decodeBody(bytes, ct, 'html');
      expect(d.text).toContain('宇航员在太空中喝酒会怎么样');
      expect(d.text).not.toContain('\ufffd');
    }
  });

  it('falls back to GB18030 when UTF-8 is declared but the bytes are GBK', () => {
    const bytes = iconv.encode(`<?xml version="1.0" encoding="utf-8"?><a>${zh}</a>`, 'gbk');
    const d = decodeBody(bytes, undefined, 'xml');
    expect(d.text).toContain(zh);
    expect(d.warning).toMatch(/not valid UTF-8/);
  });

  it('passes over a server-default UTF-8 header when the bytes are Big5 and <meta> says so', () => {
    const bytes = iconv.encode(`<html><head><meta charset="big5"></head><body>${tw}</body></html>`, 'big5');
    const d = decodeBody(bytes, 'text/html; charset=UTF-8', 'html');
    expect(d).toMatchObject({ charset: 'big5' });
    expect(d.text).toContain(tw);
    expect(d.warning).toMatch(/declared UTF-8 but the bytes are not valid UTF-8/);
  });

  it('warns about an unknown label and sniffs instead', () => {
    const d = decodeBody(Buffer.from(`<a>${zh}</a>`), 'text/xml; charset=x-made-up', 'xml');
    expect(d).toMatchObject({ text: `<a>${zh}</a>`, charset: 'utf-8' });
    expect(d.warning).toMatch(/unknown charset "x-made-up" in Content-Type/);
  });

  it('decodes a latin-1 page as windows-1252', () => {
    const bytes = iconv.encode('<p>café – “quoted”</p>', 'windows-1252');
    expect(decodeBody(bytes, 'text/html; charset=iso-8859-1', 'html').text).toBe('<p>café – “quoted”</p>');
  });
});

describe('normalizeCharset', () => {
  it('maps the Chinese labels to the decoders we use', () => {
    expect(['gbk', 'GB2312', 'x-gbk', 'gb18030'].map(normalizeCharset)).toEqual(['gb18030', 'gb18030', 'gb18030', 'gb18030']);
    expect(['big5', 'Big5-HKSCS'].map(normalizeCharset)).toEqual(['big5', 'big5']);
    expect(normalizeCharset('UTF8')).toBe('utf-8');
    expect(normalizeCharset('nonsense')).toBeUndefined();
  });
});
