/**
 * The ECG paper: a devicePixelRatio-crisp canvas that takes a waveform group and view state only.
 * Pan (scrollbars, drag, wheel, arrows), zoom (ctrl/pinch wheel, +/-), calipers (click twice) and a crosshair
 * readout. The canvas stays put under a transparent native scroller whose content is as large as the page, so
 * a page longer or wider than the view has real scrollbars; the scroll position is the pan.
 * Geometry is exposed as data-* attributes on the container for end-to-end checks.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { caliperReading, drawDynamic, drawStatic, type Calipers, type Scene } from './draw-scene';
import type { DrawnExtent, OcclusionOverlay, VarianceBand } from './draw-trace';
import { applyDisplayFilter, filterLabel, type DisplayFilter } from '../../../../src-shared/ecg-paper/display-filter';
import { CSS_PX_PER_MM, pxPerMv, pxPerSecond } from './geometry';
import { computeLayout, REFERENCE_GAIN_MM_PER_MV, REFERENCE_SPEED_MM_PER_S, type LayoutId, type PaperLayout } from './layout';
import { ensurePaperCache, type PaperCache } from './paper-cache';
import { PAPER } from './paper-colors';
import type { WaveformGroupView } from './trace-input';
import { useElementSize } from './use-canvas-size';
import { useTraceInput } from './use-trace-input';
import { basePxPerMm, type SizingMode, type Viewport } from './viewport';

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
const SCROLLBAR_ALLOWANCE_PX = 20;

/** Cells in CSS px relative to the canvas ("lead:x,y,w,h,baselineY;..."), for pixel checks end to end. */
function cellBoxes(layout: PaperLayout, vp: Viewport): string {
  const p = vp.pxPerMm;
  const f = (v: number) => v.toFixed(1);
  return layout.cells
    .map((c) => `${c.lead}:${f(c.xMm * p - vp.panX)},${f(c.yMm * p - vp.panY)},${f(c.wMm * p)},${f(c.hMm * p)},${f(c.baselineMm * p - vp.panY)}`)
    .join(';');
}

/**
 * Says where more of the page is (scrollbars are invisible on overlay-scrollbar systems): the leads below the view
 * by name, or that the strip goes on to the right.
 */
function showScrollHint(el: HTMLDivElement | null, layout: PaperLayout, shown: string[], moreRightPx: number, moreBelowPx: number): void {
  if (!el) return;
  // Past a scrollbar's width: the canvas also paints under the scrollbar gutter, so the last few px are seen.
  const below = moreBelowPx > SCROLLBAR_ALLOWANCE_PX;
  const right = moreRightPx > SCROLLBAR_ALLOWANCE_PX;
  let text = '';
  if (below) {
    const visible = new Set(shown);
    const hidden = [...new Set(layout.cells.filter((c) => c.leadIndex >= 0 && !visible.has(c.lead)).map((c) => c.lead))];
    text = hidden.length > 0 ? `↓ scroll for ${hidden.join(', ')}` : '↓ more below';
  }
  if (right) text = text ? `${text} · → more to the right` : '→ more to the right: scroll';
  el.textContent = text;
  el.style.display = text ? 'block' : 'none';
}

/** Names of the recorded leads whose cells are at least partly inside the view (for checks and the a11y name). */
function visibleLeads(layout: PaperLayout, vp: Viewport, viewW: number, viewH: number): string[] {
  const p = vp.pxPerMm;
  return layout.cells
    .filter((c) => c.leadIndex >= 0)
    .filter((c) => c.xMm * p - vp.panX < viewW && (c.xMm + c.wMm) * p - vp.panX > 0 && c.yMm * p - vp.panY < viewH && (c.yMm + c.hMm) * p - vp.panY > 0)
    .map((c) => c.lead);
}

