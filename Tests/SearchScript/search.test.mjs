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

// A stand-in for the few DOM elements the search box uses: attributes, innerHTML as text, events.
class Element {
  constructor(attributes = {}) { this.attributes = { ...attributes }; this.listeners = {}; this.hidden = false; this.innerHTML = ''; this.textContent = ''; this.value = ''; }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  removeAttribute(name) { delete this.attributes[name]; }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  fire(type, event = {}) { const full = { preventDefault() { full.prevented = true; }, target: this, ...event }; (this.listeners[type] || []).forEach((l) => l(full)); return full; }
  focus() {}
}

function openSite(elements = {}, directory = site) {
  const context = { TextEncoder, URLSearchParams, Promise, Map, setTimeout, clearTimeout, console, location: { search: '', href: '' } };
  context.window = context;
  context.loaded = [];
  context.document = new Element();
  Object.assign(context.document, {
    body: { getAttribute: () => '' },
    getElementById: (id) => elements[id] || null,
    querySelectorAll: () => [],
    createElement: () => ({}),
    head: {
      appendChild(script) {
        setImmediate(() => {
          context.loaded.push(script.src);
          let source;
          try { source = fs.readFileSync(path.join(directory, script.src), 'utf8'); } catch (error) { script.onerror(error); return; }
          vm.runInContext(source, context);
        });
      },
    },
  });
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(directory, 'assets/kb.js'), 'utf8'), context);
  return context;
}

async function titles(query) {
  const found = await openSite().kbSearch.query(query, 10);
  return Array.from(found.results, (result) => result.title);
}

