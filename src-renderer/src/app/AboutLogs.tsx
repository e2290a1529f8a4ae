import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useClient } from '../transport';
import { useAppInfo } from './use-app-info';

/** The about box's folders: where data and logs are kept, and a button that opens the log folder. */
export function AboutLogs() {
  const client = useClient();
  const { info } = useAppInfo();
  const [note, setNote] = useState<string | null>(null);

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
