export declare function data(): Record<string, unknown>;
