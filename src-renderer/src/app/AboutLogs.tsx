import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../src-main/contract/index';
import { useClient } from '../transport';

/** The about box's folders: where data and logs are kept, and a button that opens the log folder. */
export function AboutLogs() {
  const client = useClient();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void client.invoke('app:info', {}).then((r) => {
      if (live && r.ok) setInfo(r.value);
    });
    return () => {
      live = false;
    };
  }, [client]);

  if (!info) return null;
  const open = async () => {
    const r = await client.invoke('app:open-logs', {});
    setNote(r.ok && r.value.opened ? null : 'No file manager could be opened here: the folder is shown above.');
  };
  return (
    <Stack gap={4} data-testid="about-folders">
      <Text size="xs">
        Data folder: <Code data-testid="about-data-dir">{info.dataDir}</Code>
      </Text>
      <Text size="xs">
        Log folder: <Code data-testid="about-log-dir">{info.logDir}</Code>
      </Text>
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => void open()} data-testid="open-logs">
          Open logs folder
        </Button>
      </Group>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Stack>
  );
}
