import { Button, Group, Progress, Stack, Switch, Text } from '@mantine/core';
import { PAPER } from '../trace/paper-colors';
import type { OcclusionState } from './occlusion-state';

export type { OcclusionState };

/** Props: overlay toggle, and the occlusion map's state with start/cancel. */
export interface VarianceControlsProps {
  showVariance: boolean;
  onToggle: (show: boolean) => void;
  occlusion: OcclusionState;
  onStartOcclusion: () => void;
  onCancelOcclusion: () => void;
}

/** Toggle and legend of the model-uncertainty band, and the per-lead occlusion map with progress and cancel. */
export function VarianceControls(p: VarianceControlsProps) {
  const o = p.occlusion;
  return (
    <Stack gap={6} data-testid="variance-controls">
      <Switch size="xs" label="Model uncertainty on the trace (V)" checked={p.showVariance} onChange={(e) => p.onToggle(e.currentTarget.checked)} data-testid="variance-toggle" />
      <Group gap={6} wrap="nowrap" align="flex-start" data-testid="variance-legend">
        <div style={{ width: 26, height: 12, marginTop: 3, flexShrink: 0, background: PAPER.band, border: '1px solid rgba(124,58,237,0.5)' }} />
        <Text size="xs">
          Band height = the model’s per-step uncertainty (variance of its embedding), relative to this ECG’s most uncertain step. It is model
          uncertainty, <b>not signal quality</b>. The blue bar marks the seconds the model read.
        </Text>
      </Group>
      <Group gap="xs">
        {o.status === 'running' ? (
          <Button size="xs" color="red" variant="light" onClick={p.onCancelOcclusion} data-testid="occlusion-cancel">
            Cancel occlusion map
          </Button>
        ) : (
          <Button size="xs" variant="light" onClick={p.onStartOcclusion} disabled={o.status === 'unavailable'} data-testid="occlusion-start">
            {o.status === 'done' ? 'Recompute occlusion map' : 'Per-lead occlusion map'}
          </Button>
        )}
        {o.status === 'done' && (
          <Text size="xs" c="dimmed">
            Strip under each lead: orange = blanking that region raised the model’s uncertainty (it relies on it), blue = lowered it. Lead
            labels are shaded by their largest effect.
          </Text>
        )}
      </Group>
      {o.status === 'running' && <Progress value={o.progress * 100} size="sm" animated data-testid="occlusion-progress" />}
      {o.message && (
        <Text size="xs" c={o.status === 'error' ? 'red' : 'dimmed'} data-testid="occlusion-message">
          {o.message}
        </Text>
      )}
    </Stack>
  );
}
