//! `sso-doctor explain`: a rule's documentation, the list of rules, and "did you mean" for a mistyped id.

use std::fmt::Write as _;

use super::error::CliError;
use crate::rules::{self, Rule};

/// The documentation of `id` as Markdown (the text the web app shows too). An `AADSTS` code (`AADSTS50011` or
/// just `50011`) is explained from the error table instead.
pub fn rule_doc(id: &str) -> Result<String, CliError> {
    if let Some(text) = aadsts_doc(id) {
        return Ok(text);
    }
    match rules::explain(id) {
        Some(doc) => Ok(rules::render_doc_markdown(doc)),
        None => Err(CliError::UnknownRule { id: id.to_owned(), suggestions: closest_ids(id) }),
    }
}

/// `AADSTS50011` / `aadsts50011` / `50011` → the explainer's entry as Markdown.
fn aadsts_doc(query: &str) -> Option<String> {
    let q = query.trim();
    let digits = q.get(..6).filter(|p| p.eq_ignore_ascii_case("aadsts")).map_or(q, |_| &q[6..]);
    let code: u32 = digits.parse().ok()?;
    let e = crate::explain::aadsts::lookup(code)?;
    let mut s = format!(
        "# AADSTS{} — {}\n\n## Meaning\n{}\n\n## Likely cause with NumlyEngage\n{}\n\n## How to fix\n{}\n",
        e.code, e.title, e.meaning, e.likely_cause, e.fix
    );
    if let Some(page) = e.entra_page {
        let _ = write!(s, "\nWhere: {page}\n");
    }
    Some(s)
}

/// Every rule: id, severity and title, one per line, in catalogue order.
pub fn rule_list() -> String {
    let docs: Vec<_> = rules::catalogue().map(Rule::doc).collect();
    let width = docs.iter().map(|d| d.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for d in docs {
        let _ = writeln!(out, "{:<width$}  {:<7}  {}", d.id, d.severity.as_str(), d.title);
    }
    out
}

/// Up to three catalogue ids close to `query`: by edit distance to the whole id or to its name after the family
/// (`unrecognised` → `decode.unrecognized`), or containing it.
pub fn closest_ids(query: &str) -> Vec<&'static str> {
    let query = query.trim().to_lowercase();
    let mut scored: Vec<(usize, &'static str)> = rules::catalogue()
        .map(|r| r.doc().id)
        .filter_map(|id| {
            let name = id.split_once('.').map_or(id, |(_, name)| name);
            let distance = edit_distance(&query, id).min(edit_distance(&query, name));
            let close = distance <= (query.chars().count() / 3).max(2);
            let contains = query.chars().count() >= 3 && id.contains(query.as_str());
            (close || contains).then_some((distance, id))
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(usize::MAX - 1) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let insert = current.last().copied().unwrap_or(usize::MAX - 1) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_and_explained() {
        let list = rule_list();
        for rule in rules::catalogue() {
            let d = rule.doc();
            assert!(list.lines().any(|l| l.starts_with(d.id) && l.contains(d.title)), "{} missing from\n{list}", d.id);
            assert_eq!(rule_doc(d.id).unwrap(), rules::render_doc_markdown(d));
        }
    }

    #[test]
    fn aadsts_codes_are_explained() {
        for q in ["AADSTS50011", "aadsts50011", "50011"] {
            let doc = rule_doc(q).unwrap();
            assert!(doc.starts_with("# AADSTS50011 — "), "{doc}");
            assert!(doc.contains("## How to fix"), "{doc}");
        }
        assert!(rule_doc("AADSTS1").is_err());
    }

    #[test]
    fn mistyped_ids_get_suggestions() {
        assert_eq!(closest_ids("decode.unrecognised"), ["decode.unrecognized"]);
        assert_eq!(closest_ids("unrecognized"), ["decode.unrecognized"]);
        assert_eq!(closest_ids("Decode.Unrecognized"), ["decode.unrecognized"]);
        assert!(closest_ids("zzzzzzzzzzzzzzzzzzzz").is_empty());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
