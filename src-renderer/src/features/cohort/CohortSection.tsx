import { Stack, Text, Title } from '@mantine/core';

/** The cohort section (owned by the cohort feature; this first version only says what will be here). */
export function CohortSection() {
  return (
    <Stack gap="xs" p="md" data-testid="cohort-section">
      <Title order={2}>Cohorts</Title>
      <Text c="dimmed">
        Cohorts are not available yet. This section will import folders of ECGs, score them in batch, and offer a
        triage worklist with overread and export.
      </Text>
    </Stack>
  );
}
