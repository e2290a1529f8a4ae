import { ActionIcon, Group, Text } from '@mantine/core';
import { ArrowIcon } from './icons';

/** Props: the group's duration, the first second shown and how to move it. */
export interface PageControlProps {
  durationS: number;
  startS: number;
  onStart: (s: number) => void;
}

/** For records longer than one 10 s page: which seconds are on the paper, and page back/forward. */
export function PageControl({ durationS, startS, onStart }: PageControlProps) {
  if (durationS <= 10.001) return null;
  const end = Math.min(durationS, startS + 10);
  return (
    <Group gap={4} wrap="nowrap" data-testid="page-control" style={{ flexShrink: 0 }}>
      <ActionIcon size="sm" variant="default" aria-label="Previous 10 s" disabled={startS <= 0} onClick={() => onStart(Math.max(0, startS - 10))}>
        <ArrowIcon direction="left" />
      </ActionIcon>
      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
        {startS.toFixed(0)}–{end.toFixed(0)} s of {durationS.toFixed(0)} s
      </Text>
      <ActionIcon size="sm" variant="default" aria-label="Next 10 s" disabled={end >= durationS} onClick={() => onStart(Math.min(durationS - 10, startS + 10))}>
        <ArrowIcon direction="right" />
      </ActionIcon>
    </Group>
  );
}
