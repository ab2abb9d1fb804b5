import type { Server } from 'node:http';
import type { BrowserBundle } from '../../scripts/bundle-browser.mjs';

export declare const CSP: string;
export declare function start(options?: { port?: number; host?: string; bundleDir?: string }): Promise<{ server: Server; url: string; bundle: BrowserBundle }>;
