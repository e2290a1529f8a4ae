import { Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ReadingHints } from '../../../../src-main/contract/index';

/** Amplitude units offered: microvolts per stored unit, or '' to let the reader judge by amplitude. */
const UNITS = [
  { value: '', label: 'Judge from the values (µV or mV)' },
  { value: '1', label: 'Microvolts (µV)' },
  { value: '1000', label: 'Millivolts (mV)' },
  { value: '1000000', label: 'Volts (V)' },
  { value: 'custom', label: 'Other: µV per stored unit…' },
];
const NAMED = new Set(['', '1', '1000', '1000000']);

/** Props: the values to start from, what to do with the user's answer, and the button's text. */
export interface ReadingHintsFormProps {
  initial?: ReadingHints | undefined;
  onSubmit: (hints: ReadingHints) => void;
  submitLabel: string;
  busy?: boolean;
}

/**
 * Asks what a file does not say about itself (a CSV export without a time column or rate line): its sample
 * rate, and the amplitude unit. The answer is used where the file is silent and remembered for its folder.
 */
export function ReadingHintsForm({ initial, onSubmit, submitLabel, busy = false }: ReadingHintsFormProps) {
  const [rate, setRate] = useState<number | string>(initial?.sampleRateHz ?? '');
  const initialUnit = initial?.uvPerUnit !== undefined ? String(initial.uvPerUnit) : '';
  const [unit, setUnit] = useState<string>(NAMED.has(initialUnit) ? initialUnit : 'custom');
  const [perUnit, setPerUnit] = useState<number | string>(NAMED.has(initialUnit) ? '' : (initial?.uvPerUnit ?? ''));
  const rateOk = typeof rate === 'number' && rate > 0 && rate <= 100_000;
  const customOk = unit !== 'custom' || (typeof perUnit === 'number' && perUnit > 0 && perUnit <= 1_000_000);
  const ok = rateOk && customOk;
  const submit = () => {
    if (!ok) return;
    const uvPerUnit = unit === 'custom' ? (perUnit as number) : unit ? Number(unit) : undefined;
    onSubmit({ sampleRateHz: rate, ...(uvPerUnit !== undefined ? { uvPerUnit } : {}) });
  };
  return (
    <Stack gap="xs" data-testid="reading-hints-form">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NumberInput
          size="xs"
          w={170}
          label="Sample rate (Hz)"
          placeholder="e.g. 500"
          min={1}
          max={100_000}
          allowNegative={false}
          value={rate}
          onChange={setRate}
          error={rate !== '' && !rateOk ? 'Between 1 and 100000 Hz' : undefined}
          data-testid="hint-rate"
          onKeyDown={(e) => e.key === 'Enter' && submit()}
        />
        <Select size="xs" w={240} label="Amplitude unit" value={unit} onChange={(v) => setUnit(v ?? '')} data={UNITS} allowDeselect={false} data-testid="hint-unit" />
        {unit === 'custom' && (
          <NumberInput
            size="xs"
            w={140}
            label="µV per unit"
            placeholder="e.g. 4.88"
            min={0}
            max={1_000_000}
            decimalScale={6}
            allowNegative={false}
            value={perUnit}
            onChange={setPerUnit}
            error={perUnit !== '' && !customOk ? 'A positive number' : undefined}
            data-testid="hint-per-unit"
          />
        )}
        <Button size="xs" disabled={!ok} loading={busy} onClick={submit} data-testid="hint-submit">
          {submitLabel}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Used only where the file states nothing itself, and remembered for the other files of this folder (the model reads them the same way).
      </Text>
    </Stack>
  );
}
