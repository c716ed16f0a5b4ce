// Types of reliability-doc.mjs for the TypeScript tests that import it.
export const BEGIN: string;
export const END: string;
export function renderReport(report: unknown): string;
export function replaceSection(doc: string, section: string): string;
