import { Alert, Badge, Button, Card, Divider, Group, Loader, NumberInput, Stack, Text, Title } from '@mantine/core';
import type { ErrorPayload } from '../../../../src-main/contract/index';
import { HeadRow } from './HeadRow';
import type { PredictionView } from './prediction-view';
import { QuantizedBadge, QuantizedWarning } from './QuantizedNote';
import { SimilarReports } from './SimilarReports';
import { useActivePack } from './use-active-pack';
import { VarianceControls, type VarianceControlsProps } from './VarianceControls';

/** Props: the prediction state, the run action, the user's prevalence (0..1) and the overlay controls. */
export interface AiCardProps {
  status: 'idle' | 'running' | 'done' | 'error';
  result: PredictionView | null;
  error: ErrorPayload | null;
  canRun: boolean;
  onRun: () => void;
  prevalence: number;
  onPrevalence: (p: number) => void;
  variance: VarianceControlsProps;
}

const LEVEL_COLOUR = { low: 'teal', high: 'orange', abstain: 'red' } as const;

/** The AI card: pack identity and intended use, per-head predictions, uncertainty, similar echo reports. */
export function AiCard(p: AiCardProps) {
  const r = p.result;
  const abstain = r?.uncertainty.level === 'abstain';
  const active = useActivePack();
  // The pack identity comes from the result once there is one (it names what actually ran), else the listing.
  const pack = r ? r.model : active.pack;
  const provider = r ? r.executionProvider : active.provider;
  return (
    <Card withBorder padding="sm" data-testid="ai-card" data-status={p.status}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>EchoingECG</Title>
          <Button size="xs" onClick={p.onRun} loading={p.status === 'running'} disabled={!p.canRun} data-testid="run-model">
            {r ? 'Run again (R)' : 'Run model (R)'}
          </Button>
        </Group>
        {pack && !pack.clinical && (
          <Alert color="red" variant="filled" title="NOT FOR CLINICAL USE" data-testid="not-clinical-banner">
            {pack.clinicalUseStatement || 'This model pack is not validated for clinical decisions.'}
          </Alert>
        )}
        {pack && (
          <Group gap="xs" data-testid="model-pack">
            <Text size="sm" fw={600}>
              {pack.name}
            </Text>
            <Badge variant="light">v{pack.version}</Badge>
            <QuantizedBadge pack={pack} />
            {provider && (
              <Badge variant="outline" color="gray" title="Execution provider">
                {provider}
              </Badge>
            )}
            {r && (
              <Text size="xs" c="dimmed">
                window {r.window.startS.toFixed(1)}–{(r.window.startS + r.window.durationS).toFixed(1)} s
                {r.window.paddedS > 0 ? ` (${r.window.paddedS.toFixed(1)} s padded)` : ''}
              </Text>
            )}
          </Group>
        )}
        {pack && <QuantizedWarning pack={pack} />}
        {!r && active.error && (
          <Text size="sm" c="red" data-testid="pack-error">
            {active.error}
          </Text>
        )}
        {p.status === 'idle' && !r && (
          <Text size="sm" c="dimmed">
            {p.canRun ? 'Run the model to see echo-finding predictions for this ECG.' : 'Open an ECG to run the model.'}
          </Text>
        )}
        {p.status === 'running' && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Running the model…</Text>
          </Group>
        )}
        {p.status === 'error' && p.error && (
          <Alert color="red" title="The model could not run on this ECG" data-testid="model-error">
            {p.error.message} <Text span c="dimmed" size="xs">({p.error.code})</Text>
          </Alert>
        )}
        {r && (
          <>
            <Group gap="xs" data-testid="uncertainty" data-level={r.uncertainty.level}>
              <Text size="sm">Uncertainty</Text>
              <Badge color={LEVEL_COLOUR[r.uncertainty.level]}>{r.uncertainty.level}</Badge>
              <Text size="xs" c="dimmed">
                {r.uncertainty.percentile.toFixed(0)}th percentile of the reference set (score {r.uncertainty.score.toFixed(3)})
              </Text>
            </Group>
            {abstain && (
              <Alert color="orange" variant="filled" title="Uncertain: refer to echo" data-testid="abstain-banner">
                The model is too uncertain about this ECG for its calls to be used.
              </Alert>
            )}
            <NumberInput
              size="xs"
              label="Prevalence for PPV/NPV (%)"
              min={0.1}
              max={99}
              step={0.5}
              decimalScale={1}
              value={+(p.prevalence * 100).toFixed(1)}
              onChange={(v) => typeof v === 'number' && v > 0 && v < 100 && p.onPrevalence(v / 100)}
              w={200}
              data-testid="prevalence"
            />
            <Stack gap="sm" data-testid="heads">
              {r.predictions.map((h) => (
                <HeadRow key={h.head} head={h} prevalence={p.prevalence} abstain={abstain} />
              ))}
            </Stack>
            <Divider label="Model uncertainty on the trace" labelPosition="left" />
            <VarianceControls {...p.variance} />
            <Divider label="Similar echo reports" labelPosition="left" />
            <SimilarReports reports={r.similarReports} />
          </>
        )}
      </Stack>
    </Card>
  );
}
