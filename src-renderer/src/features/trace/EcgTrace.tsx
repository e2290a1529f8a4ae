/**
 * The ECG paper: a devicePixelRatio-crisp canvas that takes a waveform group and view state only.
 * Pan (drag, wheel, arrows), zoom (ctrl/pinch wheel, +/-), calipers (click twice) and a crosshair readout.
 * Geometry is exposed as data-* attributes on the container for end-to-end checks.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { caliperReading, drawDynamic, drawStatic, type Calipers, type Scene } from './draw-scene';
import type { OcclusionOverlay, VarianceBand } from './draw-trace';
import { applyDisplayFilter, filterLabel, type DisplayFilter } from './filters';
import { CSS_PX_PER_MM, pxPerMv, pxPerSecond } from './geometry';
import { computeLayout, type LayoutId } from './layout';
import { ensurePaperCache, type PaperCache } from './paper-cache';
import { PAPER } from './paper-colors';
import type { WaveformGroupView } from './trace-input';
import { useElementSize } from './use-canvas-size';
import { useTraceInput } from './use-trace-input';
import { basePxPerMm, clampPan, type SizingMode, type Viewport } from './viewport';

/** What the trace shows on top of the paper (all optional; none of it changes scale or colour). */
export interface TraceOverlay {
  band: VarianceBand | null;
  modelWindow: { startS: number; durationS: number } | null;
  /** Occlusion map of the model's uncertainty: a heat strip under each lead, shaded lead labels. */
  occlusion: OcclusionOverlay | null;
}

export interface EcgTraceProps {
  group: WaveformGroupView;
  layout: LayoutId;
  /** Paper speed, mm/s. */
  speed: number;
  /** Gain, mm/mV. */
  gain: number;
  filter: DisplayFilter;
  sizing: SizingMode;
  /** First second shown for long records (default 0). */
  startS?: number;
  /** Calibrated screen px per mm; null = uncalibrated (CSS 96 dpi assumed). */
  screenPxPerMm: number | null;
  overlay?: TraceOverlay;
  /** Clicks place caliper points instead of doing nothing (default false). */
  calipersOn?: boolean;
  /** Called once per group with the time the first frame was drawn (performance.now()). */
  onFirstDraw?: (at: number) => void;
  /** Called when the rendered px per mm changes (zoom, resize, sizing), for the footer's effective scale. */
  onScale?: (pxPerMm: number) => void;
}

const NO_OVERLAY: TraceOverlay = { band: null, modelWindow: null, occlusion: null };
const NO_SAMPLES = new Float32Array(0);

