# SPDX-License-Identifier: Apache-2.0
"""Renders the HTML report in headless Chromium and checks that it rendered:
a screenshot that is not blank, and a rendered DOM that holds the dependency
graph (one SVG node per asset). Exits 77 (skipped) where Chromium is absent."""
import os
import shutil
import subprocess
import sys
import tempfile

cli, model = sys.argv[1], sys.argv[2]
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium is None:
    print("SKIP: Chromium is not installed (Debian package chromium); the HTML report was not rendered")
    sys.exit(77)

with tempfile.TemporaryDirectory() as tmp:
    html = os.path.join(tmp, "report.html")
    subprocess.run([cli, "report", model, "--today", "2026-11-28", "--html", html], check=True)
    text = open(html, encoding="utf-8").read()
    assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text, "report loads from the network"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={os.path.join(tmp, 'profile')}"]
    url = "file://" + html
    png = os.path.join(tmp, "shot.png")
    subprocess.run([chromium, *flags, "--window-size=1280,2000", f"--screenshot={png}", url],
                   check=True, capture_output=True, timeout=120)
    from PIL import Image

    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert image.size == (1280, 2000), image.size
    assert len(colours) > 20, f"screenshot looks blank ({len(colours)} colours)"
    white = max(count for count, colour in colours if colour == (255, 255, 255)) if any(
        c == (255, 255, 255) for _, c in colours) else 0
    assert white < 0.98 * image.size[0] * image.size[1], "screenshot is almost all white"
    dom = subprocess.run([chromium, *flags, "--dump-dom", url], check=True, capture_output=True, text=True,
                         timeout=120).stdout
    assert "<svg" in dom, "no graph in the rendered page"
    nodes = dom.count('class="node"')
    assert nodes >= 104, f"graph has {nodes} nodes"
    assert "Single points of failure" in dom and "Gaps against" in dom and "Owners" in dom
    print(f"rendered: {len(colours)} colours, {nodes} graph nodes")
