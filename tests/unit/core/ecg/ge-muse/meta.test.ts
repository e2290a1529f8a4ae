import { describe, expect, it } from 'vitest';
import { museAcquisitionTime, museStatements } from '../../../../../src-main/core/ecg/ge-muse/meta';
import { museFilters, museGroups } from '../../../../../src-main/core/ecg/ge-muse/waveforms';
import { kid, parseXml } from '../../../../../src-main/core/ecg/xml-common/xml-tree';
import { crc32 } from '../../../../../src-main/core/ecg/xml-common/base64';

const root = (body: string) => kid(parseXml(`<RestingECG>${body}</RestingECG>`, 'MUSE', 'RestingECG'), 'RestingECG') ?? {};

function leadXml(id: string, values: number[], opts: { units?: string; perBit?: number; crc?: number } = {}): string {
  const bytes = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(bytes.buffer).setInt16(i * 2, v, true));
  return `<LeadData><LeadSampleCountTotal>${values.length}</LeadSampleCountTotal><LeadAmplitudeUnitsPerBit>${opts.perBit ?? 4.88}</LeadAmplitudeUnitsPerBit>
    <LeadAmplitudeUnits>${opts.units ?? 'MICROVOLTS'}</LeadAmplitudeUnits><LeadID>${id}</LeadID><LeadSampleSize>2</LeadSampleSize>
    <LeadDataCRC32>${opts.crc ?? crc32(bytes)}</LeadDataCRC32><WaveFormData>${Buffer.from(bytes).toString('base64')}</WaveFormData></LeadData>`;
}

describe('GE MUSE parts', () => {
  it('joins statement pieces up to each ENDSLINE flag', () => {
    const r = root(`<Diagnosis><DiagnosisStatement><StmtFlag>USERINSERT</StmtFlag><StmtText>Sinus rhythm</StmtText></DiagnosisStatement>
      <DiagnosisStatement><StmtText>with 1st degree AV block</StmtText><StmtFlag>ENDSLINE</StmtFlag></DiagnosisStatement>
      <DiagnosisStatement><StmtText>Abnormal ECG</StmtText><StmtFlag>ENDSLINE</StmtFlag></DiagnosisStatement></Diagnosis>`);
    expect(museStatements(r)).toEqual(['Sinus rhythm with 1st degree AV block', 'Abnormal ECG']);
  });

  it('reads MM-DD-YYYY acquisition dates as ISO local time', () => {
    expect(museAcquisitionTime(root('<TestDemographics><AcquisitionDate>05-10-2021</AcquisitionDate><AcquisitionTime>13:15:18</AcquisitionTime></TestDemographics>'))).toBe('2021-05-10T13:15:18');
  });

  it('scales by units per bit and unit, orders rhythm first, rate = base x 10^exponent', () => {
    const r = root(`<Waveform><WaveformType>Median</WaveformType><SampleBase>500</SampleBase><SampleExponent>0</SampleExponent>${leadXml('I', [1, -2])}</Waveform>
      <Waveform><WaveformType>Rhythm</WaveformType><SampleBase>25</SampleBase><SampleExponent>1</SampleExponent><HighPassFilter>5</HighPassFilter><LowPassFilter>40</LowPassFilter>
      ${leadXml('V1', [10, 20], { units: 'MILLIVOLTS', perBit: 0.005 })}</Waveform>`);
    const warn = new Set<string>();
    const groups = museGroups(r, warn);
    expect(groups.map((g) => [g.kind, g.sampleRateHz])).toEqual([['rhythm', 250], ['median', 500]]);
    expect(Array.from(groups[0]?.leads[0]?.samples ?? [])).toEqual([50, 100]);
    expect(Array.from(groups[1]?.leads[0]?.samples ?? [])).toEqual([Math.fround(4.88), Math.fround(-9.76)]);
    expect(museFilters(r)).toEqual({ highPassHz: 0.05, lowPassHz: 40 });
    expect(warn.size).toBe(0);
  });

  it('rejects a waveform whose CRC does not match and one with fewer samples than declared', () => {
    const badCrc = root(`<Waveform><WaveformType>Rhythm</WaveformType><SampleBase>500</SampleBase>${leadXml('I', [1, 2], { crc: 12345 })}</Waveform>`);
    expect(() => museGroups(badCrc, new Set())).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    const short = root(`<Waveform><WaveformType>Rhythm</WaveformType><SampleBase>500</SampleBase>${leadXml('I', [1, 2]).replace('<LeadSampleCountTotal>2<', '<LeadSampleCountTotal>9<')}</Waveform>`);
    expect(() => museGroups(short, new Set())).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});
