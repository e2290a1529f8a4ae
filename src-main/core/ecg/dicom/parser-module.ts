/**
 * dicom-parser ships a UMD bundle: under Node ESM its API sits on `default`, under bundlers on the
 * namespace itself. Resolve once here so the reader works in tests, tsx and the built app alike.
 */
import * as ns from 'dicom-parser';

type Api = typeof ns;
const loaded = ns as Api & { default?: Api };

export const dicomParser: Api = typeof loaded.parseDicom === 'function' ? loaded : (loaded.default as Api);
