// loadHtml queries every document through one cheerio: per-document classes
// (what cheerio.load() declares on each call) left garbage that outlived V8's
// young generation, so a run's memory grew with its articles.
import { describe, expect, it } from 'vitest';
import { htmlOf, loadHtml, rootOf } from '../../src/articles/dom.js';

describe('loadHtml', () => {
  it('queries each document on its own, through one class for all of them', () => {
    const a = loadHtml('<p class="x">first</p><p>second</p>');
    const b = loadHtml('<div><p class="x">other</p></div>');
    expect(a('p').length).toBe(2);
    expect(b('p').length).toBe(1);
    expect(a('p.x').text()).toBe('first');
    expect(b('.x').text()).toBe('other');
    expect(Object.getPrototypeOf(a('p'))).toBe(Object.getPrototypeOf(b('p')));
    expect(Object.getPrototypeOf(a.root())).toBe(Object.getPrototypeOf(b.root()));
  });

  it('wraps a node of the document, and the document itself, for traversal', () => {
    const $ = loadHtml('<section><h2>Title</h2><p>Body <b>bold</b></p></section>');
    const bold = $('b').get(0)!;
    expect($(bold).closest('section').find('h2').text()).toBe('Title');
    expect($.root().children().length).toBe(1);
    expect(rootOf($).type).toBe('root');
    expect($('p', $('section')).length).toBe(1);
  });

  it('serializes the whole fragment, and single nodes, as UTF-8 HTML', () => {
    const $ = loadHtml('<p title="a &amp; b">caf&eacute; &lt;3</p><img src="x.png">');
    expect(htmlOf($)).toBe('<p title="a &amp; b">café &lt;3</p><img src="x.png">');
    expect($.html($('img'))).toBe('<img src="x.png">');
    $('img').remove();
    expect(htmlOf($)).toBe('<p title="a &amp; b">café &lt;3</p>');
  });
});
