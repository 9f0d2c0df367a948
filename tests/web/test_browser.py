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
    """Checked with scripts blocked, saved (the default): the report has an address of its own,
    /check/<key>, and reloading it shows the report again — never the API's JSON."""
    base, _, _ = server
    browser.get(base + "/")
    shoot(browser, "desk-check.png", 800)
    no_js.get(base + "/")
    no_js.find_element(By.NAME, "text").send_keys(BODY)
    no_js.find_element(By.NAME, "title").send_keys(TITLE)
    no_js.find_element(By.NAME, "published").send_keys("04252013")  # a date field in the en-US order (--lang)
    assert no_js.find_element(By.NAME, "save").is_selected()  # saving is on unless the reader unticks it
    no_js.find_element(By.CSS_SELECTOR, "form.check button[type=submit]").click()
    WebDriverWait(no_js, 120).until(ec.presence_of_element_located((By.CSS_SELECTOR, "tr#c2")))
    assert re.search(r"/check/[0-9a-f]{16}$", no_js.current_url)
    no_js.refresh()
    WebDriverWait(no_js, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "tr#c2")))
    assert no_js.find_element(By.TAG_NAME, "h1").text == TITLE
    assert "Published 25 Apr 2013" in no_js.find_element(By.CLASS_NAME, "meta").text
    verdicts = [b.get_attribute("data-verdict") for b in no_js.find_elements(By.CSS_SELECTOR, "td .badge")]
    assert len(verdicts) == 13 and {"accurate", "close", "inaccurate", "came_true", "unverifiable"} <= set(verdicts)
    row = no_js.find_element(By.CSS_SELECTOR, "tr#c2")
    assert "862.6" in row.text and row.find_element(By.CLASS_NAME, "badge").text == "close"
    assert "Saved to the store as article" in no_js.find_element(By.CLASS_NAME, "notice").text
    assert not no_js.find_element(By.TAG_NAME, "body").text.lstrip().startswith("{")


def test_problems_come_first(server, no_js):
    """The inaccurate figure (c8, near the story's end) heads the table, then the close ones;
    what flowcheck has no series for is folded away at the end."""
    base, _, _ = server
    no_js.get(base + "/articles")
    no_js.find_element(By.CSS_SELECTOR, "a.report").click()
    WebDriverWait(no_js, 30).until(ec.url_matches(r"/articles/\d+$"))
    shown = [r.get_attribute("id") for r in no_js.find_elements(By.CSS_SELECTOR, "section > table tr.row")]
    assert shown[:3] == ["c8", "c2", "c5"] and "c6" not in shown
    counts = [b.text for b in no_js.find_elements(By.CSS_SELECTOR, "header .counts .badge")]
    assert counts == ["inaccurate 1", "close 2", "accurate 4", "did not come true 1", "came true 2", "unverifiable 3"]
    folded = no_js.find_element(By.CSS_SELECTOR, "details.folded summary")
    assert folded.text.startswith("3 figures flowcheck has no series for")
    assert not no_js.find_element(By.ID, "c6").is_displayed()
    folded.click()
    assert no_js.find_element(By.ID, "c6").is_displayed()


def test_a_click_on_a_highlighted_figure_goes_to_its_row_and_back(server, no_js):
    base, _, _ = server
    no_js.get(base + "/articles")
    no_js.find_element(By.CSS_SELECTOR, "a.report").click()
    WebDriverWait(no_js, 30).until(ec.url_matches(r"/articles/\d+$"))
    figure = next(a for a in no_js.find_elements(By.CSS_SELECTOR, "article a.figure") if a.text == "862.6 billion yen")
    figure.click()
    assert no_js.current_url.endswith("#c2")
    row = no_js.find_element(By.CSS_SELECTOR, "tr#c2")
    top = no_js.execute_script("return arguments[0].getBoundingClientRect().top", row)
    assert -2 <= top < 200  # scrolled to the row
    row.find_element(By.CSS_SELECTOR, "a.back").click()
    assert no_js.current_url.endswith("#m-c2")
    back = no_js.execute_script("return document.getElementById('m-c2').getBoundingClientRect().top")
    assert -2 <= back < 200


