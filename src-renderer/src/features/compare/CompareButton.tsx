import { Button, Tooltip } from '@mantine/core';
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
      <Tooltip label="Compare with a prior ECG of this patient">
        <Button size="xs" variant="default" onClick={() => void openPicker(client, opened.file.token)} data-testid="compare-button" aria-label="Compare with prior">
          Prior…
        </Button>
      </Tooltip>
      <PriorPicker currentToken={opened.file.token} currentTime={opened.record.acquisitionTime} />
    </>
  );
}
