import { Badge, Group, Stack, Text } from '@mantine/core';
import type { HeadView } from './prediction-view';
import { predictiveValues } from './predictive-values';
import { callPhrase, headline, methodOf, probabilityInterval } from './wording';

/** Props: one head's prediction, the user's prevalence (0..1) and whether the model abstained. */
export interface HeadRowProps {
  head: HeadView;
  prevalence: number;
  abstain: boolean;
}

/** One prediction: the finding and its value in one phrase, the interval, the call answered, PPV/NPV when known. */
export function HeadRow({ head, prevalence, abstain }: HeadRowProps) {
  const pv = head.operatingPoint ? predictiveValues(head.operatingPoint, prevalence) : null;
  const detail = probabilityInterval(head) ?? methodOf(head.kind, head.library);
  return (
    <Stack gap={2} data-testid={`head-${head.head}`} data-call={head.call} style={{ opacity: abstain ? 0.55 : 1 }}>
      <Text fw={700} size="md" data-testid="head-estimate" style={{ lineHeight: 1.25 }}>
        {headline(head)}
      </Text>
      <Group gap="xs" wrap="wrap">
        <Badge
          size="md"
          radius="sm"
          color={abstain ? 'gray' : head.call === 'positive' ? 'red' : 'teal'}
          variant={abstain ? 'outline' : 'light'}
          style={{ textTransform: 'none' }}
          data-testid="head-call"
        >
          {abstain ? 'no call: too uncertain' : callPhrase(head)}
        </Badge>
        {detail && (
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
        )}
      </Group>
      {pv && (
        <Text size="xs" c="dimmed">
          PPV {(pv.ppv * 100).toFixed(1)} % · NPV {(pv.npv * 100).toFixed(1)} % at {(prevalence * 100).toFixed(1)} % prevalence
        </Text>
      )}
    </Stack>
  );
}
