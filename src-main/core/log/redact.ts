/**
 * What may reach a log file: patient identifiers and file paths never do (a file or folder name often holds a
 * patient's name or record number). Every logged value passes through redactValue(). Hand-written because no
 * logging library knows ECG formats' identifiers; the rules are plain and tested (tests/unit/core/log).
 */

/** Folders the app owns, shown by name (`<app>/out/main/main.js:12`) instead of being masked like any path. */
export interface LogRoots {
  app?: string;
  resources?: string;
  data?: string;
  logs?: string;
}

const MAX_REMEMBERED = 5000;
const MIN_IDENTIFIER_LENGTH = 3;
const SENSITIVE_KEY = /^(?:patient.*|.*name|birth.*|dob|mrn|accession.*|ssn|path|.*path|file|files|filename|dir|folder)$/i;

let roots: [placeholder: string, root: string][] = [];
const remembered = new Set<string>();
let identifierPattern: RegExp | null = null;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Sets the app-owned folders (replaces the previous ones). */
export function setLogRoots(next: LogRoots): void {
  roots = Object.entries(next)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 1)
    // Longest first, so <logs> wins over <data> when the log folder sits inside the data folder.
    .sort((a, b) => b[1].length - a[1].length)
    .map(([name, root]) => [`<${name}>`, root.replace(/[\\/]+$/, '')]);
}

/**
 * Identifying values of the files this process opened (patient name, ID, birth date, accession): they are
 * masked wherever they appear in a later log line, e.g. inside a third-party error message. DICOM person names
 * (`DOE^JOHN`) are also remembered part by part.
 */
export function rememberIdentifiers(values: readonly string[]): void {
  let changed = false;
  for (const raw of values) {
    const parts = [raw, ...raw.split(/[\^]+/)].map((v) => v.trim()).filter((v) => v.length >= MIN_IDENTIFIER_LENGTH);
    for (const v of parts) {
      if (remembered.has(v)) continue;
      remembered.add(v);
      changed = true;
      if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.values().next().value as string);
    }
  }
  if (changed) identifierPattern = null;
}

/** Forgets remembered identifiers and roots (tests). */
export function resetRedaction(): void {
  remembered.clear();
  identifierPattern = null;
  roots = [];
}

// A quoted string that starts like a path: masked whole, spaces included (Node's fs errors quote paths so).
const QUOTED_PATH = String.raw`(['"\x60])(?:[A-Za-z]:[\\/]|\\\\|/|~[\\/]|file://)[^'"\x60\n]*\1`;
const FILE_URL = String.raw`file://[^\s'"\x60)]+`;
const UNC_PATH = String.raw`\\\\[^\s\\'"\x60]+(?:\\[^\s\\'"\x60]+)+`;
// Two or more path segments, or one segment with a file extension (/x.dcm, C:\x.xml).
const BARE_PATH = String.raw`(?:[A-Za-z]:|~)?(?:[\\/][^\s'"\x60\\/]+){2,}[\\/]?|(?:[A-Za-z]:)?[\\/][^\s'"\x60]+\.[A-Za-z0-9]{1,5}\b`;
const DICOM_PERSON_NAME = String.raw`\b[A-Za-z][\w'-]*(?:\^[\w'-]*)+`;
const KEY_VALUE = String.raw`\b(patient[ _-]?(?:name|id)|mrn|dob|birth[ _-]?date|accession(?:[ _-]?(?:no|number))?|ssn)(\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;]+)`;

function pathPattern(): RegExp {
  const rootAlternatives = roots.map(([, root]) => `(${escape(root)}(?:[\\\\/][^\\s'"\\x60]*)?)`);
  return new RegExp([...rootAlternatives, QUOTED_PATH, FILE_URL, UNC_PATH, BARE_PATH].join('|'), 'g');
}

function maskPaths(text: string): string {
  const rootCount = roots.length;
  return text.replace(pathPattern(), (match: string, ...groups: unknown[]) => {
    for (let i = 0; i < rootCount; i++) {
      if (groups[i] !== undefined) {
        const [placeholder, root] = roots[i] as [string, string];
        return placeholder + match.slice(root.length).replace(/\\/g, '/');
      }
    }
    const quote = groups[rootCount];
    return typeof quote === 'string' ? `${quote}<path>${quote}` : '<path>';
  });
}

function maskIdentifiers(text: string): string {
  if (remembered.size > 0) {
    identifierPattern ??= new RegExp(
      [...remembered].sort((a, b) => b.length - a.length).map(escape).join('|'),
      'gi',
    );
    text = text.replace(identifierPattern, '[id]');
  }
  return text
    .replace(new RegExp(KEY_VALUE, 'gi'), (_m, key: string, sep: string) => `${key}${sep}[redacted]`)
    .replace(new RegExp(DICOM_PERSON_NAME, 'g'), '[name]');
}

/** A log text with file paths and patient identifiers masked. */
export function redactText(text: string): string {
  return maskIdentifiers(maskPaths(text));
}

/** File paths masked, identifiers kept: what unexpected error messages may show the user (dispatch). */
export function redactPaths(text: string): string {
  return maskPaths(text);
}

/**
 * Any logged value, made safe: strings redacted, Errors flattened to a redacted `name: message` plus stack and
 * code, objects copied with sensitive keys (patient*, *name, *path, file, folder, ...) replaced.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const head = `${value.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${value.message}`;
    const stack = value.stack?.split('\n').slice(1).join('\n');
    return redactText(stack ? `${head}\n${stack}` : head);
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[object]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SENSITIVE_KEY.test(key) ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
