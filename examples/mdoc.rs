//! `cargo run --features json,qr --example mdoc -- ...`: the `mdoc` command
//! (`src/bin/mdoc/`, loaded here as a module) under its former name and features, for
//! scripts written before it became a binary target. Install it instead:
//! `cargo install --locked --path . --features cli --bin mdoc`.

#[path = "../src/bin/mdoc/main.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
