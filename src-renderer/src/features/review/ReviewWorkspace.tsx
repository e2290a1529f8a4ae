/**
 * The review workspace: open an ECG, read it on calibrated paper, run the model and read the AI card.
 */
import { Alert, Box, Group, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { FileRef, ReadingHints } from '../../../../src-main/contract/index';
import { usePredictionStore } from '../../stores/prediction-store';
import { useReviewStore } from '../../stores/review-store';
import { useViewStore } from '../../stores/view-store';
import { useClient, useFilePicker } from '../../transport';
import { useAutoRun } from '../ai-card/use-auto-run';
import { QueueBar } from '../cohort/QueueBar';
import { stepQueue } from '../cohort/queue-walk';
import { useReviewQueueStore } from '../cohort/review-queue-store';
import { CompareButton } from '../compare/CompareButton';
import { useCompareStore } from '../compare/compare-store';
import { CompareWorkspace } from '../compare/CompareWorkspace';
import { ErrorBoundary } from './ErrorBoundary';
import { OpenBar } from './OpenBar';
import { ReadingHintsForm } from './ReadingHintsForm';
import { ReviewReady } from './ReviewReady';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TraceToolbar } from './TraceToolbar';
import { useReviewShortcuts } from './use-review-shortcuts';

/**
 * The Review section of the app shell: one toolbar line (open, paper controls, help, AI panel), then the ECG.
 * Takes no props: state lives in the review/view/prediction stores.
 */
