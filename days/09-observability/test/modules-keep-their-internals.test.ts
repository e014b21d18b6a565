import path from 'node:path';
import { testApp } from './helpers';
import { importGraph, moduleOf } from './import-graph';

const graph = importGraph(path.join(__dirname, '..', 'src'));

/** The composition: the files that build the application out of its modules. */
const COMPOSITION = ['app.ts', 'startup.ts', 'server.ts'];

describe('modules keep their internals and depend on nothing above them', () => {
  it("the app's own stack holds no route: every route arrives inside a router a module builds", async () => {
    const app = await testApp();
    const routesOnTheApp = app.router.stack.flatMap((layer) =>
      layer.route === undefined ? [] : [`${layer.route.path} is a route of the app itself`],
    );
    expect(routesOnTheApp).toEqual([]);
  });

  it("nothing outside a module imports the module's handlers", () => {
    const reachingIn = graph
      .filter(
        (edge) => /\.handlers\.ts$/.test(edge.to) && moduleOf(edge.from) !== moduleOf(edge.to),
      )
      .map((edge) => `${edge.from} imports ${edge.to}`);
    expect(reachingIn).toEqual([]);
  });

  it('no module imports the files that compose it (app.ts, startup.ts, server.ts), not even a type', () => {
    const upward = graph
      .filter((edge) => moduleOf(edge.from) !== undefined && COMPOSITION.includes(edge.to))
      .map((edge) => `${edge.from} imports ${edge.to}`);
    expect(upward).toEqual([]);
  });
});
