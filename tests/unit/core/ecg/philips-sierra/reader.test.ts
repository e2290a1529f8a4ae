import { describe, expect, it } from 'vitest';
import { philipsSierraReader } from '../../../../../src-main/core/ecg/philips-sierra';

function int16Base64(values: number[]): string {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b.toString('base64');
}

function doc(waveforms: string, version = '1.04'): Uint8Array {
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<restingecgdata><documentinfo><documenttype>PhilipsECG</documenttype><documentversion>${version}</documentversion></documentinfo>
<dataacquisition date="2020-01-02" time="03:04:05"><signalcharacteristics><samplingrate>250</samplingrate></signalcharacteristics></dataacquisition>
<waveforms>${waveforms}</waveforms></restingecgdata>`);
}

describe('Philips Sierra reader on built documents', () => {
  it('reads plain (uncompressed) base64 leads without touching the limb leads', () => {
    // I, II, III: 4 samples each at 250 Hz (16 ms), 2.5 uV per unit.
    const data = int16Base64([1, 2, 3, 4, 10, 20, 30, 40, -1, -2, -3, -4]);
    const r = philipsSierraReader.read({
      bytes: doc(`<parsedwaveforms dataencoding="Base64" compression="Uncompressed" numberofleads="3" leadlabels="I II III" durationperchannel="16" resolution="2.5">${data}</parsedwaveforms>`),
    });
    expect(r.acquisitionTime).toBe('2020-01-02T03:04:05');
    const g = r.groups[0];
    expect(g?.sampleRateHz).toBe(250);
    expect(g?.leads.map((l) => [l.name, Array.from(l.samples)])).toEqual([
      ['I', [2.5, 5, 7.5, 10]],
      ['II', [25, 50, 75, 100]],
      ['III', [-2.5, -5, -7.5, -10]],
    ]);
  });

  it('refuses unknown compression and encodings, and reports files without waveforms', () => {
    expect(() => philipsSierraReader.read({ bytes: doc('<parsedwaveforms dataencoding="Base64" compression="ZIP" leadlabels="I">AAAA</parsedwaveforms>') })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }),
    );
    expect(() => philipsSierraReader.read({ bytes: doc('<parsedwaveforms dataencoding="Hex" leadlabels="I">00</parsedwaveforms>') })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }),
    );
    expect(() => philipsSierraReader.read({ bytes: doc('') })).toThrow(expect.objectContaining({ code: 'NO_WAVEFORM' }));
    const short = int16Base64([1, 2]);
    expect(() =>
      philipsSierraReader.read({ bytes: doc(`<parsedwaveforms dataencoding="Base64" compression="Uncompressed" leadlabels="I II" durationperchannel="16">${short}</parsedwaveforms>`) }),
    ).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});