export function EcgTrace(props: EcgTraceProps) {
  const { group, layout: layoutId, speed, gain, filter, sizing, screenPxPerMm, calipersOn = false, onFirstDraw, onScale } = props;
  const overlay = props.overlay ?? NO_OVERLAY;
  const startS = props.startS ?? 0;
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const hintRef = useRef<HTMLDivElement>(null);
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
      leads: group.leads.map((l) => (l.unusable !== undefined ? NO_SAMPLES : applyDisplayFilter(l.samples, group.sampleRateHz, filter, l.gaps))),
    }),
    [group, filter],
  );
  const durationS = useMemo(() => group.leads.reduce((m, l) => Math.max(m, l.samples.length), 0) / group.sampleRateHz, [group]);
  const paper = useMemo(
    () => computeLayout({ layout: layoutId, leadNames: group.leads.map((l) => l.name), durationS, startS, speedMmPerS: speed, gainMmPerMv: gain }),
    [layoutId, group, durationS, startS, speed, gain],
  );
  // Fit sizes this page at the reference speed and gain, so changing either never rescales the other.
  const reference = useMemo<PaperLayout>(
    () =>
      computeLayout({
        layout: layoutId,
        leadNames: group.leads.map((l) => l.name),
        durationS,
        startS,
        speedMmPerS: REFERENCE_SPEED_MM_PER_S,
        gainMmPerMv: REFERENCE_GAIN_MM_PER_MV,
      }),
    [layoutId, group, durationS, startS],
  );
  const screenPpm = screenPxPerMm ?? CSS_PX_PER_MM;

  const drawNow = useCallback(() => {
    raf.current = 0;
    const canvas = canvasRef.current;
    const el = containerRef.current;
    const scroller = scrollerRef.current;
    const spacer = spacerRef.current;
    const scene = sceneRef.current;
    if (!el || !scroller || !spacer) return;
    // Read the sizes from the elements, not from the observer's state: the first frame then needs no extra
    // render round trip (the observer's state only triggers redraws on resize). The canvas covers the whole
    // box (paper under the scrollbars too); the page is sized to the scroller's client area.
    const width = el.clientWidth;
    const height = el.clientHeight;
    const viewW = scroller.clientWidth;
    const viewH = scroller.clientHeight;
    if (!canvas || !scene || width <= 0 || height <= 0 || viewW <= 0 || viewH <= 0) return;
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
    const ppm = basePxPerMm(sizing, screenPpm, scene.reference, viewW, viewH) * zoom.current;
    const pageW = scene.layout.widthMm * ppm;
    const pageH = scene.layout.heightMm * ppm;
    // The scroller's content is the page: the browser then clamps the pan and shows scrollbars where needed.
    spacer.style.width = `${Math.ceil(pageW)}px`;
    spacer.style.height = `${Math.ceil(pageH)}px`;
    const wanted = pan.current;
    if (Math.abs(scroller.scrollLeft - wanted.x) > 0.5) scroller.scrollLeft = wanted.x;
    if (Math.abs(scroller.scrollTop - wanted.y) > 0.5) scroller.scrollTop = wanted.y;
    // Whole device pixels, so the cached page is copied without resampling (crisp lines stay crisp).
    const vp: Viewport = {
      pxPerMm: ppm,
      panX: Math.round(scroller.scrollLeft * dpr) / dpr,
      panY: Math.round(scroller.scrollTop * dpr) / dpr,
      widthPx: width,
      heightPx: height,
    };
    pan.current = { x: vp.panX, y: vp.panY };
    vpRef.current = vp;
    const cache = ensurePaperCache(cacheRef.current, scene, vp.pxPerMm, dpr, { widthPx: width, heightPx: height });
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
    }
    const extents: DrawnExtent[] = cache?.extents ?? [];
    if (!cache) drawStatic(ctx, vp, scene, dpr, extents);
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
    ds.pageWidthPx = pageW.toFixed(1);
    ds.pageHeightPx = pageH.toFixed(1);
    ds.viewWidthPx = String(viewW);
    ds.viewHeightPx = String(viewH);
    const shown = visibleLeads(scene.layout, vp, viewW, viewH);
    ds.visibleLeads = shown.join(',');
    showScrollHint(hintRef.current, scene.layout, shown, pageW - viewW - vp.panX, pageH - viewH - vp.panY);
    ds.drawnMv = extents.map((e) => `${e.lead}:${e.minMv.toFixed(3)},${e.maxMv.toFixed(3)}`).join(';');
    ds.cellBoxes = cellBoxes(scene.layout, vp);
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

  // The frame always runs the LATEST drawNow: a frame requested before a sizing or calibration change (a scroll
  // event, a resize) must not draw with the old settings and swallow the redraw the change asks for.
  const drawRef = useRef(drawNow);
  useLayoutEffect(() => {
    drawRef.current = drawNow;
  }, [drawNow]);
  const schedule = useCallback(() => {
    if (!raf.current) raf.current = requestAnimationFrame(() => drawRef.current());
  }, []);
  useEffect(() => schedule(), [drawNow, schedule]);

  useLayoutEffect(() => {
    onFirstDrawRef.current = onFirstDraw;
    onScaleRef.current = onScale;
    sceneRef.current = {
      layout: paper,
      reference,
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
  }, [paper, reference, signal, group, speed, gain, overlay.band, overlay.modelWindow, overlay.occlusion, onFirstDraw, onScale, schedule]);

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

  // The user scrolled (scrollbar, wheel, touch): the scroll position is the pan.
  const onScroll = useCallback(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    pan.current = { x: scroller.scrollLeft, y: scroller.scrollTop };
    schedule();
  }, [schedule]);

  const { onPointerDown, onPointerMove, onPointerUp, onPointerLeave, onKeyDown } = useTraceInput(
    { containerRef, scrollerRef, readoutRef, zoomRef: zoom, panRef: pan, calipersRef: calipers, crosshairRef: crosshair, viewportRef: vpRef, sceneRef },
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
        ref={scrollerRef}
        data-testid="trace-scroller"
        tabIndex={-1}
        onScroll={onScroll}
        // A stable gutter: a vertical scrollbar appearing never changes the width the page is fitted to.
        style={{ position: 'absolute', inset: 0, overflow: 'auto', scrollbarGutter: 'stable', outline: 'none' }}
      >
        <div ref={spacerRef} style={{ width: 1, height: 1, pointerEvents: 'none' }} />
      </div>
      <div
        ref={hintRef}
        data-testid="scroll-hint"
        style={{ display: 'none', position: 'absolute', right: 22, bottom: 20, font: '600 12px system-ui, sans-serif', color: '#0b4f9c', background: 'rgba(255,255,255,0.92)', border: '1px solid #9cc0ea', borderRadius: 4, padding: '1px 6px', pointerEvents: 'none' }}
      />
      <div
        ref={readoutRef}
        data-testid="crosshair-readout"
        style={{ position: 'absolute', right: 8, top: 6, font: '600 12px system-ui, sans-serif', color: '#111', background: 'rgba(255,255,255,0.85)', padding: '0 4px', pointerEvents: 'none' }}
      />
    </div>
  );
}
