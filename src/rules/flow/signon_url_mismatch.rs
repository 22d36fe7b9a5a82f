//! `flow.signon-url-mismatch`: the NumlyEngage sign-on URL the user started from is not the expected one.

use crate::analysis::Analysis;
use crate::decode::Item;
use crate::finding::{Finding, Severity};
use crate::rules::expected::{sign_on_url_difference, sign_on_url_problem, UrlParts};
use crate::rules::{Rule, RuleDoc};
use crate::trace::{party_of, Party};

/// The rule.
pub struct SignonUrlMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "flow.signon-url-mismatch",
    severity: Severity::Error,
    title: "NumlyEngage Sign on URL is not the expected one",
    what: "Checks the NumlyEngage sign-on URLs seen in the trace (a captured request to \
           https://<subdomain>.numly.io/registration, or a pasted numly.io URL) against the profile's sign_on_url \
           (host without regard to case, path exactly, mail= after decoding), or against the pattern \
           https://<subdomain>.numly.io/registration?mail=<custom identifier>.",
    why: "NumlyEngage starts the SAML sign-in from its registration page and needs mail=<custom identifier> to know \
          which organisation (and user pool) the user belongs to. Without it, or on another subdomain, the user never \
          reaches Entra, or reaches the wrong organisation's user pool.",
    example: "`https://acme.numly.io/registration` gives: `sign-on URL 'https://acme.numly.io/registration' does not \
              match https://<subdomain>.numly.io/registration?mail=<custom identifier> (the mail= parameter is \
              missing)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration, \
          set Sign on URL to https://<SUBDOMAIN>.numly.io/registration?mail=<CUSTOM_IDENTIFIER> with the values \
          NumlyEngage support gave you; users and bookmarks should use the same address.",
    fix_summary: "Set Entra → Basic SAML Configuration → Sign on URL to \
                  https://<SUBDOMAIN>.numly.io/registration?mail=<CUSTOM_IDENTIFIER>.",
    references: &["https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/add-application-portal-setup-sso"],
};

impl Rule for SignonUrlMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let mut reported: Vec<&str> = Vec::new();
        for item in &analysis.decoded.items {
            let Item::Request { source, url, .. } = item else { continue };
            if !is_sign_on_attempt(url, source.har_entry.is_none()) || reported.contains(&url.as_str()) {
                continue;
            }
            let (expected, problem) = match &analysis.profile.sign_on_url {
                Some(e) => {
                    (e.clone(), sign_on_url_difference(url, e).map(|d| format!("the profile's sign_on_url; {d}")))
                }
                None => (
                    "https://<subdomain>.numly.io/registration?mail=<custom identifier>".to_owned(),
                    sign_on_url_problem(url),
                ),
            };
            let Some(problem) = problem else { continue };
            reported.push(url);
            out.push(
                Finding::new(&DOC, format!("sign-on URL '{url}' does not match {expected} ({problem})"))
                    .expected(expected)
                    .actual(url.clone())
                    .at(source.describe()),
            );
        }
    }
}

/// A request to NumlyEngage's registration page, or a pasted numly.io URL that is not an error redirect.
fn is_sign_on_attempt(url: &str, pasted: bool) -> bool {
    if party_of(url) != Party::NumlyEngage {
        return false;
    }
    let Some(parts) = UrlParts::parse(url) else { return false };
    if parts.path.eq_ignore_ascii_case("/registration") {
        return true;
    }
    pasted && ["error", "error_description", "code", "state"].iter().all(|p| parts.query_param(p).is_none())
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, AT};
    use crate::trace::testing::{findings_of, request, source};

    const RULE: &str = "flow.signon-url-mismatch";

    #[test]
    fn fires_on_a_missing_mail_parameter() {
        let f = findings_of(
            RULE,
            vec![request(source(0, None), "https://acme.numly.io/registration")],
            &Profile::default(),
            AT,
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the mail= parameter is missing"), "{}", f[0].message);
    }

    #[test]
    fn fires_against_the_profile() {
        let url = "https://acme.numly.io/registration?mail=john@acme.example";
        let f = findings_of(RULE, vec![request(source(0, None), url)], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("mail=john@acme.example instead of mail=jane.doe@acme.example"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn quiet_on_the_right_url_and_on_other_numly_pages_of_a_capture() {
        let ok = "https://acme.numly.io/registration?mail=jane.doe%40acme.example";
        assert!(findings_of(RULE, vec![request(source(0, None), ok)], &profile(), AT).is_empty());
        let har = source(0, Some((5, "https://acme.numly.io/app.js", AT)));
        assert!(
            findings_of(RULE, vec![request(har, "https://acme.numly.io/app.js")], &Profile::default(), AT).is_empty()
        );
        let error = "https://acme.numly.io/?error_description=x&error=invalid_request";
        assert!(findings_of(RULE, vec![request(source(0, None), error)], &Profile::default(), AT).is_empty());
    }

    #[test]
    fn fires_on_a_pasted_url() {
        let f =
            crate::rules::testing::findings_of(RULE, &["https://acme.numly.io/registration"], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
    }
}