def test_follow_a_stored_audit_from_the_article_list(server, no_js, browser):
    base, _, _ = server
    no_js.get(base + "/articles")
    link = no_js.find_element(By.CSS_SELECTOR, "a.report")
    assert link.text == TITLE
    link.click()
    WebDriverWait(no_js, 30).until(ec.url_matches(r"/articles/\d+$"))
    assert no_js.find_element(By.TAG_NAME, "h1").text == TITLE
    assert no_js.find_element(By.CSS_SELECTOR, "tr#c2 .badge").text == "close"
    assert len(no_js.find_elements(By.CSS_SELECTOR, "svg.chart.wide")) >= 4
    browser.get(no_js.current_url)
    shoot(browser, "desk-report.png", 1600)
    browser.get(base + "/forecasts")
    assert "Uwe Parpart" in browser.find_element(By.CSS_SELECTOR, "table.forecasts-came_true").text
    shoot(browser, "desk-forecasts.png", 800)


def test_errors_are_desk_pages_with_the_navigation_bar(server, no_js):
    base, _, _ = server
    for path, heading in (("/nope", "Page not found"), ("/articles/abc", "Page not found")):
        no_js.get(base + path)
        assert no_js.find_element(By.TAG_NAME, "h1").text == heading
        assert [a.text for a in no_js.find_elements(By.CSS_SELECTOR, "nav.desk a")][:3] == [
            "flowcheck", "Check a story", "Articles"]
    no_js.get(base + "/claims?verdict=bogus")
    error = no_js.find_element(By.CSS_SELECTOR, ".error").text
    assert "unknown verdict 'bogus'" in error and "wrong_direction" in error
    assert not no_js.find_elements(By.CSS_SELECTOR, "table.claims")


def phone(driver, height: int = 844) -> None:
    """A 390-px-wide phone screen (an iPhone 12–15's CSS width)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": height, "deviceScaleFactor": 1, "mobile": True})


def desktop(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


CHART_TEXT_PX = """return Array.from(document.querySelectorAll('svg.chart'))
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => Array.from(svg.querySelectorAll('text'))
    .map(t => parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a));"""


def test_on_a_phone_chart_text_is_11_px_and_pages_fit(server, browser, tmp_path):
    """At 390 px wide the charts shown are the narrow ones, whose text measures 11 px or more on
    screen (font size in the SVG times the SVG's scale); /data does not scroll sideways and the
    stacked rows of /claims keep their column names."""
    base, _, _ = server
    report = tmp_path / "seed-report.html"
    subprocess.run([sys.executable, "-m", "extractor.cli", "audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "html",
                    "-o", str(report)], check=True, cwd=ROOT, capture_output=True)
    browser.get(report.as_uri())
    shoot(browser, "seed-report.png", 1800)
    try:
        phone(browser)
        browser.get(report.as_uri())
        sizes = browser.execute_script(CHART_TEXT_PX)
        assert len(sizes) > 40 and min(sizes) >= 11, sorted(sizes)[:5]
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        if SHOTS is not None:  # the claims table on a phone, from the most serious claim down
            phone(browser, 1500)
            browser.get(report.as_uri() + "#c8")
            browser.save_screenshot(str(Path(SHOTS) / "seed-report-phone.png"))
            phone(browser)
        browser.get(base + "/data")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        browser.get(base + "/claims")
        cell = browser.find_element(By.CSS_SELECTOR, "table.claims td[data-label=official]")
        label = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", cell)
        assert label == '"official"'
    finally:
        desktop(browser)


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
    assert re.search(r'"POST /audit HTTP/1\.1" 303', text)  # the check answers with its own address …
    assert re.search(r'"GET /check/[0-9a-f]+ HTTP/1\.1" 200', text)  # … which shows the report
    assert re.search(r'"GET /docs HTTP/1\.1" 200', text)
    assert "Traceback" not in text
