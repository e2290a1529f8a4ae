import { Button } from '@mantine/core';
import { useReviewStore } from '../../stores/review-store';
import { useClient } from '../../transport';
import { useCompareStore } from './compare-store';
import { PriorPicker } from './PriorPicker';

/** "Compare with prior…": suggestions for the ECG on screen, then the comparison view. */
export function CompareButton() {
  const client = useClient();
  const opened = useReviewStore((s) => (s.status === 'ready' ? s.opened : null));
  const openPicker = useCompareStore((s) => s.openPicker);
  if (!opened) return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => void openPicker(client, opened.file.token)} data-testid="compare-button">
        Compare with prior…
      </Button>
      <PriorPicker currentToken={opened.file.token} currentTime={opened.record.acquisitionTime} />
    </>
  );
}
