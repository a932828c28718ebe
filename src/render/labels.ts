import type { Config, Locale } from '../config/load.js';

/** Every piece of fixed text the rendered files show. */
export interface Labels {
  /** Above the page's public URL and QR code. */
  share: string;
  /** Before the original article's URL. */
  original: string;
  /** Before the published date under a page's title. */
  published: string;
  /** Heading of the home page's newest-articles list. */
  latest: string;
  /** Heading of the home page's channel list. */
  channels: string;
  /** Link from a home-page section to the full channel index. */
  more: string;
  /** Put before the lead image's caption (empty by default). */
  leadCaption: string;
  /** Home page title when `site.title` is unset. */
  siteTitle: string;
  /** Article count; `{n}` is replaced by the number. */
  count: string;
  /** Link text of a channel's Atom feed. */
  feed: string;
  /** Link text back to the home page from an index. */
  home: string;
  /** In place of the body of a page whose feed item carried no text. */
  noText: string;
  /** A channel index that lists no article yet. */
  noArticles: string;
  /** Under a failing channel's title; `{date}` is the day it began to fail. */
  failingSince: string;
}

const defaults: Record<Locale, Labels> = {
  'zh-CN': {
    share: '手机上长按并复制下列链接或二维码分享本文章：',
    original: '原文地址（需翻墙访问）：',
    published: '发布时间：',
    latest: '最新文章',
    channels: '频道',
    more: '更多…',
    leadCaption: '',
    siteTitle: '新闻镜像',
    count: '{n} 篇',
    feed: 'Atom 订阅',
    home: '首页',
    noText: '（来源未提供正文，请阅读原文。）',
    noArticles: '暂无文章。',
    failingSince: '⚠️ 来源自 {date} 起无法读取。',
  },
  'zh-TW': {
    share: '手機上長按並複製下列連結或二維碼分享本文章：',
    original: '原文地址（需翻牆訪問）：',
    published: '發佈時間：',
    latest: '最新文章',
    channels: '頻道',
    more: '更多…',
    leadCaption: '',
    siteTitle: '新聞鏡像',
    count: '{n} 篇',
    feed: 'Atom 訂閱',
    home: '首頁',
    noText: '（來源未提供正文，請閱讀原文。）',
    noArticles: '暫無文章。',
    failingSince: '⚠️ 來源自 {date} 起無法讀取。',
  },
  en: {
    share: 'Long-press to copy this link or the QR code and share the article: ',
    original: 'Original article (may need a VPN): ',
    published: 'Published: ',
    latest: 'Latest articles',
    channels: 'Channels',
    more: 'More…',
    leadCaption: '',
    siteTitle: 'News Mirror',
    count: '{n} articles',
    feed: 'Atom feed',
    home: 'Home',
    noText: '(The source gave no text for this article; read it at the original link.)',
    noArticles: 'No articles yet.',
    failingSince: '⚠️ The source has been failing since {date}.',
  },
};

/** The locale's defaults with the config's overrides on top. */
export function labelsFor(config: Pick<Config, 'locale' | 'site'>): Labels {
  const base = defaults[config.locale] ?? defaults['zh-CN'];
  return { ...base, ...config.site.labels };
}

export function countLabel(labels: Labels, n: number): string {
  return labels.count.replace('{n}', String(n));
}
