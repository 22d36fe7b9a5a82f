//! End-to-end tests: the release build in `dist/` running in headless Chromium.
//!
//! Ignored by a plain `cargo test` (they need `trunk build --release` and chromium); `./xtask/test`
//! builds dist/ and runs them with `cargo test --test browser -- --ignored --test-threads=1`.
//! The harness is in `tests/support/mod.rs`. The findings shown are compared with what the core
//! (`sso_doctor::analyze`, the engine the CLI runs) reports for the same inputs.

// Tests may read the clock (waiting for the page); the core may not, which is what clippy.toml enforces.
#![allow(clippy::disallowed_methods)]
// Helpers of a test crate may unwrap too: a panic there is a failed test (team rule).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Write as _;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use sso_doctor::decode::Input;
use sso_doctor::examples::{self, EXAMPLES};
use sso_doctor::profile::Profile;
use support::{dist_request_paths, Browser, APP_PATH, WAIT};

/// What the Chromium WebDriver calls the keys.
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn first_screen_shows_the_example_diagnosis() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;

    let example = examples::find(examples::DEFAULT_EXAMPLE).unwrap();
    let verdict = browser.text("#verdict").await;
    assert!(verdict.contains(example.title), "{verdict}");
    assert_eq!(kinds(&browser).await, vec!["AuthnRequest", "Response"]);
    assert_eq!(dom_rules(&browser).await, cli_rules(&example.inputs(), &example.profile(), shown_time(&browser).await));
    // The summary card: key fields with times relative to the capture, the claims, the certificate.
    let response = browser.text("#messages .message[data-kind=Response]").await;
    for expected in
        ["jane.doe@acme.example", examples::IDENTIFIER, examples::REPLY_URL, "after the capture", "Phone number"]
    {
        assert!(response.contains(expected), "{expected} missing from the Response card:\n{response}");
    }
    let thumbprint = browser.execute("return document.querySelector('.certificate').dataset.thumbprint;", vec![]).await;
    assert_eq!(thumbprint, examples::SIGNING_THUMBPRINT);
    browser.find("#certificates .certificate[data-expected=true][data-validity=valid]").await;
    // The Assertion's signature verifies with the certificate the profile expects.
    let signature =
        browser.text("#messages .message[data-kind=Response] .signature[data-status=verified-expected]").await;
    for expected in ["rsa-sha256", "xml-exc-c14n", "digest matches", "verifies"] {
        assert!(signature.contains(expected), "{expected} missing from the signature panel:\n{signature}");
    }
    assert!(browser.text("#time-used").await.contains("capture time"));
    assert!(browser.text("#profile-in-use").await.contains(examples::TENANT_ID));

    let ms = browser.execute("return window.ssoDoctorFirstDiagnosisMs;", vec![]).await;
    let ms = ms.as_f64().expect("the app marks its first diagnosis");
    eprintln!("navigation to first analysed example: {ms:.0} ms");
    write_metric("first-diagnosis-ms", &format!("{ms:.0}"));
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn each_example_gives_its_findings() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    for example in EXAMPLES {
        load_example(&browser, example.id).await;
        let expected = cli_rules(&example.inputs(), &example.profile(), shown_time(&browser).await);
        assert_eq!(dom_rules(&browser).await, expected, "example {}", example.id);
        for rule in example.expected_rules.iter().filter(|id| sso_doctor::rules::explain(id).is_some()) {
            browser.find(&format!("#findings .finding[data-rule='{rule}']")).await;
        }
        let messages = browser.find_all("#messages .message").await.len();
        assert_eq!(
            messages,
            example.files.iter().filter(|f| f.name.to_ascii_lowercase().ends_with(".xml")).count(),
            "{}",
            example.id
        );
    }
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn typing_a_trace_analyses_it_live_with_the_saved_profile() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;

    let response = examples::find("missing-email-claim").unwrap().files[1].text;
    browser.set_value("#input", response).await;
    wait_analysed(&browser).await;
    assert_eq!(kinds(&browser).await, vec!["Response"]);
    let inputs = [Input::text("pasted text", response)];
    assert_eq!(dom_rules(&browser).await, cli_rules(&inputs, &Profile::default(), shown_time(&browser).await));
    assert!(browser.find_all("#inputs .chip[data-origin=example]").await.is_empty(), "the example left");
    assert!(browser.text("#profile-in-use").await.contains("NumlyEngage defaults"));

    // Typing the unrecognised text gives a finding whose documentation opens in the app.
    browser.set_value("#input", "hello world").await;
    wait_analysed(&browser).await;
    let rules = dom_rules(&browser).await;
    assert_eq!(
        rules,
        cli_rules(&[Input::text("pasted text", "hello world")], &Profile::default(), shown_time(&browser).await)
    );
    assert!(rules.contains(&"decode.unrecognized".to_owned()), "{rules:?}");
    // The long form of the documentation is a module of its own (xtask/rule-docs), imported on the first "Learn more".
    let docs_loads = |requests: Vec<String>| requests.iter().filter(|r| r.contains("/rule-docs-")).count();
    assert_eq!(docs_loads(browser.requests()), 0, "the documentation module was loaded before it was needed");
    browser.find(".finding[data-rule='decode.unrecognized'] .learn-more").await.click().await.unwrap();
    let doc = browser.wait_for_text("dialog#rule-doc[open]", "What it does").await;
    for section in ["Why is this bad?", "Example", "How to fix", "References"] {
        assert!(doc.contains(section), "{section} missing: {doc}");
    }
    let expected = sso_doctor::rules::explain("decode.unrecognized").unwrap();
    assert!(doc.contains(expected.title) && doc.contains(expected.references[0]), "{doc}");
    assert_eq!(docs_loads(browser.requests()), 1);
    browser.screenshot("rule-doc-dialog").await;
    browser.find("#rule-doc-close").await.send_keys(ESCAPE).await.unwrap();
    wait_until(&browser, "!document.querySelector('dialog#rule-doc').open").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn pasting_a_base64_response_and_a_redirect_url_shows_both_messages() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    let example = examples::find("valid-sign-in").unwrap();
    let request_url = redirect_url(example.files[0].text);
    let response_b64 = base64::engine::general_purpose::STANDARD.encode(example.files[1].text);

    browser.set_value("#input", &response_b64).await;
    // The second input is pasted outside the paste area: it joins the trace as another input.
    browser
        .execute(
            "const data = new DataTransfer(); data.setData('text/plain', arguments[0]);
             document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));",
            vec![json!(request_url)],
        )
        .await;
    browser.find("#inputs .chip[data-origin=pasted]").await;
    wait_analysed(&browser).await;
    let inputs = [Input::text("pasted text", response_b64.clone()), Input::text("pasted 2", request_url.clone())];
    let mut expected_kinds = vec!["AuthnRequest".to_owned(), "Response".to_owned()];
    expected_kinds.sort();
    let mut shown = kinds(&browser).await;
    shown.sort();
    assert_eq!(shown, expected_kinds, "the decoded messages");
    assert_eq!(dom_rules(&browser).await, cli_rules(&inputs, &Profile::default(), shown_time(&browser).await));
    let steps = browser.text("#messages").await;
    assert!(steps.contains("base64-decoded") && steps.contains("inflated"), "{steps}");
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn dropping_a_har_file_adds_it_to_the_trace() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    let example = examples::find("valid-sign-in").unwrap();
    let har = har_of(example.files[0].text, example.files[1].text);
    browser
        .execute(
            "const data = new DataTransfer();
             data.items.add(new File([arguments[0]], 'sign-in.har', { type: 'application/json' }));
             data.items.add(new File([arguments[1]], 'notes.txt', { type: 'text/plain' }));
             const target = document.querySelector('#results');
             target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
             target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
            vec![json!(har), json!("AADSTS50011 from the user's screenshot")],
        )
        .await;
    browser.find("#inputs .chip[data-origin=file]").await;
    wait_until(&browser, "document.querySelectorAll('#inputs .chip[data-origin=file]').length === 2").await;
    wait_analysed(&browser).await;
    let chips = browser.text("#inputs").await;
    assert!(chips.contains("sign-in.har") && chips.contains("notes.txt"), "{chips}");
    assert!(!chips.contains("example"), "dropping files replaces the example: {chips}");
    let inputs =
        [Input::text("sign-in.har", har.clone()), Input::text("notes.txt", "AADSTS50011 from the user's screenshot")];
    assert_eq!(dom_rules(&browser).await, cli_rules(&inputs, &Profile::default(), shown_time(&browser).await));
    let mut shown = kinds(&browser).await;
    shown.sort();
    assert_eq!(shown, vec!["AuthnRequest", "Response"], "the messages inside the HAR");
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn redacted_exports_hold_no_personal_data() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    // Keep every Blob the page turns into a download, to read what the user would get.
    browser
        .execute(
            "window.exported = [];
             const create = URL.createObjectURL.bind(URL);
             URL.createObjectURL = blob => { window.exported.push(blob); return create(blob); };",
            vec![],
        )
        .await;
    let personal = ["jane.doe@acme.example", "Jane Doe", "+44 20 7946 0958", "0e9a4c27-5d1b-4f38-a6e2-7b3c9d0f1a84"];

    assert_eq!(browser.execute("return document.querySelector('#redact').checked;", vec![]).await, true);
    browser.find("#export-md").await.click().await.unwrap();
    browser.find("#export-json").await.click().await.unwrap();
    let texts = exported_texts(&browser, 2).await;
    let (markdown, report_json) = (&texts[0], &texts[1]);
    assert!(markdown.starts_with("# sso-doctor report"), "{markdown}");
    let parsed: Value = serde_json::from_str(report_json).expect("the JSON export is JSON");
    assert_eq!(parsed["messages"].as_array().map(Vec::len), Some(2));
    for text in [markdown, report_json] {
        for value in personal {
            assert!(!text.contains(value), "{value} is in a redacted export");
        }
    }

    assert!(report_json.contains("@redacted.example"), "the e-mail placeholder is missing");
    // Without redaction the same export does contain them (so the check above is not vacuous).
    browser.find("#redact").await.click().await.unwrap();
    browser.find("#export-json").await.click().await.unwrap();
    let texts = exported_texts(&browser, 3).await;
    assert!(texts[2].contains("jane.doe@acme.example"));
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn a_share_link_reproduces_the_view() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    let response = examples::find("unsolicited-response").unwrap().files[0].text;
    browser.set_value("#input", response).await;
    wait_analysed(&browser).await;
    browser.find("#time-now").await.click().await.unwrap();
    wait_analysed(&browser).await;
    let rules = dom_rules(&browser).await;
    let shown_kinds = kinds(&browser).await;

    // Redacted (the default): the link carries no personal data, and shows the same diagnosis: the signature result
    // is the sender's (the redacted copy cannot be re-verified), labelled as such.
    browser.find("#share").await.click().await.unwrap();
    let link = input_value(&browser, "#share-url").await;
    let fragment = link.split_once('#').map(|(_, f)| f.to_owned()).expect("the data is in the fragment");
    let shared = sso_doctor::ui::share::decode(&fragment).expect("the link decodes");
    assert!(shared
        .inputs
        .iter()
        .all(|(_, text)| !text.contains("jane.doe@acme.example") && !text.contains("Jane Doe")));
    assert!(shared.redacted && !shared.reported.is_empty(), "a redacted link carries the signature results");
    open_fresh(&browser, &link).await;
    assert_eq!(dom_rules(&browser).await, rules, "the redacted link gives exactly the original's findings");
    assert!(!rules.contains(&"signature.digest-mismatch".to_owned()), "{rules:?}");
    assert_eq!(kinds(&browser).await, shown_kinds);
    assert!(browser.text("#time-used").await.contains("now"), "the time choice travels with the link");
    assert!(browser.text("#notice").await.contains("shared trace"));
    let signature = browser.text("#messages .message[data-kind=Response] .signature[data-reported=applied]").await;
    assert!(signature.contains("verified before redaction by whoever shared this link"), "{signature}");
    assert!(browser.text("#reported-note").await.contains("the redacted copy cannot be re-verified"));
    // Editing the opened trace drops the sender's results: the redacted copy is then checked here only, and fails.
    browser.set_value("#input", "AADSTS50011").await;
    wait_analysed(&browser).await;
    assert!(browser.find_all("#reported-note").await.is_empty());
    assert!(dom_rules(&browser).await.contains(&"signature.digest-mismatch".to_owned()));
    assert!(browser.text("#notice").await.contains("no longer apply"));
    browser.find("#notice .notice-close").await.click().await.unwrap();

    // Not redacted: exactly the same findings.
    browser.find("#clear").await.click().await.unwrap();
    browser.set_value("#input", response).await;
    wait_analysed(&browser).await;
    assert_eq!(dom_rules(&browser).await, rules);
    browser.find("#redact").await.click().await.unwrap();
    browser.find("#share").await.click().await.unwrap();
    let link = input_value(&browser, "#share-url").await;
    open_fresh(&browser, &link).await;
    assert_eq!(dom_rules(&browser).await, rules);
    assert_eq!(kinds(&browser).await, shown_kinds);
    assert!(browser.text("#messages").await.contains("jane.doe@acme.example"));

    // Every example, given as the user's own files: its redacted link gives exactly the same findings and messages.
    for example in EXAMPLES {
        open_fresh(&browser, &browser.url("/")).await;
        let files: Vec<Value> = example.files.iter().map(|f| json!([f.name, f.text])).collect();
        browser
            .execute(
                "const data = new DataTransfer();
                 for (const [name, text] of arguments[0]) data.items.add(new File([text], name, { type: 'text/plain' }));
                 document.querySelector('#results')
                     .dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
                vec![json!(files)],
            )
            .await;
        let expected_chips = example.files.len();
        wait_until(
            &browser,
            &format!("document.querySelectorAll('#inputs .chip[data-origin=file]').length === {expected_chips}"),
        )
        .await;
        wait_analysed(&browser).await;
        let rules = dom_rules(&browser).await;
        let shown_kinds = kinds(&browser).await;
        browser.find("#share").await.click().await.unwrap();
        let link = input_value(&browser, "#share-url").await;
        open_fresh(&browser, &link).await;
        assert_eq!(dom_rules(&browser).await, rules, "example {}: the redacted link's findings", example.id);
        assert_eq!(kinds(&browser).await, shown_kinds, "example {}: the redacted link's messages", example.id);
        assert!(!browser.text("#messages").await.contains("jane.doe@acme.example"), "example {}", example.id);
    }

    // An example is shared by name.
    load_example(&browser, "expired-certificate").await;
    browser.find("#share").await.click().await.unwrap();
    let link = input_value(&browser, "#share-url").await;
    assert!(link.len() < 200, "an example link is short: {link}");
    open_fresh(&browser, &link).await;
    assert!(browser.text("#verdict").await.contains("Expired signing certificate"));
    // A damaged link says so instead of failing silently.
    open_fresh(&browser, &format!("{}#trace=AAAA", browser.url("/"))).await;
    assert!(browser.text("#notice").await.contains("could not be opened"));
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn xss_payloads_in_saml_values_stay_inert() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    // The app's own markup has no image, script or frame, and its only SVGs are its icons.
    let count = "return document.querySelectorAll('#app img, #app script, #app svg:not(.icon), #app iframe, \
                 #app [onerror], #app [onload]').length;";
    assert_eq!(browser.execute(count, vec![]).await, 0);

    browser.set_value("#input", XSS_RESPONSE).await;
    wait_analysed(&browser).await;
    let card = browser.text("#messages .message[data-kind=Response]").await;
    assert!(card.contains("<script>window.xssFlag=2</script>"), "the NameID is shown as text:\n{card}");
    assert!(card.contains("<img src=x onerror=window.xssFlag=3>"), "the StatusMessage is shown as text:\n{card}");
    // Open the XML tree and then the raw text: both show the payloads as text.
    browser.find("#messages .xml-view > summary").await.click().await.unwrap();
    let tree = browser.text("#messages .xml-tree").await;
    assert!(tree.contains("onerror"), "{tree}");
    browser.find("#messages .raw-toggle input").await.click().await.unwrap();
    assert!(browser.text("#messages .xml-raw").await.contains("&lt;script&gt;"));
    tokio::time::sleep(Duration::from_millis(300)).await;

    assert_eq!(browser.execute(count, vec![]).await, 0, "an element was injected");
    assert_eq!(browser.execute("return window.xssFlag === undefined;", vec![]).await, true);
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn the_xml_view_is_a_tree_driven_by_the_keyboard_with_the_signed_region_marked() {
    const UP: &str = "\u{E013}";
    const DOWN: &str = "\u{E015}";
    const LEFT: &str = "\u{E012}";
    const RIGHT: &str = "\u{E014}";
    const HOME: &str = "\u{E011}";
    const END: &str = "\u{E010}";
    const SPACE: &str = "\u{E00D}";
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    let card = "#messages .message[data-kind=Response]";
    browser.find(&format!("{card} .xml-view > summary")).await.click().await.unwrap();
    let tree = format!("{card} .xml-tree[role=tree]");
    browser.find(&tree).await;
    // The state of the tree: the focused item, its level and expansion, and the roving tab stop.
    let state_js = format!(
        "const tree = document.querySelector('{tree}');
         const active = document.activeElement;
         const stops = [...tree.querySelectorAll('[role=treeitem]')].filter(i => i.tabIndex === 0);
         const line = active.querySelector('.x-line');
         return {{ item: active.dataset.item, role: active.getAttribute('role'), level: active.getAttribute('aria-level'),
                  expanded: active.getAttribute('aria-expanded'), stops: stops.map(i => i.dataset.item),
                  groupHidden: active.querySelector(':scope > [role=group]')?.hidden ?? null,
                  text: line ? line.textContent : '', outline: line ? getComputedStyle(line).outlineStyle : 'none' }};"
    );
    let state = || async { browser.execute(&state_js, vec![]).await };

    // One tab stop: the root item. Every item has a level; groups hold the children.
    let structure = browser
        .execute(
            &format!(
                "const tree = document.querySelector('{tree}');
                 const items = [...tree.querySelectorAll('[role=treeitem]')];
                 return {{ items: items.length, levels: items.every(i => Number(i.getAttribute('aria-level')) >= 1),
                          groups: tree.querySelectorAll('[role=group]').length,
                          rootLevel: items[0].getAttribute('aria-level'), rootExpanded: items[0].getAttribute('aria-expanded'),
                          stops: items.filter(i => i.tabIndex === 0).map(i => i.dataset.item) }};"
            ),
            vec![],
        )
        .await;
    assert!(structure["items"].as_u64().unwrap() > 20, "{structure}");
    assert!(structure["groups"].as_u64().unwrap() > 3, "{structure}");
    assert_eq!(structure["levels"], true, "{structure}");
    assert_eq!((&structure["rootLevel"], &structure["rootExpanded"]), (&json!("1"), &json!("true")), "{structure}");
    assert_eq!(structure["stops"], json!(["0"]), "{structure}");

    // The signed region (the Assertion the signature covers) is marked, in words too.
    let signed = browser.text(&format!("{tree} .x-signed")).await;
    assert!(signed.contains("Assertion") && signed.contains("signed region, verified"), "{signed}");
    assert_eq!(browser.find_all(&format!("{tree} .x-signed")).await.len(), 1);

    // Tab into the tree: the focus lands on the root item.
    browser.execute(&format!("document.querySelector('{card} .raw-toggle input').focus();"), vec![]).await;
    active_send(&browser, TAB).await;
    let s = state().await;
    assert_eq!((&s["item"], &s["role"]), (&json!("0"), &json!("treeitem")), "{s}");
    // Down: the next item, one level deeper; the tab stop follows the focus, which is visible.
    active_send(&browser, DOWN).await;
    let s = state().await;
    assert_eq!((&s["item"], &s["level"], &s["stops"]), (&json!("1"), &json!("2"), &json!(["1"])), "{s}");
    assert_ne!(s["outline"], "none", "no visible focus: {s}");
    active_send(&browser, UP).await;
    assert_eq!(state().await["item"], "0");
    // End: the last visible item (not inside a collapsed group); Home: back to the root.
    let last_visible = browser
        .execute(
            &format!(
                "const items = [...document.querySelectorAll('{tree} [role=treeitem]')]
                   .filter(i => !i.closest('[role=group][hidden]'));
                 return items[items.length - 1].dataset.item;"
            ),
            vec![],
        )
        .await;
    active_send(&browser, END).await;
    let s = state().await;
    assert_eq!(s["item"], last_visible, "{s}");
    assert_ne!(s["item"], "0", "{s}");
    active_send(&browser, HOME).await;
    assert_eq!(state().await["item"], "0");
    // Left collapses the open root (its group is hidden); Down then stays on it (nothing else is visible).
    active_send(&browser, LEFT).await;
    let s = state().await;
    assert_eq!((&s["item"], &s["expanded"], &s["groupHidden"]), (&json!("0"), &json!("false"), &json!(true)), "{s}");
    active_send(&browser, DOWN).await;
    assert_eq!(state().await["item"], "0");
    // Right expands it, a second Right moves to its first child.
    active_send(&browser, RIGHT).await;
    let s = state().await;
    assert_eq!((&s["item"], &s["expanded"], &s["groupHidden"]), (&json!("0"), &json!("true"), &json!(false)), "{s}");
    active_send(&browser, RIGHT).await;
    assert_eq!(state().await["item"], "1");
    // Enter and Space toggle an expandable item: go to the Assertion (the signed one) and collapse then expand it.
    let assertion =
        browser.execute(&format!("return document.querySelector('{tree} .x-signed').dataset.item;"), vec![]).await;
    for _ in 0..50 {
        if state().await["item"] == assertion {
            break;
        }
        active_send(&browser, DOWN).await;
    }
    let s = state().await;
    assert_eq!((&s["item"], &s["expanded"]), (&assertion, &json!("true")), "{s}");
    active_send(&browser, ENTER).await;
    assert_eq!(state().await["expanded"], "false");
    active_send(&browser, SPACE).await;
    assert_eq!(state().await["expanded"], "true");
    // Left on a child goes to its parent.
    active_send(&browser, DOWN).await;
    active_send(&browser, LEFT).await;
    assert_eq!(state().await["item"], assertion);
    let stops = state().await["stops"].clone();
    assert_eq!(stops, json!([assertion]), "one tab stop");

    // The raw toggle still shows the bytes as received.
    browser.find(&format!("{card} .raw-toggle input")).await.click().await.unwrap();
    let raw = browser.text(&format!("{card} .xml-raw")).await;
    assert!(raw.contains("<samlp:Response") || raw.contains("Response"), "{raw}");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn the_page_requests_only_its_own_files_and_logs_no_error() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    // Use the app: every example, the rule docs, an export, a share link, the profile import.
    for example in EXAMPLES {
        load_example(&browser, example.id).await;
    }
    browser.find("#export-json").await.click().await.unwrap();
    browser.find("#share").await.click().await.unwrap();
    browser.find("#profile-editor > summary").await.click().await.unwrap();
    browser.find("#profile-editor .import button.secondary").await.click().await.unwrap();
    browser.find("#metadata-import").await.click().await.unwrap();
    browser.find("#metadata-result").await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let requests = browser.requests();
    let own_files = dist_request_paths();
    let foreign: Vec<&String> = requests.iter().filter(|r| !own_files.contains(*r)).collect();
    assert!(foreign.is_empty(), "requests outside dist/: {foreign:?} (all: {requests:?})");
    for kind in [".js", ".css"] {
        assert!(requests.iter().any(|r| r.ends_with(kind)), "no {kind} file was loaded: {requests:?}");
    }
    // The wasm arrives inside a JS module (xtask/embed-wasm), loaded once; no .wasm file is fetched.
    assert!(
        !requests.iter().any(|r| r.to_ascii_lowercase().ends_with(".wasm")),
        "a .wasm file was fetched: {requests:?}"
    );
    assert_eq!(requests.iter().filter(|r| r.contains("-wasm-")).count(), 1, "{requests:?}");
    assert_eq!(requests.first().map(String::as_str), Some(APP_PATH));
    let resources = browser
        .execute("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('blob:') && !n.startsWith('data:'));", vec![])
        .await;
    assert_eq!(resources, json!([]), "the browser fetched from another origin");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn content_security_policy_refuses_every_connection_and_inline_script() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    // The app starts and analyses the example under `connect-src 'none'`.
    wait_analysed(&browser).await;
    assert!(browser.text("#verdict").await.contains(examples::find(examples::DEFAULT_EXAMPLE).unwrap().title));
    let policy = browser
        .execute("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content;", vec![])
        .await;
    let policy = policy.as_str().unwrap_or_default();
    assert!(policy.contains("connect-src 'none'"), "{policy}");
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let requests_before = browser.requests().len();
    let outcome = browser
        .execute(
            "const violations = [];
             document.addEventListener('securitypolicyviolation', e => violations.push(e.effectiveDirective + ' ' + e.blockedURI));
             const script = document.createElement('script');
             script.textContent = 'window.inlineScriptRan = true;';
             document.body.append(script);
             const attempt = async url => { try { await fetch(url); return 'allowed'; } catch (e) { return 'refused'; } };
             const own = await attempt(new URL('index.html', document.baseURI).href);
             const other = await attempt('http://127.0.0.1:9/');
             await new Promise(resolve => setTimeout(resolve, 100));
             return { own, other, inlineScriptRan: window.inlineScriptRan === true, violations };",
            vec![],
        )
        .await;
    assert_eq!(outcome["own"], "refused", "a fetch to the page's own origin: {outcome}");
    assert_eq!(outcome["other"], "refused", "a fetch to another origin: {outcome}");
    assert_eq!(outcome["inlineScriptRan"], false, "{outcome}");
    let violations: Vec<String> =
        outcome["violations"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    assert!(violations.iter().any(|v| v.starts_with("connect-src http://127.0.0.1:9")), "{violations:?}");
    assert!(violations.iter().any(|v| v.starts_with("connect-src") && v.contains("index.html")), "{violations:?}");
    assert!(violations.iter().any(|v| v.starts_with("script-src")), "{violations:?}");
    // The refused fetch never reached the server.
    assert_eq!(browser.requests().len(), requests_before, "{:?}", browser.requests());
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn evaluation_time_can_be_switched_and_is_always_shown() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    load_example(&browser, "expired-certificate").await;
    let used = browser.text("#time-used").await;
    assert!(used.contains("2026-11-27 09:3") && used.contains("capture time"), "{used}");
    let cert = browser.text(".certificate").await;
    assert!(cert.contains("expired 7 days before the capture"), "{cert}");

    browser.find("#time-now").await.click().await.unwrap();
    wait_analysed(&browser).await;
    assert!(browser.text("#time-used").await.contains("now (this browser's clock)"));
    assert!(browser.text("#messages").await.contains(" ago"), "times relative to now");

    // A chosen time before the certificate expired: the certificate is valid then.
    browser
        .execute(
            "const input = document.querySelector('#time-at-value');
             input.value = '2026-11-01T12:00:00';
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await;
    browser.wait_for_text("#time-used", "2026-11-01 12:00:00 UTC").await;
    wait_analysed(&browser).await;
    assert!(browser.text(".certificate").await.contains("valid at the chosen time"));
    let example = examples::find("expired-certificate").unwrap();
    assert_eq!(shown_time(&browser).await, 1_793_534_400, "2026-11-01T12:00:00Z");
    assert_eq!(dom_rules(&browser).await, cli_rules(&example.inputs(), &example.profile(), shown_time(&browser).await));
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn profile_is_validated_imported_and_kept_but_traces_are_not() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    browser.find("#profile-editor > summary").await.click().await.unwrap();
    browser.set_value("#profile-tenant_id", "not-a-guid").await;
    let error = browser.text("#profile-tenant_id-error").await;
    assert!(error.contains("is not a GUID"), "{error}");
    assert_eq!(attribute(&browser, "#profile-tenant_id", "aria-invalid").await, "true");

    browser.find("#profile-editor .import button.secondary").await.click().await.unwrap();
    browser.find("#metadata-import").await.click().await.unwrap();
    let result = browser.text("#metadata-result").await;
    assert!(result.contains(examples::SIGNING_THUMBPRINT), "{result}");
    assert_eq!(input_value(&browser, "#profile-tenant_id").await, examples::TENANT_ID);
    assert!(browser.find_all("#profile-tenant_id-error").await.is_empty());
    browser.set_value("#profile-reply_url", examples::REPLY_URL).await;

    browser.set_value("#input", "a pasted trace that must not be stored").await;
    wait_analysed(&browser).await;
    assert!(browser.text("#profile-in-use").await.contains(examples::TENANT_ID));
    let stored = browser.execute("return JSON.stringify(Object.assign({}, localStorage));", vec![]).await;
    let stored = stored.as_str().unwrap_or_default().to_owned();
    assert!(stored.contains(examples::SIGNING_THUMBPRINT), "{stored}");
    assert!(!stored.contains("must not be stored"), "the trace was stored: {stored}");

    browser.goto("/").await;
    wait_analysed(&browser).await;
    assert_eq!(input_value(&browser, "#input").await, "", "traces are not kept");
    assert_eq!(input_value(&browser, "#profile-tenant_id").await, examples::TENANT_ID);
    assert_eq!(input_value(&browser, "#profile-reply_url").await, examples::REPLY_URL);
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn keyboard_reaches_every_control_and_controls_are_labelled() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    let unlabelled = browser
        .execute(
            "return [...document.querySelectorAll('#app input, #app textarea, #app select, #app button')]
               .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                             && !el.textContent.trim())
               .map(el => el.outerHTML.slice(0, 80));",
            vec![],
        )
        .await;
    assert_eq!(unlabelled, json!([]), "controls without a label");

    // Open the example menu and choose the second example with the keyboard only.
    browser.execute("document.querySelector('#examples > summary').focus();", vec![]).await;
    let summary = browser.find("#examples > summary").await;
    summary.send_keys(ENTER).await.unwrap();
    wait_until(&browser, "document.querySelector('#examples').open").await;
    let outline = browser.execute("return getComputedStyle(document.activeElement).outlineStyle;", vec![]).await;
    assert_ne!(outline, "none", "the focused control shows no focus ring");
    // Escape closes the menu and leaves the focus on its button; Enter opens it again.
    active_send(&browser, ESCAPE).await;
    wait_until(&browser, "!document.querySelector('#examples').open").await;
    assert_eq!(browser.execute("return document.activeElement.parentElement.id;", vec![]).await, "examples");
    active_send(&browser, ENTER).await;
    wait_until(&browser, "document.querySelector('#examples').open").await;
    active_send(&browser, TAB).await;
    active_send(&browser, TAB).await;
    let focused = browser.execute("return document.activeElement.dataset.example;", vec![]).await;
    assert_eq!(focused, "wrong-reply-url");
    active_send(&browser, ENTER).await;
    browser.wait_for_text("#verdict", "Wrong Reply URL").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn text_contrast_meets_wcag_aa_in_both_themes() {
    let browser = Browser::start().await;
    for scheme in ["light", "dark"] {
        browser.cdp(
            "Emulation.setEmulatedMedia",
            &json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
        browser.goto("/").await;
        wait_analysed(&browser).await;
        for example in ["wrong-reply-url", "expired-certificate"] {
            load_example(&browser, example).await;
            browser
                .execute("document.querySelectorAll('details:not(.menu)').forEach(d => d.open = true);", vec![])
                .await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let failing = browser.execute(CONTRAST_CHECK, vec![]).await;
            assert_eq!(failing, json!([]), "{scheme} theme, example {example}: text below WCAG AA contrast");
        }
    }
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn screenshots_of_the_main_screens() {
    let browser = Browser::start().await;
    for (width, height) in [(1280, 900), (390, 844)] {
        for scheme in ["light", "dark"] {
            browser.cdp(
                "Emulation.setDeviceMetricsOverride",
                // A narrow window rather than phone emulation: the layout must fit 390 CSS px either way.
                &json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
            );
            browser.cdp(
                "Emulation.setEmulatedMedia",
                &json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            );
            browser.goto("/").await;
            wait_analysed(&browser).await;
            let overflow = browser
                .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
                .await;
            assert_eq!(overflow, 0, "the page scrolls sideways at {width} px");
            browser.full_page_screenshot(&format!("first-screen-{width}-{scheme}"));
            load_example(&browser, "wrong-reply-url").await;
            browser.find("#timeline").await;
            browser.full_page_screenshot(&format!("wrong-reply-url-{width}-{scheme}"));
            load_example(&browser, "expired-certificate").await;
            browser.find("#messages .message[data-kind=Response] .xml-view > summary").await.click().await.unwrap();
            browser.full_page_screenshot(&format!("expired-certificate-{width}-{scheme}"));
            browser.set_value("#input", "hello world").await;
            wait_analysed(&browser).await;
            browser.find(".finding .learn-more").await.click().await.unwrap();
            browser.find("dialog#rule-doc[open]").await;
            browser.screenshot(&format!("rule-doc-{width}-{scheme}")).await;
        }
    }
    browser.close().await;
}

/// A 100 MB HAR dropped on the page is analysed in the worker while the page stays responsive; a new input or the
/// Cancel button stops it.
///
/// It also measures, and prints (never asserts: speed goals are measured, not timed tests), the time from the drop
/// to the report on screen and the longest main-thread task meanwhile (a `PerformanceObserver` of `longtask`
/// entries, and the longest gap between the ticks of a 20 ms interval timer), and writes them to
/// `artifacts/metrics/large-har-*.txt`. To measure (release build, headless Chromium, three runs):
///
/// ```sh
/// trunk build --release
/// for i in 1 2 3; do cargo test --test browser -- --ignored --nocapture a_100_mb_har 2>&1 | grep '100 MB HAR'; done
/// ```
#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn a_100_mb_har_is_analysed_in_the_worker_without_freezing_the_page_and_a_new_input_cancels_it() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    let example = examples::find("valid-sign-in").unwrap();
    let har = har_of(example.files[0].text, example.files[1].text);
    // The sign-in entries plus 1000 unrelated 100 KB responses: about 100 MB of HAR. Made by a script of its own, so
    // that this long task ends before the measurement starts.
    let size = browser
        .execute(
            "const har = JSON.parse(arguments[0]);
             const filler = 'x'.repeat(100000);
             for (let i = 0; i < 1000; i++) {
               har.log.entries.push({ startedDateTime: '2026-11-27T09:27:00.000Z', time: 1,
                 request: { method: 'GET', url: 'https://acme.numly.io/asset/' + i, httpVersion: 'HTTP/2', headers: [],
                            queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
                 response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/2', headers: [], cookies: [],
                             content: { size: filler.length, mimeType: 'text/plain', text: filler },
                             redirectURL: '', headersSize: -1, bodySize: filler.length },
                 cache: {}, timings: { send: 0, wait: 1, receive: 0 } });
             }
             window.bigFile = new File([JSON.stringify(har)], 'big.har', { type: 'application/json' });
             return window.bigFile.size;",
            vec![json!(har)],
        )
        .await;
    let size = size.as_f64().unwrap();
    assert!(size > 100_000_000.0, "{size}");
    // Let the browser settle (garbage collection of the script's 100 MB of strings) before measuring.
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser
        .execute(
            "window.perf = { longTasks: [], gaps: [], clicks: [], dropAt: 0, doneAt: 0 };
             new PerformanceObserver(list => {
               for (const e of list.getEntries()) {
                 if (e.startTime >= perf.dropAt) perf.longTasks.push(Math.round(e.duration));
               }
             }).observe({ type: 'longtask' });
             window.statusTexts = [];
             const status = document.querySelector('#status');
             window.statusWatch = new MutationObserver(() => window.statusTexts.push(status.textContent));
             window.statusWatch.observe(status, { childList: true, subtree: true, characterData: true });
             // The report is on screen when #results stops being busy after the drop.
             const results = document.querySelector('#results');
             let sawBusy = false;
             window.doneWatch = new MutationObserver(() => {
               if (results.getAttribute('aria-busy') === 'true') sawBusy = true;
               else if (sawBusy && !perf.doneAt && results.querySelector('#verdict')) perf.doneAt = performance.now();
             });
             window.doneWatch.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
             // A click while the analysis runs: when the page handles it and whether the analysis was running.
             document.addEventListener('click', event => perf.clicks.push({
               running: !!document.querySelector('#cancel-analysis'),
               delay: performance.now() - event.timeStamp,
             }), { capture: true });
             let last = performance.now();
             window.probe = setInterval(() => { const now = performance.now(); perf.gaps.push(now - last); last = now; }, 20);
             // The click on the redaction switch is made the moment the status says the worker is scanning: a
             // WebDriver click after a round trip can land after a fast analysis has already finished.
             window.clickWatch = new MutationObserver(() => {
               if (!perf.clicked && status.textContent.includes('Scanning HAR')) {
                 perf.clicked = true;
                 document.querySelector('#redact').click();
               }
             });
             window.clickWatch.observe(status, { childList: true, subtree: true, characterData: true });
             const data = new DataTransfer();
             data.items.add(window.bigFile);
             perf.dropAt = performance.now();
             document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
            vec![],
        )
        .await;
    let status = browser.wait_for_text("#status", "Analysing").await;
    assert!(status.contains("MB"), "{status}");
    browser.find("#status progress").await;
    // The page takes input during the analysis: a click on the redaction switch (made by the page script above as
    // soon as the worker reports scanning) is handled at once and the app re-renders the switch, while the worker
    // goes on scanning.
    wait_until(&browser, "perf.clicks.length === 1 && !document.querySelector('#redact').checked").await;
    browser.execute("window.clickWatch.disconnect();", vec![]).await;
    wait_until_for(&browser, "perf.doneAt > 0", Duration::from_secs(180)).await;
    let perf = browser
        .execute(
            "clearInterval(window.probe); window.doneWatch.disconnect();
             return { ms: perf.doneAt - perf.dropAt, gap: Math.max(...perf.gaps), tasks: perf.longTasks,
                      click: perf.clicks[0] };",
            vec![],
        )
        .await;
    let (ms, max_gap) = (perf["ms"].as_f64().unwrap(), perf["gap"].as_f64().unwrap());
    let tasks: Vec<f64> = perf["tasks"].as_array().unwrap().iter().filter_map(Value::as_f64).collect();
    let longest = tasks.iter().copied().fold(0.0, f64::max);
    let click_delay = perf["click"]["delay"].as_f64().unwrap_or(f64::NAN);
    eprintln!(
        "100 MB HAR: report on screen {ms:.0} ms after the drop; longest main-thread task {longest:.0} ms \
         (long tasks: {tasks:?}); longest 20 ms-timer gap {max_gap:.0} ms; click during the analysis handled after \
         {click_delay:.0} ms"
    );
    write_metric("large-har-drop-to-report-ms", &format!("{ms:.0}"));
    write_metric("large-har-longest-task-ms", &format!("{longest:.0}"));
    write_metric("large-har-max-stall-ms", &format!("{max_gap:.0}"));
    assert_eq!(perf["click"]["running"], json!(true), "the click came after the analysis: {perf}");
    // The switch is the app's state: put it back.
    browser.find("#redact").await.click().await.unwrap();
    wait_until(&browser, "document.querySelector('#redact').checked").await;
    let mut shown = kinds(&browser).await;
    shown.sort();
    assert_eq!(shown, vec!["AuthnRequest", "Response"], "the sign-in inside the big HAR");
    // The timeline of 1004 steps (1002 requests, 2 messages) shows the sign-in with the requests around it; "Show
    // all" renders every step (the long task that takes is printed: it is why the timeline starts condensed).
    let steps = "document.querySelectorAll('#timeline li.step:not(.step-hidden)').length";
    let condensed = browser.execute(&format!("return {steps};"), vec![]).await.as_u64().unwrap();
    assert!((2..100).contains(&condensed), "{condensed} steps shown at first");
    assert!(browser.text("#timeline").await.contains("more requests"));
    let show_all = browser.find("#timeline-show-all").await;
    assert_eq!(show_all.text().await.unwrap(), "Show all 1004 steps");
    browser.execute("perf.clickAt = performance.now(); perf.longTasks = [];", vec![]).await;
    show_all.click().await.unwrap();
    wait_until(&browser, &format!("{steps} === 1004")).await;
    let tasks = browser.execute("return perf.longTasks;", vec![]).await;
    eprintln!("100 MB HAR: rendering all 1004 timeline steps took long tasks of {tasks} ms");
    // The status line counted the HAR entries as the worker scanned them, up to all of them.
    let entries = serde_json::from_str::<Value>(&har).unwrap()["log"]["entries"].as_array().unwrap().len() + 1000;
    let texts = browser.execute("window.statusWatch.disconnect(); return window.statusTexts;", vec![]).await;
    let texts: Vec<&str> = texts.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let counts: Vec<usize> = texts
        .iter()
        .filter_map(|t| t.split("Scanning HAR: ").nth(1))
        .map(|t| {
            assert!(t.contains(&format!(" / {entries} entries")), "{t}");
            t.split(' ').next().unwrap().parse().unwrap()
        })
        .collect();
    eprintln!("progress texts shown: {:?}", texts.iter().filter(|t| t.contains("Scanning")).collect::<Vec<_>>());
    assert!(!counts.is_empty(), "no HAR progress was shown: {texts:?}");
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(counts.iter().all(|&n| n <= entries), "{counts:?}");
    // The worker did the analysis, with the page's own module: it was downloaded once.
    let requests = browser.requests();
    assert!(requests.iter().any(|r| r.ends_with("/analysis-worker.js")), "no worker was started: {requests:?}");
    assert_eq!(requests.iter().filter(|r| r.contains("-wasm-")).count(), 1, "{requests:?}");
    assert!(!requests.iter().any(|r| r.to_ascii_lowercase().ends_with(".wasm")), "{requests:?}");

    // A new input while the big trace is analysed cancels it: the busy worker is terminated, the small trace is
    // shown and no late result of the big one replaces it. The page itself acts the moment the analysis shows as
    // running (the WebDriver round trips are slower than the worker).
    browser
        .execute(
            "window.terminated = 0;
             const terminate = Worker.prototype.terminate;
             Worker.prototype.terminate = function () { window.terminated++; return terminate.call(this); };
             window.whenRunning = (selector, act) => {
               const status = document.querySelector('#status');
               const watch = new MutationObserver(() => {
                 const target = document.querySelector(selector);
                 if (target) { watch.disconnect(); act(target); }
               });
               watch.observe(status, { childList: true, subtree: true, characterData: true });
             };
             window.whenRunning('#cancel-analysis', () => {
               document.querySelector('#clear').click();
               const input = document.querySelector('#input');
               input.value = 'hello world';
               input.dispatchEvent(new Event('input', { bubbles: true }));
             });
             const data = new DataTransfer();
             data.items.add(window.bigFile);
             document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
            vec![],
        )
        .await;
    wait_until(&browser, "window.terminated === 1").await;
    wait_analysed(&browser).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(browser.execute("return window.terminated;", vec![]).await, 1, "the stale job was not cancelled");
    assert_eq!(dom_rules(&browser).await, vec!["decode.unrecognized"]);
    assert!(kinds(&browser).await.is_empty());

    // The Cancel button of the status line stops the analysis (the worker is terminated); "Analyse again" reruns it.
    browser
        .execute(
            "window.whenRunning('#cancel-analysis', button => button.click());
             const data = new DataTransfer();
             data.items.add(window.bigFile);
             document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
            vec![],
        )
        .await;
    browser.wait_for_text("#status", "Analysis cancelled").await;
    assert_eq!(browser.execute("return window.terminated;", vec![]).await, 2, "cancel did not stop the worker");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(browser.text("#status").await.contains("Analysis cancelled"), "a late result arrived");
    assert_eq!(dom_rules(&browser).await, vec!["decode.unrecognized"], "the previous report stays");
    browser.find("#reanalyse").await.click().await.unwrap();
    wait_until_for(&browser, "document.querySelector('#results[aria-busy=false] #verdict')", Duration::from_secs(180))
        .await;
    let mut shown = kinds(&browser).await;
    shown.sort();
    assert_eq!(shown, vec!["AuthnRequest", "Response"], "the big HAR analysed again");
    browser.close().await;
}

/// A large dropped file goes to the worker unread by the page and gives the findings the CLI gives; a binary file is
/// analysed the same way, a file over the 200 MB input limit gives the `decode.too-large` finding, and a file that
/// changed on disk before the worker read it leaves the trace as a read error.
#[tokio::test]
#[ignore = "needs dist/ and chromium: run by ./xtask/test"]
async fn large_files_are_read_by_the_worker_only_with_the_same_findings_and_errors() {
    let browser = Browser::start().await;
    browser.goto("/").await;
    wait_analysed(&browser).await;
    // Count the page's own file reads (gloo reads small files with a FileReader).
    browser
        .execute(
            "window.pageReads = [];
             const read = FileReader.prototype.readAsArrayBuffer;
             FileReader.prototype.readAsArrayBuffer = function (blob) { pageReads.push(blob.name); return read.call(this, blob); };
             window.drop = files => {
               const data = new DataTransfer();
               for (const f of files) data.items.add(f);
               document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
             };",
            vec![],
        )
        .await;
    let example = examples::find("valid-sign-in").unwrap();
    let har = har_of(example.files[0].text, example.files[1].text);
    // A 600 KB HAR (the sign-in and one large unrelated response) and a small note.
    let mut padded: Value = serde_json::from_str(&har).unwrap();
    let mut filler = padded["log"]["entries"][0].clone();
    filler["request"]["url"] = json!("https://acme.numly.io/asset/big.js");
    filler["response"]["content"]["text"] = json!("x".repeat(600_000));
    padded["log"]["entries"].as_array_mut().unwrap().push(filler);
    let padded = padded.to_string();
    browser
        .execute(
            "drop([new File([arguments[0]], 'big.har'), new File([arguments[1]], 'notes.txt')]);",
            vec![json!(padded), json!("AADSTS50011 from the user's screenshot")],
        )
        .await;
    wait_until(&browser, "document.querySelectorAll('#inputs .chip[data-origin=file]').length === 2").await;
    wait_analysed(&browser).await;
    let inputs =
        [Input::text("big.har", padded.clone()), Input::text("notes.txt", "AADSTS50011 from the user's screenshot")];
    assert_eq!(dom_rules(&browser).await, cli_rules(&inputs, &Profile::default(), shown_time(&browser).await));
    let mut shown = kinds(&browser).await;
    shown.sort();
    assert_eq!(shown, vec!["AuthnRequest", "Response"]);
    assert!(browser.text("#inputs").await.contains("KB"), "the chip gives the size");
    assert_eq!(browser.execute("return pageReads;", vec![]).await, json!(["notes.txt"]), "the page read big.har");

    // A binary file: the same findings as the CLI.
    browser.find("#clear").await.click().await.unwrap();
    let binary: Vec<u8> = (0..700_000_u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    browser.execute("drop([new File([Uint8Array.from(arguments[0])], 'capture.bin')]);", vec![json!(binary)]).await;
    wait_until(&browser, "document.querySelector('#inputs .chip[data-origin=file]')").await;
    wait_analysed(&browser).await;
    let inputs = [Input { name: "capture.bin".into(), bytes: binary }];
    assert_eq!(dom_rules(&browser).await, cli_rules(&inputs, &Profile::default(), shown_time(&browser).await));

    // Over the input limit: a finding, not a crash (the worker reads no more than the limit and a byte).
    browser.find("#clear").await.click().await.unwrap();
    browser.execute("drop([new File([new Uint8Array(201 * 1024 * 1024)], 'huge.har')]);", vec![]).await;
    wait_until(&browser, "document.querySelector('#inputs .chip[data-origin=file]')").await;
    wait_until_for(&browser, "document.querySelector('#results[aria-busy=false] #verdict')", Duration::from_secs(60))
        .await;
    assert_eq!(dom_rules(&browser).await, vec!["decode.too-large"]);
    assert!(browser.text("#inputs").await.contains("201.0 MB"));

    // A file picked from disk that changes before the worker reads it: the browser refuses to read it, and it
    // leaves the trace as a read error. The page holds the job until the file has changed.
    browser.find("#clear").await.click().await.unwrap();
    browser
        .execute(
            "window.heldJobs = [];
             const post = Worker.prototype.postMessage;
             Worker.prototype.postMessage = function (...args) {
               if (Array.isArray(args[0]) && window.holdJobs) heldJobs.push(() => post.apply(this, args));
               else return post.apply(this, args);
             };
             window.holdJobs = true;",
            vec![],
        )
        .await;
    let dir = std::env::temp_dir().join(format!("sso-doctor-unreadable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("changing.har");
    std::fs::write(&path, &padded).unwrap();
    browser.find("#file-picker").await.send_keys(path.to_str().unwrap()).await.unwrap();
    wait_until(&browser, "window.heldJobs.length === 1").await;
    browser.find("#inputs .chip[data-origin=file]").await;
    std::fs::write(&path, format!("{padded} ")).unwrap();
    let later = std::time::SystemTime::now() + Duration::from_secs(60);
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(later).unwrap();
    browser.execute("window.holdJobs = false; heldJobs.forEach(send => send());", vec![]).await;
    let errors = browser.wait_for_text("#read-errors", "changing.har").await;
    assert!(errors.contains("Could not read changing.har: NotReadableError"), "{errors}");
    wait_until(&browser, "!document.querySelector('#inputs .chip')").await;
    let status = browser.text("#status").await;
    assert!(!status.contains("failed"), "an unreadable file is a read error, not a failed analysis: {status}");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.close().await;
}

// ---- helpers ----

/// Every visible element with its own text whose colour against its (nearest opaque) background is below WCAG AA:
/// 4.5:1, or 3:1 for large text. Disabled controls are exempt (WCAG 1.4.3).
const CONTRAST_CHECK: &str = "
    const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const luminance = c => { const [r, g, b] = c.match(/[\\d.]+/g).map(Number); return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
    const background = el => {
      for (; el; el = el.parentElement) {
        const c = getComputedStyle(el).backgroundColor; const parts = c.match(/[\\d.]+/g);
        if (parts && (parts.length < 4 || Number(parts[3]) > 0.5)) return c;
      }
      return getComputedStyle(document.documentElement).backgroundColor;
    };
    const failing = [];
    for (const el of document.querySelectorAll('#app *')) {
      if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
      if (el.closest('.visually-hidden, [disabled], .drop-overlay') || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const [a, b] = [luminance(style.color), luminance(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
      if (ratio < needed) failing.push(`${el.tagName}.${el.className} ${ratio.toFixed(2)} \"${el.textContent.trim().slice(0, 40)}\"`);
    }
    return failing.slice(0, 20);";

/// A Response whose attribute value, NameID, StatusMessage and claims carry script payloads.
const XSS_RESPONSE: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_xss" Version="2.0" IssueInstant="2026-11-27T09:26:53Z" Destination="&quot;&gt;&lt;img src=x onerror=&quot;window.xssFlag=1&quot;&gt;"><saml:Issuer>https://sts.windows.net/6f2c1a9e-3b7d-4e85-9c41-2d8a5f0b7e13/</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/><samlp:StatusMessage>&lt;img src=x onerror=window.xssFlag=3&gt;</samlp:StatusMessage></samlp:Status><saml:Assertion ID="_a" Version="2.0" IssueInstant="2026-11-27T09:26:53Z"><saml:Issuer>https://sts.windows.net/6f2c1a9e-3b7d-4e85-9c41-2d8a5f0b7e13/</saml:Issuer><saml:Subject><saml:NameID>&lt;script&gt;window.xssFlag=2&lt;/script&gt;</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="&lt;svg onload=window.xssFlag=4&gt;"><saml:AttributeValue>&lt;img src=x onerror=window.xssFlag=5&gt;</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"#;

/// The rule ids the CLI reports for the same inputs, profile and evaluation time (`sso-doctor check --format json
/// --at … --profile …`), sorted: the web app and the CLI must agree.
fn cli_rules(inputs: &[Input], profile: &Profile, at: i64) -> Vec<String> {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sso-doctor-cli-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_sso-doctor"));
    command.args(["check", "--format", "json", "--at", &sso_doctor::time::format_rfc3339(at)]);
    if *profile != Profile::default() {
        let file = dir.join("profile.toml");
        std::fs::write(&file, profile_toml(profile)).unwrap();
        command.arg("--profile").arg(file);
    }
    for (i, input) in inputs.iter().enumerate() {
        let file = dir.join(format!("{i}-{}", input.name.replace(['/', ' '], "_")));
        std::fs::write(&file, &input.bytes).unwrap();
        command.arg(file);
    }
    let output = command.output().expect("the CLI runs");
    let _ = std::fs::remove_dir_all(&dir);
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("the CLI printed no JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    let mut rules: Vec<String> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str().map(str::to_owned))
        .collect();
    rules.sort();
    rules
}

/// A profile as TOML (JSON strings are valid TOML basic strings).
fn profile_toml(p: &Profile) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let mut out = String::new();
    for (key, value) in [
        ("tenant_id", &p.tenant_id),
        ("identifier", &p.identifier),
        ("reply_url", &p.reply_url),
        ("sign_on_url", &p.sign_on_url),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("{key} = {}\n", q(v)));
        }
    }
    if !p.certificate_thumbprints.is_empty() {
        let list: Vec<String> = p.certificate_thumbprints.iter().map(|t| q(t)).collect();
        out.push_str(&format!("certificate_thumbprints = [{}]\n", list.join(", ")));
    }
    if let Some(claims) = &p.required_claims {
        let list: Vec<String> = claims.iter().map(|c| q(c)).collect();
        out.push_str(&format!("required_claims = [{}]\n", list.join(", ")));
    }
    if let Some(skew) = p.clock_skew_seconds {
        out.push_str(&format!("clock_skew_seconds = {skew}\n"));
    }
    out
}

/// The evaluation time the page shows it used (Unix seconds).
async fn shown_time(browser: &Browser) -> i64 {
    let v = browser.execute("return Number(document.querySelector('#time-used').dataset.unix);", vec![]).await;
    v.as_i64().expect("#time-used carries the time used")
}

/// The rule ids of the findings on screen, sorted.
async fn dom_rules(browser: &Browser) -> Vec<String> {
    let v = browser
        .execute("return [...document.querySelectorAll('#findings .finding')].map(e => e.dataset.rule).sort();", vec![])
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// The kinds of the messages on screen, in order.
async fn kinds(browser: &Browser) -> Vec<String> {
    let v = browser
        .execute("return [...document.querySelectorAll('#messages .message')].map(e => e.dataset.kind);", vec![])
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Waits until a JavaScript condition holds.
async fn wait_until(browser: &Browser, condition: &str) {
    wait_until_for(browser, condition, WAIT).await;
}

/// Waits until a JavaScript condition holds, at most `limit`.
async fn wait_until_for(browser: &Browser, condition: &str, limit: Duration) {
    let start = Instant::now();
    let script = format!("return !!({condition});");
    while browser.execute(&script, vec![]).await != json!(true) {
        assert!(start.elapsed() < limit, "still false after {limit:?}: {condition}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the report on screen is up to date with the trace.
async fn wait_analysed(browser: &Browser) {
    wait_until(browser, "document.querySelector('#results[aria-busy=false] #verdict')").await;
}

/// Chooses an example in the menu (mouse) and waits for its diagnosis.
async fn load_example(browser: &Browser, id: &str) {
    browser.find("#examples > summary").await.click().await.unwrap();
    browser.find(&format!("#examples button[data-example='{id}']")).await.click().await.unwrap();
    let title = examples::find(id).unwrap().title;
    browser.wait_for_text("#verdict", title).await;
    wait_analysed(browser).await;
    assert_eq!(browser.execute("return document.querySelector('#examples').open;", vec![]).await, false);
}

/// Opens a URL in a fresh page load (not just a fragment change) and waits for the analysis.
async fn open_fresh(browser: &Browser, url: &str) {
    browser.client().goto("about:blank").await.unwrap();
    browser.client().goto(url).await.unwrap();
    browser.find("main#app").await;
    wait_analysed(browser).await;
}

async fn input_value(browser: &Browser, css: &str) -> String {
    let v = browser.execute("return document.querySelector(arguments[0]).value;", vec![json!(css)]).await;
    v.as_str().unwrap_or_default().to_owned()
}

async fn attribute(browser: &Browser, css: &str, name: &str) -> String {
    let v = browser
        .execute(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1]);",
            vec![json!(css), json!(name)],
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

async fn active_send(browser: &Browser, keys: &str) {
    browser.client().active_element().await.unwrap().send_keys(keys).await.unwrap();
}

/// The texts of the first `n` exported Blobs.
async fn exported_texts(browser: &Browser, n: usize) -> Vec<String> {
    wait_until(browser, &format!("window.exported.length >= {n}")).await;
    let v = browser.execute("return await Promise.all(window.exported.map(b => b.text()));", vec![]).await;
    serde_json::from_value(v).unwrap_or_default()
}

/// An HTTP-Redirect binding URL carrying `xml` as SAMLRequest (deflate, base64, percent-encoding).
fn redirect_url(xml: &str) -> String {
    let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    deflater.write_all(xml.as_bytes()).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(deflater.finish().unwrap());
    format!(
        "https://login.microsoftonline.com/{}/saml2?SAMLRequest={}&RelayState=abc",
        examples::TENANT_ID,
        percent_encode(&b64)
    )
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A HAR 1.2 capture of a sign-in: the Redirect to Entra, then the POST of the Response to Cognito.
fn har_of(request_xml: &str, response_xml: &str) -> String {
    let body = format!(
        "SAMLResponse={}&RelayState=abc",
        percent_encode(&base64::engine::general_purpose::STANDARD.encode(response_xml))
    );
    json!({ "log": { "version": "1.2", "creator": { "name": "test", "version": "1" }, "entries": [
        { "startedDateTime": "2026-11-27T09:26:51.600Z", "time": 120,
          "request": { "method": "GET", "url": redirect_url(request_xml), "httpVersion": "HTTP/2", "headers": [],
                       "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
          "response": { "status": 200, "statusText": "OK", "httpVersion": "HTTP/2", "headers": [], "cookies": [],
                        "content": { "size": 0, "mimeType": "text/html" }, "redirectURL": "", "headersSize": -1, "bodySize": 0 },
          "cache": {}, "timings": { "send": 0, "wait": 100, "receive": 20 } },
        { "startedDateTime": "2026-11-27T09:26:53.400Z", "time": 90,
          "request": { "method": "POST", "url": examples::REPLY_URL, "httpVersion": "HTTP/2", "headers": [],
                       "queryString": [], "cookies": [], "headersSize": -1, "bodySize": body.len(),
                       "postData": { "mimeType": "application/x-www-form-urlencoded", "text": body } },
          "response": { "status": 302, "statusText": "Found", "httpVersion": "HTTP/2",
                        "headers": [{ "name": "Location", "value": "https://acme.numly.io/" }], "cookies": [],
                        "content": { "size": 0, "mimeType": "text/html" }, "redirectURL": "https://acme.numly.io/",
                        "headersSize": -1, "bodySize": 0 },
          "cache": {}, "timings": { "send": 0, "wait": 80, "receive": 10 } }
    ] } })
    .to_string()
}

/// Records a measurement in `artifacts/metrics/NAME.txt` for the final report.
fn write_metric(name: &str, value: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/metrics");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{name}.txt")), value);
}
