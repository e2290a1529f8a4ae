import { Alert, Badge, Button, Card, Divider, Group, Loader, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import type { ErrorPayload } from '../../../../src-main/contract/index';
import { usePredictionStore } from '../../stores/prediction-store';
import { HeadRow } from './HeadRow';
import type { PredictionView } from './prediction-view';
import { SimilarSiteEcgs } from '../model-packs/SimilarSiteEcgs';
import { QuantizedBadge, QuantizedWarning } from './QuantizedNote';
import { SimilarReports } from './SimilarReports';
import { useActivePack } from './use-active-pack';
import { VarianceControls, type VarianceControlsProps } from './VarianceControls';
import { dateText, uncertaintyPhrase, uncertaintyScale } from './wording';

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

/** Where the result comes from and which seconds the model read, in words. */
function provenance(r: PredictionView, provider: string | null): string {
  const seconds = `read seconds ${r.window.startS.toFixed(0)}–${(r.window.startS + r.window.durationS).toFixed(0)} of the strip${
    r.window.paddedS > 0 ? ` (${r.window.paddedS.toFixed(1)} s padded)` : ''
  }`;
  if (r.origin.kind === 'cohort') return `Stored by the cohort's scoring on ${dateText(r.origin.scoredAt)} (not run again) · ${seconds}`;
  return `${provider ? `Ran on ${provider.toUpperCase()}` : 'Ran'} · ${seconds}`;
}

/** The AI read: pack identity and intended use, each finding in words, uncertainty, similar echo reports. */
export function AiCard(p: AiCardProps) {
  const r = p.result;
  const abstain = r?.uncertainty.level === 'abstain';
  const active = useActivePack();
  const autoRun = usePredictionStore((s) => s.autoRun);
  const setAutoRun = usePredictionStore((s) => s.setAutoRun);
  // The pack identity comes from the result once there is one (it names what actually ran), else the listing.
  const pack = r ? r.model : active.pack;
  const provider = r ? r.executionProvider : active.provider;
  const scale = r ? uncertaintyScale(r.uncertainty.splitPercentile, r.uncertainty.abstainPercentile) : null;
  return (
    <Card withBorder padding="sm" data-testid="ai-card" data-status={p.status} data-origin={r?.origin.kind ?? ''}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={4}>AI read</Title>
          <Button size="xs" onClick={p.onRun} loading={p.status === 'running'} disabled={!p.canRun} data-testid="run-model">
            {r ? 'Run again (R)' : 'Run model (R)'}
          </Button>
        </Group>
        <Switch
          size="xs"
          label="Run the model when an ECG opens"
          checked={autoRun}
          onChange={(e) => setAutoRun(e.currentTarget.checked)}
          data-testid="auto-run"
        />
        {pack && !pack.clinical && (
          <Alert color="red" variant="filled" title="NOT FOR CLINICAL USE" data-testid="not-clinical-banner">
            {pack.clinicalUseStatement || 'This model pack is not validated for clinical decisions.'}
          </Alert>
        )}
        {pack && (
          <Stack gap={0} data-testid="model-pack">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {pack.name}
              </Text>
              <Badge variant="light" style={{ textTransform: 'none' }}>
                v{pack.version}
              </Badge>
              <QuantizedBadge pack={pack} />
            </Group>
            {pack.adaptedFrom && (
              <Text size="xs" data-testid="pack-adapted-from">
                site-adapted from {pack.adaptedFrom.name} v{pack.adaptedFrom.version} for {pack.adaptedFrom.site}
              </Text>
            )}
            {r && (
              <Text size="xs" c="dimmed" data-testid="prediction-provenance">
                {provenance(r, provider)}
              </Text>
            )}
          </Stack>
        )}
        {pack && <QuantizedWarning pack={pack} />}
        {!r && active.error && (
          <Text size="sm" c="red" data-testid="pack-error">
            {active.error}
          </Text>
        )}
        {p.status === 'idle' && !r && (
          <Text size="sm" c="dimmed">
            {p.canRun ? 'Run the model (R) to see echo-finding predictions for this ECG.' : 'Open an ECG to run the model.'}
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
            {abstain && (
              <Alert color="orange" variant="filled" title="Uncertain: refer to echo" data-testid="abstain-banner">
                The model is too uncertain about this ECG for its calls to be used.
              </Alert>
            )}
            <Stack gap="sm" data-testid="heads">
              {r.predictions.map((h) => (
                <HeadRow key={h.head} head={h} prevalence={p.prevalence} abstain={abstain} />
              ))}
            </Stack>
            <Stack gap={2} data-testid="uncertainty" data-level={r.uncertainty.level}>
              <Group gap="xs" wrap="nowrap" align="baseline">
                <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
                  Model uncertainty
                </Text>
                <Badge color={LEVEL_COLOUR[r.uncertainty.level]} radius="sm" style={{ textTransform: 'none', flexShrink: 0 }}>
                  {r.uncertainty.level === 'abstain' ? 'too high' : r.uncertainty.level}
                </Badge>
              </Group>
              <Text size="xs" data-testid="uncertainty-text">
                {uncertaintyPhrase(r.uncertainty)}.{scale ? ` ${scale}` : ''}
              </Text>
            </Stack>
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
            {r.origin.kind === 'cohort' ? (
              <Text size="xs" c="dimmed" data-testid="stored-note">
                Similar echo reports and the uncertainty overlay are not stored with a cohort&apos;s results: run the model (R) to see them.
              </Text>
            ) : (
              <>
                <Divider label="Model uncertainty on the trace" labelPosition="left" />
                <VarianceControls {...p.variance} />
                <Divider label="Similar echo reports" labelPosition="left" />
                <SimilarReports reports={r.similarReports} />
                {r.similarSiteEcgs && (
                  <>
                    <Divider label="Similar ECGs from this site" labelPosition="left" />
                    <SimilarSiteEcgs ecgs={r.similarSiteEcgs} />
                  </>
                )}
              </>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
