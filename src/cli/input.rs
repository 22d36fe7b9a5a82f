//! Reading the inputs (files or standard input) and the profile file.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::CliError;
use crate::decode::{Input, MAX_INPUT_BYTES};
use crate::profile::Profile;

/// The name standard input gets in the report (`input 1 "stdin"`).
pub const STDIN_NAME: &str = "stdin";

/// Reads every input in order; `-` is standard input (at most once).
pub fn read_inputs(paths: &[PathBuf], stdin: &mut dyn Read) -> Result<Vec<Input>, CliError> {
    if paths.iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err(CliError::StdinTwice);
    }
    paths.iter().map(|path| read_input(path, stdin)).collect()
}

/// Reads and checks a profile file.
pub fn read_profile(path: &Path) -> Result<Profile, CliError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CliError::ReadProfile { path: shown.clone(), source })?;
    Profile::from_toml(&text).map_err(|errors| CliError::Profile { path: shown, errors })
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn read_input(path: &Path, stdin: &mut dyn Read) -> Result<Input, CliError> {
    if is_stdin(path) {
        let bytes = read_capped(stdin, STDIN_NAME)?;
        return Ok(Input { name: STDIN_NAME.to_owned(), bytes });
    }
    let name = path.display().to_string();
    let mut file = std::fs::File::open(path).map_err(|source| CliError::ReadInput { name: name.clone(), source })?;
    if let Ok(size) = file.metadata().map(|m| m.len()) {
        if size > MAX_INPUT_BYTES as u64 {
            return Err(CliError::InputTooLarge { name, size: Some(size), limit: MAX_INPUT_BYTES });
        }
    }
    let bytes = read_capped(&mut file, &name)?;
    Ok(Input { name, bytes })
}

/// Reads at most [`MAX_INPUT_BYTES`], refusing a larger input rather than cutting it.
fn read_capped(reader: &mut dyn Read, name: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| CliError::ReadInput { name: name.to_owned(), source })?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(CliError::InputTooLarge { name: name.to_owned(), size: None, limit: MAX_INPUT_BYTES });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_is_read_once_and_named() {
        let mut stdin: &[u8] = b"<samlp:Response/>";
        let inputs = read_inputs(&[PathBuf::from("-")], &mut stdin).unwrap();
        assert_eq!(inputs[0].name, "stdin");
        assert_eq!(inputs[0].bytes, b"<samlp:Response/>");
        let twice = read_inputs(&[PathBuf::from("-"), PathBuf::from("-")], &mut stdin);
        assert!(matches!(twice, Err(CliError::StdinTwice)));
    }

    #[test]
    fn a_missing_file_is_named() {
        let err = read_inputs(&[PathBuf::from("/nonexistent/trace.har")], &mut std::io::empty()).unwrap_err();
        assert!(err.to_string().starts_with("cannot read '/nonexistent/trace.har': "), "{err}");
    }
}
