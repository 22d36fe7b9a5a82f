//! The rule catalogue.
//!
//! Every rule lives in its own file under a family folder (`rules/assertion/audience_mismatch.rs` is
//! `assertion.audience-mismatch`) and holds its documentation ([`RuleDoc`]) and its check. Rule ids are public API:
//! never rename or reuse one. The CLI's `explain` and the web app show the same documentation.
//!
//! A rule is a pure function of the [`Analysis`]: decoding, parsing and signature verification record what they saw
//! (typed problems and results), and the rules turn that evidence into [`Finding`]s. So every finding, including
//! `decode.*` and `xml.*`, comes from exactly one rule.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};

/// A rule's documentation, shown by `sso-doctor explain` and by the web app.
#[derive(Debug)]
pub struct RuleDoc {
    /// The stable id: `family.kebab-name`.
    pub id: &'static str,
    /// Default severity of its findings.
    pub severity: Severity,
    /// One-line title describing the problem.
    pub title: &'static str,
    /// What it does: what the rule checks.
    pub what: &'static str,
    /// Why is this bad? What breaks and what the user sees.
    pub why: &'static str,
    /// An example of input that fires, and the message it gives.
    pub example: &'static str,
    /// How to fix: in the admin's words (Entra page and field, or what to send NumlyEngage support).
    pub fix: &'static str,
    /// A one-sentence fix used as the default `fix` of each finding.
    pub fix_summary: &'static str,
    /// References (specs, Microsoft and AWS documentation).
    pub references: &'static [&'static str],
}

/// A check over the analysed trace.
pub trait Rule: Sync {
    /// The rule's documentation (and id).
    fn doc(&self) -> &'static RuleDoc;
    /// Appends this rule's findings for the analysis.
    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>);
}

/// Every rule, in the order their findings are reported.
pub fn catalogue() -> &'static [&'static dyn Rule] {
    CATALOGUE
}

static CATALOGUE: &[&dyn Rule] = &[];

/// The documentation of a rule by id.
pub fn explain(id: &str) -> Option<&'static RuleDoc> {
    CATALOGUE.iter().map(|r| r.doc()).find(|d| d.id == id)
}

/// Runs every rule over the analysis.
pub fn run_all(analysis: &Analysis) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in CATALOGUE {
        rule.check(analysis, &mut out);
    }
    out
}

/// Renders a rule's documentation as Markdown (the same text the CLI prints and the web app shows).
pub fn render_doc_markdown(doc: &RuleDoc) -> String {
    let mut s = format!("# {} — {}\n\nSeverity: {}\n\n", doc.id, doc.title, doc.severity);
    let _ = write!(
        s,
        "## What it does\n{}\n\n## Why is this bad?\n{}\n\n## Example\n{}\n\n## How to fix\n{}\n\n## References\n",
        doc.what, doc.why, doc.example, doc.fix
    );
    for r in doc.references {
        let _ = writeln!(s, "- {r}");
    }
    s
}
