import { Stack, Text, Title } from '@mantine/core';

/** The review workspace (owned by the review feature; this first version only says what will be here). */
export function ReviewWorkspace() {
  return (
    <Stack gap="xs" p="md" data-testid="review-workspace">
      <Title order={2}>Review</Title>
      <Text c="dimmed">
        No ECG open. The review workspace will show the ECG on calibrated paper with the model's echo-finding
        predictions and similar reports.
      </Text>
    </Stack>
  );
}
