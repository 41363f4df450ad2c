//! Installs what the tasks need when it is missing: every tool comes from
//! crates.io, npm or Debian, pinned, nothing from elsewhere.

use crate::{Result, root, run};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const WASM_PACK: &str = "0.15.1";
const TRUNK: &str = "0.21.14";

fn cargo_home_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

/// PATH with the repository's `node_modules/.bin` (npm's wasm-opt) and
/// cargo's bin folder first.
pub fn path_with_tools() -> String {
    let mut parts = vec![
        root().join("node_modules/.bin").display().to_string(),
        cargo_home_bin().display().to_string(),
    ];
    if let Ok(p) = std::env::var("PATH") {
        parts.push(p);
    }
    parts.join(":")
}

fn tool(name: &str) -> Command {
    let mut c = Command::new(name);
    c.env("PATH", path_with_tools());
    c
}

pub fn node() -> Command {
    tool("node")
}
pub fn wasm_pack() -> Command {
    tool("wasm-pack")
}
pub fn trunk() -> Command {
    tool("trunk")
}
pub fn wasm_opt() -> Command {
    tool("wasm-opt")
}

/// First line of `cmd --version`, if it runs.
fn version_of(name: &str) -> Option<String> {
    let out = tool(name)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

/// The version of `package` that Cargo.lock pins.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let rest = &lock[start..];
    Ok(rest[..rest.find('"').unwrap_or(0)].to_owned())
}

fn cargo_install(krate: &str, version: &str, locked: bool) -> Result {
    let mut cmd = crate::cargo();
    cmd.args(["install", krate, "--version", version]);
    if locked {
        cmd.arg("--locked");
    }
    run(&mut cmd)
}

pub fn ensure_wasm_bindgen() -> Result {
    let want = locked_version("wasm-bindgen")?;
    if version_of("wasm-bindgen").is_some_and(|v| v.ends_with(&want)) {
        return Ok(());
    }
    // Without --locked: its own lock file pins a crate the index lacks.
    cargo_install("wasm-bindgen-cli", &want, false)
}

pub fn ensure_wasm_pack() -> Result {
    if version_of("wasm-pack").is_some_and(|v| v.ends_with(WASM_PACK)) {
        return Ok(());
    }
    cargo_install("wasm-pack", WASM_PACK, true)
}

pub fn ensure_trunk() -> Result {
    if version_of("trunk").is_some_and(|v| v.ends_with(TRUNK)) {
        return Ok(());
    }
    cargo_install("trunk", TRUNK, true)
}

pub fn ensure_cargo_fuzz() -> Result {
    if tool("cargo-fuzz")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        return Ok(());
    }
    run(crate::cargo().args(["install", "cargo-fuzz", "--locked"]))
}

/// The wasm32-unknown-unknown target, via rustup.
pub fn ensure_target() -> Result {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root())
        .output();
    match out {
        Ok(o) if String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown") => Ok(()),
        _ => run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
    }
}

/// `npm ci` when node_modules is missing or older than the lock file.
pub fn ensure_node_modules() -> Result {
    let lock = root().join("package-lock.json");
    let installed = root().join("node_modules/.package-lock.json");
    let stale = match (
        std::fs::metadata(&lock).and_then(|m| m.modified()),
        std::fs::metadata(&installed).and_then(|m| m.modified()),
    ) {
        (Ok(l), Ok(i)) => l > i,
        _ => true,
    };
    if stale {
        run(tool("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// Debian's Chromium and its driver, for the browser tests.
pub fn ensure_chromium() -> Result {
    if PathBuf::from("/usr/bin/chromium").exists()
        && PathBuf::from("/usr/bin/chromedriver").exists()
    {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver", "fonts-noto-cjk"])
}

/// Tesseract 5 (Debian `tesseract-ocr`), which the OCR benchmark runs side
/// by side with the recognizer on the same images (never in the product).
pub fn ensure_tesseract() -> Result {
    if Command::new("tesseract").arg("--version").output().is_ok() {
        return Ok(());
    }
    apt_install(&[
        "--no-install-recommends",
        "tesseract-ocr",
        "tesseract-ocr-eng",
    ])
}

/// Installs Debian `packages` (apt-get options may come first).
fn apt_install(packages: &[&str]) -> Result {
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Fonts for the pages in Thai and Korean (and Japanese, Chinese), so the
/// browser tests' screenshots show the text, not boxes: Debian's
/// `fonts-thai-tlwg` and `fonts-noto-cjk`.
pub fn ensure_fonts() -> Result {
    let installed = |dir: &str| PathBuf::from(dir).is_dir();
    if installed("/usr/share/fonts/truetype/tlwg") && installed("/usr/share/fonts/opentype/noto") {
        return Ok(());
    }
    apt_install(&["fonts-thai-tlwg", "fonts-noto-cjk"])
}

/// The independent HPKE implementation for the envelope interop tests:
/// pyca/cryptography, pinned, in `tests/interop/.venv`.
pub fn ensure_interop_python() -> Result {
    let venv = root().join("tests/interop/.venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("installed-requirements.txt");
    let requirements = root().join("tests/interop/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("reading {}: {e}", requirements.display()))?;
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(());
    }
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements))?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())
}

/// Debian's PostgreSQL server, for the intake's scale-out tests and bench
/// (they start a throwaway cluster of their own; the package's user
/// `postgres` runs it, as PostgreSQL refuses root).
pub fn ensure_postgres() -> Result {
    let installed = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.path().join("bin/initdb").exists());
    if installed {
        return Ok(());
    }
    apt_install(&["--no-install-recommends", "postgresql"])
}

pub fn ensure_all() -> Result {
    ensure_target()?;
    ensure_postgres()?;
    ensure_node_modules()?;
    ensure_interop_python()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_pack()?;
    if root().join("app/Cargo.toml").exists() {
        ensure_chromium()?;
        ensure_fonts()?;
        ensure_trunk()?;
    }
    Ok(())
}

/// Size of `path` after `gzip -9`.
pub fn gzip_size(path: &std::path::Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}
