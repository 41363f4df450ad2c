//! `agency`: see `docs/agency.md`.

fn main() -> std::process::ExitCode {
    agency::cli::main()
}
