import { describe, expect, it } from 'vitest';
import { aecgAnnotations, tsToIso } from '../../../../../src-main/core/ecg/hl7-aecg/meta';
import { decodeSequenceSet } from '../../../../../src-main/core/ecg/hl7-aecg/sequences';
import { kid, parseXml, type XmlNode } from '../../../../../src-main/core/ecg/xml-common/xml-tree';

const set = (inner: string): XmlNode =>
  kid(parseXml(`<AnnotatedECG xmlns:xsi="x"><sequenceSet>${inner}</sequenceSet></AnnotatedECG>`, 'aECG', 'AnnotatedECG'), 'AnnotatedECG')?.sequenceSet as XmlNode;

const timeSeq = (type: string, head: string, inc: string, unit: string): string =>
  `<component><sequence><code code="${type === 'GLIST_TS' ? 'TIME_ABSOLUTE' : 'TIME_RELATIVE'}"/><value xsi:type="${type}"><head value="${head}"/><increment value="${inc}" unit="${unit}"/></value></sequence></component>`;

const leadSeq = (code: string, origin: string, scale: string, digits: string): string =>
  `<component><sequence><code code="${code}"/><value xsi:type="SLIST_PQ"><origin ${origin}/><scale ${scale}/><digits>${digits}</digits></value></sequence></component>`;

describe('aECG sequence sets', () => {
  it('applies value = origin + scale x digit with each quantity in its own unit', () => {
    const s = set(timeSeq('GLIST_TS', '20020101120000.000', '2', 'ms') + leadSeq('MDC_ECG_LEAD_AVR', 'value="0.1" unit="mV"', 'value="2.5" unit="uV"', ' 0 4\n-4 '));
    const d = decodeSequenceSet(s, false, new Set());
    expect(d?.sampleRateHz).toBe(500);
    expect(d?.startTs).toBe('20020101120000.000');
    expect(d?.leads[0]?.name).toBe('aVR');
    expect(Array.from(d?.leads[0]?.samples ?? [])).toEqual([100, 110, 90]);
  });

  it('reads relative time axes and marks derived leads', () => {
    const d = decodeSequenceSet(set(timeSeq('GLIST_PQ', '0', '0.004', 's') + leadSeq('MDC_ECG_LEAD_V1', 'value="0" unit="uV"', 'value="1" unit="mV"', '1 2')), true, new Set());
    expect(d?.sampleRateHz).toBe(250);
    expect(d?.leads[0]).toMatchObject({ name: 'V1', derived: true });
    expect(Array.from(d?.leads[0]?.samples ?? [])).toEqual([1000, 2000]);
  });

  it('rejects irregular time axes and missing ones', () => {
    const irregular = `<component><sequence><code code="TIME_ABSOLUTE"/><value xsi:type="SLIST_TS"/></sequence></component>`;
    expect(() => decodeSequenceSet(set(irregular + leadSeq('MDC_ECG_LEAD_I', 'value="0" unit="uV"', 'value="1" unit="uV"', '1')), false, new Set())).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }),
    );
    expect(() => decodeSequenceSet(set(leadSeq('MDC_ECG_LEAD_I', 'value="0" unit="uV"', 'value="1" unit="uV"', '1')), false, new Set())).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
  });

  it('converts HL7 timestamps to ISO 8601, with zone when given', () => {
    expect(tsToIso('20021122091000')).toBe('2002-11-22T09:10:00');
    expect(tsToIso('20021122091000.123+0100')).toBe('2002-11-22T09:10:00.123+01:00');
    expect(tsToIso('200211')).toBe('2002-11-01T00:00:00');
    expect(tsToIso('yesterday')).toBeUndefined();
  });

  it('takes global measurements from the shallowest annotation, not from per-beat ones', () => {
    const xml = `<AnnotatedECG xmlns:xsi="x"><annotationSet>
      <component><annotation><code code="MDC_ECG_BEAT"/><component><annotation><code code="MDC_ECG_TIME_PD_QT"/><value xsi:type="PQ" value="380" unit="ms"/></annotation></component></annotation></component>
      <component><annotation><code code="MDC_ECG_TIME_PD_QT"/><value xsi:type="PQ" value="400" unit="ms"/></annotation></component>
      <component><annotation><code code="MDC_ECG_INTERPRETATION_STATEMENT"/><value xsi:type="ST">Normal ECG</value></annotation></component>
    </annotationSet></AnnotatedECG>`;
    const sets = [kid(kid(parseXml(xml, 'aECG', 'AnnotatedECG'), 'AnnotatedECG'), 'annotationSet') as XmlNode];
    expect(aecgAnnotations(sets)).toEqual({ measurements: { qtMs: 400 }, statements: ['Normal ECG'] });
  });
});
