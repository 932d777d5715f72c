"""The site in a real browser: Debian's chromium, headless, driven through
/usr/bin/chromedriver by Selenium.  Goes from the home page to a working group, to one
of its meetings, to the report on that meeting and to the paragraph that states it,
then switches to French.  Screenshots are saved under the test's tmp folder (and kept
as artefacts under build/browser/ when CI is set)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def ensure_chromium() -> None:
    """Install Debian's chromium and chromium-driver when they are missing (never a
    browser download of its own)."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    if shutil.which("apt-get") is None:
        pytest.fail("chromium is missing and apt-get is not available to install it")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=900)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
                   check=True, env=env, timeout=1800)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from ctoc_kg.site import SiteServer, build_site

    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(out)
    server = SiteServer(out, "127.0.0.1:0").start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--window-size=1280,1600"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    yield folder
    if os.environ.get("CI"):
        keep = REPO / "build" / "browser"
        keep.mkdir(parents=True, exist_ok=True)
        for p in folder.glob("*.png"):
            shutil.copy(p, keep / p.name)


def click_link(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    links = driver.find_elements(By.PARTIAL_LINK_TEXT, text)
    assert links, f"no link {text!r} on {driver.current_url}"
    links[0].click()


def fact_row(driver, predicate: str):
    """The row of the facts table whose property reads ``predicate``."""
    from selenium.webdriver.common.by import By

    rows = [r for r in driver.find_element(By.ID, "facts").find_elements(By.TAG_NAME, "tr")
            if r.find_elements(By.TAG_NAME, "th") and r.find_element(By.TAG_NAME, "th").text == predicate]
    assert len(rows) == 1, f"{predicate!r} on {driver.current_url}: {len(rows)} rows"
    return rows[0]


def heading(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, "label").text


def test_from_home_to_the_paragraph_and_into_french(served, browser, shots):
    from selenium.webdriver.common.by import By

    browser.get(served.url)  # 303 to index.html
    assert browser.current_url.endswith("/index.html")
    assert heading(browser) == "CTOC knowledge graph"
    assert browser.find_element(By.CSS_SELECTOR, "figure.diagram svg")  # the bodies diagram
    browser.save_screenshot(str(shots / "1-index.png"))

    click_link(browser, "Working Group on Firearms")
    assert browser.current_url.endswith("/id/body/working-group-firearms.html")
    assert heading(browser) == "Working Group on Firearms"
    assert "working group" in browser.find_element(By.ID, "types").text
    browser.save_screenshot(str(shots / "2-working-group.png"))

    # each fact carries the paragraphs that state it
    assert "[para. 10]" in fact_row(browser, "membership character").text
    assert "[para. 11]" in fact_row(browser, "reports to").text

    browser.find_element(By.LINK_TEXT, "seventh meeting of the Working Group on Firearms").click()
    assert heading(browser) == "seventh meeting of the Working Group on Firearms"
    facts = browser.find_element(By.ID, "facts").text
    assert "16 July 2020" in facts and "17 July 2020" in facts and "planned" in facts
    assert fact_row(browser, "start date").text.endswith("16 July 2020 [heading 4, para. 12]")
    browser.save_screenshot(str(shots / "3-meeting.png"))

    click_link(browser, "CTOC/COP/WG.6/2020/4")
    assert browser.current_url.endswith("/id/doc/ctoc-cop-wg.6-2020-4.html")
    assert "CTOC/COP/WG.6/2020/4" in heading(browser)
    assert "CTOC/COP/WG.6/2020/4" in browser.find_element(By.ID, "facts").text
    browser.save_screenshot(str(shots / "4-report.png"))

    # the paragraph that states THIS fact (the report is on the seventh meeting): para. 12
    row = fact_row(browser, "reports on")
    assert "seventh meeting" in row.text
    link = row.find_element(By.CSS_SELECTOR, "a.stated-by")
    assert link.text == "para. 12" and link.get_attribute("title") == "paragraph 12 of the note of 1 July 2020"
    link.click()
    assert browser.current_url.endswith("/id/doc/note-2020-07-01-subsidiary-bodies/para/12.html")
    assert heading(browser) == "paragraph 12 of the note of 1 July 2020"
    stated = browser.find_element(By.ID, "stated-here").text
    assert "CTOC/COP/WG.6/2020/4" in stated and "seventh meeting" in stated
    browser.save_screenshot(str(shots / "5-paragraph.png"))

    browser.find_element(By.ID, "lang-switch").click()
    assert browser.current_url.endswith("/para/12.fr.html")
    assert heading(browser) == "paragraphe 12 de la note du 1er juillet 2020"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    browser.find_element(By.LINK_TEXT, "septième réunion du Groupe de travail sur les armes à feu").click()
    assert heading(browser) == "septième réunion du Groupe de travail sur les armes à feu"
    assert "16 juillet 2020" in browser.find_element(By.ID, "facts").text
    assert "par. 12" in fact_row(browser, "date de début").text
    browser.save_screenshot(str(shots / "6-french.png"))

    # the note: its English title could not be confirmed, said on the French page too;
    # its French language version has its own page
    browser.back()
    assert browser.current_url.endswith("/para/12.fr.html")
    fact_row(browser, "partie de").find_element(By.CSS_SELECTOR, "td a").click()
    assert browser.current_url.endswith("/id/doc/note-2020-07-01-subsidiary-bodies.fr.html")
    notice = browser.find_element(By.ID, "unconfirmed")
    assert notice.is_displayed() and "n'a pas pu être confirmé" in notice.text
    assert "Note by the Secretariat" in notice.text  # the English text in question, quoted
    assert "(anglais non confirmé)" in browser.find_element(By.CLASS_NAME, "other-label").text
    browser.save_screenshot(str(shots / "7-note-flag.png"))
    browser.find_element(By.ID, "versions").find_element(By.PARTIAL_LINK_TEXT, "version française").click()
    assert browser.current_url.endswith("/id/doc/note-2020-07-01-subsidiary-bodies/fr.fr.html")
    assert heading(browser).startswith("version française de la Note du Secrétariat")
    assert "version linguistique" in browser.find_element(By.ID, "types").text
    browser.find_element(By.ID, "lang-switch").click()
    assert browser.current_url.endswith("/fr.html")
    assert "1 July 2020" in fact_row(browser, "distribution date").text
    browser.save_screenshot(str(shots / "8-language-version.png"))
    assert len(list(shots.glob("*.png"))) == 8
