import { z } from 'zod';
import { EXPECTED_HTTP_URL, isAbsoluteHttpUrl } from './http-url.js';
import { DURATION_HINT, parseDuration } from './duration.js';
import { patternRegex } from './patterns.js';
import { selectorProblem } from './selectors.js';

// Config keys are kebab-case in YAML (as in the design); the schema maps them
// to camelCase so the rest of the code reads naturally.

const httpUrl = z.string().refine(isAbsoluteHttpUrl, EXPECTED_HTTP_URL);

/** A repository-relative folder: no `..`, no leading `/`, no `.git`. */
const repoDir = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/, 'expected a relative folder such as "pages"')
  .refine((s) => !s.split('/').some((p) => p === '..' || p === '.git' || p === '.github'), 'must not name .., .git or .github');

const repoFile = repoDir.refine((s) => /\.md$/i.test(s), 'expected a Markdown file name such as "README.md"');

/** Substring, or `/regex/flags`. */
const pattern = z.string().min(1).superRefine((s, ctx) => {
  try {
    patternRegex(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: 'expected a substring or a /regex/flags pattern', params: { why: (e as Error).message } });
  }
});

/** Compiled now, so a typo is a config error rather than a channel that finds nothing. */
const selector = z.string().min(1).superRefine((s, ctx) => {
  const why = selectorProblem(s);
  if (why) ctx.addIssue({ code: 'custom', message: 'expected a CSS selector', params: { why } });
});

// YAML reads `id: 413` as a number; a channel named by digits is still meant as text.
const numberAsText = (v: unknown) => (typeof v === 'number' ? String(v) : v);

const channelId = z.preprocess(
  numberAsText,
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected 1-64 letters, digits, "_" or "-", starting with a letter or digit'),
);

const hostName = z.string().regex(/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/, 'expected a host name such as "example.com"');

const feedSource = z.strictObject({
  type: z.literal('feed'),
  url: httpUrl,
});

const htmlSource = z.strictObject({
  type: z.literal('html'),
  url: httpUrl,
  /** CSS selector of one item on the listing page. */
  item: selector,
  /** CSS selector of the item's link, inside the item (default: the first `a[href]`, or the item itself). */
  link: selector.optional(),
  /** CSS selector of the title inside the item (default: the link's text). */
  title: selector.optional(),
  /** CSS selector of the date inside the item (its `datetime` attribute or its text). */
  date: selector.optional(),
});

const pageRules = z.strictObject({
  /** CSS selector of the article body on the article page. */
  select: selector.optional(),
  /** CSS selectors removed from the body before rendering. */
  remove: z.array(selector).default([]),
});

/** Chinese script conversion of titles, bodies and captions (OpenCC), see articles/script.ts. */
const convert = z.enum(['t2s', 's2t', 'tw2sp', 's2twp']);

const channel = z.strictObject({
  id: channelId,
  title: z.preprocess(numberAsText, z.string().min(1)),
  source: z.discriminatedUnion('type', [feedSource, htmlSource]),
  body: z.enum(['feed', 'page', 'auto']).default('feed'),
  page: pageRules.default({ remove: [] }),
  'exclude-titles': z.array(pattern).default([]),
  /** Links whose URL matches become plain text (e.g. the origin's tag pages). */
  unlink: z.array(pattern).default([]),
  /** Extra hosts article pages may be fetched from (the source's own host always may). */
  'allow-hosts': z.array(hostName).default([]),
  /** Overrides the top-level retention for this channel. */
  retention: z.number().int().positive().optional(),
  /** At most this many items are taken from the source per run. */
  limit: z.number().int().positive().default(100),
  /** Overrides `site.convert` for this channel; `none` turns it off. */
  convert: z.enum([...convert.options, 'none']).optional(),
});

/** When a run with failing channels fails the job (see README "Guarantees"). */
export const FAIL_ON = ['all-channels', 'any-channel', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const duration = z.string().refine((s) => parseDuration(s) !== undefined, `expected ${DURATION_HINT}`);

/** Overrides of the locale's fixed texts (render/labels.ts has the defaults). */
const labels = z.strictObject({
  share: z.string().optional(),
  original: z.string().optional(),
  published: z.string().optional(),
  latest: z.string().optional(),
  channels: z.string().optional(),
  more: z.string().optional(),
  'lead-caption': z.string().optional(),
  /** `{n}` stands for the number of articles. */
  count: z.string().optional(),
  feed: z.string().optional(),
  home: z.string().optional(),
  'no-text': z.string().optional(),
  'no-articles': z.string().optional(),
  /** `{date}` stands for the day the channel's source began to fail. */
  'failing-since': z.string().optional(),
});

export const configSchema = z.strictObject({
  locale: z.enum(['zh-CN', 'zh-TW', 'en']).default('zh-CN'),
  site: z
    .strictObject({
      /** Public URL prefix of the repository's files; default https://github.com/OWNER/REPO/blob/BRANCH. */
      'base-url': httpUrl.optional(),
      title: z.string().min(1).optional(),
      header: z.string().default(''),
      footer: z.string().default(''),
      banner: z.string().default(''),
      /** Template of an analytics pixel URL ({path}, {channel}, {id}, {url}); off when absent. */
      analytics: z.string().optional(),
      /** Write feeds/<channel>.xml, an Atom feed of the mirror. */
      atom: z.boolean().default(true),
      /** Articles listed on the home page. */
      'home-latest': z.number().int().min(0).default(30),
      labels: labels.default({}),
      /** Script conversion for every channel that does not set its own. */
      convert: convert.optional(),
    })
    .default({ header: '', footer: '', banner: '', atom: true, 'home-latest': 30, labels: {} }),
  paths: z
    .strictObject({
      pages: repoDir.default('pages'),
      indexes: repoDir.default('indexes'),
      feeds: repoDir.default('feeds'),
      home: repoFile.default('README.md'),
    })
    .default({ pages: 'pages', indexes: 'indexes', feeds: 'feeds', home: 'README.md' }),
  retention: z.number().int().positive().default(300),
  'fail-on': z.enum(FAIL_ON).default('all-channels'),
  /** A channel failing longer than this fails the job whatever fail-on says. */
  'stale-after': duration.default('3d'),
  fetch: z
    .strictObject({
      'timeout-ms': z.number().int().positive().default(20_000),
      retries: z.number().int().min(0).max(10).default(2),
      'max-bytes': z.number().int().positive().default(10 * 1024 * 1024),
      concurrency: z.number().int().positive().max(64).default(8),
      'per-host': z.number().int().positive().max(32).default(4),
      'user-agent': z.string().min(1).optional(),
      /** Hosts every channel may fetch from besides its source's own (private addresses included). */
      'allow-hosts': z.array(hostName).default([]),
    })
    .default({ 'timeout-ms': 20_000, retries: 2, 'max-bytes': 10 * 1024 * 1024, concurrency: 8, 'per-host': 4, 'allow-hosts': [] }),
  /** Site-wide unlink patterns, added to each channel's. */
  unlink: z.array(pattern).default([]),
  /** Query parameters ignored when telling articles apart (added to utm_*, wt_mc, spm, from, ref). */
  'tracking-params': z.array(z.string().regex(/^[^\s&=#]+$/, 'expected a query parameter name such as "source"')).default([]),
  /** Delete the files of channels no longer in the config (kept and reported otherwise). */
  'prune-removed-channels': z.boolean().default(false),
  channels: z.array(channel).min(1, 'expected at least one channel'),
});

export type RawConfig = z.infer<typeof configSchema>;
export type ChannelConfig = RawConfig['channels'][number];
