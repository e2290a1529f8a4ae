import { Group, Loader, NativeSelect, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useClient } from '../../transport';
import { usePackStore } from '../../stores/pack-store';

/**
 * The model pack the review workspace runs: every installed pack (bundled, user, site-adapted), switched with
 * model:activate (hashes checked, network opened). `onSwitched` clears what the previous pack predicted.
 */
export function PackPicker({ onSwitched }: { onSwitched: () => void }) {
  const client = useClient();
  const { packs, activeId, busy, error, refresh, activate } = usePackStore();
  useEffect(() => {
    void refresh(client);
  }, [client, refresh]);
  if (packs.length === 0) return null;
  return (
    <Group gap="xs" align="flex-end" mb="xs" wrap="nowrap">
      <NativeSelect
        size="xs"
        label="Model pack"
        value={activeId ?? ''}
        disabled={busy}
        onChange={(e) => {
          const id = e.currentTarget.value;
          void activate(client, id).then((ok) => ok && onSwitched());
        }}
        data={packs.map((p) => ({
          value: p.id,
          label: `${p.name} v${p.version}${p.error ? ' (unusable)' : ''}`,
          disabled: p.error !== undefined,
        }))}
        style={{ flex: 1 }}
        data-testid="pack-picker"
      />
      {busy && <Loader size="xs" />}
      {error && (
        <Text size="xs" c="red" data-testid="pack-picker-error">
          {error}
        </Text>
      )}
    </Group>
  );
}
