/**
 * Which record fields make the header's one line (who and when: name, ID, age, sex) and which wait for the
 * expanded header. Readers name fields differently (DICOM "Patient name", MUSE "Last name"/"First name",
 * aECG "Subject ID", Philips "MRN"), so the split goes by label.
 */
import type { RecordFieldView } from '../trace/trace-input';

export interface HeaderSummary {
  /** Name parts in file order (last name before first name where the file splits them). */
  name: RecordFieldView[];
  id: RecordFieldView | undefined;
  age: RecordFieldView | undefined;
  sex: RecordFieldView | undefined;
  /** Birth date, shown on the line only when the file gives no age. */
  birthDate: RecordFieldView | undefined;
  /** Everything else, for the expanded header. */
  rest: RecordFieldView[];
}

const NAME = /^(patient name|name|patient|last name|first name|second last name)$/i;
const ID = /^(patient id|subject id|mrn|medical record number)$/i;
const AGE = /^age( \(years\))?$/i;
const AGE_UNITS = /^age units$/i;
const SEX = /^(sex|gender)$/i;
const BIRTH = /^(birth date|date of birth)$/i;

/** Splits the record's fields into the one-line summary and the rest (nothing is dropped). */
export function summariseFields(fields: readonly RecordFieldView[]): HeaderSummary {
  const used = new Set<RecordFieldView>();
  const take = (re: RegExp) => {
    const f = fields.find((x) => !used.has(x) && re.test(x.label.trim()));
    if (f) used.add(f);
    return f;
  };
  const name = fields.filter((f) => NAME.test(f.label.trim()));
  name.forEach((f) => used.add(f));
  const id = take(ID);
  const age = take(AGE);
  // MUSE stores the age's unit apart ("42", "YEARS"): it is part of the age on the line.
  const units = age ? take(AGE_UNITS) : undefined;
  const sex = take(SEX);
  const birth = take(BIRTH);
  const ageShown = age && units ? { ...age, value: `${age.value} ${units.value.toLowerCase()}` } : age;
  return {
    name,
    id,
    age: ageShown,
    sex,
    birthDate: age ? undefined : birth,
    rest: fields.filter((f) => !used.has(f) || (f === birth && age !== undefined)),
  };
}