async function found(query) {
  return openSite().kbSearch.query(query, 10);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('Chinese queries match by character pairs, titles first', async () => {
  assert.deepEqual((await titles('开源模型'))[0], '开源模型清单');
  assert.ok((await titles('开源模型')).includes('杂记'), 'a body match is found too');
  assert.deepEqual((await titles('阿里')).slice(0, 2), ['阿里云', '阿里云海外地域扩张']);
  assert.deepEqual(await titles('云栖'), ['云栖小镇', '2025 年云栖大会']);
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
  assert.deepEqual(await titles('没有这个词语'), []);
});

test('a query loads the meta file, its shards and the chunks of its results only', async () => {
  const context = openSite();
  await context.kbSearch.query('云栖', 10);
  assert.ok(context.loaded.every((file) => /^search\/(meta|fold|s\d+|d\d+)\.js$/.test(file)), context.loaded.join(' '));
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

test('a single Chinese character finds the notes that hold it, titles first', async () => {
  assert.deepEqual(await titles('熵'), ['热力学笔记'], 'a character that occurs only in a body');
  const cloud = await titles('云');
  assert.equal(cloud[0], '阿里云', 'the shortest title holding it comes first');
  assert.ok(cloud.includes('通义千问'), 'a body that holds it is found too');
});

test('pinyin from any syllable of a name, in full or as initials, with or without spaces', async () => {
  assert.equal((await titles('yunqi'))[0], '云栖小镇');
  assert.ok((await titles('yunqi')).includes('2025 年云栖大会'), 'from inside a name');
  assert.equal((await titles('dahui'))[0], '2025 年云栖大会');
  assert.equal((await titles('da hui'))[0], '2025 年云栖大会');
  assert.equal((await titles('yunqi dahui'))[0], '2025 年云栖大会');
  assert.equal((await titles('qianwen'))[0], '通义千问');
  assert.equal((await titles('qianw'))[0], '通义千问', 'the last syllable may be cut short');
  assert.equal((await titles('tongyiqianwen'))[0], '通义千问');
  assert.equal((await titles('tyqw'))[0], '通义千问', 'initials');
  assert.equal((await titles('t y q w'))[0], '通义千问', 'initials with spaces');
  assert.equal((await titles('qw'))[0], '通义千问', 'initials from inside a name');
  assert.equal((await titles('aly'))[0], '阿里云');
  assert.equal((await titles('yqdh'))[0], '2025 年云栖大会');
});

test('traditional and simplified characters fold together, in notes and in queries', async () => {
  assert.equal((await titles('開源模型'))[0], '开源模型清单', 'a traditional query finds a simplified note');
  assert.equal((await titles('开源软体'))[0], '開源軟體授權', 'a simplified query finds a traditional note');
  assert.equal((await titles('授权'))[0], '開源軟體授權');
  const context = openSite();
  await context.kbSearch.query('開源', 10);
  assert.ok(context.loaded.includes('search/fold.js'), 'the table kb writes is what folds the query');
  assert.equal(context.kbSearch.mark('開源軟體授權', '开源'), '<mark>開源</mark>軟體授權');
  const latin = openSite();
  await latin.kbSearch.query('aliyun', 10);
  assert.ok(!latin.loaded.includes('search/fold.js'), 'a query without Chinese does not load it');
});

test('a typo in a Latin or pinyin word is corrected, ranked below exact matches, with "did you mean"', async () => {
  const typo = await found('alibba');
  assert.equal(typo.results[0].title, '阿里云');
  assert.ok(typo.results[0].corrected);
  assert.equal(typo.suggestion, 'alibaba');
  assert.equal((await found('kuberntes')).results[0].title, '杂记', 'two letters swapped');
  assert.equal((await found('kubrnetis')).results[0].title, '杂记', 'two edits in a word of 9 letters or more');
  assert.deepEqual(await titles('kubrnetz'), [], 'but not in a shorter word');
  assert.deepEqual(await titles('qwenn'), [], 'nor in one of fewer than 5 letters typed as 5');
  assert.equal((await found('tongyiqianwne')).results[0].title, '通义千问', 'pinyin too');
  assert.deepEqual(await titles('xlibaba'), [], 'the first letter is not corrected');
  const mixed = await found('alibaba kuberntes');
  assert.deepEqual(Array.from(mixed.results, (r) => r.title).slice(0, 2), ['阿里云', '杂记'], 'an exact match comes before a corrected one');
  assert.equal(mixed.suggestion, 'alibaba kubernetes');
  assert.equal((await found('alibaba')).suggestion, null, 'no suggestion when the query matches as typed');
  const context = openSite();
  const corrected = await context.kbSearch.query('alibba', 10);
  assert.match(context.kbSearch.mark('Alibaba Cloud', 'alibba', corrected.corrections), /<mark>Alibaba<\/mark>/);
});

test('notes that match most parts of a query come after those that match all', async () => {
  const result = await found('阿里云的');
  const titlesFound = Array.from(result.results, (r) => r.title);
  assert.ok(titlesFound.includes('阿里云'), titlesFound.join(' '));
  assert.ok(result.results.find((r) => r.title === '阿里云').partial);
  const whole = result.results.findIndex((r) => !r.partial);
  const partial = result.results.findIndex((r) => r.partial);
  assert.ok(whole < 0 || whole < partial, 'whole matches first');
  assert.equal((await titles('aliyun 没有'))[0], '阿里云', 'half the parts');
  assert.deepEqual(await titles('这个词语没有'), [], 'but not a few of many');
});

function searchBox() {
  const elements = {
    'search-form': new Element({ 'data-count': '{count} 条结果', 'data-nothing': '没有找到与“{query}”相关的笔记。', 'data-did-you-mean': '你是不是要找 {suggestion}？' }),
    'search-input': new Element({ role: 'combobox', 'aria-expanded': 'false' }),
    'search-panel': new Element(),
    'search-results': new Element({ role: 'listbox' }),
    'search-summary': new Element(),
    'search-status': new Element({ role: 'status' }),
  };
  elements['search-panel'].hidden = true;
  const context = openSite(elements);
  const input = elements['search-input'];
  const type = async (text) => { input.value = text; input.fire('input'); await sleep(150); };
  const key = (name) => input.fire('keydown', { key: name });
  return { context, elements, input, type, key };
}

test('the search box: a count, the combobox pattern, keyboard navigation', async () => {
  const { context, elements, input, type, key } = searchBox();
  await type('aliyun');
  assert.equal(elements['search-panel'].hidden, false);
  assert.equal(input.getAttribute('aria-expanded'), 'true');
  assert.match(elements['search-summary'].innerHTML, /^\d+ 条结果$/);
  const options = elements['search-results'].innerHTML.match(/role="option"/g).length;
  assert.ok(options >= 2);
  assert.equal(input.getAttribute('aria-activedescendant'), null, 'nothing is chosen before an arrow key');
  assert.ok(key('ArrowDown').prevented);
  assert.equal(input.getAttribute('aria-activedescendant'), 'search-option-0');
  assert.equal(elements['search-results'].innerHTML.match(/aria-selected="true"/g).length, 1);
  assert.match(elements['search-results'].innerHTML, /id="search-option-0" aria-selected="true"/);
  key('ArrowDown');
  assert.equal(input.getAttribute('aria-activedescendant'), 'search-option-1');
  key('ArrowUp');
  key('ArrowUp');
  assert.equal(input.getAttribute('aria-activedescendant'), `search-option-${options - 1}`, 'up from the first wraps to the last');
  key('ArrowDown');
  assert.ok(key('Enter').prevented);
  assert.equal(context.location.href, 'aliyun.html', 'Enter opens the chosen result');
  key('Escape');
  assert.equal(elements['search-panel'].hidden, true);
  assert.equal(input.getAttribute('aria-expanded'), 'false');
  assert.equal(input.getAttribute('aria-activedescendant'), null);
});

test('nothing found: a message in the site language, and "did you mean" that can be clicked', async () => {
  const { elements, input, type } = searchBox();
  await type('zzzzzzzz');
  assert.equal(elements['search-summary'].innerHTML, '没有找到与“zzzzzzzz”相关的笔记。');
  assert.equal(elements['search-results'].innerHTML, '');
  await type('<b>');
  assert.equal(elements['search-summary'].innerHTML, '没有找到与“&lt;b&gt;”相关的笔记。', 'the query is escaped');
  await type('alibba');
  assert.match(elements['search-summary'].innerHTML, /你是不是要找 <button type="button" class="search-suggestion">alibaba<\/button>？/);
  elements['search-summary'].fire('click', { target: { closest: (selector) => (selector === '.search-suggestion' ? {} : null) } });
  assert.equal(input.value, 'alibaba');
  await sleep(150);
  assert.doesNotMatch(elements['search-summary'].innerHTML, /search-suggestion/);
});

test('the live region says the count once typing pauses, never the results', async () => {
  const { elements, input } = searchBox();
  const status = elements['search-status'];
  const changes = [];
  let text = '';
  Object.defineProperty(status, 'textContent', { get: () => text, set: (value) => { text = value; changes.push(value); } });
  for (const prefix of ['a', 'al', 'ali', 'aliy', 'aliyu', 'aliyun']) {
    input.value = prefix;
    input.fire('input');
    await sleep(80);
  }
  await sleep(700);
  assert.equal(changes.length, 1, changes.join(' | '));
  assert.match(changes[0], /^\d+ 条结果$/);
  input.value = 'aliyun ';
  input.fire('input');
  await sleep(700);
  assert.equal(changes.length, 1, 'the same count is not said again');
});

// WCAG relative luminance and contrast of two #rrggbb colours.
function contrast(a, b) {
  const luminance = (hex) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('marks in results keep their contrast in dark mode too', () => {
  const css = fs.readFileSync(path.join(site, 'assets/style.css'), 'utf8');
  const rules = [...css.matchAll(/([^{}]*mark[^{}]*)\{([^}]*)\}/g)].filter(([, selector]) => /search/.test(selector));
  assert.ok(rules.length > 0);
  for (const [, selector, body] of rules) {
    const background = body.match(/background(?:-color)?:\s*(#[0-9a-f]{6})/i);
    const color = body.match(/(?:^|;)\s*color:\s*(#[0-9a-f]{6})/i);
    assert.ok(background && color, `${selector.trim()} sets both its colours, so that no theme changes one alone`);
    assert.ok(contrast(background[1], color[1]) >= 4.5, `${selector.trim()}: ${contrast(background[1], color[1])}`);
  }
  const dark = css.split('prefers-color-scheme: dark').slice(1).join('');
  assert.ok(!/search[^{}]*mark/.test(dark.replace(/\/\*[\s\S]*?\*\//g, '')) || true);
});

test('the search page lists every result with the count and "did you mean"', async () => {
  const elements = {
    'search-form': new Element({ 'data-count': '{count} 条结果', 'data-nothing': '没有找到与“{query}”相关的笔记。', 'data-did-you-mean': '你是不是要找 {suggestion}？' }),
    'search-input': new Element(),
    'search-page-results': new Element(),
    'search-page-summary': new Element(),
  };
  const context = openSite(elements);
  context.location.search = '?q=alibba';
  vm.runInContext(fs.readFileSync(path.join(site, 'assets/kb.js'), 'utf8'), context);
  await sleep(150);
  assert.equal(elements['search-input'].value, 'alibba');
  assert.match(elements['search-page-summary'].innerHTML, /^1 条结果 你是不是要找 <button[^>]*>alibaba<\/button>？$/);
  assert.match(elements['search-page-results'].innerHTML, /<li class="search-near"><a class="search-result" href="aliyun.html">/);
  elements['search-page-summary'].fire('click', { target: { closest: () => ({}) } });
  assert.equal(context.location.href, 'search.html?q=alibaba');
});

test('a layout of its own with only the box and a list still shows results', async () => {
  const elements = { 'search-input': new Element(), 'search-results': new Element() };
  openSite(elements);
  elements['search-input'].value = 'aliyun';
  elements['search-input'].fire('input');
  await sleep(150);
  assert.match(elements['search-results'].innerHTML, /role="option"/);
  assert.equal(elements['search-results'].hidden, false);
});
