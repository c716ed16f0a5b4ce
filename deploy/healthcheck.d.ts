export type AppName = 'command-service' | 'projection-service' | 'gateway';
export declare const APP_PORTS: Record<AppName, { key: string; port: number }>;
export declare function healthUrl(env: Record<string, string | undefined>, probe?: 'live' | 'ready'): string;
