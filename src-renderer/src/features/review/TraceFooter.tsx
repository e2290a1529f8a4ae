import { Group, Text } from '@mantine/core';
import { filterLabel, type DisplayFilter } from '../../../../src-shared/ecg-paper/display-filter';
import { effectiveScale } from '../trace/geometry';
import type { SizingMode } from '../trace/viewport';

/** Props: the paper settings, the rendered and screen densities (px/mm), and what the group is like. */
export interface TraceFooterProps {
  speed: number;
  gain: number;
  filter: DisplayFilter;
  /** A median (representative) beat is on screen: its filter is separate and off by default. */
  median: boolean;
  sizing: SizingMode;
  renderPxPerMm: number | null;
  screenPxPerMm: number;
  screenCalibrated: boolean;
  sampleRateHz: number;
  derivedLeads: string[];
}

/**
 * The paper's footer, one line unless a note needs a second: speed, gain and the ACTIVE display filter (median beats: unfiltered unless
 * chosen, and it says so), what a ruler on this screen would read (effective mm/s and mm/mV), and notes on a
 * low sample rate and derived leads.
 */
export function TraceFooter(p: TraceFooterProps) {
  const eff = p.renderPxPerMm ? effectiveScale(p.speed, p.gain, p.renderPxPerMm, p.screenPxPerMm) : null;
  const label = filterLabel(p.filter);
  const filterText = p.median
    ? label === 'unfiltered'
      ? 'median beat unfiltered (as the device averaged it)'
      : `median beat ${label} (display only)`
    : `${label} (display only)`;
  return (
    // Wraps rather than hiding a note: a low sample rate or derived leads must never be cut off.
    <Group gap="md" wrap="wrap" data-testid="trace-footer" px={4} style={{ flex: 1, minWidth: 0, whiteSpace: 'nowrap', rowGap: 0 }}>
      <Text size="xs" fw={600} data-testid="footer-scale">
        {p.speed} mm/s · {p.gain} mm/mV · {filterText}
      </Text>
      {p.sampleRateHz < 500 && (
        <Text size="xs" c="orange.8" fw={600} data-testid="low-rate-note">
          Sampled at {p.sampleRateHz} Hz: below the 500 Hz of diagnostic ECG
        </Text>
      )}
      {p.derivedLeads.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="derived-note" title="Computed from other leads (III, aVR, aVL, aVF from I and II), not recorded">
          Derived (not recorded): {p.derivedLeads.join(', ')}
        </Text>
      )}
      {eff && (
        <Text size="xs" data-testid="footer-effective" title="What a ruler held to this screen reads">
          On screen: {eff.mmPerS.toFixed(1)} mm/s, {eff.mmPerMv.toFixed(1)} mm/mV
          {p.sizing === 'true-size' ? ' (true size' : ' (fit'}
          {p.screenCalibrated ? ', ruler-calibrated screen)' : ', 96 dpi assumed)'}
        </Text>
      )}
    </Group>
  );
}
