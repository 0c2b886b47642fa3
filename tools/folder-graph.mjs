/**
 * The folder-level import graph of src/ (specs left out), from dependency-cruiser: one line per
 * folder with the folders it imports, then its cycles. `npm run depgraph`; exits 1 when folders form
 * a cycle (the file-level rules of .dependency-cruiser.mjs cannot see one that runs through several
 * files), so `npm run depcheck` (which runs it with --quiet: cycles only) fails on it too.
 */
import { cruise } from 'dependency-cruiser';

const result = await cruise(['src'], {
  includeOnly: '^src/',
  exclude: { path: '\\.spec\\.ts$' },
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
});
const folder = (file) => /^src\/([^/]+)\//.exec(file)?.[1] ?? '(root)';
const graph = new Map();
for (const module of result.output.modules) {
  const from = folder(module.source);
  if (!graph.has(from)) graph.set(from, new Set());
  for (const dependency of module.dependencies) {
    const to = folder(dependency.resolved);
    if (to !== from && dependency.resolved.startsWith('src/')) graph.get(from).add(to);
  }
}

// Tarjan's strongly connected components: every component of more than one folder is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const cycles = [];
let counter = 0;
function visit(node) {
  index.set(node, counter);
  low.set(node, counter);
  counter += 1;
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(node, Math.min(low.get(node), low.get(next)));
    } else if (stack.includes(next)) low.set(node, Math.min(low.get(node), index.get(next)));
  }
  if (low.get(node) === index.get(node)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const node of graph.keys()) if (!index.has(node)) visit(node);

const quiet = process.argv.includes('--quiet');
const width = Math.max(...[...graph.keys()].map((name) => name.length));
for (const [name, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
  if (quiet) break;
  console.log(`${name.padEnd(width)} -> ${[...targets].sort().join(', ') || '(nothing)'}`);
}
if (cycles.length) {
  for (const cycle of cycles) console.log(`cycle of ${cycle.length} folders: ${cycle.join(', ')}`);
  process.exit(1);
}
console.log(`no cycle between the ${graph.size} folders of src/`);
