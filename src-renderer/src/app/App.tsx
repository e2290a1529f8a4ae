import { ActionIcon, AppShell, Group, Modal, Notification, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useCallback, useState } from 'react';
import { CohortSection } from '../features/cohort/CohortSection';
import { PacsSection } from '../features/pacs/PacsSection';
import { ReviewWorkspace } from '../features/review/ReviewWorkspace';
import { AboutLogs } from './AboutLogs';
import { useShellStore, type Section } from './shell-store';
import { StatusBar } from './StatusBar';
import { ThemeToggle } from './ThemeToggle';
import { useShellEvents } from './use-shell-events';

const SECTIONS: { id: Section; label: string; description: string }[] = [
  { id: 'review', label: 'Review', description: 'One ECG at a time' },
  { id: 'cohorts', label: 'Cohorts', description: 'Batch scoring and worklists' },
  { id: 'pacs', label: 'PACS', description: 'Query and retrieve ECGs' },
];

/**
 * The application shell: one header line with the title, the section tabs and the theme toggle (no side
 * navigation: the ECG needs the width), the section, the status bar.
 */
export function App() {
  const section = useShellStore((s) => s.section);
  const setSection = useShellStore((s) => s.setSection);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const openAbout = useCallback(() => setAboutOpen(true), []);
  useShellEvents(openAbout, setNotice);

  return (
    <AppShell header={{ height: 44 }} footer={{ height: 28 }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <Title order={1} size="h5" data-testid="app-title" style={{ whiteSpace: 'nowrap' }}>
                EchoingECG Review
              </Title>
              <Text size="xs" c="dimmed" visibleFrom="md" style={{ whiteSpace: 'nowrap' }}>
                research software: not for diagnosis
              </Text>
            </Group>
            <Group gap={2} component="nav" aria-label="Sections" role="tablist" wrap="nowrap">
              {SECTIONS.map((s) => (
                <UnstyledButton
                  key={s.id}
                  role="tab"
                  aria-selected={section === s.id}
                  title={s.description}
                  onClick={() => setSection(s.id)}
                  data-testid={`nav-${s.id}`}
                  data-active={section === s.id || undefined}
                  px="sm"
                  py={4}
                  style={{
                    borderRadius: 6,
                    fontSize: 'var(--mantine-font-size-sm)',
                    fontWeight: section === s.id ? 600 : 400,
                    background: section === s.id ? 'var(--mantine-color-blue-light)' : undefined,
                    color: section === s.id ? 'var(--mantine-color-blue-light-color)' : undefined,
                  }}
                >
                  {s.label}
                </UnstyledButton>
              ))}
            </Group>
          </Group>
          <Group gap="xs">
            {/* The web host has no menu bar: the about box (versions, data and log folders) opens from here too. */}
            <Tooltip label="About, data and log folders">
              <ActionIcon variant="default" size="lg" aria-label="About EchoingECG Review" onClick={openAbout} data-testid="about-open">
                i
              </ActionIcon>
            </Tooltip>
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {notice && (
          <Notification m="sm" color="yellow" onClose={() => setNotice(null)}>
            {notice}
          </Notification>
        )}
        {section === 'review' ? <ReviewWorkspace /> : section === 'pacs' ? <PacsSection /> : <CohortSection />}
      </AppShell.Main>
      <AppShell.Footer>
        <StatusBar />
      </AppShell.Footer>
      <Modal opened={aboutOpen} onClose={() => setAboutOpen(false)} title="About EchoingECG Review">
        <Stack gap="xs">
          <Text size="sm">
            Review of resting ECGs with the EchoingECG probabilistic encoder: echo-finding predictions with their
            uncertainty and similar echo reports. Research software, not a medical device.
          </Text>
          <StatusBar />
          <AboutLogs />
        </Stack>
      </Modal>
    </AppShell>
  );
}
