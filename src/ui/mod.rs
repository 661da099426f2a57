//! The full-screen wizard (ratatui). Never awaits AWS itself.

use std::path::PathBuf;

/// Run the wizard until the user quits. `config`: the blueprint to open and save to.
pub fn run(config: Option<PathBuf>) -> std::io::Result<()> {
    let _ = config;
    todo!("ui helper")
}
