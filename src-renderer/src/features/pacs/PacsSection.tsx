import { Alert, Group, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useClient } from '../../transport';
import { NodeSettings } from './NodeSettings';
import { type PacsTab, usePacsStore } from './pacs-store';
import { QueryPanel } from './QueryPanel';

/** The PACS section: query and retrieve ECGs from a configured node; the connection settings. */
export function PacsSection() {
  const client = useClient();
  const { tab, setTab, config, nodeId, setNode, error, setError, refresh, onProgress } = usePacsStore();
  useEffect(() => {
    void refresh(client);
    return client.on('pacs:progress', (p) => onProgress(p));
  }, [client, refresh, onProgress]);

  return (
    <Stack gap="xs" p="md" data-testid="pacs-section">
      <Group justify="space-between">
        <Title order={2} size="h3">
          PACS
        </Title>
        {config && config.nodes.length > 0 && (
          <Select
            size="xs"
            w={260}
            aria-label="PACS node"
            data-testid="pacs-node-select"
            data={config.nodes.map((n) => ({ value: n.id, label: `${n.name} (${n.protocol === 'dimse' ? 'DIMSE' : 'DICOMweb'})` }))}
            value={nodeId}
            onChange={(v) => setNode(v)}
            allowDeselect={false}
          />
        )}
      </Group>
      {error && (
        <Alert color="red" withCloseButton onClose={() => setError(null)} data-testid="pacs-error">
          {error}
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => v && setTab(v as PacsTab)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="query" data-testid="pacs-tab-query">Query and retrieve</Tabs.Tab>
          <Tabs.Tab value="settings" data-testid="pacs-tab-settings">Connections</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="query" pt="sm">
          {nodeId ? <QueryPanel nodeId={nodeId} /> : <Text c="dimmed">Add a PACS under Connections first.</Text>}
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="sm">
          <NodeSettings />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
