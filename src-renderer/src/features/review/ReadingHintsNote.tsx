import { Badge, Popover } from '@mantine/core';
import { useState } from 'react';
import type { ReadingHints } from '../../../../src-main/contract/index';
import { ReadingHintsForm } from './ReadingHintsForm';

/** Props: the hints the file was read with and how to read it again with others. */
export interface ReadingHintsNoteProps {
  hints: ReadingHints & { source: 'request' | 'folder' };
  onReadAgain: (hints: ReadingHints) => void;
}

function unitName(uvPerUnit: number | undefined): string {
  if (uvPerUnit === undefined) return 'unit judged from the values';
  if (uvPerUnit === 1) return 'µV';
  if (uvPerUnit === 1000) return 'mV';
  if (uvPerUnit === 1_000_000) return 'V';
  return `${uvPerUnit} µV per unit`;
}

/** Says that a CSV's sample rate (and unit) came from the user, not the file, with a way to change them. */
export function ReadingHintsNote({ hints, onReadAgain }: ReadingHintsNoteProps) {
  const [editing, setEditing] = useState(false);
  const rate = hints.sampleRateHz !== undefined ? `${hints.sampleRateHz} Hz` : 'rate from the file';
  const text = `${rate}, ${unitName(hints.uvPerUnit)}: ${hints.source === 'folder' ? 'given for this folder' : 'given by you'}`;
  return (
    <Popover opened={editing} onChange={setEditing} position="bottom-end" width={520} shadow="md" trapFocus>
      <Popover.Target>
        <Badge
          component="button"
          variant="light"
          color="orange"
          size="sm"
          style={{ cursor: 'pointer', textTransform: 'none' }}
          data-testid="hints-note"
          aria-label={`${text}. Change the sample rate or unit`}
          title="Not stated in the file: change"
          onClick={() => setEditing((e) => !e)}
        >
          {text}
        </Badge>
      </Popover.Target>
      <Popover.Dropdown>
        <ReadingHintsForm
          initial={hints}
          submitLabel="Read again"
          onSubmit={(h) => {
            setEditing(false);
            onReadAgain(h);
          }}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
