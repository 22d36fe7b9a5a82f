//! End-to-end browser harness for `tests/browser.rs`.
//!
//! [`Browser::start`] serves the release build in `dist/` with a small static server on 127.0.0.1
//! (under the sub-path [`APP_PATH`], as a project site would be), spawns `chromedriver` and drives a
//! headless Debian Chromium with a fresh profile through fantoccini. The server records every request,
//! so tests can prove the page fetched nothing but its own files. On a failing test the page is saved
//! to `artifacts/screenshots/FAILED-<test name>.png`.
//!
//! Environment: `SSO_DOCTOR_DIST` (default `<crate>/dist`), `CHROMEDRIVER` (default `chromedriver`
//! on PATH), `CHROMIUM` (default `/usr/bin/chromium`).
//!
//! Writing a test:
//! ```ignore
//! let browser = Browser::start().await;
//! browser.goto("/").await;
//! browser.set_value("#input", "PHNhbWxwOlJlc3BvbnNl").await;
//! let results = browser.wait_for_text("#results", "20 characters").await;
//! browser.screenshot("decoded").await;
//! assert!(browser.console_errors().is_empty());
//! browser.close().await;
//! ```
#![allow(dead_code)]
// Every test binary that includes this module uses a different part of it.
// The harness times out waits and names temp dirs with the clock; only the core must never read it.
#![allow(clippy::disallowed_methods)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

/// The sub-path the app is served under: assets must load relative to it (Trunk `public_url = "./"`).
pub const APP_PATH: &str = "/sso-doctor/";

/// How long [`Browser::find`] and [`Browser::wait_for_text`] wait before failing.
pub const WAIT: Duration = Duration::from_secs(10);

/// A headless Chromium showing the built app, with the server that serves it.
pub struct Browser {
    client: Client,
    session_id: String,
    server: StaticServer,
    // Dropped after `client` and `server`: kills chromedriver, then removes the profile.
    driver: ChromeDriver,
    profile: TempDir,
}

impl Browser {
    /// Serves `dist/` and starts a fresh headless Chromium; panics with the reason if it cannot.
    pub async fn start() -> Self {
        let dist = dist_dir();
        assert!(
            dist.join("index.html").is_file(),
            "{} has no index.html: build it first with `trunk build --release` (./xtask/test does)",
            dist.display()
        );
        let server =
            StaticServer::start(&dist, APP_PATH).unwrap_or_else(|e| panic!("cannot start the static server: {e}"));
        let driver = ChromeDriver::spawn().unwrap_or_else(|e| panic!("{e}"));
        let profile =
            TempDir::new("sso-doctor-chromium").unwrap_or_else(|e| panic!("cannot create a Chromium profile dir: {e}"));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(chromium_capabilities(&profile.0))
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not start Chromium: {e}"));
        let session_id = client.session_id().await.ok().flatten().unwrap_or_default();
        Self { client, session_id, server, driver, profile }
    }

    /// Navigates to `path` relative to the app root (`"/"` is the app itself).
    pub async fn goto(&self, path: &str) {
        let url = self.url(path);
        self.client.goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The absolute URL of `path` relative to the app root.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{APP_PATH}{}", self.server.addr, path.trim_start_matches('/'))
    }

