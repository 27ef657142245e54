// The page's JavaScript modules import one another in one direction only: a cycle makes evaluation order (and so
// which bindings exist yet) depend on which module the browser loads first. No browser or gateway needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const js = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../Api/wwwroot/js');

// Static imports and re-exports (import ... from '...', import '...', export ... from '...') and dynamic import('...').
const IMPORT = /(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...code.matchAll(IMPORT)].map(m => m[1] ?? m[2]);
}

/** Every cycle's modules in order, found by depth-first search; empty when imports flow one way. */
export function cycles(graph) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

function pageGraph() {
  const graph = new Map();
  for (const file of readdirSync(js).filter(f => f.endsWith('.js'))) {
    const targets = importsOf(readFileSync(path.join(js, file), 'utf8')).map(spec => {
      assert.match(spec, /^\.\/[\w-]+\.js$/, `${file} imports "${spec}": the page imports only its own modules, as ./name.js`);
      assert.ok(existsSync(path.join(js, spec)), `${file} imports ${spec}, which does not exist`);
      return spec.slice(2);
    });
    graph.set(file, targets);
  }
  return graph;
}

test('the import reader and the cycle finder see what they should', () => {
  assert.deepEqual(importsOf("import { a } from './a.js';\nimport './b.js'\nexport { c } from \"./c.js\";\n// import { x } from './x.js';\nconst m = import('./d.js');"),
    ['./a.js', './b.js', './c.js', './d.js']);
  assert.deepEqual(cycles(new Map([['app.js', ['list.js']], ['list.js', ['app.js']]])), [['app.js', 'list.js', 'app.js']]);
  assert.deepEqual(cycles(new Map([['a.js', ['a.js']]])), [['a.js', 'a.js']]);
  assert.deepEqual(cycles(new Map([['a.js', ['b.js', 'c.js']], ['b.js', ['c.js']], ['c.js', []]])), []);
});

test('the page\'s modules import one another without a cycle', () => {
  const graph = pageGraph();
  assert.ok(graph.size >= 10 && graph.get('app.js').length > 0, 'the page\'s modules were not found');
  assert.deepEqual(cycles(graph).map(c => c.join(' → ')), []);
});

test('every module of the page is reached from one of its entry points', () => {
  const graph = pageGraph();
  const reached = new Set();
  const walk = (file) => { if (reached.has(file)) return; reached.add(file); graph.get(file).forEach(walk); };
  ['app.js', 'admin.js'].forEach(walk);
  assert.deepEqual([...graph.keys()].filter(f => !reached.has(f)), []);
});
