//! Builds the NHS design-system assets with npm and embeds them in the binary.
//!
//! 1. `npm ci` in this crate when `node_modules` is missing or older than
//!    `package-lock.json` (so a fresh clone needs only Rust and Node/npm);
//! 2. `node assets/build.mjs $OUT_DIR/assets` compiles the SCSS and copies
//!    nhsuk-frontend's JavaScript and icons;
//! 3. writes `$OUT_DIR/assets.rs`, a table of (path, content type, bytes) that
//!    `src/assets.rs` includes.

use std::fmt::Write as _;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn main() {
    for path in ["package.json", "package-lock.json", "assets", "build.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }

    let crate_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let assets_dir = out_dir.join("assets");

    if needs_npm_ci(&crate_dir) {
        run(
            Command::new(npm())
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&crate_dir),
            "npm",
        );
    }
    run(
        Command::new("node")
            .arg(crate_dir.join("assets").join("build.mjs"))
            .arg(&assets_dir)
            .current_dir(&crate_dir),
        "node",
    );

    let mut files = Vec::new();
    collect_files(&assets_dir, &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "assets/build.mjs produced no files in {}",
        assets_dir.display()
    );

    let mut table = String::from(
        "/// Every embedded asset: path under /assets/, content type, bytes.\n\
         static ASSETS: &[(&str, &str, &[u8])] = &[\n",
    );
    for file in &files {
        let relative = file
            .strip_prefix(&assets_dir)
            .expect("asset lies under the assets directory")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let absolute = file.to_str().expect("OUT_DIR path is valid UTF-8");
        writeln!(
            table,
            "    ({relative:?}, {:?}, include_bytes!({absolute:?})),",
            content_type(file)
        )
        .expect("writing to a String cannot fail");
    }
    table.push_str("];\n");
    fs::write(out_dir.join("assets.rs"), table).expect("write $OUT_DIR/assets.rs");
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name} for build scripts"))
}

/// npm is a batch file on Windows.
fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

/// True when `node_modules` is absent or older than the lock file. npm
/// rewrites `node_modules/.package-lock.json` on every install, so its time
/// says when the tree was last brought in line with a lock file.
fn needs_npm_ci(crate_dir: &Path) -> bool {
    let node_modules = crate_dir.join("node_modules");
    let installed = modified(&node_modules.join(".package-lock.json"))
        .or_else(|| modified(&node_modules.join("nhsuk-frontend")));
    let locked = modified(&crate_dir.join("package-lock.json"));
    match (installed, locked) {
        (None, _) => true,
        (Some(installed), Some(locked)) => installed < locked,
        (Some(_), None) => false,
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn run(command: &mut Command, program: &str) {
    let shown = format!("{command:?}");
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => panic!(
            "`{shown}` failed ({status}). The web crate builds its NHS design-system \
             assets with Node.js and npm; see the output above."
        ),
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "`{program}` was not found on PATH. Building joinedup-web needs Node.js (20.19 \
             or later) and npm, which compile nhsuk-frontend's styles into the binary: \
             install them (for example `apt-get install nodejs npm`) and build again."
        ),
        Err(e) => panic!("could not run `{shown}`: {e}"),
    }
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("read asset directory {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("read asset directory entry").path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// The Content-Type for an asset, from its file name.
fn content_type(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match (name, extension) {
        ("manifest.json", _) => "application/manifest+json",
        (_, "css") => "text/css; charset=utf-8",
        (_, "js" | "mjs") => "text/javascript; charset=utf-8",
        (_, "json") => "application/json",
        (_, "svg") => "image/svg+xml",
        (_, "png") => "image/png",
        (_, "ico") => "image/x-icon",
        (_, "woff2") => "font/woff2",
        (_, "txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
