//! Project tasks: `cargo xtask <task>`.
//!
//! * `test`  — install what is missing, then formatting, clippy, native
//!   tests, wasm tests under Node, the npm package's tests, interop tests and
//!   the portal's browser tests.
//! * `serve` — build the portal, create development keys, run the intake.
//! * `npm`   — build the npm packages (`checker-wasm/pkg`, `pkg-node`).
//! * `bench` — benchmarks, side by side with peers.
//! * `fuzz`  — run every fuzz target (MRZ reader, records, envelope header,
//!   MRZ recognizer frames) for a while.
//! * `ocr-train` — rebuild the MRZ recognizer's OCR-B templates from the font.
//!
//! Std only, so it builds in seconds.
//!
//! Longer than 500 lines: one short function per task, in one place so
//! that `cargo xtask` reads as the project's list of tasks.

mod devconfig;
mod intake_bench;
mod ocr;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = args.get(1..).unwrap_or_default();
    let outcome = match task {
        "test" => test(rest),
        "npm" => npm(),
        "bench" => bench(rest),
        "serve" => serve(rest),
        "build" => build(rest),
        "fuzz" => fuzz(rest),
        "ocr-train" => ocr::train(),
        "setup" => tools::ensure_all(),
        _ => {
            eprintln!("usage: cargo xtask <test|serve|npm|bench|build|fuzz|setup|ocr-train>");
            return if task == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (parent of `xtask/`).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(Path::to_path_buf).unwrap_or(here)
}

/// Runs a command in the repository root, echoing it; fails on non-zero exit.
pub fn run(cmd: &mut Command) -> Result {
    let shown = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("\n$ {shown}");
    let status = cmd
        .current_dir_if_unset()
        .status()
        .map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

trait CurrentDir {
    fn current_dir_if_unset(&mut self) -> &mut Self;
}
impl CurrentDir for Command {
    fn current_dir_if_unset(&mut self) -> &mut Self {
        if self.get_current_dir().is_none() {
            self.current_dir(root());
        }
        self
    }
}

pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.env("PATH", tools::path_with_tools());
    c
}

pub fn step(name: &str) {
    eprintln!("\n==== {name} ====");
}

fn test(args: &[String]) -> Result {
    let quick = args.iter().any(|a| a == "--quick");
    step("tools");
    tools::ensure_all()?;
    step("format");
    run(cargo().args(["fmt", "--all", "--check"]))?;
    step("clippy (native)");
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("clippy (wasm32)");
    wasm_clippy()?;
    step("native tests");
    run(cargo()
        .args(["test", "--workspace", "--locked"])
        .env("ENVELOPE_INTEROP_REQUIRED", "1")
        .env("AGENCY_PG_REQUIRED", "1")
        .env(
            "ENVELOPE_INTEROP_PYTHON",
            root().join("tests/interop/.venv/bin/python"),
        ))?;
    step("wasm tests under Node");
    run(&mut wasm_test(&["checker-wasm", "envelope"]))?;
    step("MRZ recognizer wasm module for Node (tests/node/ocr.test.mjs)");
    ocr::wasm_for_node(4)?;
    step("npm package");
    npm()?;
    run(tools::node().args(["--test", "--test-reporter=spec", "tests/node/"]))?;
    if quick {
        return Ok(());
    }
    portal_tests()
}

/// Clippy for wasm32, once per feature set that ships: the npm package
/// (checker-wasm with its JS API) and the portal (checker-wasm without it).
/// Separate runs, so cargo's feature unification cannot hide a warning.
fn wasm_clippy() -> Result {
    let clippy = |packages: &[&str]| {
        let mut cmd = cargo();
        cmd.args(["clippy", "--locked", "--target", "wasm32-unknown-unknown"]);
        for p in packages {
            cmd.args(["-p", p]);
        }
        run(cmd.args(["--lib", "--bins", "--tests", "--", "-D", "warnings"]))
    };
    clippy(&["checker-wasm", "envelope"])?;
    if root().join("app/Cargo.toml").exists() {
        clippy(&["portal"])?;
        clippy(&["portal-lazy"])?;
        clippy(&["portal-qrread"])?;
        clippy(&["mrz-ocr-wasm"])?;
    }
    Ok(())
}

/// `cargo test` of `packages` for wasm32, through wasm-bindgen-test-runner
/// (under Node, or in headless Chromium for tests that ask for a browser).
fn wasm_test(packages: &[&str]) -> Command {
    let mut cmd = cargo();
    cmd.args(["test", "--locked", "--target", "wasm32-unknown-unknown"]);
    for p in packages {
        cmd.args(["-p", p]);
    }
    cmd.env("WASM_BINDGEN_TEST_TIMEOUT", "300");
    cmd
}

fn portal_tests() -> Result {
    if !root().join("app/Cargo.toml").exists() {
        return Ok(());
    }
    step("portal component tests (headless Chromium)");
    run(wasm_test(&["portal"]).env("CHROMEDRIVER", "/usr/bin/chromedriver"))?;
    step("portal end-to-end tests (headless Chromium against agency serve)");
    let keys = make_test_keys()?;
    build_portal(&keys)?;
    run(tools::node().args([
        "--test",
        "--test-reporter=spec",
        "--test-concurrency=1",
        "tests/e2e/",
    ]))
}

/// Builds the npm packages with wasm-pack: web into `checker-wasm/pkg`, Node into `checker-wasm/pkg-node`.
fn npm() -> Result {
    // What a clean clone lacks: the wasm32 target, wasm-bindgen and wasm-pack (the build), and
    // node_modules (`wasm-opt` comes from npm's `binaryen`, in node_modules/.bin).
    tools::ensure_target()?;
    tools::ensure_wasm_bindgen()?;
    tools::ensure_wasm_pack()?;
    tools::ensure_node_modules()?;
    for (target, dir) in [("web", "pkg"), ("nodejs", "pkg-node")] {
        run(tools::wasm_pack().args([
            "build",
            "--mode",
            "no-install",
            "--release",
            "--target",
            target,
            "--out-dir",
            dir,
            "--out-name",
            "checker_wasm",
            "checker-wasm",
        ]))?;
        let out = root().join("checker-wasm").join(dir);
        let wasm = out.join("checker_wasm_bg.wasm");
        // `--low-memory-unused`: the 1 MiB stack lies first, below the data,
        // growing down, so the low 1 KiB is reached only by an all but
        // exhausted stack (as for the portal's module; 0.9 KB gzip less).
        run(tools::wasm_opt()
            .args([
                "-Oz",
                "--low-memory-unused",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "-o",
            ])
            .arg(&wasm)
            .arg(&wasm))?;
        std::fs::copy(
            root().join("checker-wasm/npm-README.md"),
            out.join("README.md"),
        )
        .map_err(|e| format!("copying the package README: {e}"))?;
        let size = std::fs::metadata(&wasm).map_err(|e| e.to_string())?.len();
        eprintln!(
            "{dir}: checker_wasm_bg.wasm {size} bytes (gzip: {} bytes)",
            tools::gzip_size(&wasm)?
        );
    }
    Ok(())
}

/// Runs every benchmark (or the one named), each with its budget; a missed
/// budget does not stop the others: all misses are reported at the end.
fn bench(args: &[String]) -> Result {
    let only = args.first().map(String::as_str);
    // The intake bench needs no wasm or browser tools (it installs
    // PostgreSQL itself).
    if only != Some("intake") {
        tools::ensure_all()?;
    }
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    let mut missed = Vec::new();
    let mut part = |name: &str, result: Result| {
        if let Err(e) = result {
            eprintln!("\n!!!! {name}: {e}");
            missed.push(format!("{name}: {e}"));
        }
    };
    if wanted("checker") {
        step("checker: criterion (native)");
        part("checker native", checker_native_bench());
        step("checker: JS API vs npm mrz (cheminfo)");
        part("checker js", checker_js_bench());
    }
    if wanted("envelope") {
        step("envelope: criterion (native), sealing in wasm under Node vs @hpke");
        part("envelope", envelope_bench());
    }
    if wanted("intake") {
        step("intake: durable submissions per second");
        part("intake", intake_bench::run_bench());
    }
    if wanted("portal") && root().join("app/Cargo.toml").exists() {
        step("portal: first-load transfer, time to interactive, submit to receipt");
        part("portal", portal_bench());
    }
    if wanted("ocr") {
        part("ocr", ocr::bench());
    }
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} part(s) missed a budget or failed:\n  {}",
            missed.len(),
            missed.join("\n  ")
        ))
    }
}