    /// Waits (up to [`WAIT`]) for the first element matching `css` and returns it.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css:?} after {WAIT:?}: {e}"))
    }

    /// All elements matching `css` right now (no waiting).
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap_or_else(|e| panic!("cannot search for {css:?}: {e}"))
    }

    /// The rendered text of the element matching `css` (waits for it to exist).
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_else(|e| panic!("cannot read the text of {css:?}: {e}"))
    }

    /// Waits until the text of the element matching `css` contains `expected`; returns that text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text(css).await;
            if text.contains(expected) {
                return text;
            }
            assert!(
                start.elapsed() < WAIT,
                "{css:?} still reads {text:?} after {WAIT:?}, expected it to contain {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types `text` into the element matching `css` key by key, as a user would (slow for long text).
    pub async fn type_text(&self, css: &str, text: &str) {
        self.find(css).await.send_keys(text).await.unwrap_or_else(|e| panic!("cannot type into {css:?}: {e}"));
    }

    /// Sets the value of the input or textarea matching `css` at once and fires an `input` event, as
    /// a paste would: use this for long SAML documents.
    pub async fn set_value(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        let element = serde_json::to_value(&element).unwrap_or(Value::Null);
        self.execute(
            "arguments[0].value = arguments[1];
             arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![element, json!(text)],
        )
        .await;
    }

    /// Runs JavaScript in the page (WebDriver `execute`) and returns its result.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Saves a PNG of the page to `artifacts/screenshots/NAME.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap_or_else(|e| panic!("cannot take a screenshot: {e}"));
        save_screenshot(name, &png).unwrap_or_else(|e| panic!("cannot save screenshot {name}: {e}"))
    }

    /// Every request path the page made so far, in order (e.g. `/sso-doctor/`, `/sso-doctor/x.wasm`).
    pub fn requests(&self) -> Vec<String> {
        self.server.requests()
    }

    /// Console messages of level SEVERE since the last call: JavaScript errors, CSP violations, failed
    /// loads. Read from chromedriver's browser log (`goog:loggingPrefs`), so errors during page load
    /// are included.
    pub fn console_errors(&self) -> Vec<String> {
        let path = format!("/session/{}/se/log", self.session_id);
        let log = self
            .driver
            .request("POST", &path, Some(&json!({ "type": "browser" }).to_string()))
            .unwrap_or_else(|e| panic!("cannot read the browser log: {e}"));
        log["value"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|entry| entry["level"] == "SEVERE")
                    .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The fantoccini client, for anything the helpers above do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the session (Chromium exits) and stops chromedriver and the server.
    pub async fn close(self) {
        // Drop does the same synchronously; this keeps fantoccini's own session task tidy.
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let name = std::thread::current().name().unwrap_or("test").replace("::", "-");
            let path = format!("/session/{}/screenshot", self.session_id);
            if let Ok(shot) = self.driver.request("GET", &path, None) {
                let png = base64::engine::general_purpose::STANDARD
                    .decode(shot["value"].as_str().unwrap_or_default())
                    .unwrap_or_default();
                if let Ok(file) = save_screenshot(&format!("FAILED-{name}"), &png) {
                    eprintln!("screenshot of the failing page: {}", file.display());
                }
            }
            eprintln!("requests made by the page: {:#?}", self.server.requests());
            if let Ok(log) = self.driver.request(
                "POST",
                &format!("/session/{}/se/log", self.session_id),
                Some(r#"{"type":"browser"}"#),
            ) {
                eprintln!("browser console: {:#}", log["value"]);
            }
        }
        // Deleting the session makes chromedriver close Chromium (killing chromedriver would not).
        let _ = self.driver.request("DELETE", &format!("/session/{}", self.session_id), None);
    }
}

/// The files of `dist/` as request paths under [`APP_PATH`] (the directory itself stands for index.html).
pub fn dist_request_paths() -> HashSet<String> {
    let dist = dist_dir();
    let mut paths = HashSet::from([APP_PATH.to_owned()]);
    let mut pending = vec![dist.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(&dist) {
                let relative = relative.to_string_lossy().replace('\\', "/");
                paths.insert(format!("{APP_PATH}{relative}"));
            }
        }
    }
    paths
}

/// The built web app: `SSO_DOCTOR_DIST` or `<crate>/dist`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("SSO_DOCTOR_DIST")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"), PathBuf::from)
}

fn chromium_capabilities(profile: &Path) -> fantoccini::wd::Capabilities {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let capabilities = json!({
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": binary,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("the capabilities literal is an object"),
    }
}

fn save_screenshot(name: &str, png: &[u8]) -> io::Result<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/screenshots");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(format!("{name}.png"));
    std::fs::write(&file, png)?;
    Ok(file)
}

