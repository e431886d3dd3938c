//! The root of the `ble_btleplug` test binary: whole ISO 18013-5 sessions through the real
//! btleplug against a fake BlueZ on a private D-Bus. The cases and what they cover are in
//! `tests/ble_btleplug.rs` (a module of this binary, not a binary of its own). This root
//! gives them a libtest-mimic harness (`harness = false` and this path in `Cargo.toml`; see
//! `mod.rs`), so that on a machine without python3-dbusmock they are reported as ignored
//! with the reason instead of as passed, and `BLE_FAKE_REQUIRED=1` makes that a failure.
// Test code: a panic is a failed test, not a crash on input; the harness reports on stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]
// Only on Linux with the `ble` feature; elsewhere the harness runs no test.

#[cfg(all(target_os = "linux", feature = "ble"))]
#[path = "../ble_fake/mod.rs"]
mod ble_fake;
#[path = "../ble_btleplug.rs"]
mod cases;
#[cfg(all(target_os = "linux", feature = "ble"))]
#[path = "../common/mod.rs"]
mod common;
#[path = "mod.rs"]
mod tier;

fn main() {
    #[cfg(all(target_os = "linux", feature = "ble"))]
    cases::main();
    #[cfg(not(all(target_os = "linux", feature = "ble")))]
    libtest_mimic::run(&libtest_mimic::Arguments::from_args(), Vec::new()).exit();
}
