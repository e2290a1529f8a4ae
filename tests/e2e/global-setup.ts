/** Runs once before the end-to-end suite: says which browser will run it, or fails early when there is none. */
import { describeBrowser, findBrowser } from './browser';

export default function setup(): void {
  const found = findBrowser();
  process.stdout.write(`${describeBrowser(found)}\n`);
  if (found instanceof Error) throw found;
}
