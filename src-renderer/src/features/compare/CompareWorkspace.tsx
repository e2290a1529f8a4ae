import { Alert, Box, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import type { OpenedEcg } from '../../../../src-main/contract/index';
import { useReviewStore } from '../../stores/review-store';
import { useViewStore } from '../../stores/view-store';
import { dateText } from '../ai-card/wording';
import { ErrorBoundary } from '../review/ErrorBoundary';
import { filterLabel } from '../../../../src-shared/ecg-paper/display-filter';
import { CompareCard } from './CompareCard';
import { useCompareStore } from './compare-store';
import { CompareTrace } from './CompareTrace';
import { MeasurementsCompare } from './MeasurementsCompare';

/** Props: the ECG on screen. */
export interface CompareWorkspaceProps {
  opened: OpenedEcg;
}

const rhythmOf = (o: OpenedEcg) => o.record.groups.find((g) => g.kind === 'rhythm') ?? o.record.groups[0];
const caption = (who: string, o: OpenedEcg, name = o.file.name) => `${who}: ${name}${o.record.acquisitionTime ? `, ${dateText(o.record.acquisitionTime)}` : ''}`;

/**
 * The comparison with a prior ECG: both on one paper (this ECG above, the prior below, same speed and gain,
 * aligned beat on beat), the devices' measurements side by side, and both AI reads with the change. Esc closes.
 */
export function CompareWorkspace({ opened }: CompareWorkspaceProps) {
  const { prior, priorLabel, beats, close } = useCompareStore();
  const view = useViewStore();
  // Another ECG opened (Open, Recent, Next, a worklist row): the comparison belonged to the previous one.
  useEffect(() => useReviewStore.subscribe((s, prev) => s.chosenAt !== prev.chosenAt && close()), [close]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="dialog"]')) close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);
  const captions = useMemo(
    () => (prior.value ? { current: caption('This ECG', opened), prior: caption('Prior', prior.value, priorLabel ?? undefined) } : { current: '', prior: '' }),
    [opened, prior.value, priorLabel],
  );
  const current = rhythmOf(opened);
  const priorGroup = prior.value ? rhythmOf(prior.value) : undefined;
  return (
    <Box data-testid="compare-workspace" style={{ display: 'flex', flexDirection: 'column', gap: 8, flex: 1, minHeight: 0 }}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700} data-testid="compare-title">
          Comparison with a prior ECG{prior.value ? `: ${priorLabel ?? prior.value.file.name}` : ''}
        </Text>
        <Button size="xs" variant="default" onClick={close} data-testid="compare-close">
          Close comparison (Esc)
        </Button>
      </Group>
      {prior.status === 'loading' && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Reading the prior ECG…</Text>
        </Group>
      )}
      {prior.status === 'error' && (
        <Alert color="red" title="The prior ECG could not be read" data-testid="compare-prior-error">
          {prior.error}
        </Alert>
      )}
      {beats.status === 'error' && <Alert color="orange">Beats could not be found, so the strips are not aligned: {beats.error}</Alert>}
      {prior.value && current && priorGroup && (
        <Group align="stretch" gap="sm" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
          <Stack gap={4} style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
            <Box style={{ flex: 1, minHeight: 360, border: '1px solid var(--mantine-color-gray-4)' }}>
              <ErrorBoundary resetKey={priorGroup} what="The comparison">
                <CompareTrace
                  current={current}
                  prior={priorGroup}
                  beats={beats.value}
                  layout={view.layout}
                  speed={view.speed}
                  gain={view.gain}
                  filter={view.filter}
                  captions={captions}
                />
              </ErrorBoundary>
            </Box>
            <Text size="sm" fw={600} data-testid="compare-footer">
              Both at {view.speed} mm/s · {view.gain} mm/mV · {filterLabel(view.filter)} (display only) ·{' '}
              {beats.status === 'done' ? 'each strip of the prior starts on the same beat as this ECG’s' : beats.status === 'loading' ? 'finding beats…' : 'not aligned'}
            </Text>
          </Stack>
          <Stack gap="sm" w={380} style={{ flexShrink: 0, overflowY: 'auto' }}>
            <MeasurementsCompare current={opened.record} prior={prior.value.record} />
            <CompareCard />
          </Stack>
        </Group>
      )}
    </Box>
  );
}
