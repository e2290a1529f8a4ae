import { describe, expect, it } from 'vitest';
import { pngFileName, reportOptionsFromView } from '../../../../src-renderer/src/features/report/report-request';

const view = { layout: '6x2', speed: 50, gain: 20, filter: { band: 'monitoring' as const, notchHz: 50 as const }, hideIdentifiers: true, startS: 20 };

describe('print/PDF request from the review screen', () => {
  it('follows the screen: layout, speed, gain, display filter, hidden identifiers, page start and group', () => {
    expect(reportOptionsFromView(view, 'letter', 2)).toEqual({
      paper: 'letter', layout: '6x2', speedMmPerS: 50, gainMmPerMv: 20, filter: { band: 'monitoring', notchHz: 50 }, hideIdentifiers: true, startS: 20, groupIndex: 2,
    });
  });

  it('falls back to the standard page for screen-only views (median beat, 12.5 mm/s)', () => {
    const o = reportOptionsFromView({ ...view, layout: 'median', speed: 12.5 }, 'a4', undefined);
    expect(o).toMatchObject({ layout: '3x4+1', speedMmPerS: 25 });
    expect(o).not.toHaveProperty('groupIndex');
  });

  it('names the PNG after the file, never when identifiers are hidden', () => {
    expect(pngFileName('Doe^John 2024.dcm', false)).toBe('Doe_John 2024-view.png');
    expect(pngFileName('Doe^John 2024.dcm', true)).toBe('ecg-view.png');
  });
});
