import { Alert, Badge } from '@mantine/core';
import type { ModelSummary } from '../../../../src-main/contract/index';

/**
 * An int8 pack says so next to its name, with the agreement measured against its base; one whose agreement
 * is below the app's bar (99 % identical calls, mean cosine 0.999) also says that it is not equivalent.
 */
export function QuantizedBadge({ pack }: { pack: Pick<ModelSummary, 'quantization'> }) {
  const q = pack.quantization;
  if (!q) return null;
  const title = `int8 quantization of ${q.baseId} ${q.baseVersion}: on ${q.fixedSetSize} fixed ECGs, ${(100 * q.minIdenticalCalls).toFixed(1)} % identical calls (lowest head), mean cosine ${q.meanCosine.toFixed(4)}`;
  return (
    <Badge variant="light" color={q.equivalent ? 'blue' : 'red'} title={title} data-testid="quantized-badge">
      {q.equivalent ? 'int8 quantized' : 'int8, NOT equivalent'}
    </Badge>
  );
}

export function QuantizedWarning({ pack }: { pack: Pick<ModelSummary, 'quantization'> }) {
  const q = pack.quantization;
  if (!q || q.equivalent) return null;
  return (
    <Alert color="orange" title="Quantized pack below the equivalence bar" data-testid="quantized-warning">
      This int8 pack agrees with {q.baseId} {q.baseVersion} on only {(100 * q.minIdenticalCalls).toFixed(1)} % of calls (mean cosine{' '}
      {q.meanCosine.toFixed(4)}); use the base pack for decisions that depend on the call.
    </Alert>
  );
}
