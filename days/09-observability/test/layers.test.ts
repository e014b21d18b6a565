import path from 'node:path';
import { importGraph } from './import-graph';

const graph = importGraph(path.join(__dirname, '..', 'src'));

/** The edges leaving `folder` whose target `allowed` refuses, in words. */
function importsFrom(folder: string, allowed: (target: string) => boolean): string[] {
  return graph
    .filter((edge) => edge.from.startsWith(`${folder}/`) && !allowed(edge.to))
    .map((edge) => `${edge.from} imports ${edge.to}`);
}

describe('the layers point inward', () => {
  it('core/ imports no feature module and none of the files that compose the application', () => {
    const above = (to: string) =>
      to.startsWith('modules/') || ['app.ts', 'startup.ts', 'server.ts'].includes(to);
    expect(importsFrom('core', (to) => !above(to))).toEqual([]);
  });

  it('config/ imports only config/: reading the environment depends on nothing else', () => {
    expect(importsFrom('config', (to) => to.startsWith('config/'))).toEqual([]);
  });
});
