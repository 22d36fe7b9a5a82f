//! The exit status of `sso-doctor`, in one place (ripgrep's contract: 0 nothing wrong, 1 something found, 2 error).

/// How `sso-doctor` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: `check` found no error-severity finding; `decode` found at least one SAML message; `explain` printed the
    /// documentation or the list; `--help` and `--version`.
    Clean,
    /// 1: `check` found at least one error-severity finding (sign-in fails because of it); `decode` found no SAML
    /// message in the inputs.
    Findings,
    /// 2: a usage error (unknown flag, bad `--at`, unknown rule), an input or profile that cannot be read, or a
    /// profile with a bad key.
    Trouble,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            Exit::Clean => 0,
            Exit::Findings => 1,
            Exit::Trouble => 2,
        }
    }
}
