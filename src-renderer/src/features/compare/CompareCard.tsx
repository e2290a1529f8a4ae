import { Alert, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCompareStore } from './compare-store';
import { changeMethod, changeSentence, headChanges, uncertaintyShort } from './compare-wording';

/** The AI read of both ECGs: each finding now and before with the change, both uncertainties, and the change test. */
export function CompareCard() {
  const { predictions, change } = useCompareStore();
  const both = predictions.value;
  const rows = both ? headChanges(both.current.predictions, both.prior.predictions) : [];
  const abstains = both ? [both.current, both.prior].some((r) => r.uncertainty.level === 'abstain') : false;
  return (
    <Card withBorder padding="sm" data-testid="compare-card" data-status={change.status}>
      <Stack gap="sm">
        <Title order={4}>AI read: this ECG against the prior</Title>
        {predictions.status === 'loading' && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Running the model on both ECGs…</Text>
          </Group>
        )}
        {predictions.status === 'error' && (
          <Alert color="red" title="The model could not read both ECGs" data-testid="compare-model-error">
            {predictions.error}
          </Alert>
        )}
        {both && (
          <>
            {both.current.model.id !== both.prior.model.id && <Alert color="orange">The two predictions come from different model packs.</Alert>}
            <Stack gap={6} data-testid="compare-heads">
              {rows.map((r) => (
                <Stack key={r.head} gap={0} data-testid="compare-head" data-beyond={r.beyondUncertainty ? 'true' : 'false'}>
                  <Text size="sm" fw={700}>
                    {r.label}: {r.now} now, {r.before} before
                  </Text>
                  <Group gap={6}>
                    <Text size="xs">{r.change}</Text>
                    <Badge size="sm" radius="sm" variant="light" color={r.beyondUncertainty ? 'orange' : 'gray'} style={{ textTransform: 'none' }}>
                      {r.beyondUncertainty ? 'beyond the model’s uncertainty' : 'within the model’s uncertainty'}
                    </Badge>
                  </Group>
                </Stack>
              ))}
            </Stack>
            <Text size="xs" data-testid="compare-uncertainty">
              Model uncertainty: {uncertaintyShort(both.current.uncertainty)} now; {uncertaintyShort(both.prior.uncertainty)} before.
            </Text>
            {abstains && (
              <Text size="xs" c="orange.8">
                The model is too uncertain about at least one of the two ECGs for its calls to be used.
              </Text>
            )}
          </>
        )}
        {change.status === 'loading' && <Loader size="xs" />}
        {change.status === 'error' && <Alert color="red">{change.error}</Alert>}
        {change.value && (
          <Stack gap={4} data-testid="compare-change" data-changed={change.value.changed ? 'true' : 'false'}>
            <Group gap="xs">
              <Text size="sm" fw={600}>
                The ECG as a whole
              </Text>
              <Badge color={change.value.changed ? 'orange' : 'teal'} radius="sm" style={{ textTransform: 'none' }}>
                {change.value.changed ? 'changed' : 'no change beyond noise'}
              </Badge>
            </Group>
            <Text size="sm" data-testid="compare-change-text">
              {changeSentence(change.value)}
            </Text>
            <Text size="xs" c="dimmed">
              {changeMethod(change.value)}
            </Text>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
