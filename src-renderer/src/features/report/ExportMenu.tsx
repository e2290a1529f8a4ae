import { Button, Checkbox, Group, Popover, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { ReportGain, ReportLayout, ReportPaper, ReportSpeed } from '../../../../src-main/contract/index';
import { usePredictionStore } from '../../stores/prediction-store';
import { useReviewStore } from '../../stores/review-store';
import { useViewStore } from '../../stores/view-store';
import { useClient } from '../../transport';
import { downloadBlob } from '../cohort/download';
import { PRINT_GAINS, PRINT_LAYOUTS, PRINT_PAPERS, PRINT_SPEEDS, pngFileName, reportOptionsFromView } from './report-request';

type Busy = 'print' | 'pdf' | 'png' | null;

/** One labelled line of the menu. */
function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={8} wrap="nowrap" justify="space-between">
      <Text size="xs" c="dimmed" w={44}>
        {label}
      </Text>
      {children}
    </Group>
  );
}

/**
 * Print, Save as PDF and PNG export of the ECG under review, in one menu. The PDF is made by the core report
 * generator from the same record and view settings the canvas uses (layout, speed, gain, display filter, hidden
 * identifiers, page start); paper, layout, speed, gain and the AI page can be changed here for the paper copy.
 * Desktop: the system print dialog at 100 % and the native save dialog. Browser (web host): the PDF downloads,
 * to be printed at actual size. PNG: the trace exactly as on screen. Takes no props (reads the review stores).
 */
export function ExportMenu() {
  const client = useClient();
  const view = useViewStore();
  const { file, opened, groupIndex } = useReviewStore();
  const hasPrediction = usePredictionStore((s) => s.status === 'done' && s.token === file?.token);
  const [open, setOpen] = useState(false);
  const [paper, setPaper] = useState<ReportPaper>('a4');
  const [ai, setAi] = useState<boolean | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const base = reportOptionsFromView(view, paper, opened?.record.groups[groupIndex]?.kind === 'rhythm' ? groupIndex : undefined);
  const [override, setOverride] = useState<{ layout?: ReportLayout; speedMmPerS?: ReportSpeed; gainMmPerMv?: ReportGain }>({});
  const options = { ...base, ...override };
  const withAi = ai ?? hasPrediction;
  const desktop = typeof window !== 'undefined' && Boolean(window.echoing);
  if (!file || !opened) return null;

  const run = async (what: Exclude<Busy, null>, action: () => Promise<string>) => {
    setBusy(what);
    setMessage(null);
    try {
      setMessage({ text: await action(), error: false });
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    } finally {
      setBusy(null);
    }
  };
  const request = { token: file.token, options, ai: withAi };
  const downloadPdf = async (): Promise<string> => {
    const r = await client.invoke('report:pdf', request);
    if (!r.ok) throw new Error(`${r.error.message} (${r.error.code})`);
    downloadBlob(new Blob([r.value.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), r.value.fileName);
    return `Downloaded ${r.value.fileName} (${r.value.pages} page${r.value.pages > 1 ? 's' : ''}).`;
  };
  const savePdf = async (): Promise<string> => {
    if (!desktop) return downloadPdf();
    const r = await client.invoke('report:save', request);
    if (!r.ok) throw new Error(`${r.error.message} (${r.error.code})`);
    return r.value.saved ? `Saved ${r.value.fileName ?? 'the PDF'}.` : 'Not saved.';
  };
  const print = async (): Promise<string> => {
    if (!desktop) return `${await downloadPdf()} Print it at 100 % (actual size), never "fit to page".`;
    const r = await client.invoke('report:print', request);
    if (!r.ok) throw new Error(`${r.error.message} (${r.error.code})`);
    return r.value.printed ? 'Sent to the printer at 100 %.' : `Not printed${r.value.reason ? `: ${r.value.reason}` : ''}.`;
  };
  const savePng = async (): Promise<string> => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="ecg-trace"] canvas');
    if (!canvas) throw new Error('There is no trace on screen to export.');
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The trace could not be turned into a PNG.');
    const name = pngFileName(file.name, view.hideIdentifiers);
    downloadBlob(blob, name);
    return `Downloaded ${name}: the view as on screen (not to scale on paper; use the PDF to print).`;
  };

  return (
    <Popover opened={open} onChange={setOpen} position="bottom-end" width={380} shadow="md" trapFocus>
      <Popover.Target>
        <Button size="xs" variant="default" onClick={() => {
            setOpen((o) => !o);
            setMessage(null);
          }}
          data-testid="export-menu">
          Print / PDF
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="export-panel">
        <Stack gap={6}>
          <Row label="Paper">
            <SegmentedControl size="xs" value={paper} onChange={(v) => setPaper(v as ReportPaper)} data={[...PRINT_PAPERS]} data-testid="export-paper" />
          </Row>
          <Row label="Layout">
            <SegmentedControl size="xs" value={options.layout} onChange={(v) => setOverride({ ...override, layout: v as ReportLayout })} data={[...PRINT_LAYOUTS]} data-testid="export-layout" />
          </Row>
          <Row label="Speed">
            <SegmentedControl size="xs" value={String(options.speedMmPerS)} onChange={(v) => setOverride({ ...override, speedMmPerS: Number(v) as ReportSpeed })} data={PRINT_SPEEDS.map((s) => ({ value: String(s), label: `${s} mm/s` }))} data-testid="export-speed" />
          </Row>
          <Row label="Gain">
            <SegmentedControl size="xs" value={String(options.gainMmPerMv)} onChange={(v) => setOverride({ ...override, gainMmPerMv: Number(v) as ReportGain })} data={PRINT_GAINS.map((g) => ({ value: String(g), label: `${g} mm/mV` }))} data-testid="export-gain" />
          </Row>
          <Checkbox size="xs" label="AI summary page (runs the active model pack)" checked={withAi} onChange={(e) => setAi(e.currentTarget.checked)} data-testid="export-ai" />
          <Text size="xs" c="dimmed">
            Display filter and identifiers as on screen{options.hideIdentifiers ? ' (identifiers hidden)' : ''}.
          </Text>
          <Group gap={6}>
            <Button size="xs" loading={busy === 'print'} disabled={busy !== null} onClick={() => void run('print', print)} data-testid="export-print">
              Print…
            </Button>
            <Button size="xs" variant="light" loading={busy === 'pdf'} disabled={busy !== null} onClick={() => void run('pdf', savePdf)} data-testid="export-pdf">
              Save as PDF
            </Button>
            <Button size="xs" variant="default" loading={busy === 'png'} disabled={busy !== null} onClick={() => void run('png', savePng)} data-testid="export-png">
              Save view as PNG
            </Button>
          </Group>
          {message && (
            <Text size="xs" c={message.error ? 'red' : undefined} data-testid="export-status" data-error={message.error ? 'true' : 'false'}>
              {message.text}
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
