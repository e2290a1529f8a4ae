import { Badge, Group, Stack, Text } from '@mantine/core';
import type { SimilarReport } from '../../../../src-main/contract/index';

/** A site-adapted pack's nearest labelled ECGs of the site, with their echo values (by content-hash id, no identifiers). */
export function SimilarSiteEcgs({ ecgs }: { ecgs: SimilarReport[] }) {
  return (
    <Stack gap={4} data-testid="similar-site-ecgs">
      {ecgs.map((e, i) => (
        <Group key={e.id} justify="space-between" wrap="nowrap" data-testid="similar-site-ecg">
          <Text size="sm">
            #{i + 1}{' '}
            {Object.entries(e.measurements)
              .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(1)}`)
              .join(' · ')}
          </Text>
          <Badge variant="outline" color="gray" title={`Site ECG ${e.id}: sampled distance between embeddings, lower is closer`}>
            dist {e.score.toFixed(3)}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}
