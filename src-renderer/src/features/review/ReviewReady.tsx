import { Box, Group, SegmentedControl, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { OpenedEcg } from '../../../../src-main/contract/index';
import { usePredictionStore } from '../../stores/prediction-store';
import { useReviewStore } from '../../stores/review-store';
import { useScreenCalibrationStore } from '../../stores/screen-calibration-store';
import { useViewStore } from '../../stores/view-store';
import { useClient } from '../../transport';
import { AiCard } from '../ai-card/AiCard';
import { PackPicker } from '../model-packs/PackPicker';
import { usePackStore } from '../../stores/pack-store';
import { EcgTrace, type TraceOverlay } from '../trace/EcgTrace';
import { CSS_PX_PER_MM } from '../trace/geometry';
import { ErrorBoundary } from './ErrorBoundary';
import { PageControl } from './PageControl';
import { RecordHeader } from './RecordHeader';
import { RulerCalibration } from './RulerCalibration';
import { TraceFooter } from './TraceFooter';
import { TraceToolbar } from './TraceToolbar';

/** Props: the decoded ECG (with the file it came from); `onRun` runs the model on it; `busy` while the next loads. */
export interface ReviewReadyProps {
  opened: OpenedEcg;
  onRun: () => void;
  busy: boolean;
}

function groupLabel(g: OpenedEcg['record']['groups'][number]): string {
  const kind = g.kind === 'median' ? 'Median beat' : 'Rhythm';
  return `${g.label ? `${kind}: ${g.label}` : kind} (${g.leads.length} leads, ${g.sampleRateHz} Hz)`;
}

/** The open ECG: header, group choice, paper controls, the trace beside the AI card, and the footer. */
export function ReviewReady({ opened, onRun, busy }: ReviewReadyProps) {
  const file = opened.file;
  const client = useClient();
  const record = opened.record;
  const view = useViewStore();
  const { groupIndex, setGroup, chosenAt, openMs } = useReviewStore();
  const screenPpm = useScreenCalibrationStore((s) => s.pxPerMm);
  const pred = usePredictionStore();
  const packRevision = usePackStore((s) => s.revision);
  const [calibrating, setCalibrating] = useState(false);
  const [renderPpm, setRenderPpm] = useState<number | null>(null);
  // Keyed by chosenAt so a load in progress never shows the previous file's figure.
  const [firstTrace, setFirstTrace] = useState<{ chosenAt: number; ms: number } | null>(null);

  const medianIndex = record.groups.findIndex((g) => g.kind === 'median');
  const shownIndex = view.layout === 'median' && medianIndex >= 0 ? medianIndex : groupIndex;
  const group = record.groups[shownIndex] ?? record.groups[0];
  const layout = view.layout === 'median' && group?.kind !== 'median' ? '3x4+1' : view.layout;

  const overlay = useMemo<TraceOverlay>(() => {
    const r = pred.result;
    const isRhythm = group?.kind === 'rhythm';
    return {
      band: r && view.showVariance && isRhythm ? r.stepVariance : null,
      modelWindow: r && isRhythm ? { startS: r.window.startS, durationS: r.window.durationS } : null,
      occlusion: pred.occlusionMap && isRhythm ? pred.occlusionMap : null,
    };
  }, [pred.result, pred.occlusionMap, view.showVariance, group]);

  const onFirstDraw = useCallback((at: number) => setFirstTrace({ chosenAt, ms: at - chosenAt }), [chosenAt]);
  const firstTraceMs = !busy && firstTrace?.chosenAt === chosenAt ? firstTrace.ms : null;

  const durationS = group ? group.leads.reduce((m, l) => Math.max(m, l.samples.length), 0) / group.sampleRateHz : 0;
  if (!group) return <Text c="red">This file has no waveform group to show.</Text>;
  const chooseGroup = (v: string) => {
    const i = Number(v);
    const g = record.groups[i];
    if (!g) return;
    if (g.kind === 'median') view.set({ layout: 'median' });
    else {
      setGroup(i);
      if (view.layout === 'median') view.set({ layout: '3x4+1' });
    }
  };
  return (
    <Box data-testid="review-ready" data-busy={busy ? 'true' : 'false'} data-first-trace-ms={firstTraceMs?.toFixed(1) ?? ''} data-open-ms={openMs.toFixed(1)} data-chosen-at={chosenAt.toFixed(3)} style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0, flex: 1 }}>
      <RecordHeader record={record} fileName={file.name} hideIdentifiers={view.hideIdentifiers} onHideIdentifiers={(h) => view.set({ hideIdentifiers: h })} />
      {record.groups.length > 1 && (
        <Group gap="xs" data-testid="group-choice">
          <Text size="sm" c="dimmed">
            This file holds {record.groups.length} waveform groups:
          </Text>
          <SegmentedControl size="xs" value={String(shownIndex)} onChange={chooseGroup} data={record.groups.map((g, i) => ({ value: String(i), label: groupLabel(g) }))} />
        </Group>
      )}
      {record.warnings.length > 0 && (
        <Text size="xs" c="orange.8" data-testid="record-warnings">
          {record.warnings.join(' · ')}
        </Text>
      )}
      <TraceToolbar hasMedian={medianIndex >= 0} onCalibrate={() => setCalibrating(true)} />
      <Group align="stretch" gap="sm" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
          <Box style={{ flex: 1, minHeight: 380, border: '1px solid var(--mantine-color-gray-4)' }}>
            <ErrorBoundary resetKey={group} what="The trace">
              <EcgTrace
                group={group}
                layout={layout}
                speed={view.speed}
                gain={view.gain}
                filter={view.filter}
                sizing={view.sizing}
                startS={view.startS}
                screenPxPerMm={screenPpm}
                overlay={overlay}
                calipersOn={view.calipers}
                onFirstDraw={onFirstDraw}
                onScale={setRenderPpm}
              />
            </ErrorBoundary>
          </Box>
          <PageControl durationS={durationS} startS={view.startS} onStart={(s) => view.set({ startS: s })} />
          <TraceFooter
            speed={view.speed}
            gain={view.gain}
            filter={view.filter}
            sizing={view.sizing}
            renderPxPerMm={renderPpm}
            screenPxPerMm={screenPpm ?? CSS_PX_PER_MM}
            screenCalibrated={screenPpm !== null}
            sampleRateHz={group.sampleRateHz}
            derivedLeads={group.leads.filter((l) => l.derived).map((l) => l.name)}
          />
        </Box>
        <Box w={400} style={{ flexShrink: 0, overflowY: 'auto' }}>
          <PackPicker onSwitched={() => pred.reset(file.token)} />
          <ErrorBoundary resetKey={pred.result} what="The AI card">
            <AiCard
              key={packRevision}
              status={pred.status}
              result={pred.token === file.token ? pred.result : null}
              error={pred.error}
              canRun={!busy}
              onRun={onRun}
              prevalence={pred.prevalence}
              onPrevalence={pred.setPrevalence}
              variance={{
                showVariance: view.showVariance,
                onToggle: (s) => view.set({ showVariance: s }),
                occlusion: pred.occlusion,
                onStartOcclusion: () => void pred.startOcclusion(client),
                onCancelOcclusion: pred.cancelOcclusion,
              }}
            />
          </ErrorBoundary>
        </Box>
      </Group>
      <RulerCalibration opened={calibrating} onClose={() => setCalibrating(false)} />
    </Box>
  );
}
