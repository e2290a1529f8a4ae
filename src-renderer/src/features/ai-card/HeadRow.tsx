import { Badge, Group, Stack, Text } from '@mantine/core';
import { formatEstimate, type HeadView } from './prediction-view';
import { predictiveValues } from './predictive-values';

/** Props: one head's prediction, the user's prevalence (0..1) and whether the model abstained. */
export interface HeadRowProps {
  head: HeadView;
  prevalence: number;
  abstain: boolean;
}

/** One prediction head: estimate, interval, call at the threshold and, when the pack reports it, PPV/NPV. */
export function HeadRow({ head, prevalence, abstain }: HeadRowProps) {
  const pv = head.operatingPoint ? predictiveValues(head.operatingPoint, prevalence) : null;
  const thresholdText = head.probability !== undefined ? `${(head.threshold * 100).toFixed(0)} %` : formatEstimate(head, head.threshold);
  return (
    <Stack gap={2} data-testid={`head-${head.head}`} data-call={head.call} style={{ opacity: abstain ? 0.55 : 1 }}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm">
          {head.label}
        </Text>
        <Badge color={abstain ? 'gray' : head.call === 'positive' ? 'red' : 'teal'} variant={abstain ? 'outline' : 'filled'}>
          {abstain ? 'no call' : head.call}
        </Badge>
      </Group>
      <Group gap="xs" wrap="wrap">
        <Text size="xl" fw={700} data-testid="head-estimate">
          {formatEstimate(head)}
        </Text>
        <Text size="xs" c="dimmed">
          {Math.round(head.intervalLevel * 100)} % interval {formatEstimate(head, head.interval[0])} – {formatEstimate(head, head.interval[1])}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        Call at threshold {thresholdText}
        {pv
          ? ` · PPV ${(pv.ppv * 100).toFixed(1)} % / NPV ${(pv.npv * 100).toFixed(1)} % at ${(prevalence * 100).toFixed(1)} % prevalence`
          : ' · PPV/NPV not available: the pack does not report this head’s sensitivity and specificity'}
      </Text>
    </Stack>
  );
}