fn checker_native_bench() -> Result {
    run(cargo().args(["bench", "-p", "checker-wasm", "--bench", "checker"]))?;
    native_mrz_budget()
}

fn checker_js_bench() -> Result {
    npm()?;
    // Budget: the checker's own wasm at most 90 KB gzip after wasm-opt -Oz.
    let wasm = root().join("checker-wasm/pkg/checker_wasm_bg.wasm");
    let gz = tools::gzip_size(&wasm)?;
    eprintln!("checker wasm: {gz} bytes gzip (budget 90,000)");
    // The speed budget runs even when the size misses: both are reported.
    let speed = run(tools::node().arg("benches/mrz-vs-cheminfo.mjs"));
    if gz > 90_000 {
        return Err(format!(
            "budget missed: checker wasm is {gz} bytes gzip > 90,000"
        ));
    }
    speed
}

fn envelope_bench() -> Result {
    run(cargo().args(["bench", "-p", "envelope"]))?;
    run(cargo().args(["build", "--locked", "--release", "-p", "agency"]))?;
    let out = root().join("target/seal-wasm-bench-pkg");
    run(tools::wasm_pack()
        .args([
            "build",
            "--mode",
            "no-install",
            "--release",
            "--target",
            "nodejs",
            "--out-dir",
        ])
        .arg(&out)
        .arg("benches/seal-wasm"))?;
    run(tools::node().arg("benches/seal-vs-hpke-js.mjs"))
}

