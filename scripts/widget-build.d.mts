export declare const WIDGET_OUT: string;
export declare function buildWidgetIfStale(log?: (line: string) => void): Promise<boolean>;
