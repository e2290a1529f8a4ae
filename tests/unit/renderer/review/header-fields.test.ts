import { describe, expect, it } from 'vitest';
import { summariseFields } from '../../../../src-renderer/src/features/review/header-fields';

const f = (key: string, label: string, value: string, identifying = true) => ({ key, label, value, identifying });

describe('header one-line summary', () => {
  it('takes name, ID, age and sex for the line (DICOM labels) and leaves the rest for the expanded header', () => {
    const s = summariseFields([
      f('patientName', 'Patient name', 'Doe Jane'),
      f('patientId', 'Patient ID', '642341'),
      f('birthDate', 'Birth date', '1971-01-23'),
      f('sex', 'Sex', 'F'),
      f('age', 'Age', '042Y'),
      f('manufacturer', 'Manufacturer', 'Mortara', false),
    ]);
    expect(s.name.map((x) => x.value)).toEqual(['Doe Jane']);
    expect([s.id?.value, s.age?.value, s.sex?.value]).toEqual(['642341', '042Y', 'F']);
    expect(s.birthDate).toBeUndefined();
    expect(s.rest.map((x) => x.label)).toEqual(['Birth date', 'Manufacturer']);
  });

  it('joins MUSE name parts and age units, and falls back to the birth date without an age', () => {
    const muse = summariseFields([
      f('PatientID', 'Patient ID', '1'),
      f('PatientLastName', 'Last name', 'DOE'),
      f('PatientFirstName', 'First name', 'JOHN'),
      f('PatientAge', 'Age', '61', false),
      f('AgeUnits', 'Age units', 'YEARS', false),
      f('Gender', 'Sex', 'MALE', false),
    ]);
    expect(muse.name.map((x) => x.value)).toEqual(['DOE', 'JOHN']);
    expect(muse.age?.value).toBe('61 years');
    expect(muse.rest).toEqual([]);
    const aecg = summariseFields([f('subjectId', 'Subject ID', 'S-1'), f('birthTime', 'Date of birth', '19600101')]);
    expect(aecg.id?.value).toBe('S-1');
    expect(aecg.birthDate?.value).toBe('19600101');
    expect(aecg.rest).toEqual([]);
  });
});
