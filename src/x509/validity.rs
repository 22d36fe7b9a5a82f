//! A certificate's validity period seen from an evaluation time.

use serde::Serialize;

/// Where an evaluation time falls in a certificate's validity period. The period includes both `notBefore`
/// and `notAfter` (RFC 5280 §4.1.2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Validity {
    /// The evaluation time is before `notBefore`.
    NotYetValid {
        /// Seconds from the evaluation time to `notBefore` (at least 1).
        starts_in_secs: i64,
    },
    /// The evaluation time is within the period.
    Valid {
        /// Seconds from the evaluation time to `notAfter` (0 on the last second).
        expires_in_secs: i64,
    },
    /// The evaluation time is after `notAfter`.
    Expired {
        /// Seconds from `notAfter` to the evaluation time (at least 1).
        expired_secs_ago: i64,
    },
}

impl Validity {
    /// Where `time` (unix seconds) falls in the period `not_before..=not_after` (unix seconds).
    pub fn at(not_before: i64, not_after: i64, time: i64) -> Self {
        if time < not_before {
            Self::NotYetValid { starts_in_secs: not_before.saturating_sub(time) }
        } else if time > not_after {
            Self::Expired { expired_secs_ago: time.saturating_sub(not_after) }
        } else {
            Self::Valid { expires_in_secs: not_after.saturating_sub(time) }
        }
    }

    /// True for [`Validity::Valid`].
    pub fn is_valid(self) -> bool {
        matches!(self, Self::Valid { .. })
    }
}
