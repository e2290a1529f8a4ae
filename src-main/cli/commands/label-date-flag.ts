import { isLabelDateFormat, LABEL_DATE_FORMATS, type LabelDateFormat } from '../../core/cohort/label-dates';
import { UsageError, type parseArgs, stringFlag } from '../args';

/** `--date-format` of the commands that import a labels sheet (cohort score, cohort merge); undefined: ISO. */
export function labelDateFormatFlag(args: ReturnType<typeof parseArgs>): LabelDateFormat | undefined {
  const value = stringFlag(args, 'date-format');
  if (value !== undefined && !isLabelDateFormat(value)) throw new UsageError(`--date-format takes one of ${LABEL_DATE_FORMATS.join(', ')}.`);
  return value;
}
