//! End-to-end tests: the release build in `dist/` running in headless Chromium.
//!
//! Ignored by a plain `cargo test` (they need `trunk build --release` and chromium); `./xtask/test`
//! builds dist/ and runs them with `cargo test --test browser -- --ignored --test-threads=1`.
//! The harness is in `tests/support/mod.rs`.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{dist_request_paths, Browser, APP_PATH};

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn app_mounts_and_echoes_typed_input() {
    let browser = Browser::start().await;
    browser.goto("/").await;

    assert_eq!(browser.text("main#app h1").await, "sso-doctor");
    let label = browser.text("label[for=input]").await;
    assert!(!label.is_empty(), "the input area has no label");
    assert_eq!(browser.text("#results").await, "0 characters");

    browser.type_text("#input", "<samlp:Response/>").await;
    browser.wait_for_text("#results", "17 characters").await;
    browser.set_value("#input", "ééé").await;
    browser.wait_for_text("#results", "3 characters").await;
    browser.screenshot("smoke").await;

    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn page_requests_only_its_own_files_and_logs_no_error() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    browser.find("main#app").await;

    let requests = browser.requests();
    let own_files = dist_request_paths();
    let foreign: Vec<&String> = requests.iter().filter(|r| !own_files.contains(*r)).collect();
    assert!(foreign.is_empty(), "requests outside dist/: {foreign:?} (all: {requests:?})");
    for kind in [".wasm", ".js", ".css"] {
        assert!(requests.iter().any(|r| r.ends_with(kind)), "no {kind} file was loaded: {requests:?}");
    }
    assert_eq!(requests.first().map(String::as_str), Some(APP_PATH));

    // No inline script ran and none was needed: any CSP violation would be a SEVERE log entry.
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn content_security_policy_refuses_other_origins_and_inline_script() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    browser.find("main#app").await;

    let policy = browser
        .execute("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content;", vec![])
        .await;
    let policy = policy.as_str().unwrap_or_default();
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");

    // A fetch to another origin (another port of 127.0.0.1) and an injected inline script must both
    // be refused by the page's policy, each with a securitypolicyviolation event.
    let outcome = browser
        .execute(
            "const violations = [];
             document.addEventListener('securitypolicyviolation', e => violations.push(e.effectiveDirective));
             const script = document.createElement('script');
             script.textContent = 'window.inlineScriptRan = true;';
             document.body.append(script);
             let fetched;
             try { await fetch('http://127.0.0.1:9/'); fetched = 'allowed'; } catch (e) { fetched = 'refused'; }
             await new Promise(resolve => setTimeout(resolve, 100));
             return { fetched, inlineScriptRan: window.inlineScriptRan === true, violations };",
            vec![],
        )
        .await;
    assert_eq!(outcome["fetched"], "refused", "{outcome}");
    assert_eq!(outcome["inlineScriptRan"], false, "{outcome}");
    let violations = outcome["violations"].to_string();
    assert!(violations.contains("connect-src"), "{outcome}");
    assert!(violations.contains("script-src-elem"), "{outcome}");
    browser.close().await;
}
