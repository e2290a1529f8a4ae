import { ActionIcon, Button, Group, Menu, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { FileRef } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { ArrowIcon } from './icons';

/** Props: open a file, step to a sibling, whether a file is open, and whether drop works on this host. */
export interface OpenBarProps {
  onOpen: (file: FileRef) => void;
  onPick: () => void;
  onSibling: (direction: 'next' | 'previous') => void;
  hasFile: boolean;
  dropSupported: boolean;
  /** What Previous/Next step through: the file's folder, or a worklist queue (default 'folder'). */
  walks?: 'folder' | 'queue';
}

/** Open, recent files and previous/next file in the folder or queue (the drop hint only while no ECG is open). */
export function OpenBar({ onOpen, onPick, onSibling, hasFile, dropSupported, walks = 'folder' }: OpenBarProps) {
  const where = walks === 'queue' ? 'ECG in the worklist queue' : 'file in the folder';
  const client = useClient();
  const [recent, setRecent] = useState<FileRef[] | null>(null);
  const [recentError, setRecentError] = useState<string | null>(null);
  const loadRecent = async () => {
    const r = await client.invoke('files:recent', {});
    if (r.ok) {
      setRecent(r.value.filter((f) => f.kind === 'file'));
      setRecentError(null);
    } else setRecentError(r.error.message);
  };
  return (
    <Group gap={4} wrap="nowrap" data-testid="open-bar">
      <Tooltip label="Open an ECG file (O)">
        <Button size="xs" onClick={onPick} data-testid="open-button">
          Open…
        </Button>
      </Tooltip>
      <Menu onOpen={() => void loadRecent()} position="bottom-start">
        <Menu.Target>
          <Button size="xs" variant="default" data-testid="recent-button">
            Recent
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="recent-menu">
          {recentError && <Menu.Label>{recentError}</Menu.Label>}
          {recent?.length === 0 && <Menu.Label>No recent files</Menu.Label>}
          {recent?.map((f) => (
            <Menu.Item key={f.token} onClick={() => onOpen(f)}>
              {f.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Tooltip label={`Previous ${where} (P / PageUp)`}>
        <ActionIcon size="md" variant="default" disabled={!hasFile} onClick={() => onSibling('previous')} data-testid="previous-file" aria-label={`Previous ${where}`}>
          <ArrowIcon direction="left" />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={`Next ${where} (N / PageDown)`}>
        <ActionIcon size="md" variant="default" disabled={!hasFile} onClick={() => onSibling('next')} data-testid="next-file" aria-label={`Next ${where}`}>
          <ArrowIcon direction="right" />
        </ActionIcon>
      </Tooltip>
      {!hasFile && (
        <Text size="xs" c="dimmed" data-testid="drop-note">
          {dropSupported ? 'or drop an ECG file here' : 'Drag and drop works in the desktop app; in the browser use Open.'}
        </Text>
      )}
    </Group>
  );
}
