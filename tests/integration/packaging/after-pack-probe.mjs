// afterPack for the packaging test: runs the project's real hook (build/after-pack.mjs, the fuses), then records
// what electron-builder's Linux targets would install besides the unpacked app (desktop entry, icon set), which
// the `dir` target itself does not write. Output: <output>/linux-probe.json.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import afterPack from '../../../build/after-pack.mjs';

const require = createRequire(import.meta.url);
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper');

export default async function probe(context) {
  await afterPack(context);
  const helper = new LinuxTargetHelper(context.packager);
  const options = context.packager.platformSpecificBuildOptions;
  const desktopEntry = await helper.computeDesktopEntry(options);
  const icons = (await helper.icons).map((i) => ({ file: i.file, size: i.size }));
  const fileAssociations = context.packager.fileAssociations;
  writeFileSync(
    join(dirname(context.appOutDir), 'linux-probe.json'),
    JSON.stringify({ desktopEntry, icons, fileAssociations, desktopFileName: helper.getDesktopFileName() }, null, 2),
  );
}