fn portal_bench() -> Result {
    let keys = make_test_keys()?;
    build_portal(&keys)?;
    run(tools::node().arg("benches/portal.mjs"))
}

/// Budget: natively at least 1,000,000 validations per second on one core
/// for every valid format, and 2,000,000 for a valid TD3 (lines apart or
/// run together), read from criterion's estimates (median).
fn native_mrz_budget() -> Result {
    let dir = root().join("target/criterion/validate_mrz");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))? {
        let case = entry.map_err(|e| e.to_string())?.path();
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        if !name.ends_with("valid") && !name.ends_with("together") {
            continue;
        }
        let file = case.join("new/estimates.json");
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("reading {}: {e}", file.display()))?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let ns = json["median"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{}: no median", file.display()))?;
        let per_second = 1e9 / ns;
        let budget = if name == "TD3 valid" || name == "TD3 run together" {
            2_000_000.0
        } else {
            1_000_000.0
        };
        eprintln!(
            "  {name:<40} {ns:>8.0} ns  {per_second:>12.0} validations/s (budget {budget:.0})"
        );
        if per_second < budget {
            return Err(format!(
                "budget missed: {name} at {per_second:.0}/s < {budget:.0}/s"
            ));
        }
        checked += 1;
    }
    if checked == 0 {
        return Err("no criterion results for valid MRZs".into());
    }
    Ok(())
}

/// The fuzz targets of `checker-wasm/fuzz` (cargo-fuzz, libFuzzer, nightly).
const FUZZ_TARGETS: [&str; 4] = ["mrz", "record", "envelope_header", "ocr_frame"];

