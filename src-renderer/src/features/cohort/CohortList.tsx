import { Button, NavLink, ScrollArea, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useClient } from '../../transport';
import { useCohortStore } from './cohort-store';

/** The cohorts in the store, and a field to create one. */
export function CohortList() {
  const client = useClient();
  const { cohorts, selectedId, select, refresh, setError, setTab } = useCohortStore();
  const [name, setName] = useState('');
  const create = async () => {
    const r = await client.invoke('cohort:create', { name: name.trim(), description: '' });
    if (!r.ok) return setError(r.error.message);
    setName('');
    select(r.value.id);
    setTab('import');
    await refresh(client);
  };
  return (
    <Stack gap="xs" p="sm" w={200} style={{ borderRight: '1px solid var(--mantine-color-default-border)', alignSelf: 'stretch' }}>
      <ScrollArea.Autosize mah={400}>
        {cohorts.map((c) => (
          <NavLink
            key={c.id}
            label={c.name}
            description={`${c.scored}/${c.files} scored`}
            active={c.id === selectedId}
            onClick={() => select(c.id)}
            data-testid={`cohort-item-${c.id}`}
          />
        ))}
      </ScrollArea.Autosize>
      <TextInput
        size="xs"
        placeholder="New cohort name"
        aria-label="New cohort name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && name.trim()) void create();
        }}
        data-testid="cohort-new-name"
      />
      <Button size="xs" disabled={!name.trim()} onClick={() => void create()} data-testid="cohort-create">
        Create cohort
      </Button>
    </Stack>
  );
}
