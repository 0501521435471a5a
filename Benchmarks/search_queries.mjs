// Runs a list of queries against one search engine's files, each query cold (a new page, nothing
// loaded yet), and prints one JSON line a query: the top 10 titles, how many results, the bytes of
// the search files it loaded and the time to its results.
//
//   node search_queries.mjs kb SITE_DIR QUERIES.json
//   node search_queries.mjs pagefind PAGEFIND_DIR QUERIES.json
//
// kb: the real assets/kb.js in a minimal DOM that loads each index file as a browser does, by a
// <script> element (run here in the same context). Pagefind: its own pagefind.js, whose fetch()
// reads the bundle from disk; Pagefind needs fetch(), which browsers refuse from file://, so this
// is the only way it runs without a server. Titles of Pagefind results come from their fragments.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { pathToFileURL, fileURLToPath } from 'node:url';

const [engine, directory, queriesFile] = process.argv.slice(2);
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')).map((entry) => entry.query);
const top = 10;

async function kb(query) {
  const loaded = [];
  const context = { TextEncoder, URLSearchParams, Promise, Map, setTimeout, clearTimeout, console, location: { search: '' } };
  context.window = context;
  context.document = {
    body: { getAttribute: () => '' },
    getElementById: () => null,
    querySelectorAll: () => [],
    addEventListener() {},
    createElement: () => ({}),
    head: {
      appendChild(script) {
        setImmediate(() => {
          let source;
          try { source = fs.readFileSync(path.join(directory, script.src), 'utf8'); } catch (error) { script.onerror(error); return; }
          loaded.push(Buffer.byteLength(source));
          vm.runInContext(source, context);
        });
      },
    },
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(directory, 'assets/kb.js'), 'utf8'), context);
  const started = performance.now();
  const found = await context.kbSearch.query(query, top);
  const ms = performance.now() - started;
  return {
    titles: Array.from(found.results, (result) => result.title), total: found.total, ms,
    bytes: loaded.reduce((a, b) => a + b, 0), files: loaded.length, suggestion: found.suggestion,
  };
}

let instance = 0;
async function pagefind(query) {
  let bytes = fs.statSync(path.join(directory, 'pagefind.js')).size;
  let files = 1;
  globalThis.fetch = async (url) => {
    const data = fs.readFileSync(fileURLToPath(new URL(url)));
    bytes += data.length;
    files += 1;
    return new Response(data, { status: 200 });
  };
  const started = performance.now();
  const module = await import(pathToFileURL(path.join(directory, 'pagefind.js')).href + `?cold=${instance++}`);
  await module.options({ basePath: pathToFileURL(directory + '/').href });
  await module.init();
  const found = await module.search(query);
  const data = await Promise.all(found.results.slice(0, top).map((result) => result.data()));
  const ms = performance.now() - started;
  return { titles: data.map((entry) => entry.meta.title), total: found.results.length, ms, bytes, files };
}

for (const query of queries) {
  const result = engine === 'kb' ? await kb(query) : await pagefind(query);
  console.log(JSON.stringify({ query, ...result }));
}
