import { ActionIcon, Box, Group, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { PanelIcon } from './icons';
import { returnFocusToWorkspace } from './return-focus';

/** Props: open or folded to a rail, how to toggle, and the card it holds. */
export interface AiPanelProps {
  open: boolean;
  onToggle: (open: boolean) => void;
  children: ReactNode;
}

/** Width of the open panel: a fixed share of the window within bounds (the paper takes the rest). */
export const AI_PANEL_WIDTH = 'clamp(290px, 24vw, 440px)';

/**
 * The side panel that holds the AI card, beside the paper. Folded, it is a narrow rail with one button (and the
 * I shortcut), so the ECG can take the whole width; its contents scroll on their own.
 */
export function AiPanel({ open, onToggle, children }: AiPanelProps) {
  const toggle = () => {
    onToggle(!open);
    returnFocusToWorkspace();
  };
  if (!open) {
    return (
      <Box
        data-testid="ai-panel"
        data-open="false"
        style={{ flexShrink: 0, width: 34, display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 8, borderLeft: '1px solid var(--mantine-color-default-border)', paddingTop: 2 }}
      >
        <Tooltip label="Show the AI panel (I)" position="left">
          <ActionIcon variant="default" aria-label="Show the AI panel" aria-expanded={false} onClick={toggle} data-testid="ai-panel-toggle">
            <PanelIcon open={false} />
          </ActionIcon>
        </Tooltip>
        <Text size="xs" c="dimmed" style={{ writingMode: 'vertical-rl', letterSpacing: 1 }}>
          AI read
        </Text>
      </Box>
    );
  }
  return (
    <Box
      component="aside"
      aria-label="AI read"
      data-testid="ai-panel"
      data-open="true"
      style={{ flexShrink: 0, width: AI_PANEL_WIDTH, display: 'flex', flexDirection: 'column', minHeight: 0 }}
    >
      <Group justify="space-between" gap={4} px={2} pb={2} wrap="nowrap">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.5 }}>
          AI read
        </Text>
        <Tooltip label="Hide the AI panel (I)" position="left">
          <ActionIcon size="sm" variant="subtle" aria-label="Hide the AI panel" aria-expanded onClick={toggle} data-testid="ai-panel-toggle">
            <PanelIcon open />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Box style={{ flex: 1, minHeight: 0, overflowY: 'auto' }} data-testid="ai-panel-body">
        {children}
      </Box>
    </Box>
  );
}
