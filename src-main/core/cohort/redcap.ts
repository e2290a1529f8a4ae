/** REDCap variable names: lower case letters, digits and underscores, starting with a letter, at most 26 chars. */
export const REDCAP_MAX = 26;

/** Turns any label into a REDCap-valid variable name (unique within `taken`, which it updates). */
export function redcapName(label: string, taken: Set<string> = new Set()): string {
  let base = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (!/^[a-z]/.test(base)) base = `v_${base}`;
  base = base.slice(0, REDCAP_MAX).replace(/_+$/, '');
  let name = base;
  for (let k = 2; taken.has(name); k += 1) {
    const suffix = `_${k}`;
    name = `${base.slice(0, REDCAP_MAX - suffix.length).replace(/_+$/, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}

export function isRedcapName(name: string): boolean {
  return name.length <= REDCAP_MAX && /^[a-z][a-z0-9_]*$/.test(name);
}
