export type ImportEdge = { to: string; typeOnly: boolean; dynamic: boolean; line: number };
export type ImportGraph = { files: string[]; edges: Map<string, ImportEdge[]> };
export function importGraph(root?: string): ImportGraph;
export function cycles(g: ImportGraph): string[][];
export function crossings(g: Pick<ImportGraph, "edges">): string[];
