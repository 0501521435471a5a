#!/usr/bin/env python3
"""kb's search against Pagefind on the same notes: index size, bytes a query loads, time to
index, and answer quality on a list of queries with the notes each should find.

    search_bench.py [--kb .build/release/kb] [--work DIR] [--report BENCHMARKS.md] [--sizes sample,10000]

"sample" is the repository's Content/; a number is a corpus from ../shared/bench/gen_corpus.py
(seed 42). kb builds the site; Pagefind (PyPI `pagefind-bin-extended`, which segments Chinese with
jieba, installed into .build/bench-venv on first use) indexes kb's own note pages, only their
<main>, so both read the same text. Queries are in search_queries_<sample|corpus>.json; each runs
cold (nothing loaded before it) through Benchmarks/search_queries.mjs, which runs kb's real
assets/kb.js and Pagefind's real pagefind.js under Node. With Chromium and Selenium present, kb's
queries are also timed in headless Chromium from file://, where Pagefind cannot run at all.
The section it writes replaces the one between the markers in the report.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "Benchmarks")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
VENV = os.path.join(ROOT, ".build", "bench-venv")  # bench.py's, which has Pagefind too
BEGIN, END = "<!-- search-bench -->", "<!-- /search-bench -->"


def pagefind_binary():
    """The Pagefind binary from PyPI, in a venv of its own under .build/."""
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    found = subprocess.run([python, "-c", "import pagefind_bin_extended, os; print(os.path.dirname(pagefind_bin_extended.__file__))"],
                           capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "-q", "pagefind-bin-extended"], check=True)
        found = subprocess.run([python, "-c", "import pagefind_bin_extended, os; print(os.path.dirname(pagefind_bin_extended.__file__))"],
                               capture_output=True, text=True, check=True)
    return os.path.join(found.stdout.strip(), "pagefind_extended")


def folder_size(path, skip=()):
    total, count, largest = 0, 0, 0
    for folder, _, names in os.walk(path):
        for name in names:
            if any(name.startswith(prefix) for prefix in skip):
                continue
            size = os.path.getsize(os.path.join(folder, name))
            total, count, largest = total + size, count + 1, max(largest, size)
    return total, count, largest


def note_pages(kb_output):
    """The URL and title of every note, read back from kb's documents files."""
    pages = []
    search = os.path.join(kb_output, "search")
    chunks = sorted((name for name in os.listdir(search) if name.startswith("d")), key=lambda n: int(n[1:-3]))
    for name in chunks:
        text = open(os.path.join(search, name), encoding="utf-8").read()
        pages += [(doc[1], doc[0]) for doc in json.loads(text[text.index("[") :text.rindex("]") + 1])]
    return pages


