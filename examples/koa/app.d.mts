import type Koa from 'koa';

export declare const app: Koa;
