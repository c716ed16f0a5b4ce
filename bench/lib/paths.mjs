import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const workDir = join(root, 'bench', '.work');
export const resultsDir = join(root, 'bench', 'results');
