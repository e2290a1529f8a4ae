import { Alert, Group, List, Stack, Table, Text } from '@mantine/core';
import type { AdaptationReport, HeadEvaluation } from '../../../../src-main/contract/index';
import { LineChart, type Series, colourOf } from './adapt-charts';

/** The method of a row: the base pack in grey, an adapted head in the theme colour. */
function MethodName({ method }: { method: HeadEvaluation['method'] }) {
  return (
    <Text size="sm" fw={600} c={method === 'base' ? 'dimmed' : 'blue'}>
      {method}
    </Text>
  );
}

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '--' : x.toFixed(d));

interface Column {
  title: string;
  cell: (e: HeadEvaluation) => string;
  testId?: string;
}

const BINARY_COLUMNS: Column[] = [
  { title: 'AUROC (95 % CI)', cell: (e) => `${f(e.binary?.auroc)}${e.binary?.aurocInterval ? ` (${f(e.binary.aurocInterval.low)}–${f(e.binary.aurocInterval.high)})` : ''}` },
  { title: 'balanced acc.', cell: (e) => f(e.binary?.balancedAccuracy) },
  { title: 'Brier', cell: (e) => f(e.binary?.brier, 4), testId: 'adapt-brier' },
  { title: 'cal. slope', cell: (e) => f(e.binary?.calibrationSlope, 2) },
  { title: 'cal. intercept', cell: (e) => f(e.binary?.calibrationIntercept, 2) },
  { title: 'ECE', cell: (e) => f(e.binary?.ece, 4), testId: 'adapt-ece' },
  { title: 'BA low / high uncertainty', cell: (e) => `${f(e.uncertaintySplit.low.balancedAccuracy)} / ${f(e.uncertaintySplit.high.balancedAccuracy)}` },
];

const continuousColumns = (level: number): Column[] => [
  { title: 'MAE', cell: (e) => f(e.continuous?.mae, 2), testId: 'adapt-mae' },
  { title: 'bias', cell: (e) => f(e.continuous?.bias, 2) },
  { title: `coverage (${Math.round(level * 100)} % interval)`, cell: (e) => f(e.continuous?.coverage), testId: 'adapt-coverage' },
  { title: 'mean width', cell: (e) => f(e.continuous?.meanWidth, 1) },
  { title: 'call balanced acc.', cell: (e) => f(e.continuous?.call.balancedAccuracy) },
  { title: 'MAE low / high uncertainty', cell: (e) => `${f(e.uncertaintySplit.low.mae, 2)} / ${f(e.uncertaintySplit.high.mae, 2)}` },
];

/** Base and adapted heads on the held-out test part, one row each. */
function MetricsTable({ rows, columns }: { rows: HeadEvaluation[]; columns: Column[] }) {
  return (
    <Table withTableBorder striped data-testid="adapt-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>head</Table.Th>
          <Table.Th>method</Table.Th>
          {columns.map((c) => (
            <Table.Th key={c.title}>{c.title}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((e) => (
          <Table.Tr key={e.head} data-testid="adapt-row" data-method={e.method} data-head={e.head}>
            <Table.Td>{e.label}</Table.Td>
            <Table.Td>
              <MethodName method={e.method} />
            </Table.Td>
            {columns.map((c) => (
              <Table.Td key={c.title} data-testid={c.testId}>
                {c.cell(e)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Reliability before (the base pack's heads, dashed grey) and after (each adapted head). */
function calibrationSeries(r: AdaptationReport): Series[] {
  const all = [...r.base, ...r.adapted];
  return all.map((e, i) => {
    const points = e.binary
      ? e.binary.calibration.filter((b) => b.count > 0 && b.meanPredicted !== null && b.observed !== null).map((b) => ({ x: b.meanPredicted as number, y: b.observed as number }))
      : (e.continuous?.calibration ?? []).map((b) => ({ x: b.meanPredicted, y: b.observed }));
    return { name: `${e.method === 'base' ? 'before' : 'after'}: ${e.label}`, colour: e.method === 'base' ? colourOf(0) : colourOf(i - r.base.length + 1), points, dashed: e.method === 'base' };
  });
}

function learningSeries(r: AdaptationReport): Series[] {
  const lc = r.learningCurve;
  const sizes = lc.series.flatMap((s) => s.points.map((p) => p.size));
  const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
  return [
    ...lc.base.map((b) => ({ name: `base: ${b.head}`, colour: colourOf(0), dashed: true, points: [{ x: lo, y: b.value }, { x: hi, y: b.value }] })),
    ...lc.series.map((s, i) => ({
      name: `${s.method}: ${s.head}`,
      colour: colourOf(i + 1),
      points: s.points.filter((p) => p.value !== null).map((p) => ({ x: p.size, y: p.value as number })),
    })),
  ];
}

/** The adaptation's validation report: counts, warnings, base-vs-adapted table, calibration, learning curve. */
export function AdaptReportView({ report: r }: { report: AdaptationReport }) {
  const binary = r.target.kind === 'binary';
  const rows = [...r.base, ...r.adapted];
  const c = r.counts;
  const unit = r.target.unit ? ` (${r.target.unit})` : '';
  return (
    <Stack gap="sm" data-testid="adapt-report">
      <Text size="sm" data-testid="adapt-counts">
        {r.target.label}: training {c.train.ecgs} ECGs of {c.train.patients} patients{binary ? ` (${c.train.positives} positive)` : ''} · held-out
        test {c.test.ecgs} ECGs of {c.test.patients} other patients{binary ? ` (${c.test.positives} positive)` : ''} · split by patient,
        stratified, {r.split.folds}-fold cross-validation inside training · {r.timings.totalS.toFixed(1)} s
      </Text>
      {r.warnings.length > 0 && (
        <Alert color="orange" title="Read before saving" data-testid="adapt-warnings">
          <List size="sm">
            {r.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <MetricsTable rows={rows} columns={binary ? BINARY_COLUMNS : continuousColumns(rows[0]?.continuous?.intervalLevel ?? 0.9)} />
      <Stack gap={2} data-testid="adapt-comparisons">
        {r.comparisons.map((k) => (
          <Text size="sm" key={k.head} c={k.better ? undefined : 'orange'}>
            {k.head} vs {k.baseHead}: {k.metric} {f(k.adapted, 4)} vs {f(k.base, 4)} (difference {f(k.difference, 4)}
            {k.interval ? `, 95 % CI ${f(k.interval.low, 4)} to ${f(k.interval.high, 4)}` : ''}){k.better ? '' : ' — not better than the base'}
          </Text>
        ))}
      </Stack>
      <Group gap="lg" align="flex-start">
        <LineChart
          title={binary ? 'Calibration before / after' : `Calibration before / after${unit}`}
          xLabel={binary ? 'predicted probability' : 'mean estimate'}
          yLabel={binary ? 'observed rate' : 'mean truth'}
          series={calibrationSeries(r)}
          diagonal
          {...(binary ? { domain: { x: [0, 1] as [number, number], y: [0, 1] as [number, number] } } : {})}
          testId="adapt-chart-calibration"
        />
        <LineChart
          title="Learning curve (held-out test part)"
          xLabel="training ECGs"
          yLabel={r.learningCurve.metric === 'brier' ? 'Brier score' : `MAE${unit}`}
          series={learningSeries(r)}
          xLog
          testId="adapt-chart-learning"
        />
      </Group>
      <Text size="xs" c="dimmed">
        {r.fitted.map((m) => `${m.head}: ${Object.entries(m.hyperParameters).map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(3)) : String(v)}`).join(', ')}`).join(' · ')}
      </Text>
    </Stack>
  );
}
