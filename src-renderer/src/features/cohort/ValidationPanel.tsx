import { Alert, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AdaptPanel } from '../adapt/AdaptPanel';
import type { CohortMetrics, GroupSummary } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { CalibrationChart, CoverageChart, RocChart } from './charts';
import { useCohortStore } from './cohort-store';
import { downloadText } from './download';
import { num, pct } from './row-format';

/** The paper's validation on the user's cohort: numbers, ROC, calibration, accuracy vs coverage, uncertainty split. */
export function ValidationPanel({ cohortId, labelled, cohortName }: { cohortId: number; labelled: number; cohortName: string }) {
  return (
    <Stack gap="md">
      <ValidationMetrics cohortId={cohortId} labelled={labelled} />
      <AdaptPanel cohortId={cohortId} cohortName={cohortName} />
    </Stack>
  );
}

function ValidationMetrics({ cohortId, labelled }: { cohortId: number; labelled: number }) {
  const client = useClient();
  const revision = useCohortStore((s) => s.revision);
  const [state, setState] = useState<{ metrics?: CohortMetrics; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    void client.invoke('cohort:metrics', { cohortId }).then((r) => {
      if (live) setState(r.ok ? { metrics: r.value } : { error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [client, cohortId, labelled, revision]);
  if (!state) return <Loader size="sm" />;
  if (state.error || !state.metrics) return <Alert color="gray" data-testid="metrics-none">{state.error}</Alert>;
  const m = state.metrics;
  const c = m.atThreshold;
  const ci = m.aurocInterval ? ` (95 % CI ${num(m.aurocInterval.low, 3)}–${num(m.aurocInterval.high, 3)})` : '';
  const row = (name: string, g: GroupSummary) => (
    <Table.Tr key={name}>
      <Table.Td>{name}</Table.Td>
      <Table.Td>{g.n}</Table.Td>
      <Table.Td>{g.positives}</Table.Td>
      <Table.Td>{num(g.auroc, 3)}</Table.Td>
      <Table.Td>{pct(g.atThreshold.sensitivity, 1)}</Table.Td>
      <Table.Td>{pct(g.atThreshold.specificity, 1)}</Table.Td>
      <Table.Td>{pct(g.atThreshold.balancedAccuracy, 1)}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="sm" data-testid="metrics">
      <Group justify="space-between">
        <Text size="sm">
          {m.n} labelled ECGs ({m.positives} positive) · head {m.head} at threshold {m.threshold} · model {m.modelId} {m.modelVersion}
        </Text>
        <Button
          size="xs"
          variant="default"
          onClick={() => downloadText(JSON.stringify(m, null, 2), `cohort-${m.cohortId}-metrics.json`, 'application/json')}
          data-testid="metrics-json"
        >
          Metrics JSON
        </Button>
      </Group>
      <Text size="sm" data-testid="metrics-auroc">
        AUROC <b>{num(m.auroc, 3)}</b>{ci} · sensitivity {pct(c.sensitivity, 1)} · specificity {pct(c.specificity, 1)} · PPV {pct(c.ppv, 1)} · NPV{' '}
        {pct(c.npv, 1)} · balanced accuracy {pct(c.balancedAccuracy, 1)} (TP {c.tp}, FP {c.fp}, TN {c.tn}, FN {c.fn})
      </Text>
      <Group gap="lg" align="flex-start">
        <RocChart points={m.roc} />
        <CalibrationChart bins={m.calibration} />
        <CoverageChart points={m.coverage} />
      </Group>
      <Table withTableBorder striped maw={760} data-testid="metrics-split">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Uncertainty (split at P{m.uncertaintySplit.splitPercentile})</Table.Th>
            <Table.Th>n</Table.Th>
            <Table.Th>positive</Table.Th>
            <Table.Th>AUROC</Table.Th>
            <Table.Th>sensitivity</Table.Th>
            <Table.Th>specificity</Table.Th>
            <Table.Th>balanced acc.</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {row('low', m.uncertaintySplit.low)}
          {row('high', m.uncertaintySplit.high)}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
