export declare function studioBuildReason(): string | null;
export declare function buildStudioIfStale(log?: (line: string) => void): boolean;
