import { Table, Text } from '@mantine/core';
import type { OpenedEcg } from '../../../../src-main/contract/index';
import { dateText } from '../ai-card/wording';
import { compareMeasurements, signed } from './measurement-diff';

/** Props: the two decoded records. */
export interface MeasurementsCompareProps {
  current: OpenedEcg['record'];
  prior: OpenedEcg['record'];
}

const show = (v: number | null, unit: string) => (v === null ? '–' : `${Math.round(v)}${unit === '°' ? '°' : ` ${unit}`}`);

/** Acquisition dates and the devices' measurements side by side; differences a reader would flag are marked. */
export function MeasurementsCompare({ current, prior }: MeasurementsCompareProps) {
  const rows = compareMeasurements(current.measurements, prior.measurements);
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={2} horizontalSpacing={6} fz="xs" data-testid="compare-measurements" style={{ width: 'auto' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th>This ECG</Table.Th>
          <Table.Th>Prior</Table.Th>
          <Table.Th>Change</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>Acquired</Table.Td>
          <Table.Td data-testid="compare-date-current">{current.acquisitionTime ? dateText(current.acquisitionTime) : 'not stated'}</Table.Td>
          <Table.Td data-testid="compare-date-prior">{prior.acquisitionTime ? dateText(prior.acquisitionTime) : 'not stated'}</Table.Td>
          <Table.Td />
        </Table.Tr>
        {rows.map((r) => (
          <Table.Tr key={r.key} data-testid={`compare-row-${r.key}`} data-flagged={r.flagged ? 'true' : 'false'}>
            <Table.Td>{r.label}</Table.Td>
            <Table.Td>{show(r.current, r.unit)}</Table.Td>
            <Table.Td>{show(r.prior, r.unit)}</Table.Td>
            <Table.Td style={r.flagged ? { background: 'var(--mantine-color-orange-light)' } : undefined}>
              {r.difference === null ? (
                '–'
              ) : (
                <Text span size="xs" fw={r.flagged ? 700 : 400} c={r.flagged ? 'orange.9' : undefined}>
                  {signed(r.difference, r.unit)}
                  {r.flagged ? ' ▲' : ''}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={4}>Neither file states device measurements.</Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