def run_queries(engine, directory, queries):
    result = subprocess.run(["node", os.path.join(HERE, "search_queries.mjs"), engine, directory, queries],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{engine} queries failed:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def chromium_times(kb_output, queries):
    """kb's queries in headless Chromium from file://, each on a freshly loaded page."""
    try:
        from selenium import webdriver
    except ImportError:
        return None
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(30)
    times = {}
    query = ("var done = arguments[arguments.length - 1]; var started = performance.now();"
             "kbSearch.query(arguments[0], 10).then(function () { done(performance.now() - started); },"
             " function (error) { done(-1); });")
    page = "file://" + os.path.join(os.path.abspath(kb_output), "index.html")
    try:
        for entry in json.load(open(queries, encoding="utf-8")):
            driver.get(page)
            cold = driver.execute_async_script(query, entry["query"])
            # As a reader does: the box gets the focus (which loads what every query needs), then
            # the first word is typed.
            driver.get(page)
            driver.execute_script("document.getElementById('search-input').focus();")
            time.sleep(0.3)
            times[entry["query"]] = (cold, driver.execute_async_script(query, entry["query"]))
    finally:
        driver.quit()
    return times


def measure(name, key, content, work, kb, pagefind, queries):
    kb_output = os.path.join(work, f"kb-{key}")
    shutil.rmtree(kb_output, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([kb, "build", "--quiet", "--content", content, "--templates", os.path.join(ROOT, "Templates"),
                    "--output", kb_output], check=True)
    kb_seconds = time.perf_counter() - started

    # Pagefind reads the same pages kb wrote for the notes, and only their <main>.
    pages = note_pages(kb_output)
    pf_site = os.path.join(work, f"pagefind-{key}")
    shutil.rmtree(pf_site, ignore_errors=True)
    for url, _ in pages:
        target = os.path.join(pf_site, url)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(kb_output, url), target)
    started = time.perf_counter()
    subprocess.run([pagefind, "--site", pf_site, "--root-selector", "main", "--silent"], check=True)
    pf_seconds = time.perf_counter() - started

    expected = json.load(open(queries, encoding="utf-8"))
    kb_answers = run_queries("kb", kb_output, queries)
    pf_answers = run_queries("pagefind", os.path.join(pf_site, "pagefind"), queries)
    browser = chromium_times(kb_output, queries)
    rows = []
    for entry, kb_answer, pf_answer in zip(expected, kb_answers, pf_answers):
        def found(answer):
            return [title for title in entry["expect"] if title in answer["titles"]]
        rows.append({"entry": entry, "kb": kb_answer, "pf": pf_answer, "kb_found": found(kb_answer),
                     "pf_found": found(pf_answer), "browser": browser and browser.get(entry["query"])})
    return {
        "name": name, "notes": len(pages), "kb_seconds": kb_seconds, "pf_seconds": pf_seconds,
        # Pagefind's UI scripts and styles are left out: a site may use its own, as kb does.
        "kb_size": folder_size(os.path.join(kb_output, "search")),
        "pf_size": folder_size(os.path.join(pf_site, "pagefind"), skip=("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")),
        "rows": rows,
    }


def kib(value):
    return f"{value / 1024:,.0f} KB"


def report(results, load):
    lines = [BEGIN, "## Search: kb against Pagefind", "",
             f"Load average when it started: {load:.1f} on {os.cpu_count()} cores (other work on the machine slows"
             " every time below alike; the sizes, bytes and answers do not change).", "",
             "`python3 Benchmarks/search_bench.py` (also run by `make bench`). Pagefind 1.5 (`pagefind-bin-extended`,"
             " Chinese segmented with jieba) indexes the `<main>` of kb's own note pages. Each query runs cold, as on a"
             " page just opened: bytes are those of the search files it loads (for Pagefind its script, WebAssembly,"
             " metadata, index chunks and the fragments of the top 10; for kb its meta, shard, table and documents"
             " files). Times are under Node on this machine; \"kb, Chromium file://\" is the same query in headless"
             " Chromium from `file://` after the page has loaded, cold and then with the box focused first (focus"
             " loads the meta and table files that every query needs, as a reader's first key does). Pagefind cannot run from `file://` (it needs"
             " `fetch()`). A note counts as found when it is among the first 10 results.", ""]
    for result in results:
        kb_total, kb_files, kb_largest = result["kb_size"]
        pf_total, pf_files, pf_largest = result["pf_size"]
        lines += [f"### {result['name']} ({result['notes']:,} notes)", "",
                  "| | kb | Pagefind |", "|---|---|---|",
                  f"| index | {kib(kb_total)} in {kb_files:,} files, largest {kib(kb_largest)} | {kib(pf_total)} in {pf_files:,} files, largest {kib(pf_largest)} |",
                  f"| time | whole build {result['kb_seconds']:.2f} s (pages, index, everything) | indexing alone {result['pf_seconds']:.2f} s |",
                  f"| bytes a query loads, most | {kib(max(r['kb']['bytes'] for r in result['rows']))} | {kib(max(r['pf']['bytes'] for r in result['rows']))} |",
                  f"| notes found | {sum(len(r['kb_found']) for r in result['rows'])} of {sum(len(r['entry']['expect']) for r in result['rows'])} | {sum(len(r['pf_found']) for r in result['rows'])} of {sum(len(r['entry']['expect']) for r in result['rows'])} |",
                  "", "| query | kind | should find | kb found | Pagefind found | kb loads | Pagefind loads | kb, Node | Pagefind, Node | kb, Chromium file://, cold / box focused |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for row in result["rows"]:
            entry = row["entry"]
            browser = " / ".join(f"{value:.0f} ms" for value in row["browser"]) if row["browser"] else "—"
            lines.append(
                f"| `{entry['query']}` | {entry['kind']} | {len(entry['expect'])} | {len(row['kb_found'])}"
                f"{' (did you mean ' + row['kb']['suggestion'] + ')' if row['kb'].get('suggestion') else ''}"
                f" | {len(row['pf_found'])} | {kib(row['kb']['bytes'])} | {kib(row['pf']['bytes'])}"
                f" | {row['kb']['ms']:.0f} ms | {row['pf']['ms']:.0f} ms | {browser} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="sample,10000")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "kb-search-bench"))
    parser.add_argument("--report", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--kb", default=os.path.join(ROOT, ".build", "release", "kb"))
    arguments = parser.parse_args()
    os.makedirs(arguments.work, exist_ok=True)
    pagefind = pagefind_binary()
    load = os.getloadavg()[0]
    results = []
    for size in arguments.sizes.split(","):
        if size == "sample":
            content, queries, name = os.path.join(ROOT, "Content"), "search_queries_sample.json", "The sample site"
        else:
            content = os.path.join(arguments.work, f"corpus-{size}")
            if not os.path.isdir(content):
                subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), size, content, "42"], check=True)
            queries, name = "search_queries_corpus.json", f"The generated corpus of {int(size):,} notes"
        results.append(measure(name, size, content, arguments.work, arguments.kb, pagefind, os.path.join(HERE, queries)))
    section = report(results, load)
    print(section)
    misses = [(result["name"], row["entry"]["query"]) for result in results for row in result["rows"]
              if not set(row["pf_found"]) <= set(row["kb_found"])]
    for name, query in misses:
        print(f"Pagefind finds a note that kb misses: {name}, {query}", file=sys.stderr)
    # README § Search: no search file over 160 KB, a query of two words loads about 400 KB at most.
    for result in results:
        if result["kb_size"][2] > 160 * 1024:
            print(f"{result['name']}: a search file of {kib(result['kb_size'][2])}, past the budget", file=sys.stderr)
        for row in result["rows"]:
            if len(row["entry"]["query"].split()) <= 2 and row["kb"]["bytes"] > 400 * 1024:
                print(f"{result['name']}: {row['entry']['query']!r} loads {kib(row['kb']['bytes'])}", file=sys.stderr)
    old = open(arguments.report, encoding="utf-8").read() if os.path.exists(arguments.report) else "# Benchmarks\n"
    if BEGIN in old and END in old:
        old = old[:old.index(BEGIN)] + old[old.index(END) + len(END):].lstrip("\n")
    with open(arguments.report, "w", encoding="utf-8") as handle:
        handle.write(old.rstrip("\n") + "\n\n" + section + "\n")


if __name__ == "__main__":
    main()
