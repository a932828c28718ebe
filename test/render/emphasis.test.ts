import { describe, expect, it } from 'vitest';
import { isLeftFlanking, isRightFlanking, MARK, resolveEmphasis, starsWork } from '../../src/render/emphasis.js';
import { strongSpans } from './helpers.js';

describe('CommonMark flanking rules', () => {
  it('the reference checker agrees with spec examples', () => {
    expect(strongSpans('**foo bar**')).toEqual(['foo bar']);
    expect(strongSpans('** foo bar**')).toEqual([]); // spec: not left-flanking
    expect(strongSpans('a**"foo"**')).toEqual([]); // spec example: preceded by alnum, followed by punct
    expect(strongSpans('foo**bar**')).toEqual(['bar']);
    expect(strongSpans('**“重点”**后文')).toEqual([]); // the CJK case the brief names
    expect(strongSpans('**重点**后文')).toEqual(['重点']);
    expect(strongSpans('前文**“重点”**，后文')).toEqual([]); // opener after a letter, before punctuation
    expect(strongSpans('前文，**“重点”**，后文')).toEqual(['“重点”']);
  });

  it('classifies delimiter runs as the spec does', () => {
    expect(isLeftFlanking(undefined, '“')).toBe(true);
    expect(isLeftFlanking('文', '“')).toBe(false);
    expect(isRightFlanking('”', '后')).toBe(false);
    expect(isRightFlanking('”', '，')).toBe(true);
    expect(isRightFlanking('点', '后')).toBe(true);
    expect(isLeftFlanking(' ', ' ')).toBe(false);
    expect(starsWork('前', '“重点”', '后')).toBe(false);
    expect(starsWork(undefined, '重点', '后')).toBe(true);
  });

  it('counts symbols such as ℃ as punctuation, as CommonMark 0.31 does', () => {
    expect(isRightFlanking('℃', '以')).toBe(false);
    expect(isLeftFlanking('温', '℃')).toBe(false);
    expect(isRightFlanking('℃', '，')).toBe(true);
    expect(starsWork('温', '25℃', '以')).toBe(false);
    expect(starsWork('，', '25℃', '，')).toBe(true);
    const s = (c: string) => `${MARK.strongOpen}${c}${MARK.strongClose}`;
    expect(resolveEmphasis(`气温${s('25℃')}以上，${s('30℃')}，高温`)).toBe('气温<strong>25℃</strong>以上，**30℃**，高温');
  });

  it('resolves marks to ** where GitHub will render them, HTML elsewhere', () => {
    const s = (c: string) => `${MARK.strongOpen}${c}${MARK.strongClose}`;
    expect(resolveEmphasis(`${s('重点')}后文`)).toBe('**重点**后文');
    expect(resolveEmphasis(`前文${s('“重点”')}后文`)).toBe('前文<strong>“重点”</strong>后文');
    expect(resolveEmphasis(`${MARK.emOpen}${s('x')}${MARK.emClose}`)).toBe('*<strong>x</strong>*');
  });
});
