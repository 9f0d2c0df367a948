"""The desk in a real browser: Debian's headless Chromium driven by Selenium against a live
``flowcheck serve`` on a free 127.0.0.1 port, with every other host unreachable (the browser
resolves no name but 127.0.0.1). The story is checked with JavaScript switched off, as a
reader with scripts blocked would; /docs (Swagger UI needs JavaScript) must render with the
network blocked. ``FLOWCHECK_SCREENSHOTS=docs`` also saves the screenshots kept in docs/."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, SEED_TXT

pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver "
                                "(apt-get install chromium chromium-driver; .ci/run installs them)")
TITLE, BODY = SEED_TXT.read_text("utf-8").split("\n", 1)
SHOTS = ROOT / os.environ["FLOWCHECK_SCREENSHOTS"] if os.environ.get("FLOWCHECK_SCREENSHOTS") else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live ``flowcheck serve`` subprocess; yields (base URL, process, log file path)."""
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {**os.environ, "FLOWCHECK_DATA_DIR": str(tmp / "data")}
    log = tmp / "serve.log"
    with log.open("w") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--port", str(port), "--db",
                                 str(tmp / "store.sqlite")], stdout=handle, stderr=subprocess.STDOUT, env=env,
                                cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"flowcheck serve did not start: {log.read_text()}")
        time.sleep(0.5)
    yield base, proc, log
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)


def chromium(tmp_path_factory, *, javascript: bool) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=en-US",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_page_load_timeout(120)
    return driver


@pytest.fixture(scope="module")
def no_js(tmp_path_factory):
    driver = chromium(tmp_path_factory, javascript=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory, javascript=True)
    yield driver
    driver.quit()


def shoot(driver, name: str, height: int = 1000) -> None:
    if SHOTS is None:
        return
    driver.set_window_size(1280, height)
    driver.save_screenshot(str(Path(SHOTS) / name))
    driver.set_window_size(1280, 1000)


def test_check_the_seed_story_with_javascript_off(server, no_js, browser):
    base, _, _ = server
    browser.get(base + "/")
    shoot(browser, "desk-check.png", 800)
    no_js.get(base + "/")
    no_js.find_element(By.NAME, "text").send_keys(BODY)
    no_js.find_element(By.NAME, "title").send_keys(TITLE)
    no_js.find_element(By.NAME, "published").send_keys("04252013")  # a date field in the en-US order (--lang)
    no_js.find_element(By.NAME, "save").click()
    no_js.find_element(By.CSS_SELECTOR, "form.check button[type=submit]").click()
    WebDriverWait(no_js, 120).until(ec.presence_of_element_located((By.CSS_SELECTOR, "tr#c2")))
    assert no_js.find_element(By.TAG_NAME, "h1").text == TITLE
    assert "Published 25 Apr 2013" in no_js.find_element(By.CLASS_NAME, "meta").text
    badges = [b.text for b in no_js.find_elements(By.CSS_SELECTOR, "td .badge")]
    assert len(badges) == 12 and {"accurate", "close", "inaccurate", "came_true", "unverifiable"} <= set(badges)
    row = no_js.find_element(By.CSS_SELECTOR, "tr#c2")
    assert "862.6" in row.text and row.find_element(By.CLASS_NAME, "badge").text == "close"
    assert "Saved to the store as article" in no_js.find_element(By.CLASS_NAME, "notice").text


def test_follow_a_stored_audit_from_the_article_list(server, no_js, browser):
    base, _, _ = server
    no_js.get(base + "/articles")
    link = no_js.find_element(By.CSS_SELECTOR, "a.report")
    assert link.text == TITLE
    link.click()
    WebDriverWait(no_js, 30).until(ec.url_matches(r"/articles/\d+$"))
    assert no_js.find_element(By.TAG_NAME, "h1").text == TITLE
    assert no_js.find_element(By.CSS_SELECTOR, "tr#c2 .badge").text == "close"
    assert len(no_js.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 4
    browser.get(no_js.current_url)
    shoot(browser, "desk-report.png", 1600)
    browser.get(base + "/forecasts")
    assert "Uwe Parpart" in browser.find_element(By.CSS_SELECTOR, "table.forecasts-came_true").text
    shoot(browser, "desk-forecasts.png", 800)


def test_docs_render_with_the_network_blocked(server, browser):
    base, _, _ = server
    with pytest.raises(WebDriverException, match="ERR_NAME_NOT_RESOLVED"):  # the block holds
        browser.get("http://example.com/")
    browser.get(base + "/docs")
    title = WebDriverWait(browser, 60).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".swagger-ui .info .title")))
    assert title.text.startswith("flowcheck") and "OAS 3.1" in title.text  # the API schema, rendered
    paths = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
    assert "/v1/audit" in paths
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert any(u.endswith("/-/docs/swagger-ui-bundle.js") for u in loaded)
    assert all(u.startswith(base + "/") for u in loaded), loaded


def test_serve_logs_each_request_and_stops_on_ctrl_c(server):
    _, proc, log = server
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 0
    text = log.read_text()
    assert re.search(r"^flowcheck desk on http://127\.0\.0\.1:\d+/", text, re.M)
    assert re.search(r'"POST /audit HTTP/1\.1" 200', text) and re.search(r'"GET /docs HTTP/1\.1" 200', text)
    assert "Traceback" not in text
