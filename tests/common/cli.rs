//! Running the `longarm` binary, and files for it to read.

use std::process::Command;

/// Runs the binary: exit code, stdout, stderr.
pub fn longarm(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_longarm"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A file of `text` in a fresh folder of its own (named after `tag`), removed when dropped.
pub struct TempFile {
    pub dir: std::path::PathBuf,
    pub path: String,
}

impl TempFile {
    pub fn new(tag: &str, name: &str, text: &str) -> TempFile {
        let dir = std::env::temp_dir().join(format!("longarm-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let path = file.to_str().unwrap().to_owned();
        TempFile { dir, path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}
