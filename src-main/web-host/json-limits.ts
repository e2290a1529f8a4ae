/**
 * Shape limits for request bodies, checked on the raw text before JSON.parse: a body of a million keys (or nested
 * a million deep) is valid JSON that would block the host's one event loop for seconds while parsing and
 * validating it, stalling every other request. Requests carry tokens and settings: a few dozen keys.
 */

/** Most object members a request body may hold in all. */
export const MAX_JSON_KEYS = 10_000;
/** Deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a JSON text exceeds the limits, or undefined when it does not. One linear pass over the characters
 * (strings skipped with their escapes); malformed JSON is left to JSON.parse.
 */
export function jsonShapeProblem(text: string, maxKeys = MAX_JSON_KEYS, maxDepth = MAX_JSON_DEPTH): string | undefined {
  let keys = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // '"': skip the string, escapes included.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      // '{' or '['
      depth++;
      if (depth > maxDepth) return `nested deeper than ${maxDepth} levels`;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x3a) {
      // ':' outside a string: one object member.
      keys++;
      if (keys > maxKeys) return `more than ${maxKeys} keys`;
    }
  }
  return undefined;
}
