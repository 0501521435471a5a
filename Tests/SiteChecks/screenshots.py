#!/usr/bin/env python3
"""The screenshots of docs/, taken in headless Chromium from file://.

    screenshots.py SITE DIR

A note, the home page and a type page of the sample site, at desktop (1280 px) and phone (390 px)
width, in the light and the dark theme (the system's), into DIR under the names the README shows.
"""
import os
import sys
import time

from check_site import browser

PAGES = [("note", "places/hangzhou.html"), ("home", "index.html"), ("type", "types/organization.html")]
WIDTHS = [("desktop", 1280, 900), ("phone", 390, 844)]
THEMES = ["light", "dark"]


def name(page, width, theme):
    """note.png, phone.png and dark.png keep the names the README has long used."""
    if (page, width, theme) == ("note", "phone", "light"):
        return "phone.png"
    if (page, width, theme) == ("home", "desktop", "dark"):
        return "dark.png"
    parts = [page] + (["phone"] if width == "phone" else []) + (["dark"] if theme == "dark" else [])
    return "-".join(parts) + ".png"


def main():
    site, folder = sys.argv[1], sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    driver = browser()
    try:
        for theme in THEMES:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                   {"features": [{"name": "prefers-color-scheme", "value": theme}]})
            for width, x, y in WIDTHS:
                driver.set_window_size(x, y)
                for page, path in PAGES:
                    driver.get("file://" + os.path.abspath(os.path.join(site, path)))
                    end = time.time() + 5
                    while time.time() < end and driver.execute_script("return document.readyState") != "complete":
                        time.sleep(0.1)
                    time.sleep(0.5)
                    target = os.path.join(folder, name(page, width, theme))
                    driver.save_screenshot(target)
                    print(target)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
