//! `cert.expired`: a signing certificate's validity ended before the evaluation time.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::time::{format_rfc3339, human_duration};
use crate::x509::Validity;

use super::{describe, seen_at};

/// The rule.
pub struct Expired;

static DOC: RuleDoc = rule_doc! {
    id: "cert.expired",
    severity: Severity::Error,
    title: "A signing certificate has expired",
    what: "Reports each signing certificate of the trace (in a signature's KeyInfo, in metadata with use=\"signing\" \
           or no use, or pasted) whose notAfter is before the evaluation time.",
    why: "Entra ID keeps signing with the certificate that is marked Active even after it expires, and many service \
          providers then reject the response. When the expired certificate is the one NumlyEngage holds in Cognito, \
          the fix is a new certificate in Entra and new metadata for NumlyEngage.",
    example: "A response signed with a certificate that ended on 2045-01-01, evaluated on 2045-02-01, gives: \
              `certificate CN=… (thumbprint 4F2A…) expired on 2045-01-01T00:00:00Z, 31 days before the evaluation time`.",
    fix: "In Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → SAML Certificates, create a \
          new certificate, make it Active, then copy the App Federation Metadata URL and send it to NumlyEngage \
          support so they update the IdP metadata in Cognito.",
    fix_summary: "Create and activate a new SAML certificate in Entra, then send the App Federation Metadata URL to \
                  NumlyEngage support.",
    references: &[
        "RFC 5280 §4.1.2.5 (Validity)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
    ],
};

impl Rule for Expired {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for seen in analysis.certificates.iter().filter(|c| c.is_signing()) {
            let cert = &seen.certificate;
            if let Validity::Expired { expired_secs_ago } = cert.validity_at(analysis.at) {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{} expired on {}, {} before the evaluation time",
                            describe(seen),
                            format_rfc3339(cert.not_after),
                            human_duration(expired_secs_ago)
                        ),
                    )
                    .expected(format!("valid at {}", format_rfc3339(analysis.at)))
                    .actual(format!("notAfter {}", format_rfc3339(cert.not_after)))
                    .at(seen_at(seen)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, NOT_AFTER, SIGNED_ASSERTION};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_after_not_after() {
        let f = findings_of("cert.expired", &[SIGNED_ASSERTION], &Profile::default(), NOT_AFTER + 31 * 86_400);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("expired on 2045-01-01T00:00:00Z, 31 days before"), "{}", f[0].message);
    }

    #[test]
    fn quiet_within_the_validity_period() {
        assert!(findings_of("cert.expired", &[SIGNED_ASSERTION], &Profile::default(), AT).is_empty());
        assert!(findings_of("cert.expired", &[SIGNED_ASSERTION], &Profile::default(), NOT_AFTER).is_empty());
    }
}
