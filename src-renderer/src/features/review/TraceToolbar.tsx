import { ActionIcon, Group, SegmentedControl, Select, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { activeFilter, useViewStore, type ViewState } from '../../stores/view-store';
import type { BandFilter, NotchFilter } from '../../../../src-shared/ecg-paper/display-filter';
import { GAINS, PAPER_SPEEDS } from '../trace/geometry';
import { LAYOUT_LABELS, LAYOUTS, type LayoutId } from '../trace/layout';
import { ExportMenu } from '../report/ExportMenu';
import { CalipersIcon, RulerIcon } from './icons';
import { returnFocusToWorkspace } from './return-focus';
import { RulerCalibration } from './RulerCalibration';

/** Props: whether the file has a median-beat group (enables that layout and its own filter setting). */
export interface TraceToolbarProps {
  hasMedian: boolean;
}

const BANDS: { value: BandFilter; label: string }[] = [
  { value: 'none', label: 'No filter' },
  { value: 'diagnostic', label: 'Diagnostic 0.05–150 Hz' },
  { value: 'monitoring', label: 'Monitoring 0.5–40 Hz' },
];

/**
 * Layout, speed, gain, display filter, notch, sizing, screen calibration and calipers on one compact line; all
 * state lives in the view store. Every change hands the keyboard back to the paper (shortcuts, arrows).
 */
export function TraceToolbar({ hasMedian }: TraceToolbarProps) {
  const v = useViewStore();
  const [calibrating, setCalibrating] = useState(false);
  const layouts = LAYOUTS.filter((l) => l !== 'median' || hasMedian);
  const median = hasMedian && v.layout === 'median';
  const filter = activeFilter(v, median);
  const change = (patch: Partial<Omit<ViewState, 'set' | 'cycle'>>) => {
    v.set(patch);
    returnFocusToWorkspace();
  };
  const setFilter = (f: typeof filter) => change(median ? { medianFilter: f } : { filter: f });
  // Picking an option (even the current one) hands the keyboard back to the paper.
  const select = { size: 'xs' as const, allowDeselect: false, withCheckIcon: false, comboboxProps: { withinPortal: true }, onOptionSubmit: returnFocusToWorkspace };
  return (
    <Group gap={4} wrap="nowrap" data-testid="trace-toolbar">
      <Select
        {...select}
        w={136}
        aria-label="Layout"
        data-testid="layout-control"
        value={v.layout}
        onChange={(x) => x && change({ layout: x as LayoutId })}
        data={layouts.map((l) => ({ value: l, label: LAYOUT_LABELS[l] }))}
      />
      <Select
        {...select}
        w={100}
        aria-label="Paper speed"
        data-testid="speed-control"
        value={String(v.speed)}
        onChange={(x) => x && change({ speed: Number(x) as (typeof PAPER_SPEEDS)[number] })}
        data={PAPER_SPEEDS.map((s) => ({ value: String(s), label: `${s} mm/s` }))}
      />
      <Select
        {...select}
        w={106}
        aria-label="Gain"
        data-testid="gain-control"
        value={String(v.gain)}
        onChange={(x) => x && change({ gain: Number(x) as (typeof GAINS)[number] })}
        data={GAINS.map((g) => ({ value: String(g), label: `${g} mm/mV` }))}
      />
      <Select
        {...select}
        w={182}
        aria-label={median ? 'Display filter of the median beat' : 'Display filter'}
        data-testid="filter-control"
        value={filter.band}
        onChange={(x) => x && setFilter({ ...filter, band: x as BandFilter })}
        data={BANDS.map((b) => ({ ...b, label: median && b.value === 'none' ? 'Median: unfiltered' : b.label }))}
      />
      <Select
        {...select}
        w={94}
        aria-label="Mains notch filter"
        data-testid="notch-control"
        value={String(filter.notchHz)}
        onChange={(x) => x && setFilter({ ...filter, notchHz: Number(x) as NotchFilter })}
        data={[
          { value: '0', label: 'No notch' },
          { value: '50', label: '50 Hz' },
          { value: '60', label: '60 Hz' },
        ]}
      />
      <SegmentedControl
        size="xs"
        data-testid="sizing-control"
        aria-label="Paper size"
        value={v.sizing}
        onChange={(x) => change({ sizing: x as 'fit' | 'true-size' })}
        data={[
          { value: 'fit', label: 'Fit' },
          { value: 'true-size', label: 'True size' },
        ]}
      />
      <Tooltip label="Calibrate the screen with a ruler for true-size paper">
        <ActionIcon variant="default" size="md" aria-label="Calibrate the screen" onClick={() => setCalibrating(true)} data-testid="calibrate-button">
          <RulerIcon />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={v.calipers ? 'Calipers on: click two points (C; Esc clears)' : 'Calipers (C)'}>
        <ActionIcon
          variant={v.calipers ? 'filled' : 'default'}
          size="md"
          aria-label="Calipers"
          aria-pressed={v.calipers}
          onClick={() => change({ calipers: !v.calipers })}
          data-testid="calipers-toggle"
        >
          <CalipersIcon />
        </ActionIcon>
      </Tooltip>
      <RulerCalibration
        opened={calibrating}
        onClose={() => {
          setCalibrating(false);
          returnFocusToWorkspace();
        }}
      />
      <ExportMenu />
    </Group>
  );
}
