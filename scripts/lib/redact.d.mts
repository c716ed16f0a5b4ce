export function redactCredentials(text: string): string;
