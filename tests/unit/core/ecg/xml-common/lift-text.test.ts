import { describe, expect, it } from 'vitest';
import { LIFT_TEXT_CHARS, MAX_ATTRIBUTE_CHARS, liftLongTexts } from '../../../../../src-main/core/ecg/xml-common/lift-text';
import { kid, parseXml, textOf, attr } from '../../../../../src-main/core/ecg/xml-common/xml-tree';

/** Long text runs bypass the XML parser (bounded memory, issue 11) and come back unchanged. */
const long = (c: string) => c.repeat(LIFT_TEXT_CHARS + 10);

describe('lifting long text runs out of the parser', () => {
  it('gives the same tree: long runs restored as they were, short ones and markup untouched', () => {
    const digits = long('12 ');
    const b64 = long('QUJD');
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "a>b">]><r a="x > y" b='q"uote'><!-- a <comment> with > -->` +
      `<d>${digits}</d><e k="1">${b64}</e><s>short &amp; sweet</s><![CDATA[<not a tag>]]></r>`;
    const lifted = liftLongTexts(xml, 'test');
    expect(lifted.texts).toEqual([digits, b64]);
    expect(lifted.skeleton.length).toBeLessThan(400);
    const root = kid(parseXml(xml, 'test', 'r'), 'r');
    expect(textOf(kid(root, 'd'))).toBe(digits.trim());
    expect(textOf(kid(root, 'e'))).toBe(b64);
    expect(attr(kid(root, 'e'), 'k')).toBe('1');
    expect(textOf(kid(root, 's'))).toBe('short & sweet');
    expect(attr(root, 'a')).toBe('x > y');
  });

  it('refuses an attribute value beyond 1 MB before any tree is built (CORRUPT)', () => {
    const xml = `<r a="${'x'.repeat(MAX_ATTRIBUTE_CHARS + 1)}"/>`;
    expect(() => liftLongTexts(xml, 'test')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => liftLongTexts(`<r a="${'x'.repeat(1000)}"/>`, 'test')).not.toThrow();
  });

  it('leaves unclosed markup to the parser, which reports the damage', () => {
    expect(liftLongTexts(`<r>${long('1 ')}<unclosed a="`, 'test').texts).toHaveLength(1);
    expect(() => parseXml(`<r><d>${long('1 ')}</d><x a="></r>`, 'test', 'r')).not.toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