/// `cargo xtask fuzz [SECONDS]`: every fuzz target for SECONDS each (120 by
/// default), from its committed seeds (`checker-wasm/fuzz/seeds/<target>`),
/// then the executions of each and in all. A crash fails the task; its input
/// is in `checker-wasm/fuzz/artifacts/<target>/`.
fn fuzz(args: &[String]) -> Result {
    let secs: u64 = match args.first() {
        Some(s) => s
            .parse()
            .map_err(|_| format!("fuzz: SECONDS must be a number, got {s:?}"))?,
        None => 120,
    };
    tools::ensure_cargo_fuzz()?;
    let dir = root().join("checker-wasm");
    let mut total: u64 = 0;
    let mut lines = Vec::new();
    for target in FUZZ_TARGETS {
        step(&format!("fuzz {target} for {secs} s"));
        let corpus = format!("fuzz/corpus/{target}");
        std::fs::create_dir_all(dir.join(&corpus)).map_err(|e| format!("{corpus}: {e}"))?;
        let out = Command::new("cargo")
            .args(["+nightly", "fuzz", "run", target, &corpus])
            .arg(format!("fuzz/seeds/{target}"))
            .args([
                "--",
                &format!("-max_total_time={secs}"),
                "-print_final_stats=1",
            ])
            .current_dir(&dir)
            .stdout(std::process::Stdio::inherit())
            .output()
            .map_err(|e| format!("cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        for line in tail.iter().rev() {
            eprintln!("{line}");
        }
        if !out.status.success() {
            return Err(format!(
                "fuzz target {target} failed ({}); the input is in checker-wasm/fuzz/artifacts/{target}/",
                out.status
            ));
        }
        let runs = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .unwrap_or(0);
        total += runs;
        lines.push(format!("  {target:<16} {runs:>12} executions, no crash"));
    }
    step("fuzz summary");
    for l in &lines {
        eprintln!("{l}");
    }
    eprintln!("  {:<16} {total:>12} executions", "all");
    Ok(())
}

/// `cargo xtask build [--keys DIR]… [--test-keys]`: the portal with the
/// recipients' keys pinned (each DIR a keys directory of `agency keygen`);
/// `--test-keys` pins fresh keys made for the end-to-end tests
/// ([`TEST_KEYS`]).
fn build(args: &[String]) -> Result {
    let mut keys = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--keys" => keys.push(PathBuf::from(
                it.next().ok_or("--keys needs a keys directory")?,
            )),
            "--test-keys" => keys.extend(make_test_keys()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if keys.is_empty() {
        eprintln!(
            "warning: no --keys: this portal pins no key and refuses every config.json \
             (cargo xtask build --keys DIR, DIR a keys directory of `agency keygen`)"
        );
    }
    build_portal(&keys).map(|_| ())
}

/// Where the end-to-end tests' keys directories are made (git-ignored,
/// fresh for each build with `--test-keys`): one per recipient, the
/// harness (tests/e2e/harness.mjs) reads them.
pub const TEST_KEYS: &str = "target/e2e-keys";

/// Makes fresh keys directories for the tests' two recipients
/// (`primary`, `second`) with a release `agency`; returns their paths.
/// Builds the MRZ generator too (release `mrz-ocr-synth`): the camera
/// tests (tests/e2e/camera.test.mjs) make their fake camera and photo with it.
fn make_test_keys() -> Result<Vec<PathBuf>> {
    run(cargo().args([
        "build",
        "--locked",
        "--release",
        "-p",
        "agency",
        "-p",
        "mrz-ocr-synth",
    ]))?;
    let agency = root().join("target/release/agency");
    let dir = root().join(TEST_KEYS);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("removing {TEST_KEYS}: {e}"))?;
    }
    let mut out = Vec::new();
    for name in ["primary", "second"] {
        let keys = dir.join(name);
        run(Command::new(&agency).arg("keygen").arg("--out").arg(&keys))?;
        out.push(keys);
    }
    Ok(out)
}

