import { parseConfig } from './src/config/load.js';
const m = `channels:\n  - id: a\n    title: A\n    source: { type: feed, url: "https://x/" }\n`;
const cases = [
  `retention: -1\n${m}`, `retention: 1.5\n${m}`, `retention: "x"\n${m}`, `fetch: { retries: 11 }\n${m}`,
  `retension: 3\n${m}`, `${m}    exclude_titles: [a]\n`, `${m}    colour: red\n`, `${m}    source2: x\n`,
  `channels:\n  - id: a\n    title: A\n    source: { type: rss, url: "https://x/" }\n`,
  `channels:\n  - id: a\n    title: A\n    source: { type: html, url: "https://x/", itme: "div" }\n`,
  `channels:\n  - id: a\n    title: A\n    source: { type: feed, url: "https://x/", item: "div" }\n`,
  `channels:\n  - id: a\n    title: A\n    source: { url: "https://x/" }\n`,
  `channels:\n  - id: a\n    title: A\n    source: "https://x/"\n`,
  `channels:\n  - id: a\n    title:\n    source: { type: feed, url: "https://x/" }\n`,
  `site: { home-latest: -3, atom: "yes" }\n${m}`,
  `channels: {}\n`, `channels: [1]\n`, `unlink: [""]\n${m}`, `paths: { home: x.txt }\n${m}`,
  `channels:\n  - id: a\n    title: A\n    source: { type: html, url: "https://x/", item: "div[" }\n    page: { select: ":nosuch", remove: [".a", "a,"] }\n`,
  `${m}    exclude-titles: ["/foo", "/(/", "/a/x"]\n`, `${m}    body: pdf\n`, `locale: fr\n${m}`, 'channels:\n  - id: [unclosed\n', '- a\n', '', `${m}${m.replace('channels:\n', '')}`,
];
for (const c of cases) {
  try { parseConfig(c, 'mirror.yml'); console.log('OK??', c); } catch (e) { console.log((e as Error).message); }
}
