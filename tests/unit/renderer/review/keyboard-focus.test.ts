import { describe, expect, it } from 'vitest';
import { capturesTyping, modalOpen } from '../../../../src-renderer/src/features/review/keyboard-focus';

describe('which focused elements keep the keyboard shortcuts', () => {
  it('stands aside only for fields a user types into', () => {
    expect(capturesTyping({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(capturesTyping({ tagName: 'INPUT', type: 'number' })).toBe(true);
    expect(capturesTyping({ tagName: 'TEXTAREA' })).toBe(true);
    expect(capturesTyping({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(capturesTyping({ tagName: 'SELECT' })).toBe(true);
  });

  it('keeps them after a click on a toolbar control: buttons, radios, switches, closed selects', () => {
    expect(capturesTyping({ tagName: 'BUTTON' })).toBe(false);
    expect(capturesTyping({ tagName: 'INPUT', type: 'radio' })).toBe(false); // segmented control
    expect(capturesTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false); // switch
    expect(capturesTyping({ tagName: 'INPUT', type: 'text', readOnly: true })).toBe(false); // non-searchable select
    expect(capturesTyping({ tagName: 'DIV' })).toBe(false);
    expect(capturesTyping(null)).toBe(false);
  });

  it('sees an open modal dialog', () => {
    expect(modalOpen({ querySelector: () => ({}) })).toBe(true);
    expect(modalOpen({ querySelector: () => null })).toBe(false);
  });
});
