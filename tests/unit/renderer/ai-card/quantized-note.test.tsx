import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QuantizedBadge, QuantizedWarning } from '../../../../src-renderer/src/features/ai-card/QuantizedNote';

const q = (equivalent: boolean) => ({
  quantization: { method: 'int8-static-qdq', baseId: 'echoingecg-101', baseVersion: '1.0.0', equivalent, meanCosine: equivalent ? 0.99991 : 0.9982, minIdenticalCalls: equivalent ? 0.995 : 0.97, fixedSetSize: 200 },
});
const html = (node: React.ReactNode) => renderToStaticMarkup(<MantineProvider>{node}</MantineProvider>);

describe('a quantized pack on the AI card', () => {
  it('says int8 next to the name, with its base and agreement in the title', () => {
    const out = html(<QuantizedBadge pack={q(true)} />);
    expect(out).toContain('int8 quantized');
    expect(out).toContain('int8 quantization of echoingecg-101 1.0.0: on 200 fixed ECGs, 99.5 % identical calls');
    expect(html(<QuantizedWarning pack={q(true)} />)).not.toContain('quantized-warning');
  });

  it('says NOT equivalent and warns below the bar', () => {
    expect(html(<QuantizedBadge pack={q(false)} />)).toContain('int8, NOT equivalent');
    const warn = html(<QuantizedWarning pack={q(false)} />);
    expect(warn).toContain('agrees with echoingecg-101 1.0.0 on only 97.0 % of calls');
  });

  it('shows nothing for a float pack', () => {
    expect(html(<QuantizedBadge pack={{}} />)).not.toContain('int8');
    expect(html(<QuantizedWarning pack={{}} />)).not.toContain('int8');
  });
});
