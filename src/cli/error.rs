//! What can stop the CLI before it has a report, in ripgrep's voice: lowercase, the offending input quoted, and a
//! way out where there is one. Every one of these exits 2.

use std::fmt;

use crate::profile::ProfileError;

/// An error of the command line (not of the trace: problems in the trace are findings).
#[derive(Debug)]
#[non_exhaustive]
pub enum CliError {
    /// An input file (or standard input) could not be read.
    ReadInput {
        /// The path as given, or `stdin`.
        name: String,
        /// Why.
        source: std::io::Error,
    },
    /// An input is larger than the core accepts.
    InputTooLarge {
        /// The path as given.
        name: String,
        /// Its size in bytes, when known (not for standard input).
        size: Option<u64>,
        /// The limit in bytes.
        limit: usize,
    },
    /// `-` was given more than once (standard input can be read only once).
    StdinTwice,
    /// The profile file could not be read.
    ReadProfile {
        /// The path as given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The profile file has bad keys or values.
    Profile {
        /// The path as given.
        path: String,
        /// One error per bad key.
        errors: Vec<ProfileError>,
    },
    /// `explain` was given an id that is not in the catalogue.
    UnknownRule {
        /// The id as given.
        id: String,
        /// The closest known ids.
        suggestions: Vec<&'static str>,
    },
    /// Writing the output failed (other than a closed pipe, which ends the program quietly).
    Write(std::io::Error),
}

impl fmt::Display for CliError {
    /// One or more lines (one per profile error), without the `sso-doctor:` prefix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::ReadInput { name, source } => write!(f, "cannot read '{name}': {source}"),
            CliError::InputTooLarge { name, size, limit } => {
                let mib = |bytes: u64| bytes / (1024 * 1024);
                match size {
                    Some(size) => write!(f, "'{name}' is {} MB", mib(*size))?,
                    None => write!(f, "'{name}' is too large")?,
                }
                write!(
                    f,
                    ", more than the {} MB an input may have; export only the failed sign-in (a HAR of the \
                     sign-in tab, or just the SAMLResponse)",
                    mib(*limit as u64)
                )
            }
            CliError::StdinTwice => f.write_str("'-' (standard input) can be given only once"),
            CliError::ReadProfile { path, source } => write!(f, "cannot read profile '{path}': {source}"),
            CliError::Profile { path, errors } => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    if e.key.is_empty() {
                        write!(f, "invalid profile '{path}': {}", e.message)?;
                    } else {
                        write!(f, "invalid profile '{path}': key '{}': {}", e.key, e.message)?;
                    }
                }
                Ok(())
            }
            CliError::UnknownRule { id, suggestions } => {
                write!(f, "unknown rule '{id}'")?;
                match suggestions.as_slice() {
                    [] => {}
                    [one] => write!(f, "; did you mean '{one}'?")?,
                    many => write!(f, "; did you mean one of '{}'?", many.join("', '"))?,
                }
                f.write_str(" ('sso-doctor explain --list' lists every rule)")
            }
            CliError::Write(source) => write!(f, "cannot write the output: {source}"),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::ReadInput { source, .. } | CliError::ReadProfile { source, .. } | CliError::Write(source) => {
                Some(source)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_quote_the_input_and_name_the_key() {
        let e = CliError::ReadInput { name: "trace.har".into(), source: std::io::Error::from_raw_os_error(2) };
        assert_eq!(e.to_string(), "cannot read 'trace.har': No such file or directory (os error 2)");
        let e = CliError::Profile {
            path: "acme.toml".into(),
            errors: vec![
                ProfileError { key: "tenant_id".into(), message: "'x' is not a GUID".into() },
                ProfileError { key: String::new(), message: "expected '='".into() },
            ],
        };
        assert_eq!(
            e.to_string(),
            "invalid profile 'acme.toml': key 'tenant_id': 'x' is not a GUID\ninvalid profile 'acme.toml': expected '='"
        );
        let e = CliError::UnknownRule { id: "decode.unrecognised".into(), suggestions: vec!["decode.unrecognized"] };
        assert!(e.to_string().starts_with("unknown rule 'decode.unrecognised'; did you mean 'decode.unrecognized'?"));
    }
}
