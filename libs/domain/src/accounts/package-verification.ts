// The check the verifier runs once per created package (SPEC §5.1). Pure: the subscriber in the
// command service feeds it the PackageCreated data and records the outcome with RecordVerification.
import { parseAllDocuments } from 'yaml';
import type { AccountPackageSpec, StateDetail } from './account-package.events.js';
import type { VerificationResult } from './account-package.commands.js';
import { MAX_STATE_DETAIL_DETAIL } from './account-package.rules.js';

/** Detail types: the Astra problem-type URI style, one per outcome. */
export const STATE_DETAIL_TYPES = {
  corrupt: 'https://astra.netapp.io/states/corrupt',
  incomplete: 'https://astra.netapp.io/states/incomplete',
} as const;

/** Keeps PackageStateChanged well under the NATS payload limit whatever the bundle holds. */
export const MAX_VERIFICATION_DETAILS = 20;

const YAML_TYPES = new Set(['application/x-yaml', 'application/yaml', 'text/yaml', 'text/x-yaml']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

type FileFormat = 'yaml' | 'json' | 'other';

/** By media type, parameters (`; charset=…`) and case ignored. */
export const fileFormat = (mediaType: string): FileFormat => {
  const essence = (mediaType.split(';')[0] ?? '').trim().toLowerCase();
  if (YAML_TYPES.has(essence) || essence.endsWith('+yaml')) return 'yaml';
  if (essence === 'application/json' || essence.endsWith('+json')) return 'json';
  return 'other';
};

/** Why the text does not parse, or null when it does. YAML 1.2, several documents allowed. */
const parseProblem = (format: 'yaml' | 'json', text: string): string | null => {
  if (format === 'json') {
    try {
      JSON.parse(text);
      return null;
    } catch (error) {
      return `is not valid JSON: ${(error as Error).message}`;
    }
  }
  for (const [index, document] of parseAllDocuments(text, { version: '1.2' }).entries()) {
    const [first] = document.errors;
    // The message's first line names the problem and position; the rest is a code frame.
    if (first !== undefined) return `is not valid YAML (document ${index + 1}): ${first.message.split('\n')[0]}`;
  }
  return null;
};

const decode = (base64: string): string | null => {
  try {
    return utf8.decode(Buffer.from(base64, 'base64'));
  } catch {
    return null;
  }
};

const clip = (text: string, max: number): string => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

const corruptFiles = (files: AccountPackageSpec['files'] = []): StateDetail[] =>
  files.flatMap((file, index) => {
    const format = fileFormat(file.fileMediaType);
    if (format === 'other') return [];
    const text = decode(file.fileContents);
    const problem = text === null ? 'is not UTF-8 text' : parseProblem(format, text);
    if (problem === null) return [];
    const detail = `files[${index}] ${file.fileName} (${file.fileMediaType}) ${problem}`;
    return [{ type: STATE_DETAIL_TYPES.corrupt, title: 'File does not parse', detail: clip(detail, MAX_STATE_DETAIL_DETAIL) }];
  });

const imageKey = (ref: { imagePath: string; imageName: string; imageTag: string }): string =>
  `${ref.imagePath}/${ref.imageName}:${ref.imageTag}`;

const missingImages = (images: AccountPackageSpec['images'] = []): StateDetail[] => {
  const contained = new Set(images.map(imageKey));
  return images.flatMap((image, index) =>
    (image.dependsOnImages ?? [])
      .filter((ref) => !contained.has(imageKey(ref)))
      .map((ref) => ({
        type: STATE_DETAIL_TYPES.incomplete,
        title: 'Dependent image missing',
        detail: clip(`images[${index}] ${imageKey(image)} depends on ${imageKey(ref)}, which the package does not contain`, MAX_STATE_DETAIL_DETAIL),
      })),
  );
};

/** At most MAX_VERIFICATION_DETAILS entries; the last one counts what was left out. */
const capped = (details: StateDetail[], type: string): StateDetail[] => {
  if (details.length <= MAX_VERIFICATION_DETAILS) return details;
  const kept = details.slice(0, MAX_VERIFICATION_DETAILS - 1);
  const more = details.length - kept.length;
  return [...kept, { type, title: 'More problems', detail: `${more} more problems are not listed` }];
};

/**
 * Corrupt (a YAML or JSON file does not parse) wins over incomplete (a dependsOnImages entry names
 * an image the package does not contain); the details list every problem found, corrupt first.
 */
export const verifyPackage = (resource: Pick<AccountPackageSpec, 'files' | 'images'>): VerificationResult => {
  const corrupt = corruptFiles(resource.files);
  const incomplete = missingImages(resource.images);
  if (corrupt.length > 0) {
    return { to: 'corrupt', packageStateDetails: capped([...corrupt, ...incomplete], STATE_DETAIL_TYPES.corrupt) };
  }
  if (incomplete.length > 0) {
    return { to: 'incomplete', packageStateDetails: capped(incomplete, STATE_DETAIL_TYPES.incomplete) };
  }
  return { to: 'available', packageStateDetails: [] };
};
