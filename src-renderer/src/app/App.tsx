import { ActionIcon, AppShell, Group, Modal, NavLink, Notification, Stack, Text, Title, Tooltip } from '@mantine/core';
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

/** The application shell: header with the theme toggle, section navigation, the section, the status bar. */
export function App() {
  const section = useShellStore((s) => s.section);
  const setSection = useShellStore((s) => s.setSection);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const openAbout = useCallback(() => setAboutOpen(true), []);
  useShellEvents(openAbout, setNotice);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 200, breakpoint: 0 }} footer={{ height: 28 }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Title order={1} size="h4" data-testid="app-title">
              EchoingECG Review
            </Title>
            <Text size="xs" c="dimmed" visibleFrom="sm">
              research software: not for diagnosis
            </Text>
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
      <AppShell.Navbar p="xs" aria-label="Sections">
        {SECTIONS.map((s) => (
          <NavLink
            key={s.id}
            label={s.label}
            description={s.description}
            active={section === s.id}
            onClick={() => setSection(s.id)}
            data-testid={`nav-${s.id}`}
          />
        ))}
      </AppShell.Navbar>
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
