/**
 * The current ECG and a prior one on calibrated paper, one page above the other at the same speed, gain and
 * scale, the prior's strips shifted so each starts on the same beat as the current's (alignment.ts). Drawn
 * with the trace feature's paper and signal layers; fit to the box (the pages scroll when they cannot fit).
 * Geometry goes on data-* attributes for end-to-end checks.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { EcgBeats } from '../../../../src-main/contract/index';
import { drawCalibrationPulses, drawGrid, drawLabels, drawSeparators } from '../trace/draw-paper';
import { drawTraces, type TraceSignal } from '../trace/draw-trace';
import { applyDisplayFilter, filterLabel, type DisplayFilter } from '../../../../src-shared/ecg-paper/display-filter';
import { pxPerMv, pxPerSecond } from '../trace/geometry';
import { computeLayout, type LayoutId, type PaperLayout } from '../trace/layout';
import { PAPER } from '../trace/paper-colors';
import type { WaveformGroupView } from '../trace/trace-input';
import { useElementSize } from '../trace/use-canvas-size';
import type { Viewport } from '../trace/viewport';
import { alignCells, shiftedLayout } from './alignment';

/** Props: both rhythm groups, their beats (null until found: then unaligned), the shared paper settings, captions. */
export interface CompareTraceProps {
  current: WaveformGroupView;
  prior: WaveformGroupView;
  beats: { current: EcgBeats; prior: EcgBeats } | null;
  layout: LayoutId;
  speed: number;
  gain: number;
  filter: DisplayFilter;
  captions: { current: string; prior: string };
}

const CAPTION_PX = 22;
const GAP_PX = 10;
/** Below this the 1 mm grid is not drawn and waves merge: the pages scroll instead. */
const MIN_PX_PER_MM = 2;

function signalOf(g: WaveformGroupView, filter: DisplayFilter): TraceSignal {
  // An unusable lead (implausible samples, issue 11) has no trace, as on the review paper.
  return { sampleRateHz: g.sampleRateHz, leads: g.leads.map((l) => (l.unusable !== undefined ? new Float32Array(0) : applyDisplayFilter(l.samples, g.sampleRateHz, filter, l.gaps))) };
}

const durationOf = (g: WaveformGroupView) => g.leads.reduce((m, l) => Math.max(m, l.samples.length), 0) / g.sampleRateHz;

export function CompareTrace({ current, prior, beats, layout, speed, gain, filter, captions }: CompareTraceProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(boxRef);
  // The median-beat layout has no strips to line up: the comparison shows the rhythm.
  const layoutId: LayoutId = layout === 'median' ? '3x4+1' : layout;
  const pages = useMemo(() => {
    const page = (g: WaveformGroupView) =>
      computeLayout({ layout: layoutId, leadNames: g.leads.map((l) => l.name), durationS: durationOf(g), startS: 0, speedMmPerS: speed, gainMmPerMv: gain });
    const currentPage = page(current);
    const priorPage = page(prior);
    const alignment = beats ? alignCells(currentPage.cells, beats.current, beats.prior) : [];
    return { current: currentPage, prior: beats ? shiftedLayout(priorPage, alignment) : priorPage, alignment };
  }, [layoutId, current, prior, beats, speed, gain]);
  const signals = useMemo(() => ({ current: signalOf(current, filter), prior: signalOf(prior, filter) }), [current, prior, filter]);

  const widthMm = Math.max(pages.current.widthMm, pages.prior.widthMm);
  const heightMm = pages.current.heightMm + pages.prior.heightMm;
  const fit = size.width > 0 ? Math.min(size.width / widthMm, (size.height - 2 * CAPTION_PX - GAP_PX) / heightMm) : 0;
  const ppm = Math.max(MIN_PX_PER_MM, fit);
  const cssW = Math.max(size.width, Math.ceil(widthMm * ppm));
  const cssH = Math.ceil(heightMm * ppm + 2 * CAPTION_PX + GAP_PX);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = PAPER.desk;
    ctx.fillRect(0, 0, cssW, cssH);
    const drawPage = (layout: PaperLayout, signal: TraceSignal, group: WaveformGroupView, caption: string, top: number) => {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = '#1f2937';
      ctx.font = '600 13px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillText(caption, 4, top + CAPTION_PX / 2);
      // Each page draws in its own band: translate so the trace layers see a viewport of that band only.
      ctx.setTransform(dpr, 0, 0, dpr, 0, Math.round((top + CAPTION_PX) * dpr));
      const vp: Viewport = { pxPerMm: ppm, panX: 0, panY: 0, widthPx: cssW, heightPx: layout.heightMm * ppm };
      drawGrid(ctx, vp, dpr);
      drawCalibrationPulses(ctx, vp, layout, speed, gain, dpr);
      drawTraces(ctx, layout, signal, vp, speed, gain, dpr);
      drawSeparators(ctx, vp, layout, dpr);
      drawLabels(ctx, vp, layout, (i) => group.leads[i]?.derived ?? false, null, (i) => group.leads[i]?.unusable !== undefined);
    };
    drawPage(pages.current, signals.current, current, captions.current, 0);
    drawPage(pages.prior, signals.prior, prior, captions.prior, CAPTION_PX + pages.current.heightMm * ppm + GAP_PX);
  }, [pages, signals, ppm, cssW, cssH, size.width, speed, gain, current, prior, captions]);

  const aligned = pages.alignment.filter((a) => a.currentQrsS !== null && a.priorQrsS !== null);
  return (
    <div
      ref={boxRef}
      data-testid="compare-trace"
      data-layout={layoutId}
      data-px-per-mm={ppm.toFixed(4)}
      data-px-per-second={pxPerSecond(speed, ppm).toFixed(3)}
      data-px-per-mv={pxPerMv(gain, ppm).toFixed(3)}
      data-filter={filterLabel(filter)}
      data-cells={pages.current.cells.length}
      data-aligned-cells={aligned.length}
      data-offsets-ms={pages.alignment.map((a) => Math.round(a.offsetS * 1000)).join(',')}
      data-current-qrs-ms={pages.alignment.map((a) => (a.currentQrsS === null ? '' : Math.round(a.currentQrsS * 1000))).join(',')}
      data-prior-qrs-ms={pages.alignment.map((a) => (a.priorQrsS === null ? '' : Math.round(a.priorQrsS * 1000))).join(',')}
      style={{ position: 'relative', width: '100%', height: '100%', overflow: 'auto' }}
      aria-label={`This ECG above the prior ECG, ${speed} mm/s, ${gain} mm/mV, aligned on the first QRS of each strip`}
      role="img"
    >
      <canvas ref={canvasRef} style={{ display: 'block', width: cssW, height: cssH }} />
    </div>
  );
}
