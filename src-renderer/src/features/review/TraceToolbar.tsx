import { Button, Group, SegmentedControl, Select, Switch } from '@mantine/core';
import { GAINS, PAPER_SPEEDS } from '../trace/geometry';
import { LAYOUT_LABELS, LAYOUTS, type LayoutId } from '../trace/layout';
import type { BandFilter, NotchFilter } from '../trace/filters';
import { useViewStore } from '../../stores/view-store';
import { ExportMenu } from '../report/ExportMenu';

/** Props: whether the file has a median-beat group (enables that layout) and the calibration opener. */
export interface TraceToolbarProps {
  hasMedian: boolean;
  onCalibrate: () => void;
}

/** Layout, speed, gain, display filter, sizing and caliper controls; all state lives in the view store. */
export function TraceToolbar({ hasMedian, onCalibrate }: TraceToolbarProps) {
  const v = useViewStore();
  const layouts = LAYOUTS.filter((l) => l !== 'median' || hasMedian);
  return (
    <Group gap="sm" wrap="wrap" data-testid="trace-toolbar">
      <SegmentedControl
        size="xs"
        data-testid="layout-control"
        value={v.layout}
        onChange={(x) => v.set({ layout: x as LayoutId })}
        data={layouts.map((l) => ({ value: l, label: LAYOUT_LABELS[l] }))}
      />
      <SegmentedControl
        size="xs"
        data-testid="speed-control"
        value={String(v.speed)}
        onChange={(x) => v.set({ speed: Number(x) as (typeof PAPER_SPEEDS)[number] })}
        data={PAPER_SPEEDS.map((s) => ({ value: String(s), label: `${s} mm/s` }))}
      />
      <SegmentedControl
        size="xs"
        data-testid="gain-control"
        value={String(v.gain)}
        onChange={(x) => v.set({ gain: Number(x) as (typeof GAINS)[number] })}
        data={GAINS.map((g) => ({ value: String(g), label: `${g} mm/mV` }))}
      />
      <Select
        size="xs"
        w={200}
        aria-label="Display filter"
        data-testid="filter-control"
        value={v.filter.band}
        allowDeselect={false}
        onChange={(x) => x && v.set({ filter: { ...v.filter, band: x as BandFilter } })}
        data={[
          { value: 'none', label: 'No filter' },
          { value: 'diagnostic', label: 'Diagnostic 0.05-150 Hz' },
          { value: 'monitoring', label: 'Monitoring 0.5-40 Hz' },
        ]}
      />
      <SegmentedControl
        size="xs"
        data-testid="notch-control"
        value={String(v.filter.notchHz)}
        onChange={(x) => v.set({ filter: { ...v.filter, notchHz: Number(x) as NotchFilter } })}
        data={[
          { value: '0', label: 'No notch' },
          { value: '50', label: '50 Hz' },
          { value: '60', label: '60 Hz' },
        ]}
      />
      <SegmentedControl
        size="xs"
        data-testid="sizing-control"
        value={v.sizing}
        onChange={(x) => v.set({ sizing: x as 'fit' | 'true-size' })}
        data={[
          { value: 'fit', label: 'Fit' },
          { value: 'true-size', label: 'True size' },
        ]}
      />
      <Button size="xs" variant="default" onClick={onCalibrate} data-testid="calibrate-button">
        Calibrate screen
      </Button>
      <Switch size="xs" label="Calipers (C)" checked={v.calipers} onChange={(e) => v.set({ calipers: e.currentTarget.checked })} data-testid="calipers-toggle" />
      <ExportMenu />
    </Group>
  );
}
