import { Badge, Group, Stack, Switch, Text } from '@mantine/core';
import type { EcgRecordView } from '../trace/trace-input';

/** Props: the record, and whether identifying fields are hidden (screen sharing, teaching). */
export interface RecordHeaderProps {
  record: EcgRecordView;
  fileName: string;
  hideIdentifiers: boolean;
  onHideIdentifiers: (hide: boolean) => void;
}

function formatTime(iso: string | undefined): string | null {
  if (!iso) return null;
  return iso.replace('T', ' ').replace(/\.\d+/, '');
}

/** Patient and acquisition fields, the device's measurements and its interpretation statements. */
export function RecordHeader({ record, fileName, hideIdentifiers, onHideIdentifiers }: RecordHeaderProps) {
  const m = record.measurements;
  const meas: [string, string | undefined][] = [
    ['Rate', m.heartRateBpm !== undefined ? `${m.heartRateBpm} bpm` : undefined],
    ['PR', m.prMs !== undefined ? `${m.prMs} ms` : undefined],
    ['QRS', m.qrsMs !== undefined ? `${m.qrsMs} ms` : undefined],
    ['QT', m.qtMs !== undefined ? `${m.qtMs} ms` : undefined],
    [`QTc${m.qtcFormula ? ` (${m.qtcFormula})` : ' (formula not stated)'}`, m.qtcMs !== undefined ? `${m.qtcMs} ms` : undefined],
    [
      'P-R-T axes',
      m.pAxisDeg !== undefined || m.qrsAxisDeg !== undefined || m.tAxisDeg !== undefined
        ? `${m.pAxisDeg ?? '-'} ${m.qrsAxisDeg ?? '-'} ${m.tAxisDeg ?? '-'}°`
        : undefined,
    ],
  ];
  const shownMeas = meas.filter((x): x is [string, string] => x[1] !== undefined);
  const time = formatTime(record.acquisitionTime);
  return (
    <Stack gap={4} data-testid="record-header">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="md" wrap="wrap">
          <Text fw={700} data-testid="file-name">
            {hideIdentifiers ? 'ECG' : fileName}
          </Text>
          {record.fields.map((f) => (
            <Text key={f.key} size="sm" data-identifying={f.identifying ? 'true' : 'false'}>
              <Text span c="dimmed" size="sm">
                {f.label}:{' '}
              </Text>
              {f.identifying && hideIdentifiers ? '•••' : f.value}
            </Text>
          ))}
          {time && (
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                Acquired:{' '}
              </Text>
              {time}
            </Text>
          )}
          <Badge variant="light" color="gray">
            {record.format}
            {record.formatVersion ? ` ${record.formatVersion}` : ''}
          </Badge>
        </Group>
        <Switch
          size="xs"
          label="Hide identifiers"
          checked={hideIdentifiers}
          onChange={(e) => onHideIdentifiers(e.currentTarget.checked)}
          data-testid="hide-identifiers"
          style={{ flexShrink: 0 }}
        />
      </Group>
      {shownMeas.length > 0 && (
        <Group gap="md" data-testid="device-measurements">
          <Text size="xs" c="dimmed">
            Device:
          </Text>
          {shownMeas.map(([k, v]) => (
            <Text key={k} size="sm">
              <Text span c="dimmed" size="sm">
                {k}{' '}
              </Text>
              {v}
            </Text>
          ))}
        </Group>
      )}
      {record.statements.length > 0 && (
        <Text size="sm" data-testid="device-statements">
          <Text span c="dimmed" size="xs">
            Device interpretation:{' '}
          </Text>
          {record.statements.join(' · ')}
        </Text>
      )}
    </Stack>
  );
}
