//! `cert.not-yet-valid`: a signing certificate's validity starts after the evaluation time.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::time::{format_rfc3339, human_duration};
use crate::x509::Validity;

use super::{describe, seen_at};

/// The rule.
pub struct NotYetValid;

static DOC: RuleDoc = rule_doc! {
    id: "cert.not-yet-valid",
    severity: Severity::Error,
    title: "A signing certificate is not valid yet",
    what: "Reports each signing certificate of the trace whose notBefore is after the evaluation time.",
    why: "A certificate used before its start date points at a wrong clock (the machine that captured the trace, or \
          the evaluation time chosen), or at a certificate created in Entra and activated ahead of time in another \
          time zone. Service providers that check dates reject the signature until the start date.",
    example: "Evaluating on 2024-12-01 a response signed with a certificate valid from 2025-01-01 gives: \
              `certificate CN=… (thumbprint 4F2A…) is valid only from 2025-01-01T00:00:00Z, 31 days after the \
              evaluation time`.",
    fix: "Check the evaluation time first (the capture time of the HAR, or the time you passed with --at). If it is \
          right, in Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → SAML Certificates make \
          a currently valid certificate Active, and send the App Federation Metadata URL to NumlyEngage support.",
    fix_summary: "Check the evaluation time; otherwise activate a currently valid SAML certificate in Entra.",
    references: &[
        "RFC 5280 §4.1.2.5 (Validity)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
    ],
};

impl Rule for NotYetValid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for seen in analysis.certificates.iter().filter(|c| c.is_signing()) {
            let cert = &seen.certificate;
            if let Validity::NotYetValid { starts_in_secs } = cert.validity_at(analysis.at) {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{} is valid only from {}, {} after the evaluation time",
                            describe(seen),
                            format_rfc3339(cert.not_before),
                            human_duration(starts_in_secs)
                        ),
                    )
                    .expected(format!("valid at {}", format_rfc3339(analysis.at)))
                    .actual(format!("notBefore {}", format_rfc3339(cert.not_before)))
                    .at(seen_at(seen)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, NOT_BEFORE, SIGNED_ASSERTION};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_before_not_before() {
        let f = findings_of("cert.not-yet-valid", &[SIGNED_ASSERTION], &Profile::default(), NOT_BEFORE - 31 * 86_400);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("valid only from 2025-01-01T00:00:00Z, 31 days after"), "{}", f[0].message);
    }

    #[test]
    fn quiet_once_valid() {
        assert!(findings_of("cert.not-yet-valid", &[SIGNED_ASSERTION], &Profile::default(), AT).is_empty());
        assert!(findings_of("cert.not-yet-valid", &[SIGNED_ASSERTION], &Profile::default(), NOT_BEFORE).is_empty());
    }
}
