/**
 * Pointer, wheel and keyboard input of the trace: drag/arrows pan (the wheel scrolls natively), ctrl-wheel/+/-
 * zoom, clicks place calipers, the pointer drives the crosshair readout. Everything lives in refs and redraws
 * through `schedule`, so panning never re-renders React.
 */
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { Calipers, Scene } from './draw-scene';
import { cellAt, mvAtMm, timeAtMm } from './layout';
import { screenToPaper, zoomAbout, type Viewport } from './viewport';

/** The trace's mutable view state, shared with its draw loop. */
export interface TraceInputRefs {
  containerRef: RefObject<HTMLDivElement | null>;
  /** The native scroller over the canvas (its scrollbars are left to the browser). */
  scrollerRef: RefObject<HTMLDivElement | null>;
  readoutRef: RefObject<HTMLDivElement | null>;
  zoomRef: RefObject<number>;
  panRef: RefObject<{ x: number; y: number }>;
  calipersRef: RefObject<Calipers | null>;
  crosshairRef: RefObject<{ x: number; y: number } | null>;
  viewportRef: RefObject<Viewport | null>;
  sceneRef: RefObject<Scene | null>;
}

/** Returns the event handlers for the trace container (the wheel listener is attached here, non-passive). */
export function useTraceInput(refs: TraceInputRefs, schedule: () => void, calipersOn: boolean) {
  const { containerRef, scrollerRef, readoutRef, zoomRef, panRef, calipersRef, crosshairRef, viewportRef, sceneRef } = refs;
  const zoomBy = useCallback(
    (factor: number, sx: number, sy: number) => {
      const vp = viewportRef.current;
      if (!vp) return;
      const z = Math.min(8, Math.max(0.25, zoomRef.current * factor));
      const next = zoomAbout(vp, z / zoomRef.current, sx, sy);
      zoomRef.current = z;
      panRef.current = { x: next.panX, y: next.panY };
      schedule();
    },
    [schedule, zoomRef, panRef, viewportRef],
  );

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    // A plain wheel scrolls the page natively (the scroll handler redraws); ctrl/pinch zooms about the cursor.
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomBy(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomBy, containerRef]);

  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const updateReadout = (sx: number, sy: number) => {
    const vp = viewportRef.current;
    const scene = sceneRef.current;
    const out = readoutRef.current;
    if (!vp || !scene || !out) return;
    const p = screenToPaper(vp, sx, sy);
    const cell = cellAt(scene.layout, p.xMm, p.yMm);
    out.textContent = cell
      ? `${cell.lead}  ${timeAtMm(cell, p.xMm, scene.speed).toFixed(3)} s  ${mvAtMm(cell, p.yMm, scene.gain).toFixed(2)} mV`
      : '';
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    // Presses on the scrollbars belong to the browser.
    const r = e.currentTarget.getBoundingClientRect();
    const scroller = scrollerRef.current;
    if (scroller && (e.clientX - r.left >= scroller.clientWidth || e.clientY - r.top >= scroller.clientHeight)) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, moved: false };
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const d = drag.current;
    if (d) {
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (d.moved || Math.abs(dx) + Math.abs(dy) > 3) {
        d.moved = true;
        panRef.current = { x: panRef.current.x - dx, y: panRef.current.y - dy };
        d.x = e.clientX;
        d.y = e.clientY;
      }
    }
    crosshairRef.current = { x: e.clientX - r.left, y: e.clientY - r.top };
    updateReadout(e.clientX - r.left, e.clientY - r.top);
    schedule();
  };
  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    const vp = viewportRef.current;
    if (!d || d.moved || !calipersOn || !vp) return;
    const r = e.currentTarget.getBoundingClientRect();
    const p = screenToPaper(vp, e.clientX - r.left, e.clientY - r.top);
    const c = calipersRef.current;
    calipersRef.current = c && !c.b ? { a: c.a, b: p } : { a: p };
    schedule();
  };
  const onPointerLeave = () => {
    crosshairRef.current = null;
    if (readoutRef.current) readoutRef.current.textContent = '';
    schedule();
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const step = 40;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const m = moves[e.key];
    if (m) {
      panRef.current = { x: panRef.current.x + m[0], y: panRef.current.y + m[1] };
      schedule();
      e.preventDefault();
    } else if (e.key === '+' || e.key === '=' || e.key === '-') {
      zoomBy(e.key === '-' ? 1 / 1.25 : 1.25, e.currentTarget.clientWidth / 2, e.currentTarget.clientHeight / 2);
      e.preventDefault();
    } else if (e.key === '0') {
      zoomRef.current = 1;
      schedule();
    } else if (e.key === 'Escape') {
      calipersRef.current = null;
      schedule();
    }
  };

  return { onPointerDown, onPointerMove, onPointerUp, onPointerLeave, onKeyDown };
}
