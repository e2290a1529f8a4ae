import { Group, Text } from '@mantine/core';
import { useAppInfo } from './use-app-info';

/** The footer line: app and core versions and the transport, from app:info (so it shows what really answered). */
export function StatusBar() {
  const { info, error } = useAppInfo();

  return (
    <Group h="100%" px="md" gap="lg" data-testid="status-bar">
      {error && (
        <Text size="xs" c="red">
          Core unavailable: {error}
        </Text>
      )}
      {info && (
        <>
          <Text size="xs" data-testid="status-app-version">
            {info.appName} {info.appVersion}
          </Text>
          <Text size="xs" c="dimmed" data-testid="status-core-version">
            Core {info.coreVersion}
          </Text>
          <Text size="xs" c="dimmed" data-testid="status-transport">
            {info.transport === 'electron' ? 'Desktop' : 'Web host (127.0.0.1)'}
          </Text>
          <Text size="xs" c="dimmed" ml="auto">
            {info.platform} · Node {info.nodeVersion}
          </Text>
        </>
      )}
      {!info && !error && (
        <Text size="xs" c="dimmed">
          Connecting…
        </Text>
      )}
    </Group>
  );
}
