import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * True when `child` is `parent` itself or lies below it. Uses path.relative, not startsWith, so a sibling
 * folder sharing a prefix (/data/ecg-evil next to /data/ecg) is outside.
 */
export function isInside(parent: string, child: string): boolean {
  return isRelativeInside(relative(resolve(parent), resolve(child)));
}

/**
 * True when a path.relative() result stays at or below its base: not absolute (another drive), not `..` nor
 * `../…`. A name that merely starts with two dots ("..notes") is inside.
 */
export function isRelativeInside(rel: string): boolean {
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

/** The real path (symlinks resolved), or undefined when it does not exist or cannot be read. */
export async function realPathOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}

/**
 * True when `path` (after resolving symlinks) lies inside one of `roots` (also resolved). A link that points
 * out of the allowed folders is therefore outside, whatever its own location.
 */
export async function isInsideRoots(roots: readonly string[], path: string): Promise<boolean> {
  const real = await realPathOrUndefined(path);
  if (real === undefined) return false;
  for (const root of roots) {
    const realRoot = await realPathOrUndefined(root);
    if (realRoot !== undefined && isInside(realRoot, real)) return true;
  }
  return false;
}
