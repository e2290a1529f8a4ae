import { Accordion, Badge, Group, Stack, Text } from '@mantine/core';
import type { SimilarReportView } from './prediction-view';
import { dateText, matchWords, measurementText } from './wording';

/** Props: the closest echo reports, best first. */
export interface SimilarReportsProps {
  reports: SimilarReportView[];
}

/** The closest echo studies: date, match probability in words, key measurements with units; the report on expand. */
export function SimilarReports({ reports }: SimilarReportsProps) {
  if (reports.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No similar echo reports: this model pack has no report library.
      </Text>
    );
  }
  return (
    <Accordion variant="separated" chevronPosition="right" data-testid="similar-reports">
      {reports.map((r, i) => (
        <Accordion.Item key={r.id} value={r.id} data-testid="similar-report">
          <Accordion.Control>
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" fw={600}>
                  {i + 1}. Echo{r.date ? ` of ${dateText(r.date)}` : ''}
                </Text>
                {r.matchProbability !== undefined && (
                  <Badge size="md" radius="sm" variant="light" style={{ textTransform: 'none', flexShrink: 0 }} data-testid="similar-report-match">
                    {matchWords(r.matchProbability)}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" data-testid="similar-report-measurements">
                {Object.entries(r.measurements)
                  .slice(0, 4)
                  .map(([k, v]) => measurementText(k, v))
                  .join(' · ')}
              </Text>
            </Stack>
          </Accordion.Control>
          <Accordion.Panel>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="similar-report-text">
              {r.report}
            </Text>
            {Object.keys(r.measurements).length > 4 && (
              <Text size="xs" c="dimmed" mt={4}>
                {Object.entries(r.measurements)
                  .map(([k, v]) => measurementText(k, v))
                  .join(' · ')}
              </Text>
            )}
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
