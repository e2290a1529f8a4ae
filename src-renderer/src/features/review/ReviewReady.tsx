import { Box, Group, Select, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { OpenedEcg, ReadingHints } from '../../../../src-main/contract/index';
import { usePackStore } from '../../stores/pack-store';
import { usePredictionStore } from '../../stores/prediction-store';
import { useReviewStore } from '../../stores/review-store';
import { useScreenCalibrationStore } from '../../stores/screen-calibration-store';
import { activeFilter, useViewStore } from '../../stores/view-store';
import { useClient } from '../../transport';
import { AiCard } from '../ai-card/AiCard';
import { PackPicker } from '../model-packs/PackPicker';
import { EcgTrace, type TraceOverlay } from '../trace/EcgTrace';
import { CSS_PX_PER_MM } from '../trace/geometry';
import { AiPanel } from './AiPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { returnFocusToWorkspace } from './return-focus';
import { PageControl } from './PageControl';
import { ReadingHintsNote } from './ReadingHintsNote';
import { RecordHeader } from './RecordHeader';
import { TraceFooter } from './TraceFooter';

/** Props: the decoded ECG (with the file it came from); `onRun` runs the model on it; `busy` while the next loads. */
export interface ReviewReadyProps {
  opened: OpenedEcg;
  onRun: () => void;
  busy: boolean;
  /** Reads the file again with other reading hints (a CSV's sample rate and unit). */
  onReadAgain: (hints: ReadingHints) => void;
}

function groupLabel(g: OpenedEcg['record']['groups'][number]): string {
  return `${g.kind === 'median' ? 'Median beat' : 'Rhythm'} · ${g.sampleRateHz} Hz`;
}

/**
 * The open ECG: a one-line header, the paper taking all the room that is left, a one-line footer, and the AI
 * panel at the side (foldable to a rail).
 */
export function ReviewReady({ opened, onRun, busy, onReadAgain }: ReviewReadyProps) {
  const file = opened.file;
  const client = useClient();
  const record = opened.record;
  const view = useViewStore();
  const { groupIndex, setGroup, chosenAt, openMs } = useReviewStore();
  const screenPpm = useScreenCalibrationStore((s) => s.pxPerMm);
  const pred = usePredictionStore();
  const packRevision = usePackStore((s) => s.revision);
  const [renderPpm, setRenderPpm] = useState<number | null>(null);
  // Keyed by chosenAt so a load in progress never shows the previous file's figure.
  const [firstTrace, setFirstTrace] = useState<{ chosenAt: number; ms: number } | null>(null);

  const medianIndex = record.groups.findIndex((g) => g.kind === 'median');
  const shownIndex = view.layout === 'median' && medianIndex >= 0 ? medianIndex : groupIndex;
  const group = record.groups[shownIndex] ?? record.groups[0];
  const layout = view.layout === 'median' && group?.kind !== 'median' ? '3x4+1' : view.layout;
  const showingMedian = group?.kind === 'median';
  const filter = activeFilter(view, showingMedian);

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
  const chooseGroup = (v: string | null) => {
    const i = Number(v);
    const g = record.groups[i];
    if (v === null || !g) return;
    if (g.kind === 'median') view.set({ layout: 'median' });
    else {
      setGroup(i);
      if (view.layout === 'median') view.set({ layout: '3x4+1' });
    }
    returnFocusToWorkspace();
  };
  // The median beat is a layout (Layout: Median beat); a choice is needed only between several rhythm groups.
  const groupChoice =
    record.groups.filter((g) => g.kind === 'rhythm').length > 1 ? (
      <Select
        size="xs"
        w={160}
        aria-label={`Waveform group (this file holds ${record.groups.length})`}
        data-testid="group-choice"
        value={String(shownIndex)}
        onChange={chooseGroup}
        allowDeselect={false}
        withCheckIcon={false}
        data={record.groups.map((g, i) => ({ value: String(i), label: groupLabel(g) }))}
      />
    ) : null;
  return (
    <Box
      data-testid="review-ready"
      data-busy={busy ? 'true' : 'false'}
      data-first-trace-ms={firstTraceMs?.toFixed(1) ?? ''}
      data-open-ms={openMs.toFixed(1)}
      data-chosen-at={chosenAt.toFixed(3)}
      style={{ display: 'flex', flexDirection: 'row', gap: 8, minHeight: 0, flex: 1 }}
    >
      <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
        <RecordHeader
          record={record}
          fileName={file.name}
          hideIdentifiers={view.hideIdentifiers}
          onHideIdentifiers={(h) => view.set({ hideIdentifiers: h })}
          extra={
            <>
              {record.format === 'csv' && opened.hints && <ReadingHintsNote hints={opened.hints} onReadAgain={onReadAgain} />}
              {groupChoice}
            </>
          }
        />
        <Box style={{ flex: 1, minHeight: 160, border: '1px solid var(--mantine-color-default-border)' }} data-testid="paper-box">
          <ErrorBoundary resetKey={group} what="The trace">
            <EcgTrace
              group={group}
              layout={layout}
              speed={view.speed}
              gain={view.gain}
              filter={filter}
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
        <Group gap="md" wrap="nowrap" justify="space-between" align="flex-start">
          <TraceFooter
            speed={view.speed}
            gain={view.gain}
            filter={filter}
            median={showingMedian}
            sizing={view.sizing}
            renderPxPerMm={renderPpm}
            screenPxPerMm={screenPpm ?? CSS_PX_PER_MM}
            screenCalibrated={screenPpm !== null}
            sampleRateHz={group.sampleRateHz}
            derivedLeads={group.leads.filter((l) => l.derived).map((l) => l.name)}
          />
          <PageControl durationS={durationS} startS={view.startS} onStart={(s) => view.set({ startS: s })} />
        </Group>
      </Box>
      <AiPanel open={view.aiPanel} onToggle={(o) => view.set({ aiPanel: o })}>
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
      </AiPanel>
    </Box>
  );
}