/// The `PORTAL_PINS` text for `keys`: a JSON array of each directory's
/// `pins.json` (app/src/pins.rs).
fn portal_pins(keys: &[PathBuf]) -> Result<String> {
    let mut pins = Vec::new();
    for dir in keys {
        let path = dir.join("pins.json");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "reading {}: {e} (is {} a keys directory of `agency keygen`?)",
                path.display(),
                dir.display()
            )
        })?;
        let pin: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        pins.push(pin);
    }
    Ok(serde_json::Value::Array(pins).to_string())
}

/// Builds the portal into `dist/` (release, wasm-opt) with `keys` pinned
/// and returns the path.
fn build_portal(keys: &[PathBuf]) -> Result<PathBuf> {
    tools::ensure_all()?;
    let pins = portal_pins(keys)?;
    step("portal build (trunk, release)");
    // Trunk runs cargo with --offline: fetch first.
    run(cargo().args(["fetch", "--locked"]))?;
    let dist = root().join("dist");
    // Trunk leaves files of earlier builds (e.g. old snippets) behind.
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("removing dist/: {e}"))?;
    }
    run(tools::trunk()
        .args(["build", "--release"])
        .env("PORTAL_PINS", &pins))?;
    let mut total = 0;
    for entry in std::fs::read_dir(&dist).map_err(|e| format!("reading dist/: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if matches!(ext, "wasm" | "js" | "css" | "html") && name != "sw.js" {
            let gz = tools::gzip_size(&path)?;
            // The second module (sealing, QR code) loads after the first
            // pages; the readers (QR, MRZ) only when someone uses them.
            let later = [
                "portal-lazy-",
                "portal-qrread-",
                "qrscan-",
                "camera-",
                "mrz-ocr-wasm-",
                "mrzworker-",
                "mrzscan-",
            ]
            .iter()
            .any(|p| name.starts_with(p));
            if !later {
                total += gz;
            }
            eprintln!(
                "  {:<40} {:>8} bytes gzip{}",
                name,
                gz,
                if later { " (loaded later)" } else { "" }
            );
        }
    }
    eprintln!("  first-load files (html, js, wasm, css): {total} bytes gzip");
    Ok(dist)
}

/// `cargo xtask serve`: the portal and the intake on http://127.0.0.1:8080.
fn serve(args: &[String]) -> Result {
    let listen = args
        .iter()
        .position(|a| a == "--listen")
        .and_then(|i| args.get(i + 1))
        .map_or("127.0.0.1:8080", String::as_str)
        .to_owned();
    step("agency (release)");
    run(cargo().args(["build", "--locked", "--release", "-p", "agency"]))?;
    let agency = root().join("target/release/agency");
    let keys = root().join("dev-keys");
    let public = keys.join("agency.pub.json");
    // A dev-keys/ from before signed receipts gets its receipt key (the
    // sealing key stays) and its pins.json.
    if !keys.join("pins.json").exists() || !keys.join("receipt.key").exists() {
        step("development agency keys (dev-keys/, git-ignored)");
        run(Command::new(&agency).arg("keygen").arg("--out").arg(&keys))?;
    }
    let dist = build_portal(std::slice::from_ref(&keys))?;
    devconfig::write(
        &root().join("static/config.json"),
        &public,
        &dist.join("config.json"),
    )?;
    step("serving");
    eprintln!("Portal and intake: http://{listen}/   (Ctrl-C to stop)");
    println!("http://{listen}/");
    run(Command::new(&agency)
        .arg("serve")
        .args(["--listen", &listen])
        .arg("--db")
        .arg(keys.join("intake.sqlite"))
        .arg("--keys")
        .arg(&keys)
        .arg("--static")
        .arg(&dist))
}
