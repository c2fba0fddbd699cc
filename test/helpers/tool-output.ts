/** Reads a recorded tool output from test/fixtures/tool-output/<tool>/<version>/<file>. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOOL_OUTPUT_DIR = join(import.meta.dirname, '../fixtures/tool-output');

export function toolOutput(tool: string, version: string, file: string): string {
  return readFileSync(join(TOOL_OUTPUT_DIR, tool, version, file), 'utf8');
}
