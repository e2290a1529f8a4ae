import { Alert, Badge, Button, Group, NumberInput, PasswordInput, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PacsNode, PacsNodeInfo } from '../../../../src-main/contract/index';
import { useClient } from '../../transport';
import { usePacsStore } from './pacs-store';

type Draft = Record<string, string | number | undefined> & { protocol: 'dimse' | 'dicomweb' };

const EMPTY: Draft = {
  protocol: 'dimse', id: '', name: '', calledAe: '', host: '', port: 104, callingAe: 'ECHOING', retrieveMethod: 'get', movePort: 11113,
  moveListenHost: '', connectTimeoutS: 10, timeoutS: 30, baseUrl: '', auth: 'none', username: '', caFile: '',
};

/** The node as the contract wants it: only the fields of its protocol, empty optional fields left out. */
function toNode(d: Draft): PacsNode {
  const opt = (k: string) => (typeof d[k] === 'string' && (d[k] as string).trim() !== '' ? { [k]: (d[k] as string).trim() } : {});
  const common = { id: String(d.id).trim(), name: String(d.name).trim() || String(d.id).trim() };
  if (d.protocol === 'dimse') {
    return {
      ...common, protocol: 'dimse', calledAe: String(d.calledAe), host: String(d.host), port: Number(d.port), callingAe: String(d.callingAe),
      retrieveMethod: d.retrieveMethod === 'move' ? 'move' : 'get', movePort: Number(d.movePort), connectTimeoutS: Number(d.connectTimeoutS),
      timeoutS: Number(d.timeoutS), ...opt('moveListenHost'),
    } as PacsNode;
  }
  return {
    ...common, protocol: 'dicomweb', baseUrl: String(d.baseUrl), auth: d.auth as 'none' | 'bearer' | 'basic', timeoutS: Number(d.timeoutS),
    ...opt('username'), ...opt('caFile'),
  } as PacsNode;
}

