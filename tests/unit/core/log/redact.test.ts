import { afterEach, describe, expect, it } from 'vitest';
import { redactPaths, redactText, redactValue, rememberIdentifiers, resetRedaction, setLogRoots } from '../../../../src-main/core/log/redact';

afterEach(() => resetRedaction());

describe('log redaction', () => {
  it('masks file paths of every platform, with spaces inside quotes', () => {
    expect(redactText("ENOENT: no such file or directory, open '/home/u/ECG Smith John/a.dcm'")).toBe(
      "ENOENT: no such file or directory, open '<path>'",
    );
    expect(redactText('read C:\\Users\\jdoe\\ECG\\smith.xml failed')).toBe('read <path> failed');
    expect(redactText('share \\\\pacs01\\exports\\smith\\x.dcm gone')).toBe('share <path> gone');
    expect(redactText('url file:///data/x/y.hea done')).toBe('url <path> done');
    expect(redactText('opened /x.dcm and ~/ecgs/y.xml')).toBe('opened <path> and <path>');
    expect(redactText('expected 12 leads / got 8, 3/4 done')).toBe('expected 12 leads / got 8, 3/4 done');
  });

  it("names the app's own folders instead of masking them, and masks what lies elsewhere", () => {
    setLogRoots({ app: '/opt/EchoingECG Review/resources/app.asar', data: '/home/u/.local/share/echoing-ecg-review' });
    expect(redactText('at f (/opt/EchoingECG Review/resources/app.asar/out/main/main.js:12:5)')).toBe('at f (<app>/out/main/main.js:12:5)');
    expect(redactText('db /home/u/.local/share/echoing-ecg-review/cohorts.db locked; input /home/u/Doe/a.dcm')).toBe(
      'db <data>/cohorts.db locked; input <path>',
    );
  });

  it('masks identifiers of opened files wherever they appear, part by part for DICOM names', () => {
    rememberIdentifiers(['DOE^JANE', '0012345678', 'M', '19500101']);
    expect(redactText('parse failed for Jane Doe (0012345678), born 19500101, sex M')).toBe(
      'parse failed for [id] [id] ([id]), born [id], sex M',
    );
  });

  it('masks DICOM person names and labelled identifiers even when never seen', () => {
    expect(redactText('PatientName=SMITH^JOHN^Q')).toBe('PatientName=[redacted]');
    expect(redactText('got SMITH^JOHN in header')).toBe('got [name] in header');
    expect(redactText('mrn: 778899, accession=A1; patient id "X 1"')).toBe('mrn: [redacted], accession=[redacted]; patient id "X 1"');
    expect(redactText('patient_id: 42 dob=1950-01-01')).toBe('patient_id: [redacted] dob=[redacted]');
  });

  it('redacts errors (message and stack) and objects by key', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/mnt/ecg/Lee/1.xml'"), { code: 'EACCES' });
    const text = redactValue(error) as string;
    expect(text).toMatch(/^Error \[EACCES\]: EACCES: permission denied, open '<path>'/);
    expect(text).not.toContain('Lee');
    expect(redactValue({ patientName: 'Lee', filePath: '/a/b', leads: 12, nested: { folder: '/x', note: 'from /p/q/r.dcm' } })).toEqual({
      patientName: '[redacted]',
      filePath: '[redacted]',
      leads: 12,
      nested: { folder: '[redacted]', note: 'from <path>' },
    });
  });

  it('keeps identifiers in what dispatch shows the user, masking only paths', () => {
    rememberIdentifiers(['DOE^JANE']);
    expect(redactPaths("open '/a/DOE/x.dcm' for DOE")).toBe("open '<path>' for DOE");
  });
});
