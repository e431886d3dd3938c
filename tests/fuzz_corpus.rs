//! Replays the committed fuzz corpus through the same checks the fuzz targets run, so that
//! `cargo test` guards every finding without a nightly toolchain.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

#[path = "../fuzz/checks.rs"]
mod checks;

#[test]
fn replay_fuzz_corpus() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus");
    let mut total = 0usize;
    for (name, check) in checks::TARGETS {
        let dir = format!("{root}/{name}");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
        let mut count = 0usize;
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{name}: {} panicked", path.display());
            count += 1;
        }
        assert!(count > 0, "{name}: empty corpus");
        total += count;
    }
    assert!(total >= checks::TARGETS.len());
    eprintln!("replayed {total} corpus inputs");
}