/// `chromedriver --port=N` as a child process, killed on drop.
struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    fn spawn() -> Result<Self, String> {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let port = free_port().map_err(|e| format!("no free port for chromedriver: {e}"))?;
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {program}: {e} (install chromium-driver: ./xtask/test does)"))?;
        let driver = Self { child, port };
        let start = Instant::now();
        while driver.request("GET", "/status", None).is_err() {
            if start.elapsed() > WAIT {
                return Err(format!("chromedriver did not answer on port {port} within {WAIT:?}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A blocking WebDriver request (usable from `Drop`); returns the JSON body.
    fn request(&self, method: &str, path: &str, body: Option<&str>) -> io::Result<Value> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let body = body.unwrap_or("");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )?;
        // chromedriver keeps the connection open despite `Connection: close`: read exactly one response.
        let mut reader = BufReader::new(stream);
        let (mut content_length, mut chunked) = (None, false);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            let header = line.to_ascii_lowercase();
            if let Some(length) = header.strip_prefix("content-length:") {
                content_length = length.trim().parse::<usize>().ok();
            }
            chunked |= header.starts_with("transfer-encoding:") && header.contains("chunked");
        }
        let mut payload = Vec::new();
        if chunked {
            loop {
                line.clear();
                reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim(), 16).map_err(io::Error::other)?;
                if size == 0 {
                    break;
                }
                let mut chunk = vec![0; size + 2];
                reader.read_exact(&mut chunk)?;
                payload.extend_from_slice(&chunk[..size]);
            }
        } else if let Some(length) = content_length {
            payload.resize(length, 0);
            reader.read_exact(&mut payload)?;
        } else {
            reader.read_to_end(&mut payload)?;
        }
        serde_json::from_slice(&payload).map_err(io::Error::other)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A static file server for `root` mounted at `mount` on 127.0.0.1:<random>, recording every request.
pub struct StaticServer {
    /// Where it listens.
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Starts serving `root` under `mount` (which starts and ends with `/`).
    pub fn start(root: &Path, mount: &'static str) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (root, requests, stop) = (root.to_path_buf(), requests.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (root, requests) = (root.clone(), requests.clone());
                            std::thread::spawn(move || {
                                let _ = serve_connection(stream, &root, mount, &requests);
                            });
                        }
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(_) => break,
                    }
                }
            })
        };
        Ok(Self { addr, requests, stop, thread: Some(thread) })
    }

    /// Every request path so far (query strings removed), in arrival order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve_connection(stream: TcpStream, root: &Path, mount: &str, requests: &Mutex<Vec<String>>) -> io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        // Skip the headers: the server answers GET and HEAD only, so there is no body.
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split(['?', '#']).next().unwrap_or("").to_owned();
    requests.lock().unwrap_or_else(PoisonError::into_inner).push(path.clone());

    let (status, content_type, body) = match method {
        "GET" | "HEAD" => match resolve(root, mount, &path).and_then(|f| std::fs::read(f).ok()) {
            Some(body) => ("200 OK", content_type_for(&path), body),
            None => ("404 Not Found", "text/plain; charset=utf-8", b"not found\n".to_vec()),
        },
        _ => ("405 Method Not Allowed", "text/plain; charset=utf-8", b"GET only\n".to_vec()),
    };
    let mut head = String::new();
    let _ = write!(
        head,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// Maps a request path under `mount` to a file of `root`; `None` outside it or on `..`.
fn resolve(root: &Path, mount: &str, path: &str) -> Option<PathBuf> {
    let relative = path.strip_prefix(mount)?;
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    let relative = Path::new(&relative);
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(root.join(relative)).filter(|f| f.is_file())
}

/// The MIME type for a request path, by extension (`.wasm` must be `application/wasm` for streaming
/// compilation).
fn content_type_for(path: &str) -> &'static str {
    let extension = if path.ends_with('/') { "html" } else { path.rsplit_once('.').map_or("", |(_, ext)| ext) };
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// A uniquely named directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(prefix: &str) -> io::Result<Self> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "{prefix}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
