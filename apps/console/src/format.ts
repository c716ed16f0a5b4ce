// Small shared renderings: where a package lives in the API, and how a time reads.
import { enc } from './api';

export const packagePath = (id: string): string => `/packages/${enc(id)}`;

export const formatTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace('Z', ' UTC');
};
