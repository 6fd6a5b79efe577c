//! The web page in a real browser: headless Debian Chromium, driven through the DevTools
//! protocol, loads the page from a test server, searches for IoT-SSF, checks the rendered hits
//! and chart, clicks a facet, and keeps a screenshot under `target/browser/`.

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use crate::common::{TestServer, bundled_index, repo, scratch, skip};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Evaluates `js` in the page and returns its JSON value.
pub(crate) fn eval(tab: &Tab, js: &str) -> Value {
    tab.evaluate(js, false).expect("evaluate").value.unwrap_or(Value::Null)
}

/// Waits until `js` evaluates to `true`.
pub(crate) fn wait_until(tab: &Tab, js: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while eval(tab, js) != Value::Bool(true) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}; page state: {}", state(tab));
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn state(tab: &Tab) -> Value {
    eval(
        tab,
        "JSON.stringify({state: document.querySelector('main').dataset.state, url: location.href, error: document.getElementById('error').textContent})",
    )
}

/// Headless Chromium with a fresh profile in scratch folder `profile` (one per test: tests run
/// in parallel), or `None` (see [`skip`]) when it is not installed.
pub(crate) fn chromium(profile: &str) -> Option<Browser> {
    if !Path::new(CHROMIUM).exists() {
        skip(&format!("{CHROMIUM} (Debian's chromium)"));
        return None;
    }
    let profile = scratch(profile);
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(CHROMIUM.into()))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile))
        .window_size(Some((1280, 1000)))
        .args(args)
        .build()
        .expect("launch options");
    Some(Browser::new(options).expect("start chromium"))
}

/// Saves a full-page screenshot as `target/browser/<name>` and returns its path.
pub(crate) fn screenshot(tab: &Tab, name: &str) -> std::path::PathBuf {
    let png =
        tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true).expect("screenshot");
    let artifacts = repo().join("target").join("browser");
    std::fs::create_dir_all(&artifacts).unwrap();
    let path = artifacts.join(name);
    std::fs::write(&path, &png).unwrap();
    println!("screenshot: {}", path.display());
    path
}

#[test]
fn search_facet_and_chart_render_in_chromium() {
    let Some(browser) = chromium("browser-profile") else { return };
    let server = TestServer::start(bundled_index());
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&server.base).unwrap().wait_until_navigated().unwrap();

    // Search by typing, as a user would.
    tab.wait_for_element("#q").unwrap().click().unwrap();
    tab.type_str("IoT-SSF").unwrap().press_key("Enter").unwrap();
    wait_until(
        &tab,
        "document.querySelector('main').dataset.state === 'ready' && location.search.includes('q=IoT-SSF')",
        "the search",
    );

    let hits = eval(
        &tab,
        "JSON.stringify([...document.querySelectorAll('#hits li.hit')].map(h => ({id: h.dataset.id, marks: [...h.querySelectorAll('.snippet mark')].map(m => m.textContent), title: h.querySelector('h3').textContent})))",
    );
    let hits: Vec<Value> = serde_json::from_str(hits.as_str().unwrap()).unwrap();
    assert!(!hits.is_empty());
    assert_eq!(hits[0]["id"], "000_09dfc5473c016387.txt");
    assert_eq!(hits[0]["marks"][0], "IoT-SSF");
    assert!(
        hits[0]["title"].as_str().unwrap().contains("サイバーセキュリティ2024"),
        "Japanese text arrives intact"
    );

    // The chart has one bar per fiscal year of the trend.
    let bars = eval(
        &tab,
        "JSON.stringify([...document.querySelectorAll('#chart svg rect.bar')].map(b => [b.dataset.fy, Number(b.dataset.matching)]))",
    );
    let bars: Vec<(String, u64)> = serde_json::from_str(bars.as_str().unwrap()).unwrap();
    let (_, trend) = server.get("/api/trend?q=IoT-SSF&by=fy");
    let trend: seisaku::model::TrendResponse = serde_json::from_str(&trend).unwrap();
    let expected: Vec<(String, u64)> = trend.buckets.into_iter().map(|b| (b.key, b.matching)).collect();
    assert_eq!(bars, expected);
    assert_eq!(
        bars.iter().filter(|(_, n)| *n > 0).map(|(fy, _)| fy.as_str()).collect::<Vec<_>>(),
        ["2023", "2024"]
    );
    assert_eq!(eval(&tab, "document.getElementById('chart').hidden"), Value::Bool(false));

    // Issue 15: one language (Japanese), and a chart of counts with the share in % a toggle away.
    let axis = "document.querySelector('#chart .y-axis .axis-title').textContent";
    assert_eq!(eval(&tab, axis), "段落数");
    let text = eval(&tab, "document.querySelector('main').innerText");
    assert!(!text.as_str().unwrap().to_lowercase().contains("passage"), "English left on the page: {text}");
    assert!(text.as_str().unwrap().contains("段落"), "{text}");
    tab.find_element("#chart-toggle button[data-measure='share']").unwrap().click().unwrap();
    wait_until(&tab, &format!("{axis} === '割合 (%)'"), "the chart of shares");
    let ticks = eval(
        &tab,
        "JSON.stringify([...document.querySelectorAll('#chart .y-axis .tick')].map(t => t.textContent))",
    );
    let ticks: Vec<String> = serde_json::from_str(ticks.as_str().unwrap()).unwrap();
    assert!(ticks.len() > 1 && ticks.iter().all(|t| t.ends_with('%')), "{ticks:?}");

    // A facet click filters and is reflected in the URL.
    let facet = "#facet-ministry button[data-value='経済産業省']";
    wait_until(&tab, &format!("!!document.querySelector(\"{facet}\")"), "the ministry facet");
    tab.find_element(facet).unwrap().click().unwrap();
    wait_until(
        &tab,
        "document.querySelector('main').dataset.state === 'ready' && decodeURIComponent(location.search).includes('ministry=経済産業省')",
        "the filtered search",
    );
    let badges = eval(
        &tab,
        "JSON.stringify([...document.querySelectorAll('#hits li.hit')].map(h => [...h.querySelectorAll('.badge.ministry')].map(b => b.textContent)))",
    );
    let badges: Vec<Vec<String>> = serde_json::from_str(badges.as_str().unwrap()).unwrap();
    assert!(!badges.is_empty());
    assert!(badges.iter().all(|b| b.iter().any(|m| m.contains("経済産業省"))), "{badges:?}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector(\"#facet-ministry button[data-value='経済産業省']\").getAttribute('aria-pressed')"
        ),
        Value::from("true")
    );

    // The page works from a shared URL, too.
    tab.navigate_to(&format!("{}/?q=%E5%A4%96%E5%8B%99%E7%9C%81", server.base))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_until(&tab, "document.querySelector('main').dataset.state === 'ready'", "the shared URL's search");
    assert_eq!(eval(&tab, "document.getElementById('q').value"), Value::from("外務省"));

    screenshot(&tab, "seisaku.png");
}
