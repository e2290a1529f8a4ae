/**
 * Where keyboard shortcuts may fire. Only fields a user types into capture letters: buttons, radios (segmented
 * controls), checkboxes (switches), sliders and read-only inputs (closed selects) do not, so a click on any of
 * them never silences the shortcuts. Pure (no DOM types), for the unit suite; return-focus.ts acts on the page.
 */

const TYPED_INPUTS = new Set(['text', 'search', 'email', 'number', 'password', 'tel', 'url', 'date', 'datetime-local', 'month', 'time', 'week']);

/** The bits of an element the decision needs (structural, so the unit suite can pass plain objects). */
export interface KeyTarget {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
  readOnly?: boolean;
}

/** True when the focused element takes typed text (the shortcuts then stand aside). */
export function capturesTyping(target: KeyTarget | null | undefined): boolean {
  if (!target || typeof target.tagName !== 'string') return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !target.readOnly && TYPED_INPUTS.has((target.type ?? 'text').toLowerCase());
}

/** True while a modal dialog is open in `doc` (its own keys win; Esc closes it). */
export function modalOpen(doc: { querySelector(selector: string): unknown }): boolean {
  return doc.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}
