// sso-doctor's wasm core against xml-crypto (the verifier node-saml uses) in one Node process.
//
//   node bench.js verify XML CERT_PEM ROUNDS ITERS      alternating batches of xml-crypto and sso-doctor wasm
//   node bench.js analyze NAME FILE CERT_PEM UNIX ITERS full analysis of one input in wasm
//   node bench.js har FILE ITERS                        full analysis of a HAR in wasm: throughput and memory
//
// The wasm package (wasm-bindgen --target nodejs of bench/) is loaded from $SSO_DOCTOR_WASM_PKG.
// Each measurement prints one JSON line.
'use strict';

const fs = require('fs');
const path = require('path');

const pkgDir = process.env.SSO_DOCTOR_WASM_PKG;
if (!pkgDir) {
  console.error('set SSO_DOCTOR_WASM_PKG to the wasm-bindgen output directory');
  process.exit(2);
}
const core = require(path.resolve(pkgDir, 'sso_doctor_bench.js'));

function nowNs() {
  return process.hrtime.bigint();
}

// Warm-up (a tenth of the iterations), then `iters` timed calls; returns sorted durations in ns.
function measure(iters, f) {
  for (let i = 0; i < Math.max(1, Math.floor(iters / 10)); i++) f();
  const times = [];
  for (let i = 0; i < iters; i++) {
    const start = nowNs();
    f();
    times.push(Number(nowNs() - start));
  }
  return times.sort((a, b) => a - b);
}

const median = (t) => t[Math.floor(t.length / 2)];

// What node-saml does per signature (validateXmlSignatureForCert): parse, select the ds:Signature with XPath,
// load it into a SignedXml holding the expected certificate, check it against the whole document.
function xmlCryptoVerifier() {
  const { SignedXml } = require('xml-crypto');
  const { DOMParser } = require('@xmldom/xmldom');
  const xpath = require('xpath');
  const xmlCryptoVersion = require('xml-crypto/package.json').version;
  const verify = (xml, certPem) => {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const signatures = xpath.select(
      "//*[local-name(.)='Signature' and namespace-uri(.)='http://www.w3.org/2000/09/xmldsig#']",
      doc,
    );
    let verified = 0;
    for (const signature of signatures) {
      const sig = new SignedXml({ publicCert: certPem });
      sig.loadSignature(signature);
      if (sig.checkSignature(xml)) verified++;
    }
    return verified;
  };
  return { verify, version: xmlCryptoVersion };
}

function benchVerify(xmlFile, certFile, rounds, iters) {
  const xml = fs.readFileSync(xmlFile, 'utf8');
  const cert = fs.readFileSync(certFile, 'utf8');
  const xc = xmlCryptoVerifier();
  const impls = [
    { name: `xml-crypto ${xc.version} (Node ${process.version})`, f: () => xc.verify(xml, cert) },
    { name: `sso-doctor wasm (Node ${process.version})`, f: () => core.verify(xml, cert) },
  ];
  for (const impl of impls) {
    const n = impl.f();
    if (n < 1) throw new Error(`${impl.name}: the signature does not verify (${n})`);
  }
  const all = impls.map(() => []);
  const roundMedians = impls.map(() => []);
  for (let r = 0; r < rounds; r++) {
    impls.forEach((impl, i) => {
      const t = measure(iters, impl.f);
      all[i].push(...t);
      roundMedians[i].push(median(t));
    });
  }
  impls.forEach((impl, i) => {
    const t = all[i].sort((a, b) => a - b);
    console.log(JSON.stringify({
      bench: 'verify', impl: impl.name, median_ns: median(t), min_ns: t[0], iters: t.length, rounds,
      round_medians_ns: roundMedians[i], bytes: Buffer.byteLength(xml),
    }));
  });
}

function benchAnalyze(name, file, certFile, unix, iters) {
  const bytes = fs.readFileSync(file);
  const cert = fs.readFileSync(certFile, 'utf8');
  const findings = core.analyze(name, bytes, cert, Number(unix));
  const t = measure(iters, () => core.analyze(name, bytes, cert, Number(unix)));
  console.log(JSON.stringify({
    bench: `analyze ${name}`, impl: `sso-doctor wasm (Node ${process.version})`, median_ns: median(t), min_ns: t[0],
    iters, bytes: bytes.length, findings,
  }));
}

function benchHar(file, iters) {
  const before = process.memoryUsage();
  const bytes = fs.readFileSync(file);
  const loaded = process.memoryUsage();
  const times = [];
  let findings = 0;
  for (let i = 0; i < iters; i++) {
    const start = nowNs();
    findings = core.analyze('capture.har', bytes, '', 1714564800);
    times.push(Number(nowNs() - start));
    if (i === 0) global.afterFirst = process.memoryUsage();
  }
  const after = global.afterFirst;
  const sorted = [...times].sort((a, b) => a - b);
  let messages = 0;
  const decode = measure(2, () => { messages = core.decode_messages('capture.har', bytes); });
  const wasmMemory = core.wasm_memory_bytes();
  console.log(JSON.stringify({
    bench: 'har', impl: `sso-doctor wasm (Node ${process.version})`, median_ns: median(sorted), min_ns: sorted[0],
    first_ns: times[0], iters, bytes: bytes.length, findings, messages, decode_median_ns: median(decode),
    rss_start: before.rss, rss_loaded: loaded.rss, rss_after_first: after.rss,
    peak_rss: process.resourceUsage().maxRSS * 1024, wasm_memory: wasmMemory,
  }));
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'verify') benchVerify(args[0], args[1], Number(args[2]), Number(args[3]));
else if (cmd === 'analyze') benchAnalyze(args[0], args[1], args[2], args[3], Number(args[4]));
else if (cmd === 'har') benchHar(args[0], Number(args[1]));
else {
  console.error('usage: see the top of bench/node/bench.js');
  process.exit(2);
}
