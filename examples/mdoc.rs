//! `cargo run --features cli --example mdoc -- ...`: the `mdoc` command (`src/bin/mdoc/`)
//! under its former name, for scripts written before it became a binary target. Install
//! it instead: `cargo install --path . --features cli --bin mdoc`.

#[path = "../src/bin/mdoc/main.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