/** The configured PACS nodes, a form to add or edit one, and "Test connection" with its coded answer. */
export function NodeSettings() {
  const client = useClient();
  const { config, refresh, setError } = usePacsStore();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [secret, setSecret] = useState('');
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const field = (key: string) => ({
    value: (draft[key] as string | number | undefined) ?? '',
    onChange: (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [key]: e.currentTarget.value }),
  });
  const num = (key: string) => ({ value: Number(draft[key]), onChange: (v: string | number) => setDraft({ ...draft, [key]: Number(v) }) });

  const save = async () => {
    const r = await client.invoke('pacs:save-node', { node: toNode(draft), ...(secret ? { secret } : {}) });
    if (!r.ok) return setError(r.error.message);
    setSecret('');
    setError(null);
    await refresh(client);
  };
  const runTest = async (nodeId: string) => {
    setTest(null);
    const r = await client.invoke('pacs:echo', { nodeId });
    setTest(r.ok ? { ok: true, text: `${r.value.detail} (${r.value.milliseconds} ms)` } : { ok: false, text: `${r.error.code}: ${r.error.message}` });
  };
  const remove = async (nodeId: string) => {
    const r = await client.invoke('pacs:delete-node', { nodeId });
    if (!r.ok) return setError(r.error.message);
    await refresh(client);
  };
  const edit = (n: PacsNodeInfo) => setDraft({ ...EMPTY, ...(n as unknown as Draft) });

  return (
    <Stack gap="sm" maw={900}>
      {config && config.nodes.length > 0 && (
        <Table data-testid="pacs-nodes">
          <Table.Tbody>
            {config.nodes.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>{n.name}</Text>
                  <Text size="xs" c="dimmed">
                    {n.protocol === 'dimse' ? `${n.calledAe}@${n.host}:${n.port} as ${n.callingAe}, ${n.retrieveMethod === 'move' ? `C-MOVE to port ${n.movePort}` : 'C-GET'}` : `${n.baseUrl} (${n.auth}${n.hasSecret ? ', credential stored' : ''})`}
                  </Text>
                </Table.Td>
                <Table.Td>{config.defaultNodeId === n.id && <Badge size="sm">default</Badge>}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button size="xs" variant="light" onClick={() => void runTest(n.id)} data-testid={`pacs-test-${n.id}`}>Test connection</Button>
                    <Button size="xs" variant="default" onClick={() => edit(n)}>Edit</Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => void remove(n.id)}>Delete</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {test && (
        <Alert color={test.ok ? 'teal' : 'red'} data-testid="pacs-test-result" data-ok={test.ok}>
          {test.text}
        </Alert>
      )}
      <SegmentedControl
        w={260}
        data={[{ value: 'dimse', label: 'DIMSE' }, { value: 'dicomweb', label: 'DICOMweb' }]}
        value={draft.protocol}
        onChange={(v) => setDraft({ ...draft, protocol: v as Draft['protocol'] })}
        data-testid="pacs-protocol"
      />
      <Group grow>
        <TextInput label="Id (for the command line)" {...field('id')} data-testid="pacs-field-id" />
        <TextInput label="Name" {...field('name')} data-testid="pacs-field-name" />
      </Group>
      {draft.protocol === 'dimse' ? (
        <>
          <Group grow>
            <TextInput label="PACS AE title (called)" {...field('calledAe')} data-testid="pacs-field-calledAe" />
            <TextInput label="Host" {...field('host')} data-testid="pacs-field-host" />
            <NumberInput label="Port" min={1} max={65535} {...num('port')} data-testid="pacs-field-port" />
          </Group>
          <Group grow>
            <TextInput label="Our AE title (calling)" {...field('callingAe')} data-testid="pacs-field-callingAe" />
            <SegmentedControl
              data={[{ value: 'get', label: 'C-GET' }, { value: 'move', label: 'C-MOVE' }]}
              value={String(draft.retrieveMethod)}
              onChange={(v) => setDraft({ ...draft, retrieveMethod: v })}
            />
            <NumberInput label="Our port for C-MOVE" min={1} max={65535} {...num('movePort')} data-testid="pacs-field-movePort" />
            <TextInput label="Listen on (C-MOVE)" placeholder="the interface facing the PACS" {...field('moveListenHost')} />
          </Group>
          <Group grow>
            <NumberInput label="Connect timeout (s)" min={1} max={3600} {...num('connectTimeoutS')} />
            <NumberInput label="Answer timeout (s)" min={1} max={3600} {...num('timeoutS')} />
          </Group>
        </>
      ) : (
        <>
          <TextInput label="Base URL (QIDO-RS and WADO-RS)" placeholder="https://pacs.hospital/dicom-web" {...field('baseUrl')} data-testid="pacs-field-baseUrl" />
          <Group grow>
            <SegmentedControl
              data={[{ value: 'none', label: 'No auth' }, { value: 'bearer', label: 'Bearer token' }, { value: 'basic', label: 'Basic' }]}
              value={String(draft.auth)}
              onChange={(v) => setDraft({ ...draft, auth: v })}
            />
            {draft.auth === 'basic' && <TextInput label="User name" {...field('username')} />}
            {draft.auth !== 'none' && (
              <PasswordInput label={draft.auth === 'bearer' ? 'Token' : 'Password'} placeholder="leave empty to keep the stored one" value={secret} onChange={(e) => setSecret(e.currentTarget.value)} />
            )}
          </Group>
          <Group grow>
            <TextInput label="CA certificate file (PEM, optional)" placeholder="/etc/ssl/hospital-ca.pem" {...field('caFile')} />
            <NumberInput label="Timeout (s)" min={1} max={3600} {...num('timeoutS')} />
          </Group>
        </>
      )}
      <Group>
        <Button onClick={() => void save()} disabled={!String(draft.id).trim()} data-testid="pacs-save">Save connection</Button>
        <Button variant="default" onClick={() => setDraft(EMPTY)}>New</Button>
      </Group>
      {config && (
        <Text size="xs" c="dimmed">
          Connections are kept in pacs-nodes.json in the data folder; credentials: {config.secretProtection}.
        </Text>
      )}
    </Stack>
  );
}
