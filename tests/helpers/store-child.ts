/**
 * Child process for the read-only store tests: opens a cohort store and creates a cohort, printing the outcome
 * ({ ok } or the coded error) as JSON. The test runs it as an unprivileged user, so file permissions apply even
 * when the suite runs as root (CI does).
 */
import { CohortStore } from '../../src-main/core/cohort/store';
import { toErrorValue } from '../../src-main/core/errors';

try {
  const store = CohortStore.open(process.argv[2] as string);
  store.createCohort('c', '', 'test');
  store.close();
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, error: toErrorValue(e) }));
}
