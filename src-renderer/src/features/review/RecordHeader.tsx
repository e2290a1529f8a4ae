import { ActionIcon, Badge, Collapse, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { EcgRecordView, RecordFieldView } from '../trace/trace-input';
import { summariseFields } from './header-fields';
import { ChevronIcon, EyeIcon } from './icons';
import { returnFocusToWorkspace } from './return-focus';

/** Props: the record, and whether identifying fields are hidden (screen sharing, teaching). */
export interface RecordHeaderProps {
  record: EcgRecordView;
  fileName: string;
  hideIdentifiers: boolean;
  onHideIdentifiers: (hide: boolean) => void;
  /** Shown at the right end of the line (e.g. the waveform group choice). */
  extra?: ReactNode;
}

function formatTime(iso: string | undefined): string | null {
  if (!iso) return null;
  return iso.replace('T', ' ').replace(/\.\d+/, '');
}

function deviceMeasurements(m: EcgRecordView['measurements']): [string, string][] {
  const all: [string, string | undefined][] = [
    ['Rate', m.heartRateBpm !== undefined ? `${m.heartRateBpm} bpm` : undefined],
    ['PR', m.prMs !== undefined ? `${m.prMs} ms` : undefined],
    ['QRS', m.qrsMs !== undefined ? `${m.qrsMs} ms` : undefined],
    ['QT', m.qtMs !== undefined ? `${m.qtMs} ms` : undefined],
    [`QTc${m.qtcFormula ? ` (${m.qtcFormula})` : ' (formula not stated)'}`, m.qtcMs !== undefined ? `${m.qtcMs} ms` : undefined],
    [
      'P-R-T axes',
      m.pAxisDeg !== undefined || m.qrsAxisDeg !== undefined || m.tAxisDeg !== undefined ? `${m.pAxisDeg ?? '-'} ${m.qrsAxisDeg ?? '-'} ${m.tAxisDeg ?? '-'}°` : undefined,
    ],
  ];
  return all.filter((x): x is [string, string] => x[1] !== undefined);
}

function FieldText({ field, hide, label }: { field: RecordFieldView; hide: boolean; label?: string }) {
  return (
    <Text span size="sm" data-identifying={field.identifying ? 'true' : 'false'} style={{ whiteSpace: 'nowrap' }}>
      <Text span c="dimmed" size="sm">
        {label ?? field.label}:{' '}
      </Text>
      {field.identifying && hide ? '•••' : field.value}
    </Text>
  );
}

/**
 * One line by default: who (name, ID, age, sex), when, and the device's key intervals; everything else (other
 * fields, all device measurements and statements, the reader's notes) on expand, so the paper gets the height.
 */
export function RecordHeader({ record, fileName, hideIdentifiers, onHideIdentifiers, extra }: RecordHeaderProps) {
  const [open, setOpen] = useState(false);
  const s = summariseFields(record.fields);
  const time = formatTime(record.acquisitionTime);
  const meas = deviceMeasurements(record.measurements);
  const hide = hideIdentifiers;
  const identifying = (text: string) => (hide ? '•••' : text);
  // File names often carry the patient's name or ID: hidden with the identifiers.
  const fileNameText = (
    <Text span size="sm" fw={s.name.length > 0 ? 400 : 700} c={s.name.length > 0 ? 'dimmed' : undefined} data-testid="file-name" style={{ whiteSpace: 'nowrap' }}>
      {hide ? 'ECG' : fileName}
    </Text>
  );
  return (
    <Stack gap={4} data-testid="record-header" data-expanded={open ? 'true' : 'false'}>
      <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
        <Tooltip label={open ? 'Hide record details' : 'Show all record details, device measurements and notes'}>
          <ActionIcon
            size="sm"
            variant="subtle"
            aria-label={open ? 'Hide record details' : 'Show record details'}
            aria-expanded={open}
            data-testid="header-toggle"
            onClick={() => {
              setOpen((o) => !o);
              returnFocusToWorkspace();
            }}
          >
            <ChevronIcon open={open} />
          </ActionIcon>
        </Tooltip>
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0, overflow: 'hidden' }} data-testid="header-line">
          {s.name.length > 0 ? (
            <Text span size="sm" fw={700} data-identifying="true" data-testid="header-name" style={{ whiteSpace: 'nowrap' }}>
              {identifying(s.name.map((f) => f.value).join(', '))}
            </Text>
          ) : (
            fileNameText
          )}
          {s.id && <FieldText field={s.id} hide={hide} label="ID" />}
          {s.age && <FieldText field={s.age} hide={hide} label="Age" />}
          {s.birthDate && <FieldText field={s.birthDate} hide={hide} label="Born" />}
          {s.sex && <FieldText field={s.sex} hide={hide} label="Sex" />}
          {time && (
            <Text span size="sm" data-testid="header-date" style={{ whiteSpace: 'nowrap' }}>
              <Text span c="dimmed" size="sm">
                Acquired:{' '}
              </Text>
              {time}
            </Text>
          )}
          {s.name.length > 0 && fileNameText}
          {meas.slice(0, 4).map(([k, v]) => (
            <Text key={k} span size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {k} <Text span size="sm" c="var(--mantine-color-text)">{v}</Text>
            </Text>
          ))}
        </Group>
        <Group gap={6} wrap="nowrap" ml="auto" style={{ flexShrink: 0 }}>
          {record.warnings.length > 0 && (
            <Badge
              component="button"
              variant="light"
              color="orange"
              size="sm"
              style={{ cursor: 'pointer' }}
              data-testid="warnings-badge"
              aria-label={`${record.warnings.length} reader note${record.warnings.length > 1 ? 's' : ''}: show them`}
              onClick={() => setOpen(true)}
            >
              {record.warnings.length} note{record.warnings.length > 1 ? 's' : ''}
            </Badge>
          )}
          {extra}
          <Tooltip label={hide ? 'Show identifiers (H)' : 'Hide identifiers for screen sharing or teaching (H)'}>
            <ActionIcon
              size="sm"
              variant={hide ? 'filled' : 'default'}
              aria-label="Hide identifiers"
              aria-pressed={hide}
              data-testid="hide-identifiers"
              onClick={() => {
                onHideIdentifiers(!hide);
                returnFocusToWorkspace();
              }}
            >
              <EyeIcon off={hide} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Collapse expanded={open} keepMounted={false}>
        <Stack gap={4} pl={34} pb={4} data-testid="header-details">
          <Group gap="md" wrap="wrap">
            {s.rest.map((f) => (
              <FieldText key={f.key + f.label} field={f} hide={hide} />
            ))}
            <Badge variant="light" color="gray">
              {record.format}
              {record.formatVersion ? ` ${record.formatVersion}` : ''}
            </Badge>
          </Group>
          {meas.length > 0 && (
            <Group gap="md" data-testid="device-measurements">
              <Text size="xs" c="dimmed">
                Device:
              </Text>
              {meas.map(([k, v]) => (
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
          {record.warnings.length > 0 && (
            <Text size="xs" c="orange.8" data-testid="record-warnings">
              {record.warnings.join(' · ')}
            </Text>
          )}
        </Stack>
      </Collapse>
    </Stack>
  );
}
