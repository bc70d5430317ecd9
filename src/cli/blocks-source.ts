// Where `relais mcp --blocks` finds its blocks: a JSON file holding one block or an array of blocks,
// or a directory whose *.json files each hold one block or an array (read in name order).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

async function readBlocksFile(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the blocks file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    throw new Error(`the blocks file ${path} is not valid JSON`);
  }
}

export async function readBlocks(path: string): Promise<unknown[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new Error(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a block JSON file or a directory of them`);
  }
  if (!info.isDirectory()) return readBlocksFile(path);
  const names = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
  if (names.length === 0) throw new Error(`the directory ${path} holds no .json block file`);
  const blocks: unknown[] = [];
  for (const name of names) blocks.push(...(await readBlocksFile(join(path, name))));
  return blocks;
}