export function ReviewWorkspace() {
  const client = useClient();
  const pickFiles = useFilePicker();
  const { file, status, opened, error, open } = useReviewStore();
  const runModel = usePredictionStore((s) => s.run);
  const resetPrediction = usePredictionStore((s) => s.reset);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const comparing = useCompareStore((c) => c.active && opened !== null && c.currentToken === opened.file.token);
  const queueHere = useReviewQueueStore((q) => {
    const item = q.current?.items[q.index];
    return item !== undefined && file !== null && q.tokens[item.fileId] === file.token;
  });

  const openFile = useCallback(
    (f: FileRef, hints?: ReadingHints) => {
      setNotice(null);
      resetPrediction(f.token);
      useViewStore.getState().set({ startS: 0 });
      void open(client, f, hints);
    },
    [client, open, resetPrediction],
  );
  const readAgain = useCallback((hints: ReadingHints) => file && openFile(file, hints), [file, openFile]);
  const pick = useCallback(async () => {
    const refs = await pickFiles({ purpose: 'ecg' });
    if (refs[0]) openFile(refs[0]);
  }, [pickFiles, openFile]);
  const sibling = useCallback(
    async (direction: 'next' | 'previous') => {
      if (!file) return;
      // Opened from a worklist: Next/Previous walk its queue, not the folder.
      if (queueHere) {
        const m = await stepQueue(client, direction === 'next' ? 1 : -1);
        if (m) setNotice(m);
        return;
      }
      const r = await client.invoke('files:sibling', { token: file.token, direction });
      if (!r.ok) setNotice(r.error.message);
      else if (r.value) openFile(r.value);
      else setNotice(direction === 'next' ? 'This is the last ECG file in the folder.' : 'This is the first ECG file in the folder.');
    },
    [client, file, openFile, queueHere],
  );
  useAutoRun(client);
  const run = useCallback(() => {
    if (file && status === 'ready') void runModel(client, file.token);
  }, [client, file, status, runModel]);

  // Files handed to the app before this window was ready (command line, file association, a second launch).
  useEffect(() => {
    void client.invoke('files:launch', {}).then((r) => {
      const first = r.ok ? r.value.find((f) => f.kind === 'file') : undefined;
      if (first) openFile(first);
    });
    // Once per client: later files arrive as files:opened below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  // Electron: files dropped on the window (main hands out tokens) and menu commands.
  useEffect(() => {
    const offOpened = client.on('files:opened', (refs) => {
      const first = refs.find((r) => r.kind === 'file');
      if (first) openFile(first);
    });
    const offMenu = client.on('app:menu', (m) => {
      if (m.command === 'open') void pick();
      else if (m.command === 'next' || m.command === 'previous') void sibling(m.command);
    });
    return () => {
      offOpened();
      offMenu();
    };
  }, [client, openFile, pick, sibling]);

  const hasMedian = opened?.record.groups.some((g) => g.kind === 'median') ?? false;
  useReviewShortcuts({
    open: () => void pick(),
    sibling: (d) => void sibling(d),
    runModel: run,
    toggleHelp: () => setHelp((h) => !h),
    closeHelp: () => setHelp(false),
    hasMedian,
  });

  const dropSupported = typeof window !== 'undefined' && Boolean(window.echoing);
  return (
    <Stack
      gap={6}
      p={6}
      data-testid="review-workspace"
      data-status={status}
      tabIndex={-1}
      // The shell's window-level handler hands dropped files to main (files:opened comes back, see above) or
      // explains that the browser cannot; here only the highlight.
      onDragOver={() => setDragging(true)}
      onDragLeave={() => setDragging(false)}
      onDrop={() => setDragging(false)}
      style={{
        outline: dragging ? '2px dashed var(--mantine-color-blue-5)' : 'none',
        height: 'calc(100dvh - var(--app-shell-header-offset, 0rem) - var(--app-shell-footer-offset, 0rem))',
        minHeight: 0,
        overflow: 'hidden',
      }}
    >
      {/* One line at 1280 px and up; on a narrower window it wraps rather than hiding a control. */}
      <Group gap={4} wrap="wrap" data-testid="review-toolbar" style={{ minWidth: 0, rowGap: 4 }}>
        <OpenBar onOpen={openFile} onPick={() => void pick()} onSibling={(d) => void sibling(d)} hasFile={file !== null} dropSupported={dropSupported} walks={queueHere ? 'queue' : 'folder'} />
        {opened && (status === 'ready' || status === 'loading') && <TraceToolbar hasMedian={hasMedian} />}
        <CompareButton />
        {status === 'loading' && opened && (
          <Group gap={4} wrap="nowrap" data-testid="review-loading" title={`Reading ${file?.name ?? 'the file'}`}>
            <Loader size="xs" />
            <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
              Reading…
            </Text>
          </Group>
        )}
        <Group gap={6} wrap="nowrap" ml="auto">
          <ShortcutsHelp opened={help} onChange={setHelp} />
        </Group>
      </Group>
      <QueueBar />
      {notice && (
        <Alert color="yellow" withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)} data-testid="review-notice" py={6}>
          {notice}
        </Alert>
      )}
      <ErrorBoundary resetKey={opened} what="This ECG">
        {status === 'idle' && (
          <Box p="xl" style={{ border: '1px dashed var(--mantine-color-gray-5)', borderRadius: 8 }}>
            <Text size="lg" fw={600}>
              No ECG open
            </Text>
            <Text c="dimmed">
              Open a DICOM, HL7 aECG, GE MUSE, Philips, SCP-ECG, WFDB, EDF or CSV ECG with Open (O)
              {dropSupported ? ', or drop a file here' : ''}. Press ? for the keyboard shortcuts.
            </Text>
          </Box>
        )}
        {status === 'loading' && !opened && (
          <Group data-testid="review-loading">
            <Loader size="sm" />
            <Text>Reading {file?.name}…</Text>
          </Group>
        )}
        {status === 'error' && error && (
          <Alert
            color={error.code === 'SAMPLE_RATE_UNKNOWN' ? 'blue' : 'red'}
            title={error.code === 'SAMPLE_RATE_UNKNOWN' ? `${file?.name ?? 'This file'} needs its sample rate` : `${file?.name ?? 'This file'} could not be read`}
            data-testid="open-error"
            data-code={error.code}
          >
            <Text size="sm">{error.message}</Text>
            <Text size="xs" c="dimmed" mt={4}>
              Error code: {error.code}
            </Text>
            {error.code === 'SAMPLE_RATE_UNKNOWN' && file && (
              <Box mt="sm" data-testid="rate-prompt">
                <Text size="sm" fw={600} mb={4}>
                  This file does not state its sample rate. At what rate was it recorded?
                </Text>
                <ReadingHintsForm submitLabel="Read the ECG" onSubmit={(h) => openFile(file, h)} />
              </Box>
            )}
          </Alert>
        )}
        {/* While the next file loads the current one stays on screen (no blank flash, no remount). */}
        {(status === 'ready' || status === 'loading') && opened && !comparing && (
          <ReviewReady opened={opened} onRun={run} busy={status === 'loading'} onReadAgain={readAgain} />
        )}
        {status === 'ready' && opened && comparing && <CompareWorkspace opened={opened} />}
      </ErrorBoundary>
    </Stack>
  );
}
