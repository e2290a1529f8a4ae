import { Alert, Button, Group, Loader, Modal, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BrowseListing, FileRef } from '../../../src-main/contract/index';
import { useClient } from './client-context';

export interface FileBrowserModalProps {
  opened: boolean;
  /** What is being picked: 'folder' lets the user choose the listed folder; anything else picks files. */
  purpose: 'ecg' | 'folder' | 'labels' | 'model';
  /** Allow choosing several files (default false). */
  multiple?: boolean;
  onClose: () => void;
  onPick: (refs: FileRef[]) => void;
}

/**
 * The web host's stand-in for the native open dialog: lists the folders the host was started with (--root)
 * through files:browse. Every entry is a token from the server; no path ever comes from the page.
 */
export function FileBrowserModal({ opened, purpose, multiple = false, onClose, onPick }: FileBrowserModalProps) {
  const client = useClient();
  const [folderToken, setFolderToken] = useState<string | undefined>(undefined);
  // The answer for one folder; it is current only while its key matches the folder being shown.
  const [loaded, setLoaded] = useState<{ key: string | undefined; listing?: BrowseListing; error?: string } | null>(null);
  const [selected, setSelected] = useState<FileRef[]>([]);

  useEffect(() => {
    if (!opened) return;
    let live = true;
    void client.invoke('files:browse', folderToken ? { folderToken } : {}).then((r) => {
      if (live) setLoaded(r.ok ? { key: folderToken, listing: r.value } : { key: folderToken, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [client, folderToken, opened]);

  const current = loaded !== null && loaded.key === folderToken ? loaded : null;
  const listing = current?.listing ?? null;
  const error = current?.error ?? null;

  const toggle = (ref: FileRef) => {
    if (!multiple) return onPick([ref]);
    setSelected((s) => (s.some((x) => x.token === ref.token) ? s.filter((x) => x.token !== ref.token) : [...s, ref]));
  };
  const goTo = (token: string | undefined) => {
    setSelected([]);
    setFolderToken(token);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={listing?.folder ? listing.folder.name : 'Choose a location'} size="lg">
      <Stack gap="xs">
        {error && <Alert color="red">{error}</Alert>}
        {!listing && !error && <Loader size="sm" aria-label="Loading folder" />}
        {listing?.folder && (
          <Button variant="subtle" size="xs" onClick={() => goTo(listing.parent?.token)} style={{ alignSelf: 'flex-start' }}>
            ← {listing.parent ? listing.parent.name : 'All locations'}
          </Button>
        )}
        <ScrollArea h={360}>
          {listing?.entries.length === 0 && <Text c="dimmed">This folder is empty.</Text>}
          {listing?.entries.map((e) => (
            <NavLink
              key={e.token}
              label={e.name}
              description={e.kind === 'folder' ? 'Folder' : formatSize(e.sizeBytes)}
              active={selected.some((s) => s.token === e.token)}
              onClick={() => (e.kind === 'folder' ? goTo(e.token) : purpose !== 'folder' && toggle(e))}
            />
          ))}
        </ScrollArea>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          {purpose === 'folder' && listing?.folder && <Button onClick={() => onPick([listing.folder as FileRef])}>Choose this folder</Button>}
          {multiple && purpose !== 'folder' && (
            <Button disabled={selected.length === 0} onClick={() => onPick(selected)}>
              Open {selected.length || ''}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
