/** Types of scripts/check-layers.mjs, for its test. */
export function checkLayers(root: string): string[];
export function findCycles(graph: Map<string, string[]>): string[][];
