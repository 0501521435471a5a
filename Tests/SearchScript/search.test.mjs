// The search script (Templates/assets/kb.js) run against a real index that kb builds from the
// `search` fixture site, in a minimal DOM: the script loads index files exactly as in a browser,
// by adding <script> elements, which here run the file in the same context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kb = process.env.KB || path.join(repo, '.build/debug/kb');
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-search-'));
execFileSync(kb, [
  'build', '--content', path.join(repo, 'Tests/KnowledgeBaseTests/Fixtures/search/Content'),
  '--templates', path.join(repo, 'Templates'), '--output', site, '--jobs', '1',
]);

function openSite() {
  const context = { TextEncoder, URLSearchParams, Promise, Map, setTimeout, clearTimeout, console, location: { search: '' } };
  context.window = context;
  context.loaded = [];
  context.document = {
    body: { getAttribute: () => '' },
    getElementById: () => null,
    querySelectorAll: () => [],
    addEventListener() {},
    createElement: () => ({}),
    head: {
      appendChild(script) {
        setImmediate(() => {
          context.loaded.push(script.src);
          let source;
          try { source = fs.readFileSync(path.join(site, script.src), 'utf8'); } catch (error) { script.onerror(error); return; }
          vm.runInContext(source, context);
        });
      },
    },
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(site, 'assets/kb.js'), 'utf8'), context);
  return context;
}

async function titles(query) {
  const found = await openSite().kbSearch.query(query, 10);
  return Array.from(found.results, (result) => result.title);
}

test('Chinese queries match by character pairs, titles first', async () => {
  assert.deepEqual((await titles('开源模型'))[0], '开源模型清单');
  assert.ok((await titles('开源模型')).includes('杂记'), 'a body match is found too');
  assert.deepEqual((await titles('阿里')).slice(0, 2), ['阿里云', '阿里云海外地域扩张']);
  assert.deepEqual(await titles('云栖'), ['云栖小镇']);
  assert.deepEqual((await titles('云'))[0], '阿里云');
});

test('pinyin finds Chinese titles', async () => {
  assert.equal((await titles('aliyun'))[0], '阿里云');
  assert.equal((await titles('a li yun'))[0], '阿里云');
  assert.equal((await titles('yunqi'))[0], '云栖小镇');
  assert.equal((await titles('YUNQI'))[0], '云栖小镇');
});

test('English aliases and words, as typed', async () => {
  assert.equal((await titles('Yunqi Town'))[0], '云栖小镇');
  assert.equal((await titles('alibaba clo'))[0], '阿里云', 'the last word is a prefix');
  assert.deepEqual(await titles('Kubernetes'), ['杂记']);
  assert.deepEqual(await titles('qwen3'), ['开源模型清单']);
  assert.deepEqual(await titles('没有这个词'), []);
});

test('a query loads the meta file, its shards and the chunks of its results only', async () => {
  const context = openSite();
  await context.kbSearch.query('云栖', 10);
  assert.ok(context.loaded.every((file) => /^search\/(meta|s\d+|d\d+)\.js$/.test(file)), context.loaded.join(' '));
});

test('snippets mark the matches and escape everything else', async () => {
  const context = openSite();
  const found = await context.kbSearch.query('开源模型', 10);
  const top = found.results[0];
  assert.match(context.kbSearch.snippet(top, '开源模型'), /<mark>开源模型<\/mark>/);
  const hostile = (await context.kbSearch.query('alert', 10)).results[0];
  assert.equal(hostile.title, `</script><script>alert(1)</script> "引号" & 'x'`);
  const marked = context.kbSearch.mark(hostile.title, 'alert');
  assert.equal(marked, '&lt;/script&gt;&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; &quot;引号&quot; &amp; &#39;x&#39;');
});
