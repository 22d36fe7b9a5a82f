//! `cert.expiring-soon`: a signing certificate expires within 30 days of the evaluation time.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::time::{format_rfc3339, human_duration};
use crate::x509::Validity;

use super::{describe, seen_at};

/// How close to `notAfter` a certificate is reported: 30 days.
pub const EXPIRING_SOON_SECONDS: i64 = 30 * 86_400;

/// The rule.
pub struct ExpiringSoon;

static DOC: RuleDoc = rule_doc! {
    id: "cert.expiring-soon",
    severity: Severity::Warning,
    title: "A signing certificate expires within 30 days",
    what: "Reports each signing certificate of the trace that is valid at the evaluation time but whose notAfter is \
           at most 30 days later.",
    why: "When the certificate expires, Entra either keeps signing with it (and strict service providers reject the \
          response) or an admin activates a new certificate — and from then on Cognito, still holding the old \
          metadata, rejects every sign-in until NumlyEngage uploads the new one. Planning the rollover avoids the \
          outage.",
    example: "Evaluating on 2044-12-20 a certificate that ends on 2045-01-01 gives: `certificate CN=… (thumbprint \
              4F2A…) expires on 2045-01-01T00:00:00Z, in 12 days`.",
    fix: "In Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → SAML Certificates, create a new \
          certificate (keep the current one Active), send the App Federation Metadata URL to NumlyEngage support, and \
          make the new certificate Active once they confirm the metadata is updated.",
    fix_summary: "Create a new SAML certificate in Entra, send the App Federation Metadata URL to NumlyEngage support, \
                  then activate it.",
    references: &[
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
        "RFC 5280 §4.1.2.5 (Validity)",
    ],
};

impl Rule for ExpiringSoon {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for seen in analysis.certificates.iter().filter(|c| c.is_signing()) {
            let cert = &seen.certificate;
            let Validity::Valid { expires_in_secs } = cert.validity_at(analysis.at) else { continue };
            if expires_in_secs > EXPIRING_SOON_SECONDS {
                continue;
            }
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "{} expires on {}, in {}",
                        describe(seen),
                        format_rfc3339(cert.not_after),
                        human_duration(expires_in_secs)
                    ),
                )
                .actual(format!("notAfter {}", format_rfc3339(cert.not_after)))
                .at(seen_at(seen)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, NOT_AFTER, SIGNED_ASSERTION};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_within_30_days_of_not_after() {
        let f = findings_of("cert.expiring-soon", &[SIGNED_ASSERTION], &Profile::default(), NOT_AFTER - 12 * 86_400);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("expires on 2045-01-01T00:00:00Z, in 12 days"), "{}", f[0].message);
    }

    #[test]
    fn quiet_long_before_and_after_expiry() {
        assert!(findings_of("cert.expiring-soon", &[SIGNED_ASSERTION], &Profile::default(), AT).is_empty());
        assert!(findings_of("cert.expiring-soon", &[SIGNED_ASSERTION], &Profile::default(), NOT_AFTER - 31 * 86_400)
            .is_empty());
        assert!(findings_of("cert.expiring-soon", &[SIGNED_ASSERTION], &Profile::default(), NOT_AFTER + 1).is_empty());
    }
}
