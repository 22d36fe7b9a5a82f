//! Findings: what a rule says about a trace, with its evidence and the fix.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Sign-in fails (or is unsafe) because of this.
    Error,
    /// Likely to break sign-in soon, or a weakness worth fixing.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which message of the trace a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageRef {
    /// Index of the message in the report's `messages` (0-based).
    pub index: usize,
    /// The message kind, e.g. `Response`.
    pub kind: String,
    /// The message's `ID`, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// One diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable rule id, e.g. `assertion.audience-mismatch`.
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// One line quoting the actual value (and the expected one where there is one).
    pub message: String,
    /// The expected value, if the rule compares values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The value found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The message the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<MessageRef>,
    /// Where in the message (an element path such as `/samlp:Response/saml:Assertion/saml:Issuer`) or in the input
    /// (`input 1, HAR entry 12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The fix in the admin's words: which Entra field to change or what to send NumlyEngage support.
    pub fix: String,
}

impl Finding {
    /// A finding with the rule's id and default severity, and the given message; add evidence with the builder
    /// methods.
    pub fn new(doc: &'static crate::rules::RuleDoc, message: impl Into<String>) -> Self {
        Finding {
            rule: doc.id,
            severity: doc.severity,
            message: message.into(),
            expected: None,
            actual: None,
            subject: None,
            location: None,
            fix: doc.fix_summary.to_owned(),
        }
    }

    /// Sets the expected value.
    #[must_use]
    pub fn expected(mut self, v: impl Into<String>) -> Self {
        self.expected = Some(v.into());
        self
    }

    /// Sets the actual value.
    #[must_use]
    pub fn actual(mut self, v: impl Into<String>) -> Self {
        self.actual = Some(v.into());
        self
    }

    /// Sets the message the finding is about.
    #[must_use]
    pub fn subject(mut self, s: MessageRef) -> Self {
        self.subject = Some(s);
        self
    }

    /// Sets the location.
    #[must_use]
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Replaces the rule's generic fix with one specific to this case.
    #[must_use]
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Overrides the rule's default severity (e.g. a finding that is only a warning in this context).
    #[must_use]
    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }

    /// Re-grades the finding because of something else in the trace, and says why at the end of the message
    /// (e.g. a warning that becomes an error because the trace shows the error it predicts).
    #[must_use]
    pub fn regraded(mut self, s: Severity, because: &str) -> Self {
        self.severity = s;
        self.message.push_str(" (");
        self.message.push_str(because);
        self.message.push(')');
        self
    }
}
