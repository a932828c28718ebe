import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { sameImage, takeLeadImage } from '../../src/articles/lead-image.js';

const IMG = 'https://i.example.com/uploads/2023/03/id13954944-photo-600x400.jpg';

describe('takeLeadImage', () => {
  it('takes a leading figure with its figcaption out of the body', () => {
    const { html, lead } = takeLeadImage(
      `<figure><img src="${IMG}" alt="Alt text"><figcaption> Leaders meet in Moscow. (AFP) </figcaption></figure><p>Body text.</p>`,
    );
    expect(lead).toEqual({ src: IMG, caption: 'Leaders meet in Moscow. (AFP)', alt: 'Alt text' });
    expect(html).toBe('<p>Body text.</p>');
  });

  it('takes the reference-page shape: img + div.caption in a wrapper', () => {
    const { html, lead } = takeLeadImage(
      `<div><img src="${IMG}" alt="t"><div class="caption">2023年3月20日，普京会见习近平。</div></div><p>【大纪元讯】正文。</p>`,
    );
    expect(lead?.caption).toBe('2023年3月20日，普京会见习近平。');
    expect(html).toBe('<p>【大纪元讯】正文。</p>');
    expect(html).not.toContain('img');
  });

  it('takes a wp-caption-text sibling and collapses the emptied paragraph', () => {
    const { html, lead } = takeLeadImage(
      `<p><a href="${IMG}"><img src="${IMG}"></a></p><p class="wp-caption-text">WP caption</p><p>Text.</p>`,
    );
    expect(lead).toEqual({ src: IMG, caption: 'WP caption' });
    expect(html).toBe('<p>Text.</p>');
  });

  it('uses the image title when there is no caption', () => {
    expect(takeLeadImage(`<img src="${IMG}" title="From title"><p>x</p>`).lead?.caption).toBe('From title');
  });

  it('leaves an image that comes after substantial text in the body', () => {
    const text = '<p>' + 'A long opening paragraph. '.repeat(10) + '</p>';
    const input = `${text}<img src="${IMG}"><p>More.</p>`;
    const { html, lead } = takeLeadImage(input);
    expect(lead).toBeUndefined();
    expect(load(html, null, false)('img').attr('src')).toBe(IMG);
  });

  it('with a hint, takes the same picture at another size from anywhere in the body', () => {
    const text = '<p>' + 'Opening words. '.repeat(20) + '</p>';
    const { html, lead } = takeLeadImage(`${text}<figure><img src="${IMG}"><figcaption>Cap</figcaption></figure>`, {
      src: 'https://i.example.com/uploads/2023/03/id13954944-photo.jpg',
    });
    expect(lead).toEqual({ src: IMG, caption: 'Cap' });
    expect(html).not.toContain('<img');
    expect(html).toContain('Opening words.');
  });

  it('with a hint not in the body, returns the hint and leaves the body alone', () => {
    const body = '<p>' + 'Words. '.repeat(40) + '</p><img src="https://i.example.com/other.jpg">';
    const { html, lead } = takeLeadImage(body, { src: 'https://cdn.example.com/og.jpg', caption: 'OG caption' });
    expect(lead).toEqual({ src: 'https://cdn.example.com/og.jpg', caption: 'OG caption' });
    expect(html).toBe(body);
  });

  it('returns the body unchanged when there is no image and no hint', () => {
    expect(takeLeadImage('<p>Only text</p>')).toEqual({ html: '<p>Only text</p>' });
  });
});

describe('sameImage', () => {
  it('matches size variants of one file, not different files', () => {
    expect(sameImage('https://x/a/photo-600x400.jpg', 'https://y/b/photo.jpg')).toBe(true);
    expect(sameImage('https://x/a/photo.jpg?w=800', 'https://x/a/photo.jpg')).toBe(true);
    expect(sameImage('https://x/a/photo1.jpg', 'https://x/a/photo2.jpg')).toBe(false);
    expect(sameImage('https://x/a/%E0%A4%A.jpg', 'https://x/a/other.jpg')).toBe(false);
  });
});
