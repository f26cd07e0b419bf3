# SPDX-License-Identifier: Apache-2.0
"""The explorer in a real browser: headless Chromium driven by Selenium on
file://, checked against the CLI.

  check_explorer.py CLI MODEL SCREENSHOT_DIR

- search, open an asset, read each property's explanation path from the DOM
  and compare it with `infoclass explain --format json`;
- change a level (what if): the changes panel lists exactly the (asset,
  property) pairs whose effective levels the CLI computes to differ for the
  edited model, with the CLI's new levels; undo restores;
- download the edited model and read it back with the CLI;
- the same change with the keyboard alone;
- no console errors, and no request leaves the page (performance log);
- screenshots of the main views.
Exits 77 (skipped) where Chromium or its driver is absent.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

cli, model, shots = sys.argv[1], sys.argv[2], sys.argv[3]
driver_path = shutil.which("chromedriver")
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if driver_path is None or chromium is None:
    print("SKIP: chromium and chromium-driver are not installed (scripts/install-deps)")
    sys.exit(77)
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("SKIP: python3-selenium is not installed (scripts/install-deps)")
    sys.exit(77)


def cli_json(*args):
    return json.loads(subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout)


def effective(result):
    return {(a["id"], k): v for a in result["assets"] for k, v in a["effective"].items()}


os.makedirs(shots, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    page = os.path.join(tmp, "explorer.html")
    subprocess.run([cli, "export", model, "--to", "html", "-o", page], check=True)
    size = os.path.getsize(page)
    # report --html writes the same explorer.
    report = os.path.join(tmp, "report.html")
    subprocess.run([cli, "report", model, "--html", report], check=True)
    if open(report, "rb").read() != open(page, "rb").read():
        print("report --html does not write the explorer that export --to html writes")
        sys.exit(1)
    downloads = os.path.join(tmp, "downloads")
    os.makedirs(downloads)

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1600", f"--user-data-dir={os.path.join(tmp, 'profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    failures = []
    try:
        started = time.monotonic()
        driver.get("file://" + page)
        wait = WebDriverWait(driver, 60)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        ready = time.monotonic() - started
        driver.save_screenshot(os.path.join(shots, "explorer-list.png"))

        # The review findings as exported equal the CLI's review.
        review = cli_json("review", model, "--format", "json")
        want = ([(i, "review overdue") for i in review["overdue"]] +
                [(i, "information without a review date") for i in review["missing_review"]] +
                [(i, "asset without owner") for i in review["without_owner"]])
        got = [(r.find_elements(By.TAG_NAME, "td")[0].text, r.find_elements(By.TAG_NAME, "td")[1].text)
               for r in driver.find_elements(By.CSS_SELECTOR, "#reviews tbody tr")]
        if got != want[:200]:
            failures.append(f"review findings {got[:3]}... differ from the CLI's {want[:3]}...")

        # Search, then open an asset from the results.
        asset = "srv-sql-01"
        search = driver.find_element(By.ID, "search")
        search.send_keys("sql-01")
        rows = driver.find_elements(By.CSS_SELECTOR, "#asset-table tbody tr")
        ids = [r.find_element(By.CSS_SELECTOR, "a").text for r in rows]
        if asset not in ids or len(ids) > 3:
            failures.append(f"search 'sql-01' found {ids}")
        driver.find_element(By.LINK_TEXT, asset).click()
        wait.until(lambda d: d.find_element(By.ID, "asset-title").is_displayed())
        driver.save_screenshot(os.path.join(shots, "explorer-asset.png"))

        # Each property's explanation path equals the CLI's.
        for key in ["K", "R", "T", "S"]:
            want = [s["asset"] for s in cli_json("explain", model, asset, key, "--format", "json")["path"]]
            got = [li.get_attribute("data-asset") for li in
                   driver.find_elements(By.CSS_SELECTOR, f'#explanations details[data-property="{key}"] li')]
            if got != want:
                failures.append(f"explanation {asset} {key}: page {got}, CLI {want}")

        # What if: the information behind it is lowered to K1.
        baseline = cli_json("propagate", model, "--format", "json")
        info = "socialakter"
        driver.get("file://" + page + "#asset/" + info)
        wait.until(lambda d: d.find_element(By.ID, "asset-title").text.startswith(info))
        Select(driver.find_element(By.ID, "whatif-property")).select_by_value("K")
        Select(driver.find_element(By.ID, "whatif-level")).select_by_value("1")
        driver.find_element(By.ID, "whatif-set-level").click()
        wait.until(lambda d: "levels moved" in d.find_element(By.ID, "status").text)
        driver.save_screenshot(os.path.join(shots, "explorer-whatif.png"))
        listed = {(r.get_attribute("data-asset"), r.get_attribute("data-property")):
                  r.find_elements(By.TAG_NAME, "td")[3].text.split(" ")[0]
                  for r in driver.find_elements(By.CSS_SELECTOR, "#changes-table tbody tr")}

        edited = json.load(open(model, encoding="utf-8"))
        for a in edited["assets"]:
            if a["id"] == info:
                a.setdefault("classification", {})["K"] = 1
        edited_path = os.path.join(tmp, "edited.json")
        json.dump(edited, open(edited_path, "w", encoding="utf-8"), ensure_ascii=False)
        after = effective(cli_json("propagate", edited_path, "--format", "json"))
        before = effective(baseline)
        moved = {k: ("–" if v is None else str(v)) for k, v in after.items() if before.get(k) != v}
        if listed != moved:
            failures.append(f"changes panel {sorted(listed.items())[:8]}... differs from the CLI {sorted(moved.items())[:8]}")
        if not moved:
            failures.append("lowering socialakter K moved nothing: the test checks nothing")

        # Download the edited model; the CLI reads it back with the same levels.
        driver.find_element(By.ID, "download").click()
        for _ in range(100):
            files = [f for f in os.listdir(downloads) if f.endswith(".json")]
            if files:
                break
            time.sleep(0.1)
        if not files:
            failures.append("no download")
        else:
            back = effective(cli_json("propagate", os.path.join(downloads, files[0]), "--format", "json"))
            if back != after:
                failures.append("the downloaded model does not propagate to the edited levels")

        # Undo brings the baseline back.
        driver.find_element(By.ID, "undo").click()
        wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Undone"))
        driver.get("file://" + page + "#asset/" + asset)

        # The keyboard alone: '/' to search, Tab to the first result, Enter to open.
        driver.get("file://" + page)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("/")
        active = driver.switch_to.active_element
        if active.get_attribute("id") != "search":
            failures.append("'/' does not focus the search")
        active.send_keys(info)
        for _ in range(12):
            active = driver.switch_to.active_element
            if active.tag_name == "a" and active.text == info:
                break
            active.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        if active.text != info:
            failures.append(f"Tab did not reach the result link (at {active.tag_name} {active.text!r})")
        else:
            active.send_keys(Keys.ENTER)
            wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "asset-title")

        # No console errors; no request other than the page itself.
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        if errors:
            failures.append(f"console errors: {errors[:3]}")
        requests = set()
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            # Requests of the page (the browser's own pages, chrome://, aside).
            if message["method"] == "Network.requestWillBeSent" and \
                    message["params"].get("documentURL", "").startswith("file://"):
                url = message["params"]["request"]["url"]
                if not url.startswith(("file://", "data:", "blob:")):
                    requests.add(url)
        if requests:
            failures.append(f"requests left the page: {sorted(requests)[:5]}")
    finally:
        driver.quit()

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(f"explorer: {size} bytes, ready in {ready:.1f} s; explanations, what-if ({len(moved)} levels moved), "
          f"download, undo and keyboard agree with the CLI; no console errors, no requests")