export function EcgTrace(props: EcgTraceProps) {
  const { group, layout: layoutId, speed, gain, filter, sizing, screenPxPerMm, calipersOn = false, onFirstDraw, onScale } = props;
  const overlay = props.overlay ?? NO_OVERLAY;
  const startS = props.startS ?? 0;
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);
  const zoom = useRef(1);
  const pan = useRef({ x: 0, y: 0 });
  const calipers = useRef<Calipers | null>(null);
  const crosshair = useRef<{ x: number; y: number } | null>(null);
  const vpRef = useRef<Viewport | null>(null);
  const sceneRef = useRef<Scene | null>(null);
  const cacheRef = useRef<PaperCache | null>(null);
  const raf = useRef(0);
  const frames = useRef(0);
  const firstDrawn = useRef<WaveformGroupView | null>(null);
  const onFirstDrawRef = useRef(onFirstDraw);
  const onScaleRef = useRef(onScale);
  const lastScale = useRef(0);

  const signal = useMemo(
    () => ({
      sampleRateHz: group.sampleRateHz,
      // An unusable lead has no trace at all: never an absurd value on the paper.
      leads: group.leads.map((l) => (l.unusable !== undefined ? NO_SAMPLES : applyDisplayFilter(l.samples, group.sampleRateHz, filter))),
    }),
    [group, filter],
  );
  const durationS = useMemo(() => group.leads.reduce((m, l) => Math.max(m, l.samples.length), 0) / group.sampleRateHz, [group]);
  const paper = useMemo(
    () => computeLayout({ layout: layoutId, leadNames: group.leads.map((l) => l.name), durationS, startS, speedMmPerS: speed, gainMmPerMv: gain }),
    [layoutId, group, durationS, startS, speed, gain],
  );
  const screenPpm = screenPxPerMm ?? CSS_PX_PER_MM;

  const drawNow = useCallback(() => {
    raf.current = 0;
    const canvas = canvasRef.current;
    const el = containerRef.current;
    const scene = sceneRef.current;
    if (!el) return;
    // Read the size from the element, not from the observer's state: the first frame then needs no extra
    // render round trip (the observer's state only triggers redraws on resize).
    const width = el.clientWidth;
    const height = el.clientHeight;
    if (!canvas || !scene || width <= 0 || height <= 0) return;
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const bw = Math.round(width * dpr);
    const bh = Math.round(height * dpr);
    if (canvas.width !== bw || canvas.height !== bh) {
      canvas.width = bw;
      canvas.height = bh;
    }
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return;
    const base = basePxPerMm(sizing, screenPpm, scene.layout, width, height);
    const clamped = clampPan({ pxPerMm: base * zoom.current, panX: pan.current.x, panY: pan.current.y, widthPx: width, heightPx: height }, scene.layout);
    // Whole device pixels, so the cached page is copied without resampling (crisp lines stay crisp).
    const vp = { ...clamped, panX: Math.round(clamped.panX * dpr) / dpr, panY: Math.round(clamped.panY * dpr) / dpr };
    pan.current = { x: vp.panX, y: vp.panY };
    vpRef.current = vp;
    const cache = ensurePaperCache(cacheRef.current, scene, vp.pxPerMm, dpr);
    cacheRef.current = cache;
    if (cache) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = PAPER.desk;
      ctx.fillRect(0, 0, bw, bh);
      const sx = Math.round(vp.panX * dpr);
      const sy = Math.round(vp.panY * dpr);
      const w = Math.min(bw, cache.canvas.width - sx);
      const h = Math.min(bh, cache.canvas.height - sy);
      if (w > 0 && h > 0) ctx.drawImage(cache.canvas, sx, sy, w, h, 0, 0, w, h);
    } else drawStatic(ctx, vp, scene, dpr);
    drawDynamic(ctx, vp, { ...scene, calipers: calipers.current, crosshair: crosshair.current }, dpr);
    el.dataset.cached = cache ? 'yes' : 'no';
    frames.current++;
    if (Math.abs(vp.pxPerMm - lastScale.current) > 1e-4) {
      lastScale.current = vp.pxPerMm;
      onScaleRef.current?.(vp.pxPerMm);
    }
    const ds = el.dataset;
    ds.pxPerMm = vp.pxPerMm.toFixed(4);
    ds.pxPerSecond = pxPerSecond(scene.speed, vp.pxPerMm).toFixed(3);
    ds.pxPerMv = pxPerMv(scene.gain, vp.pxPerMm).toFixed(3);
    ds.zoom = zoom.current.toFixed(3);
    ds.panX = vp.panX.toFixed(1);
    ds.panY = vp.panY.toFixed(1);
    ds.frames = String(frames.current);
    ds.lastFrameMs = (performance.now() - t0).toFixed(2);
    const cal = calipers.current ? caliperReading(calipers.current, scene.speed, scene.gain) : null;
    ds.caliperMs = cal ? cal.ms.toFixed(1) : '';
    ds.caliperMv = cal ? cal.mV.toFixed(3) : '';
    ds.caliperBpm = cal?.bpm ? cal.bpm.toFixed(1) : '';
    if (firstDrawn.current !== group) {
      firstDrawn.current = group;
      ds.firstDrawAt = String(performance.now());
      onFirstDrawRef.current?.(performance.now());
    }
  }, [sizing, screenPpm, group]);

  const schedule = useCallback(() => {
    if (!raf.current) raf.current = requestAnimationFrame(drawNow);
  }, [drawNow]);

  useLayoutEffect(() => {
    onFirstDrawRef.current = onFirstDraw;
    onScaleRef.current = onScale;
    sceneRef.current = {
      layout: paper,
      signal,
      derived: (i) => group.leads[i]?.derived ?? false,
      unusable: (i) => group.leads[i]?.unusable !== undefined,
      speed,
      gain,
      band: overlay.band,
      modelWindow: overlay.modelWindow,
      occlusion: overlay.occlusion,
      calipers: null,
      crosshair: null,
    };
    schedule();
  }, [paper, signal, group, speed, gain, overlay.band, overlay.modelWindow, overlay.occlusion, onFirstDraw, onScale, schedule]);

  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  // Turning calipers off clears them.
  useEffect(() => {
    if (calipersOn) return;
    calipers.current = null;
    schedule();
  }, [calipersOn, schedule]);

  // A resize (observer state) redraws at the new size.
  useEffect(() => {
    if (size.width > 0) schedule();
  }, [size, schedule]);

  // A new group or layout starts from the top-left at zoom 1; calipers belong to the old geometry.
  useEffect(() => {
    zoom.current = 1;
    pan.current = { x: 0, y: 0 };
    calipers.current = null;
    schedule();
  }, [group, layoutId, speed, gain, sizing, schedule]);

  const { onPointerDown, onPointerMove, onPointerUp, onPointerLeave, onKeyDown } = useTraceInput(
    { containerRef, readoutRef, zoomRef: zoom, panRef: pan, calipersRef: calipers, crosshairRef: crosshair, viewportRef: vpRef, sceneRef },
    schedule,
    calipersOn,
  );

  const labelled = paper.cells.filter((c) => c.leadIndex >= 0).map((c) => c.lead);
  return (
    <div
      ref={containerRef}
      className="ecg-trace"
      data-testid="ecg-trace"
      data-layout={layoutId}
      data-speed={speed}
      data-gain={gain}
      data-sizing={sizing}
      data-screen-px-per-mm={screenPpm.toFixed(4)}
      data-sample-rate={group.sampleRateHz}
      data-group-kind={group.kind}
      data-rows={paper.rows}
      data-cells={paper.cells.length}
      data-leads={labelled.join(',')}
      data-derived={group.leads.filter((l) => l.derived).map((l) => l.name).join(',')}
      data-unusable={group.leads.filter((l) => l.unusable !== undefined).map((l) => l.name).join(',')}
      data-filter={filterLabel(filter)}
      data-calipers={calipersOn ? 'on' : 'off'}
      data-overlay={overlay.band ? 'variance' : 'none'}
      data-occlusion={overlay.occlusion ? 'on' : 'off'}
      tabIndex={0}
      aria-label={`ECG trace, ${layoutId}, ${speed} mm/s, ${gain} mm/mV`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerLeave={onPointerLeave}
      onKeyDown={onKeyDown}
      style={{ position: 'relative', width: '100%', height: '100%', overflow: 'hidden', cursor: calipersOn ? 'crosshair' : 'grab', touchAction: 'none', outline: 'none' }}
    >
      <canvas ref={canvasRef} style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', display: 'block' }} />
      <div
        ref={readoutRef}
        data-testid="crosshair-readout"
        style={{ position: 'absolute', right: 8, top: 6, font: '600 12px system-ui, sans-serif', color: '#111', background: 'rgba(255,255,255,0.85)', padding: '0 4px', pointerEvents: 'none' }}
      />
    </div>
  );
}
