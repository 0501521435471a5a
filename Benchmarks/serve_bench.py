#!/usr/bin/env python3
"""How soon `kb serve` shows a save: from the moment an edited note is written to the moment its page
holds the edit in the output folder, and to the moment the reload event reaches an open page.

    serve_bench.py [--size 10000] [--runs 5] [--work DIR] [--kb .build/release/kb] [--report FILE]

It generates the corpus with ../shared/bench/gen_corpus.py (seed 42), starts `kb serve` on a copy,
listens to its reload events as a page does (`/__kb/events`), and then edits one note at a time in
two ways: a sentence added to its body, and a new title in its front matter (a rename: every page
that links to it or mentions it changes). For each edit it polls the note's page, or for a rename a
page that links to the note, until the new text is there. It prints the medians, and with --report
replaces the part of the report between `<!-- serve-bench -->` and the next heading with them.
"""
import argparse
import html
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
MARK = "<!-- serve-bench -->"


class Events(threading.Thread):
    """The reload events of the server, with the time each arrived."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.times = []
        self.lock = threading.Condition()
        self.connection = socket.create_connection(("127.0.0.1", port))
        self.connection.sendall(b"GET /__kb/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")

    def run(self):
        buffer = b""
        while True:
            data = self.connection.recv(65536)
            if not data:
                return
            buffer += data
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if b"event: state" in event:
                    with self.lock:
                        self.times.append(time.monotonic())
                        self.lock.notify_all()

    def after(self, moment, timeout=60):
        """The time of the first event at or after `moment`: a save may start more than one build
        (an editor's truncation, then its write), so events are not counted."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while not any(arrived >= moment for arrived in self.times):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("no reload event")
                self.lock.wait(left)
            return next(arrived for arrived in self.times if arrived >= moment)


def wait_for(path, text, timeout=60):
    """The time `path` first holds `text`, polling every millisecond."""
    deadline = time.monotonic() + timeout
    needle = text.encode()
    while time.monotonic() < deadline:
        try:
            with open(path, "rb") as file:
                if needle in file.read():
                    return time.monotonic()
        except OSError:
            pass
        time.sleep(0.001)
    raise SystemExit(f"{path} never held {text!r}")


def page_of(output, title):
    """The output page whose <title> starts with `title`."""
    for folder, _, names in os.walk(output):
        for name in names:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as file:
                    if f"<title>{html.escape(title, quote=False)} · " in file.read(4096):
                        return path
    raise SystemExit(f"no page titled {title}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "kb-serve-bench"))
    parser.add_argument("--kb", default=os.path.join(ROOT, ".build", "release", "kb"))
    parser.add_argument("--report")
    arguments = parser.parse_args()

    corpus = os.path.join(arguments.work, f"corpus-{arguments.size}")
    if not os.path.isdir(corpus):
        os.makedirs(arguments.work, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), str(arguments.size), corpus, "42"],
                       check=True, stdout=subprocess.DEVNULL)
    content = os.path.join(arguments.work, "content")
    output = os.path.join(arguments.work, "output")
    for folder in (content, output):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(corpus, content)

    server = subprocess.Popen(
        [arguments.kb, "serve", "--content", content, "--templates", os.path.join(ROOT, "Templates"),
         "--output", output, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        port = None
        for line in server.stdout:
            found = re.search(r"http://[^:]+:(\d+)", line)
            if found:
                port = int(found.group(1))
                break
        if port is None:
            raise SystemExit("kb serve did not start")
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        events = Events(port)
        events.start()
        events.after(0)

        notes = sorted(name for name in os.listdir(content) if name.endswith(".md"))
        figures = {"body": [], "rename": []}
        for run in range(arguments.runs):
            # A note far into the corpus, another each run.
            name = notes[(run * 997 + 4111) % len(notes)]
            path = os.path.join(content, name)
            with open(path, encoding="utf-8") as file:
                text = file.read()
            title = re.search(r'^title: "(.*)"$', text, re.M).group(1)
            page = page_of(output, title)

            sentence = f"Edited in run {run} at {time.time()}."
            time.sleep(1)
            with open(path, "w", encoding="utf-8") as file:
                file.write(text + "\n" + sentence + "\n")
            saved = time.monotonic()
            written = wait_for(page, sentence)
            figures["body"].append((written - saved, events.after(written) - saved))

            # A page that links to the note shows its new title once the rename is through.
            linking = next(other for other in notes if other != name and f"[[{title}]]" in open(
                os.path.join(content, other), encoding="utf-8").read())
            linking_page = page_of(output, re.search(r'^title: "(.*)"$', open(
                os.path.join(content, linking), encoding="utf-8").read(), re.M).group(1))
            renamed = f"{title} Renamed {run}"
            time.sleep(1)
            with open(path, "w", encoding="utf-8") as file:
                file.write(text.replace(f'title: "{title}"', f'title: "{renamed}"', 1))
            saved = time.monotonic()
            written = wait_for(linking_page, renamed)
            figures["rename"].append((written - saved, events.after(written) - saved))
    finally:
        server.terminate()
        server.wait()

    def median(values):
        return f"{statistics.median(values) * 1000:.0f} ms"

    lines = [
        MARK,
        "## `kb serve`: from a save to the page",
        "",
        f"`python3 Benchmarks/serve_bench.py` (also run by `make bench`): `kb serve` on the generated corpus of "
        f"{arguments.size:,} notes, output on the disk, {arguments.runs} edits of each kind, a different note each "
        "time; medians (min–max). \"Written\" is from the save to the page in the output folder holding the edit, "
        "\"reload\" to the reload event reaching an open page.",
        "",
        "| edit | written | reload |",
        "|---|---|---|",
    ]
    for kind, label in (("body", "a sentence added to a note's body"),
                        ("rename", "a note's title changed (a page that links to it checked)")):
        written = [pair[0] for pair in figures[kind]]
        reload = [pair[1] for pair in figures[kind]]
        lines.append(
            f"| {label} | {median(written)} ({min(written) * 1000:.0f}–{max(written) * 1000:.0f}) "
            f"| {median(reload)} ({min(reload) * 1000:.0f}–{max(reload) * 1000:.0f}) |")
    table = "\n".join(lines) + "\n"
    print(table)
    if arguments.report:
        report = open(arguments.report, encoding="utf-8").read() if os.path.exists(arguments.report) else ""
        if MARK in report:
            before, after = report.split(MARK, 1)
            rest = re.search(r"\n(?=## (?!`kb serve`))", after)
            report = before + table + ("\n" + after[rest.end():] if rest else "")
        else:
            report = report.rstrip("\n") + "\n\n" + table
        with open(arguments.report, "w", encoding="utf-8") as file:
            file.write(report)


if __name__ == "__main__":
    main()
