// Builders for the fixture feeds the end-to-end tests serve: every format the
// action reads, from one list of items we write.

export interface FixtureItem {
  url: string;
  title: string;
  published: string;
  html: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function rss2(items: FixtureItem[], opts: { declaration?: string; plainContent?: boolean } = {}): string {
  const body = items
    .map(
      (i) => `<item>
  <title>${esc(i.title)}</title>
  <link>${esc(i.url)}</link>
  <guid>${esc(i.url)}</guid>
  <pubDate>${new Date(i.published).toUTCString()}</pubDate>
  <description>${esc(i.html.replace(/<[^>]+>/g, '').slice(0, 40))}</description>
  ${opts.plainContent ? `<content><![CDATA[${i.html}]]></content>` : `<content:encoded><![CDATA[${i.html}]]></content:encoded>`}
</item>`,
    )
    .join('\n');
  return `${opts.declaration ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Fixture RSS</title><link>http://example.invalid/</link><description>d</description>
${body}
</channel></rss>
`;
}

export function atom(items: FixtureItem[]): string {
  const body = items
    .map(
      (i) => `<entry>
  <title type="text">${esc(i.title)}</title>
  <id>${esc(i.url)}</id>
  <link rel="alternate" type="text/html" href="${esc(i.url)}"/>
  <published>${i.published}</published>
  <updated>${i.published}</updated>
  <content type="html">${esc(i.html)}</content>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture Atom</title><id>urn:fixture</id><updated>${items[0]?.published ?? '2026-01-01T00:00:00Z'}</updated>
${body}
</feed>
`;
}

export function rdf(items: FixtureItem[]): string {
  const body = items
    .map(
      (i) => `<item rdf:about="${esc(i.url)}">
  <title>${esc(i.title)}</title>
  <link>${esc(i.url)}</link>
  <dc:date>${i.published}</dc:date>
  <content:encoded><![CDATA[${i.html}]]></content:encoded>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="http://example.invalid/"><title>Fixture RDF</title><link>http://example.invalid/</link><description>d</description>
<items><rdf:Seq>${items.map((i) => `<rdf:li rdf:resource="${esc(i.url)}"/>`).join('')}</rdf:Seq></items></channel>
${body}
</rdf:RDF>
`;
}

export function jsonFeed(items: FixtureItem[]): string {
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Fixture JSON Feed',
      items: items.map((i) => ({ id: i.url, url: i.url, title: i.title, date_published: i.published, content_html: i.html })),
    },
    null,
    2,
  )}\n`;
}

/** Articles of a channel, numbered, newest first, with a body long enough to count as full text. */
export function makeItems(origin: string, channel: string, count: number, opts: { start?: number; cjk?: boolean } = {}): FixtureItem[] {
  const start = opts.start ?? 1;
  return Array.from({ length: count }, (_, k) => {
    const n = start + count - 1 - k;
    const day = String(1 + (n % 28)).padStart(2, '0');
    const hour = String(n % 24).padStart(2, '0');
    return {
      url: `${origin}/${channel}/2026/${n}/a${n}.html`,
      title: opts.cjk ? `第${n}号新闻：城市“新”变化` : `Story number ${n} & more`,
      published: `2026-${String(1 + Math.floor(n / 28) % 12).padStart(2, '0')}-${day}T${hour}:00:00Z`,
      html: opts.cjk
        ? `<p>这是第${n}篇示例文章的正文，讲述城市的变化。</p><p>记者走访了<a href="${origin}/tag/城市.html">城市</a>的街道。</p>`
        : `<p>This is the body of story ${n}, long enough to read.</p><p>It has a <a href="${origin}/tag/news">tag link</a> and a second paragraph.</p>`,
    };
  });
}
