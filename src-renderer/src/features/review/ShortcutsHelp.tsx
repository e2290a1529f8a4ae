import { ActionIcon, Kbd, Popover, Table, Text } from '@mantine/core';

/** The keyboard shortcuts, as handled by useReviewShortcuts. */
export const SHORTCUTS: [string, string][] = [
  ['O', 'Open an ECG'],
  ['L / Shift+L', 'Next / previous layout'],
  ['S / Shift+S', 'Faster / slower paper speed'],
  ['G / Shift+G', 'Higher / lower gain'],
  ['F', 'Cycle display filter (none, diagnostic, monitoring; median beats have their own, off by default)'],
  ['T', 'True size / fit to window'],
  ['C', 'Calipers on/off (Esc clears)'],
  ['V', 'Model-uncertainty overlay on/off'],
  ['N / PageDown', 'Next file in the folder (next ECG of the queue from a worklist)'],
  ['P / PageUp', 'Previous file in the folder (previous ECG of the queue)'],
  ['A / D / U', 'Agree / disagree / unsure (from a worklist queue)'],
  ['R', 'Run the model'],
  ['H', 'Hide / show identifiers'],
  ['I', 'Show / hide the AI panel'],
  ['Arrows, drag, wheel', 'Pan the paper (trace focused)'],
  ['+ / - / 0, Ctrl+wheel', 'Zoom in / out / reset'],
  ['?', 'This help (Esc closes it)'],
];

/** Props: controlled open state (the ? key toggles it). */
export interface ShortcutsHelpProps {
  opened: boolean;
  onChange: (opened: boolean) => void;
}

/** A popover listing the keyboard shortcuts. */
export function ShortcutsHelp({ opened, onChange }: ShortcutsHelpProps) {
  return (
    <Popover opened={opened} onChange={onChange} position="bottom-end" width={380} shadow="md" closeOnEscape>
      <Popover.Target>
        <ActionIcon variant="default" size="md" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => onChange(!opened)} data-testid="shortcuts-button">
          ?
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown data-testid="shortcuts-help">
        <Text fw={600} size="sm" mb={4}>
          Keyboard shortcuts
        </Text>
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {SHORTCUTS.map(([k, what]) => (
              <Table.Tr key={k}>
                <Table.Td>
                  <Kbd size="xs">{k}</Kbd>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{what}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Popover.Dropdown>
    </Popover>
  );
}
