import { Accordion, Badge, Group, Text } from '@mantine/core';
import type { SimilarReportView } from './prediction-view';

/** Props: the closest echo reports, best first. */
export interface SimilarReportsProps {
  reports: SimilarReportView[];
}

/** Up to the top matches, each with its score and key measurements; the full report text on expand. */
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
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" fw={600}>
                #{i + 1}
                {r.date ? ` · ${r.date}` : ''}
              </Text>
              <Group gap={4} wrap="nowrap">
                {r.matchProbability !== undefined && <Badge variant="light">match {(r.matchProbability * 100).toFixed(0)} %</Badge>}
                <Badge variant="outline" color="gray" title="Sampled distance between embeddings: lower is closer">
                  dist {r.score.toFixed(3)}
                </Badge>
              </Group>
            </Group>
            <Group gap={6} mt={4}>
              {Object.entries(r.measurements)
                .slice(0, 4)
                .map(([k, v]) => (
                  <Text key={k} size="xs" c="dimmed">
                    {k} {Number.isInteger(v) ? v : v.toFixed(1)}
                  </Text>
                ))}
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="similar-report-text">
              {r.report}
            </Text>
            {Object.keys(r.measurements).length > 4 && (
              <Text size="xs" c="dimmed" mt={4}>
                {Object.entries(r.measurements)
                  .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(1)}`)
                  .join(' · ')}
              </Text>
            )}
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
