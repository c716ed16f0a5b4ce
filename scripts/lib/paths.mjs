// Paths the developer scripts share; everything is relative to the project root, not the cwd.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const localDir = join(root, '.local');
export const devSecretFile = join(localDir, 'dev-secret');
