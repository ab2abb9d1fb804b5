export declare function context(): Record<string, unknown>;
