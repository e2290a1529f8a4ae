import { describe, expect, it } from 'vitest';
import { decodeXmlBytes, headText, rootElementName } from '../../../../../src-main/core/ecg/xml-common/decode-text';
import { crc32 } from '../../../../../src-main/core/ecg/xml-common/base64';
import { parseXml } from '../../../../../src-main/core/ecg/xml-common/xml-tree';

const doc = (decl: string): string => `${decl}<root a="é">Ωx</root>`;

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const out = Uint8Array.from(le);
  if (bigEndian) for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1] ?? 0, out[i] ?? 0];
  const mark = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  return Uint8Array.from([...mark, ...out]);
}

describe('XML byte decoding', () => {
  it('decodes UTF-16 by its bytes: LE/BE, with and without BOM', () => {
    const text = doc('<?xml version="1.0" encoding="utf-16"?>');
    for (const [be, bom] of [[false, true], [false, false], [true, true], [true, false]] as const) {
      const d = decodeXmlBytes(utf16(text, be, bom));
      expect(d.text).toBe(text);
      expect(d.encoding).toBe(be ? 'utf-16be' : 'utf-16le');
      expect(d.warning).toBeUndefined();
    }
  });

  it('trusts single-byte bytes over a UTF-16 declaration, with a warning', () => {
    const text = doc('<?xml version="1.0" encoding="UTF-16"?>');
    const d = decodeXmlBytes(new TextEncoder().encode(text));
    expect(d.text).toBe(text);
    expect(d.encoding).toBe('utf-8');
    expect(d.warning).toMatch(/declares encoding utf-16/);
  });

  it('decodes ISO-8859-1 declarations as windows-1252 and UTF-8 BOMs as UTF-8', () => {
    const latin = Uint8Array.from([...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><r>'), 0xe9, 0x80, ...new TextEncoder().encode('</r>')]);
    expect(decodeXmlBytes(latin).text.endsWith('<r>é€</r>')).toBe(true);
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<r>Ω</r>')]);
    expect(decodeXmlBytes(bom).text).toBe('<r>Ω</r>');
  });

  it('refuses an encoding it cannot decode', () => {
    const ebcdic = new TextEncoder().encode('<?xml version="1.0" encoding="EBCDIC-XYZ"?><r/>');
    expect(() => decodeXmlBytes(ebcdic)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
  });

  it('finds the root element past declarations, comments and DOCTYPE, in any encoding', () => {
    const text = '<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE RestingECG SYSTEM "restecg.dtd">\n<RestingECG>';
    expect(rootElementName(text)).toBe('RestingECG');
    expect(rootElementName('<v3:AnnotatedECG xmlns:v3="urn:hl7-org:v3">')).toBe('AnnotatedECG');
    expect(rootElementName(headText(utf16('<restingecgdata>', true, false)))).toBe('restingecgdata');
    expect(rootElementName('not xml')).toBeUndefined();
  });
});

describe('XML parsing guards', () => {
  it('reports a document cut before its closing root tag as TRUNCATED, a foreign root as NOT_AN_ECG', () => {
    expect(() => parseXml('<a><b>1</b>', 'test file', 'a')).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => parseXml('<x><b>1</b></x>', 'test file', 'a')).toThrow(expect.objectContaining({ code: 'NOT_AN_ECG' }));
    expect(parseXml('<a><b>1</b></a>\n<!-- trailer -->\n', 'test file', 'a')).toEqual({ a: { b: '1' } });
  });

  it('does not expand nested entities (no billion laughs)', () => {
    const bomb = '<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]><a>&y;&y;&y;</a>';
    const tree = parseXml(bomb, 'test file', 'a');
    expect(JSON.stringify(tree).length).toBeLessThan(200);
  });

  it('CRC-32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
