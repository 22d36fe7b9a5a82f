//! The rule catalogue.
//!
//! Every rule lives in its own file under a family folder (`rules/assertion/audience_mismatch.rs` is
//! `assertion.audience-mismatch`) and holds its documentation ([`RuleDoc`]) and its check. Rule ids are public API:
//! never rename or reuse one. The CLI's `explain` and the web app show the same documentation.
//!
//! A rule is a pure function of the [`Analysis`]: decoding, parsing and signature verification record what they saw
//! (typed problems and results), and the rules turn that evidence into [`Finding`]s. So every finding, including
//! `decode.*` and `xml.*`, comes from exactly one rule.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};

/// A rule's documentation, shown by `sso-doctor explain` and by the web app.
///
/// The long form (`what`, `why`, `example`, `fix`, `references`) is compiled into native builds only. The web app
/// shows it on demand ("Learn more") from a JavaScript module it imports when first needed, which the build
/// (`xtask/rule-docs`, a Trunk post-build step) generates from these same `rule_doc!` literals; `tests/docs.rs`
/// checks that the generator reads every rule exactly as the compiler does. The first screen needs only the id,
/// severity, title and one-line fix, so the initial download does not carry about 70 KB of documentation text.
#[derive(Debug)]
pub struct RuleDoc {
    /// The stable id: `family.kebab-name`.
    pub id: &'static str,
    /// Default severity of its findings.
    pub severity: Severity,
    /// One-line title describing the problem.
    pub title: &'static str,
    /// What it does: what the rule checks. Native builds only (see above).
    #[cfg(not(target_arch = "wasm32"))]
    pub what: &'static str,
    /// Why is this bad? What breaks and what the user sees. Native builds only.
    #[cfg(not(target_arch = "wasm32"))]
    pub why: &'static str,
    /// An example of input that fires, and the message it gives. Native builds only.
    #[cfg(not(target_arch = "wasm32"))]
    pub example: &'static str,
    /// How to fix: in the admin's words (Entra page and field, or what to send NumlyEngage support). Native builds
    /// only.
    #[cfg(not(target_arch = "wasm32"))]
    pub fix: &'static str,
    /// A one-sentence fix used as the default `fix` of each finding.
    pub fix_summary: &'static str,
    /// References (specs, Microsoft and AWS documentation). Native builds only.
    #[cfg(not(target_arch = "wasm32"))]
    pub references: &'static [&'static str],
}

/// A rule's [`RuleDoc`], written in full, in this field order, with string literals only (`xtask/rule-docs` reads
/// these literals to make the web app's documentation module): the long form is left out of wasm32 builds.
macro_rules! rule_doc {
    (id: $id:literal, severity: $severity:expr, title: $title:literal, what: $what:literal, why: $why:literal,
     example: $example:literal, fix: $fix:literal, fix_summary: $fix_summary:literal,
     references: &[$($reference:literal),+ $(,)?] $(,)?) => {
        $crate::rules::RuleDoc {
            id: $id,
            severity: $severity,
            title: $title,
            #[cfg(not(target_arch = "wasm32"))]
            what: $what,
            #[cfg(not(target_arch = "wasm32"))]
            why: $why,
            #[cfg(not(target_arch = "wasm32"))]
            example: $example,
            #[cfg(not(target_arch = "wasm32"))]
            fix: $fix,
            fix_summary: $fix_summary,
            #[cfg(not(target_arch = "wasm32"))]
            references: &[$($reference),+],
        }
    };
}

/// A check over the analysed trace.
pub trait Rule: Sync {
    /// The rule's documentation (and id).
    fn doc(&self) -> &'static RuleDoc;
    /// Appends this rule's findings for the analysis.
    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>);
}

pub mod assertion;
pub mod cert;
pub mod claims;
pub mod decode;
pub(crate) mod expected;
pub mod flow;
pub mod metadata;
pub mod request;
pub mod response;
#[cfg(test)]
pub(crate) mod samples;
pub mod signature;
pub mod xml;

/// The rule families; each family module lists its rules in `RULES`.
static FAMILIES: &[&[&dyn Rule]] = &[
    decode::RULES,
    xml::RULES,
    signature::RULES,
    cert::RULES,
    metadata::RULES,
    request::RULES,
    response::RULES,
    assertion::RULES,
    claims::RULES,
    flow::RULES,
];

/// Every rule, family by family, in the order their findings are reported.
pub fn catalogue() -> impl Iterator<Item = &'static dyn Rule> {
    FAMILIES.iter().flat_map(|f| f.iter().copied())
}

/// The documentation of a rule by id.
pub fn explain(id: &str) -> Option<&'static RuleDoc> {
    catalogue().map(Rule::doc).find(|d| d.id == id)
}

/// Runs every rule over the analysis.
pub fn run_all(analysis: &Analysis) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in catalogue() {
        rule.check(analysis, &mut out);
    }
    out
}

/// Renders a rule's documentation as Markdown (the same text the CLI prints and the web app shows). Native builds
/// only: the web app gets the long form from its documentation module.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_doc_markdown(doc: &RuleDoc) -> String {
    use std::fmt::Write as _;

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

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for rule tests: analyse texts and look at one rule's findings.
    use crate::decode::Input;
    use crate::finding::Finding;
    use crate::profile::Profile;
    use crate::time::EvaluationTime;

    /// All findings for these pasted texts (one input each) with the profile at the time.
    pub fn findings(texts: &[&str], profile: &Profile, at: i64) -> Vec<Finding> {
        let inputs: Vec<Input> =
            texts.iter().enumerate().map(|(i, t)| Input::text(format!("input {}", i + 1), *t)).collect();
        crate::analyze(&inputs, profile, EvaluationTime::at(at)).findings
    }

    /// The findings of one rule.
    pub fn findings_of(rule: &str, texts: &[&str], profile: &Profile, at: i64) -> Vec<Finding> {
        findings(texts, profile, at).into_iter().filter(|f| f.rule == rule).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_ids_are_unique_well_formed_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in catalogue() {
            let d = rule.doc();
            assert!(seen.insert(d.id), "duplicate rule id {}", d.id);
            let (family, name) = d.id.split_once('.').unwrap_or_else(|| panic!("{} has no family", d.id));
            let kebab = |s: &str| {
                !s.is_empty()
                    && s.split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
            };
            assert!(kebab(family) && kebab(name), "{} is not family.kebab-name", d.id);
            for (section, text) in [
                ("title", d.title),
                ("what", d.what),
                ("why", d.why),
                ("example", d.example),
                ("fix", d.fix),
                ("fix_summary", d.fix_summary),
            ] {
                assert!(text.trim().len() >= 10, "{}: section '{section}' is missing or too short", d.id);
            }
            assert!(!d.references.is_empty(), "{}: no references", d.id);
            let md = render_doc_markdown(d);
            for h in ["## What it does", "## Why is this bad?", "## Example", "## How to fix", "## References"] {
                assert!(md.contains(h), "{}: rendered docs lack {h}", d.id);
            }
        }
        assert!(!seen.is_empty(), "empty catalogue");
    }
}
