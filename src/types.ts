// Shapes that cross stage boundaries. Each stage owns its internal types;
// only what one stage hands to the next lives here.

/** One entry a source (feed or listing page) yields. */
export interface SourceItem {
  /** Absolute URL of the original article (http/https only). */
  url: string;
  title: string;
  /** ISO 8601 (UTC) when the source gives a date, else undefined. */
  published?: string;
  /** Full HTML body from the feed (content:encoded, <content>, Atom content, JSON content_html). */
  html?: string;
  /** Short summary (RSS description, Atom summary, JSON summary). */
  summary?: string;
  /** Stable identifier from the feed (guid / atom:id / JSON id) when present. */
  guid?: string;
  /** Lead image the source names (media:content, enclosure, JSON image). */
  image?: string;
}

/** A fetched, cleaned article ready to render. */
export interface Article {
  /** Safe file-name id, matches /^[A-Za-z0-9_-]{1,80}$/. */
  id: string;
  channel: string;
  url: string;
  title: string;
  published?: string;
  /** Cleaned HTML body: absolute URLs, no active content, lead image removed from it. */
  html: string;
  lead?: { src: string; caption?: string; alt?: string };
  /** The source gave no text (`body: feed`): the page says so in place of a body. */
  noText?: boolean;
}

/** One line of a channel manifest (`indexes/<channel>.json`). */
export interface ManifestEntry {
  id: string;
  title: string;
  url: string;
  published?: string;
  /** Repository path of the page, e.g. `pages/news/n123.md`. */
  path: string;
  /** Git blob SHA-1 of the page as written. */
  hash: string;
  /** When the article was first mirrored; set only for articles the source gave no date, so they still sort. */
  mirrored?: string;
  /**
   * Hash of the chrome the page was rendered with (render/chrome.ts). Absent on
   * entries written before pages kept their body between markers: those pages
   * are never re-rendered.
   */
  chrome?: string;
}

/** A channel's failing streak, kept in its manifest while its source fails; dropped once it reads again. */
export interface ChannelHealth {
  /** Consecutive runs in which the channel's source could not be read. */
  failures: number;
  /** When the first of those runs ran (ISO 8601). */
  since: string;
  lastError: string;
}

export interface Manifest {
  channel: string;
  title: string;
  /** Present only while the channel fails. */
  health?: ChannelHealth;
  /** Newest first. */
  articles: ManifestEntry[];
}

/** A file the run wants the repository to hold. */
export interface OutputFile {
  path: string;
  content: Buffer;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Groups log lines (Actions log groups; indentation on the CLI). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}
