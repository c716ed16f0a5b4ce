import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';

export type DeclaredRoute = { method: string; path: string };

const joinPath = (...parts: string[]): string => `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;

/**
 * The routes Nest controllers declare, from their decorator metadata, as OpenAPI templates without
 * a trailing slash (`/packages/{package}`): what the route tables are compared with.
 */
export function declaredRoutes(controllers: Type[]): DeclaredRoute[] {
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (typeof handler !== 'function' || name === 'constructor') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || path === undefined) return [];
      return [{ method: RequestMethod[method].toLowerCase(), path: joinPath(base, path).replace(/:([A-Za-z_]+)/g, '{$1}') }];
    });
  });
}

/** A route table's entries in the same form. */
export const tableRoutes = (routes: { method: string; path: string }[]): DeclaredRoute[] =>
  routes.map((route) => ({ method: route.method, path: route.path.replace(/\/$/, '') || '/' }));

export const sortRoutes = (routes: DeclaredRoute[]): string[] => routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
