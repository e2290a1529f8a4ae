import { Group, Text } from '@mantine/core';
import { filterLabel, type DisplayFilter } from '../trace/filters';
import { effectiveScale } from '../trace/geometry';
import type { SizingMode } from '../trace/viewport';

/** Props: the paper settings, the rendered and screen densities (px/mm), and what the group is like. */
export interface TraceFooterProps {
  speed: number;
  gain: number;
  filter: DisplayFilter;
  sizing: SizingMode;
  renderPxPerMm: number | null;
  screenPxPerMm: number;
  screenCalibrated: boolean;
  sampleRateHz: number;
  derivedLeads: string[];
}

/**
 * The paper's footer: speed, gain and the ACTIVE display filter, then what a ruler on this screen would read
 * (effective mm/s and mm/mV), and notes on a low sample rate or derived leads.
 */
export function TraceFooter(p: TraceFooterProps) {
  const eff = p.renderPxPerMm ? effectiveScale(p.speed, p.gain, p.renderPxPerMm, p.screenPxPerMm) : null;
  return (
    <Group gap="lg" justify="space-between" wrap="wrap" data-testid="trace-footer" px={4}>
      <Text size="sm" fw={600} data-testid="footer-scale">
        {p.speed} mm/s · {p.gain} mm/mV · {filterLabel(p.filter)} (display only)
      </Text>
      {eff && (
        <Text size="sm" data-testid="footer-effective">
          On screen: {eff.mmPerS.toFixed(1)} mm/s, {eff.mmPerMv.toFixed(1)} mm/mV
          {p.sizing === 'true-size' ? ' (true size' : ' (fit to window'}
          {p.screenCalibrated ? ', ruler-calibrated screen)' : ', screen not calibrated: assumes 96 dpi)'}
        </Text>
      )}
      <Group gap="md">
        {p.sampleRateHz < 500 && (
          <Text size="sm" c="orange.8" fw={600} data-testid="low-rate-note">
            Sampled at {p.sampleRateHz} Hz: below the 500 Hz recommended for diagnostic ECG
          </Text>
        )}
        {p.derivedLeads.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="derived-note">
            Derived (computed, not recorded): {p.derivedLeads.join(', ')}
          </Text>
        )}
      </Group>
    </Group>
  );
}
