import { Button, Group, Modal, SegmentedControl, Slider, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { CSS_PX_PER_MM, pxPerMmFromRuler } from '../trace/geometry';
import { useScreenCalibrationStore } from '../../stores/screen-calibration-store';

/** Props: whether the dialog is open and how to close it. */
export interface RulerCalibrationProps {
  opened: boolean;
  onClose: () => void;
}

const REFERENCES = {
  ruler: { mm: 100, label: '100 mm on a ruler' },
  card: { mm: 85.6, label: 'a bank card’s long edge (85.6 mm)' },
} as const;

/**
 * One-time screen calibration: the user stretches a bar until it matches a ruler (or a bank card) held to
 * the glass. Reported DPI is often wrong, so true-size paper uses this measured px/mm (kept in localStorage).
 */
export function RulerCalibration({ opened, onClose }: RulerCalibrationProps) {
  const { pxPerMm, setPxPerMm } = useScreenCalibrationStore();
  const [ref, setRef] = useState<keyof typeof REFERENCES>('ruler');
  const known = REFERENCES[ref].mm;
  const [barPx, setBarPx] = useState(() => Math.round(known * (pxPerMm ?? CSS_PX_PER_MM)));
  return (
    <Modal opened={opened} onClose={onClose} title="Calibrate the screen for true-size ECG paper" size="xl">
      <Stack>
        <SegmentedControl
          value={ref}
          onChange={(x) => {
            const next = x as keyof typeof REFERENCES;
            setRef(next);
            setBarPx(Math.round(REFERENCES[next].mm * (pxPerMm ?? CSS_PX_PER_MM)));
          }}
          data={[
            { value: 'ruler', label: 'Ruler' },
            { value: 'card', label: 'Bank card' },
          ]}
        />
        <Text size="sm">Hold {REFERENCES[ref].label} against the screen and drag the slider until the bar is exactly as long.</Text>
        <div data-testid="ruler-bar" style={{ width: barPx, height: 24, background: '#c0392b', borderRadius: 2 }} />
        <Slider min={100} max={1400} value={barPx} onChange={setBarPx} label={(v) => `${v} px`} thumbLabel="Bar length in pixels" />
        <Text size="sm" c="dimmed">
          {(barPx / known).toFixed(3)} px per mm ({((barPx / known) * 25.4).toFixed(0)} CSS dpi).{' '}
          {pxPerMm ? `Currently calibrated: ${pxPerMm.toFixed(3)} px/mm.` : 'Not calibrated yet: 96 dpi is assumed.'}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setPxPerMm(null)} disabled={pxPerMm === null}>
            Forget calibration
          </Button>
          <Button
            data-testid="ruler-save"
            onClick={() => {
              setPxPerMm(pxPerMmFromRuler(barPx, known));
              onClose();
            }}
          >
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
