//! The native benchmark harness. Each subcommand prints one JSON object per measurement on stdout; `./xtask/bench`
//! runs them (interleaved with the Node and xmlsec measurements), collects the lines and calls `report`.
//!
//! ```text
//! bench verify XML CERT_PEM ITERS             verification alone (parse + c14n + digest + signature), per call
//! bench analyze NAME FILE CERT_PEM UNIX ITERS full analysis of one input file
//! bench har FILE ITERS                        full analysis of a HAR file, throughput and peak RSS (VmHWM)
//! bench gen-har SIGN_IN_HAR MB OUT            writes a synthetic HAR of about MB megabytes
//! bench scaling ROUNDS                        pathological inputs at n and 4n (best-of-ROUNDS timings)
//! bench scaling-case NAME N                   one pathological input, parsed or analysed once (for callgrind)
//! bench report RESULTS.jsonl ENV.json OUT.md  writes BENCHMARKS.md
//! ```
//!
//! The harness reads the clock (the core never does): `Instant` around each call, warm-up first, then the median.

mod report;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::json;
use sso_doctor::decode::Input;
use sso_doctor_bench as workloads;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["verify", xml, cert, iters] => verify(xml, cert, parse_count(iters)),
        ["analyze", name, file, cert, unix, iters] => analyze(name, file, cert, unix, parse_count(iters)),
        ["har", file, iters] => har(file, parse_count(iters)),
        ["gen-har", sign_in, mb, out] => gen_har(sign_in, mb, out),
        ["scaling", rounds] => scaling(parse_count(rounds)),
        ["scaling-case", name, n] => scaling_case(name, n),
        ["report", results, env, out] => report::write(results, env, out),
        _ => Err("usage: see the top of bench/src/main.rs".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_count(s: &str) -> usize {
    s.parse().unwrap_or(1)
}

fn read_text(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

/// Timings of one measured function: every iteration's duration, sorted.
struct Timings(Vec<Duration>);

impl Timings {
    fn median_ns(&self) -> u128 {
        self.0.get(self.0.len() / 2).map_or(0, Duration::as_nanos)
    }
    fn min_ns(&self) -> u128 {
        self.0.first().map_or(0, Duration::as_nanos)
    }
}

/// Warm-up (a tenth of the iterations, at least one), then `iters` timed calls.
fn measure<T>(iters: usize, mut f: impl FnMut() -> T) -> Timings {
    for _ in 0..(iters / 10).max(1) {
        std::hint::black_box(f());
    }
    let mut times = Vec::with_capacity(iters);
    for _ in 0..iters.max(1) {
        let start = Instant::now();
        std::hint::black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    Timings(times)
}

fn verify(xml: &str, cert: &str, iters: usize) -> Result<(), String> {
    let xml_text = read_text(xml)?;
    let cert_pem = read_text(cert)?;
    let verified = workloads::verify(&xml_text, &cert_pem)?;
    if verified == 0 {
        return Err(format!("{xml}: no signature verified with {cert}"));
    }
    let t = measure(iters, || workloads::verify(&xml_text, &cert_pem));
    println!(
        "{}",
        json!({"bench": "verify", "impl": "sso-doctor native", "median_ns": t.median_ns(), "min_ns": t.min_ns(),
            "iters": iters, "bytes": xml_text.len(), "verified": verified})
    );
    Ok(())
}

fn analyze(name: &str, file: &str, cert: &str, unix: &str, iters: usize) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let cert_pem = read_text(cert)?;
    let at: i64 = unix.parse().map_err(|_| format!("not a Unix time: {unix}"))?;
    let profile = workloads::profile_for(&cert_pem);
    let inputs = [Input { name: name.to_owned(), bytes }];
    let (findings, messages) = workloads::analyze_inputs(&inputs, &profile, at);
    let t = measure(iters, || workloads::analyze_inputs(&inputs, &profile, at));
    println!(
        "{}",
        json!({"bench": format!("analyze {name}"), "impl": "sso-doctor native", "median_ns": t.median_ns(),
            "min_ns": t.min_ns(), "iters": iters, "bytes": inputs[0].bytes.len(), "findings": findings,
            "messages": messages})
    );
    Ok(())
}

/// Peak and current resident set size of this process, from /proc/self/status (bytes; 0 where unavailable).
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn har(file: &str, iters: usize) -> Result<(), String> {
    let (_, rss_start) = rss();
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let size = bytes.len();
    let (_, rss_loaded) = rss();
    let inputs = [Input { name: "capture.har".to_owned(), bytes }];
    let profile = sso_doctor::profile::Profile::numly_default();
    // The first call alone, for the peak: nothing else has touched the heap yet.
    let first = Instant::now();
    let (findings, messages) = workloads::analyze_inputs(&inputs, &profile, 1_714_564_800);
    let first = first.elapsed();
    let (peak, _) = rss();
    let mut times = vec![first];
    for _ in 1..iters.max(1) {
        let start = Instant::now();
        std::hint::black_box(workloads::analyze_inputs(&inputs, &profile, 1_714_564_800));
        times.push(start.elapsed());
    }
    times.sort();
    let t = Timings(times);
    let decode = measure(2, || workloads::decode_messages(&inputs));
    println!(
        "{}",
        json!({"bench": "har", "impl": "sso-doctor native", "median_ns": t.median_ns(), "min_ns": t.min_ns(),
            "iters": iters, "bytes": size, "findings": findings, "messages": messages,
            "decode_median_ns": decode.median_ns(),
            "rss_start": rss_start, "rss_loaded": rss_loaded, "peak_rss": peak})
    );
    Ok(())
}

fn gen_har(sign_in: &str, mb: &str, out: &str) -> Result<(), String> {
    let mb: usize = mb.parse().map_err(|_| format!("not a size in MB: {mb}"))?;
    let har = workloads::har::generate(&read_text(sign_in)?, mb * 1_000_000, 0x5eed + mb as u64)?;
    std::fs::write(out, har).map_err(|e| format!("{out}: {e}"))
}

fn scaling(rounds: usize) -> Result<(), String> {
    let profile = sso_doctor::profile::Profile::numly_default();
    for ((name, what, build), n) in workloads::pathological::cases() {
        let mut row = Vec::new();
        for size in [n, 4 * n] {
            let text = build(size);
            let full = name.starts_with("response");
            let inputs = [Input { name: format!("{name}.xml"), bytes: text.clone().into_bytes() }];
            let outcome = if full {
                let (findings, messages) = workloads::analyze_inputs(&inputs, &profile, 1_714_564_800);
                format!("{messages} message(s), {findings} finding(s)")
            } else {
                match sso_doctor::xml::parse(&text, &sso_doctor::xml::Limits::default()) {
                    Ok(doc) => format!("parsed, {} nodes", doc.len()),
                    Err(e) => format!("error: {e}"),
                }
            };
            let best = (0..rounds.max(1))
                .map(|_| {
                    let start = Instant::now();
                    if full {
                        std::hint::black_box(workloads::analyze_inputs(&inputs, &profile, 1_714_564_800));
                    } else {
                        std::hint::black_box(sso_doctor::xml::parse(&text, &sso_doctor::xml::Limits::default()).ok());
                    }
                    start.elapsed()
                })
                .min()
                .unwrap_or_default();
            row.push((size, text.len(), best.as_nanos(), outcome));
        }
        let ratio = row[1].2 as f64 / (row[0].2 as f64).max(1.0);
        println!(
            "{}",
            json!({"bench": "scaling", "case": name, "what": what, "n": row[0].0, "bytes_n": row[0].1,
                "best_ns_n": row[0].2, "bytes_4n": row[1].1, "best_ns_4n": row[1].2, "ratio": ratio,
                "outcome_n": row[0].3, "outcome_4n": row[1].3, "what_measured": if name.starts_with("response") {
                    "sso_doctor::analyze" } else { "sso_doctor::xml::parse" }})
        );
    }
    Ok(())
}

/// One pathological case at one size, run once: `valgrind --tool=callgrind bench scaling-case siblings 100000`
/// counts its instructions, which unlike times do not depend on caches or other load.
fn scaling_case(name: &str, n: &str) -> Result<(), String> {
    let n: usize = n.parse().map_err(|_| format!("not a size: {n}"))?;
    let ((_, _, build), _) = workloads::pathological::cases()
        .into_iter()
        .find(|((case, _, _), _)| *case == name)
        .ok_or_else(|| format!("no case {name}"))?;
    let text = build(n);
    if name.starts_with("response") {
        let inputs = [Input { name: format!("{name}.xml"), bytes: text.into_bytes() }];
        let profile = sso_doctor::profile::Profile::numly_default();
        std::hint::black_box(workloads::analyze_inputs(&inputs, &profile, 1_714_564_800));
    } else {
        std::hint::black_box(sso_doctor::xml::parse(&text, &sso_doctor::xml::Limits::default()).ok());
    }
    Ok(())
}
