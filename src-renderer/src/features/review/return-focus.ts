import { modalOpen } from './keyboard-focus';

/**
 * Gives the keyboard back to the paper after a toolbar control changed something, so arrows pan and letters are
 * shortcuts again at once. Deferred: the control's own focus handling (a select closing its list) runs first.
 */
export function returnFocusToWorkspace(): void {
  setTimeout(() => {
    if (modalOpen(document)) return;
    const target = document.querySelector<HTMLElement>('[data-testid="ecg-trace"]') ?? document.querySelector<HTMLElement>('[data-testid="review-workspace"]');
    target?.focus({ preventScroll: true });
  }, 0);
}
