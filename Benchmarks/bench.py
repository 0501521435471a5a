#!/usr/bin/env python3
"""kb against Hugo on generated knowledge bases: cold full builds, alternating, several runs.

    bench.py [--sizes 1000,10000,50000] [--runs 5] [--work DIR] [--report BENCHMARKS.md]

For each size it generates the corpus with ../shared/bench/gen_corpus.py (seed 42), prepares the
same notes as a Hugo site with hugo_site.py (untimed), and then builds each with kb and with Hugo
in turn, the output removed before every run, once with the output on the disk and once on the
RAM disk (/dev/shm). /usr/bin/time -v gives wall, user and system time and peak memory. It also
measures two floors: libcmark-gfm alone (the cmark-gfm program) rendering the same bodies on one
thread, and writing the same number of files of the same sizes. It prints the table and writes
it to the report, with the machine it ran on.
"""
import argparse
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


def timed(command, cwd=None):
    """Runs `command` under /usr/bin/time -v; returns wall, user, system seconds and peak MB."""
    result = subprocess.run(
        ["/usr/bin/time", "-v"] + command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    report = result.stderr

    def field(name):
        return re.search(re.escape(name) + r":\s*(.+)", report).group(1).strip()

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    seconds = sum(float(part) * 60 ** index for index, part in enumerate(reversed(wall)))
    return {
        "wall": seconds,
        "user": float(field("User time (seconds)")),
        "system": float(field("System time (seconds)")),
        "memory": int(field("Maximum resident set size (kbytes)")) / 1024,
    }


def summary(runs):
    walls = [run["wall"] for run in runs]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "user": statistics.median(run["user"] for run in runs),
        "system": statistics.median(run["system"] for run in runs),
        "memory": max(run["memory"] for run in runs),
    }


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


def floors(corpus, output):
    """libcmark-gfm alone on the bodies, one thread; and writing as many files as kb writes."""
    bodies = []
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".md"):
            with open(os.path.join(corpus, name), encoding="utf-8") as handle:
                text = handle.read()
            bodies.append(text.split("\n---\n", 1)[-1] if text.startswith("---\n") else text)
    joined = os.path.join(tempfile.mkdtemp(), "bodies.md")
    with open(joined, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(bodies))
    started = time.perf_counter()
    subprocess.run(["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter",
                    "-e", "tasklist", "-e", "footnotes", joined], check=True, stdout=subprocess.DEVNULL)
    cmark = time.perf_counter() - started

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
    return cmark, writing, len(sizes)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "kb-bench"))
    parser.add_argument("--report", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--kb", default=os.path.join(ROOT, ".build", "release", "kb"))
    arguments = parser.parse_args()
    os.makedirs(arguments.work, exist_ok=True)
    templates = os.path.join(ROOT, "Templates")

    rows = []
    for size in [int(size) for size in arguments.sizes.split(",")]:
        corpus, hugo_site = prepare(size, arguments.work)
        for place, base in [("disk", arguments.work), ("RAM disk", "/dev/shm")]:
            kb_output = os.path.join(base, f"kb-public-{size}")
            hugo_output = os.path.join(base, f"hugo-public-{size}")
            kb_runs, hugo_runs = [], []
            for _ in range(arguments.runs):
                shutil.rmtree(kb_output, ignore_errors=True)
                kb_runs.append(timed([arguments.kb, "build", "--content", corpus, "--templates", templates,
                                      "--output", kb_output]))
                shutil.rmtree(hugo_output, ignore_errors=True)
                shutil.rmtree(os.path.join(hugo_site, "resources"), ignore_errors=True)
                hugo_runs.append(timed(["hugo", "--quiet", "--destination", hugo_output], cwd=hugo_site))
            # The same build again over the last cold output: nothing changed, nothing to write.
            unchanged = summary([timed([arguments.kb, "build", "--content", corpus, "--templates", templates,
                                        "--output", kb_output]) for _ in range(arguments.runs)])
            kb, hugo = summary(kb_runs), summary(hugo_runs)
            cmark, writing, files = floors(corpus, kb_output)
            rows.append((size, place, kb, hugo, unchanged, cmark, writing, files))
            print(f"{size} notes, {place}: kb {kb['median']:.2f} s, Hugo {hugo['median']:.2f} s, "
                  f"kb/Hugo {kb['median'] / hugo['median']:.2f}", flush=True)
            shutil.rmtree(kb_output, ignore_errors=True)
            shutil.rmtree(hugo_output, ignore_errors=True)

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "0")
    lines = [
        "# Benchmarks",
        "",
        f"`make bench` on {platform.node() or 'this machine'}: {os.cpu_count()} cores ({cpu}), "
        f"{int(memory) // 1024 // 1024} GiB, {platform.system()} {platform.release()}; "
        f"{subprocess.run(['hugo', 'version'], capture_output=True, text=True).stdout.split()[1]}; "
        f"{arguments.runs} cold runs each, kb and Hugo alternating, corpus from `gen_corpus.py` with seed 42.",
        "Wall time is the median (min–max); user and system time are medians; memory is the peak.",
        "",
        "| notes | output | kb wall | Hugo wall | kb / Hugo | kb user + sys | Hugo user + sys | kb peak | Hugo peak | kb notes/s | kb again, nothing changed | cmark-gfm alone | writing the files |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, place, kb, hugo, unchanged, cmark, writing, files in rows:
        lines.append(
            f"| {size:,} | {place} | {kb['median']:.2f} s ({kb['min']:.2f}–{kb['max']:.2f}) "
            f"| {hugo['median']:.2f} s ({hugo['min']:.2f}–{hugo['max']:.2f}) | {kb['median'] / hugo['median']:.2f} "
            f"| {kb['user']:.1f} + {kb['system']:.1f} s | {hugo['user']:.1f} + {hugo['system']:.1f} s "
            f"| {kb['memory']:.0f} MB | {hugo['memory']:.0f} MB | {size / kb['median']:,.0f} "
            f"| {unchanged['median']:.2f} s ({unchanged['median'] / kb['median']:.2f} of cold) | {cmark:.2f} s | {writing:.2f} s ({files:,} files) |")
    lines += ["", "Floors: `cmark-gfm` renders the same bodies in one process on one thread; \"writing the files\""
              " writes as many files of the same sizes as kb wrote, from Python, in 64 folders.", ""]
    # search_bench.py's section (kb against Pagefind) is its own to rewrite: it stays.
    kept = ""
    if os.path.exists(arguments.report):
        previous = open(arguments.report, encoding="utf-8").read()
        if "<!-- search-bench -->" in previous:
            kept = "\n\n" + previous[previous.index("<!-- search-bench -->"):].rstrip("\n") + "\n"
    with open(arguments.report, "w") as handle:
        handle.write("\n".join(lines).rstrip("\n") + kept)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
