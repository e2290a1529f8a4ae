import { Alert, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { CohortSummary } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { CohortList } from './CohortList';
import { CohortTable } from './CohortTable';
import { type CohortTab, useCohortStore } from './cohort-store';
import { ExportButton } from './ExportButton';
import { ImportPanel } from './ImportPanel';
import { ValidationPanel } from './ValidationPanel';
import { Worklist } from './Worklist';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 files: 10 readable ECGs (10 scored), 2 unreadable · 5 labelled · 1 overread · model ...". */
export function countsText(c: CohortSummary): string {
  const readable = c.files - c.failed;
  return (
    `${plural(c.files, 'file', 'files')}: ${plural(readable, 'readable ECG', 'readable ECGs')} (${c.scored} scored), ${c.failed} unreadable · ` +
    `${c.labelled} labelled · ${c.overread} overread${c.modelId ? ` · model ${c.modelId} ${c.modelVersion ?? ''}` : ''}`
  );
}

/** The Cohorts section: cohort list on the left; worklist, table, validation and import for the selected one. */
export function CohortSection() {
  const client = useClient();
  const { cohorts, selectedId, tab, setTab, error, setError, refresh, onProgress, revision } = useCohortStore();
  useEffect(() => {
    void refresh(client);
    return client.on('cohort:progress', (p) => onProgress(p));
  }, [client, refresh, onProgress]);
  useEffect(() => {
    void refresh(client);
  }, [client, refresh, revision]);
  const cohort = cohorts.find((c) => c.id === selectedId) ?? null;

  return (
    <Group align="flex-start" gap={0} wrap="nowrap" h="100%" data-testid="cohort-section">
      <CohortList />
      <Stack gap="xs" p="md" style={{ flex: 1, minWidth: 0 }}>
        {error && (
          <Alert color="red" withCloseButton onClose={() => setError(null)}>
            {error}
          </Alert>
        )}
        {!cohort ? (
          <Text c="dimmed">Create a cohort on the left, then import a folder of ECGs into it.</Text>
        ) : (
          <>
            <Group justify="space-between">
              <Stack gap={0}>
                <Title order={2} size="h3" data-testid="cohort-title">
                  {cohort.name}
                </Title>
                <Text size="sm" c="dimmed" data-testid="cohort-counts">
                  {countsText(cohort)}
                </Text>
              </Stack>
              <ExportButton cohortId={cohort.id} />
            </Group>
            <Tabs value={tab} onChange={(v) => v && setTab(v as CohortTab)} keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="worklist" data-testid="tab-worklist">Worklist</Tabs.Tab>
                <Tabs.Tab value="table" data-testid="tab-table">All ECGs</Tabs.Tab>
                <Tabs.Tab value="validation" data-testid="tab-validation">Validation</Tabs.Tab>
                <Tabs.Tab value="import" data-testid="tab-import">Import</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="worklist" pt="sm">
                <Worklist cohortId={cohort.id} />
              </Tabs.Panel>
              <Tabs.Panel value="table" pt="sm">
                <CohortTable cohortId={cohort.id} />
              </Tabs.Panel>
              <Tabs.Panel value="validation" pt="sm">
                <ValidationPanel cohortId={cohort.id} labelled={cohort.labelled} cohortName={cohort.name} />
              </Tabs.Panel>
              <Tabs.Panel value="import" pt="sm">
                <ImportPanel cohortId={cohort.id} />
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </Stack>
    </Group>
  );
}
