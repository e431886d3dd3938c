//! Test tiers: tests that need something from the system (a fake BlueZ now; pcsc-lite,
//! bluer, HTTP servers, a browser later), run by a libtest-mimic harness so that the
//! summary line counts what really ran.
//!
//! A test binary of a tier has its root here (`tests/tier/NAME.rs`, declared in `Cargo.toml`
//! with that `path` and `harness = false`), which loads the cases, `tests/NAME.rs`, as a
//! module by `#[path]`; their `main` hands them to [`run`] with the tier's [`Prerequisite`]
//! (see `tests/tier/ble_fake_bluez.rs`). The check runs once per process:
//!
//! - present: every case runs as an ordinary test;
//! - missing: every case is reported as *ignored*, its kind (`[needs WHAT]` in the test's
//!   line and in `--list`) names what is missing, and the reason with the way to install it
//!   is printed once on stderr. `--ignored` or `--include-ignored` runs them anyway, and
//!   each then fails with the reason;
//! - missing while the tier's switch is set (`BLE_FAKE_REQUIRED=1`, as `.ci/run` sets it):
//!   every case fails with the reason.
//!
//! Filters, `--exact`, `--list`, `--ignored`, `--skip`, `--test-threads` and `--format`
//! work as libtest-mimic implements them; trial names are the test functions' names.
#![allow(dead_code, clippy::print_stderr)]

use libtest_mimic::{Arguments, Failed, Trial};

/// What a tier needs from the system.
pub(crate) struct Prerequisite {
    /// What the tier is, for the notice on stderr ("fake BlueZ").
    pub(crate) name: &'static str,
    /// The environment variable that, set to `1`, turns a missing prerequisite into failures.
    pub(crate) env_switch: &'static str,
    /// Whether the system has it.
    pub(crate) check: fn() -> Result<(), Missing>,
}

/// Why a prerequisite is missing.
#[derive(Clone, Debug)]
pub(crate) struct Missing {
    /// What is missing, in a few words: the kind of the ignored trials is `needs {what}`.
    pub(crate) what: String,
    /// The whole reason, with the way to install it.
    pub(crate) why: String,
}

/// One test of a tier: its name (the filter and `--exact` match it) and its body, which
/// fails by panicking, as a `#[test]` function does.
pub(crate) type Case = (&'static str, fn());

/// The cases named by these functions, each under its own name.
macro_rules! cases {
    ($($test:ident),* $(,)?) => {
        &[$((stringify!($test), $test as fn())),*]
    };
}
pub(crate) use cases;

impl Prerequisite {
    /// Whether the switch is set (`NAME=1`).
    pub(crate) fn required(&self) -> bool {
        std::env::var(self.env_switch).as_deref() == Ok("1")
    }
}

/// The trials of `cases` after checking `prerequisite` once, and the notice to print when
/// it is missing.
pub(crate) fn trials(prerequisite: &Prerequisite, cases: &[Case]) -> (Vec<Trial>, Option<String>) {
    trials_for(
        (prerequisite.check)(),
        prerequisite,
        prerequisite.required(),
        cases,
    )
}

/// The trials of `cases` given the outcome of the check and whether the switch is set.
pub(crate) fn trials_for(
    checked: Result<(), Missing>,
    prerequisite: &Prerequisite,
    required: bool,
    cases: &[Case],
) -> (Vec<Trial>, Option<String>) {
    let Err(missing) = checked else {
        let trials = cases
            .iter()
            .map(|&(name, body)| {
                Trial::test(name, move || {
                    body();
                    Ok(())
                })
            })
            .collect();
        return (trials, None);
    };
    let switch = prerequisite.env_switch;
    let kind = format!("needs {}", missing.what);
    let trials = cases
        .iter()
        .map(|&(name, _)| {
            let why = if required {
                format!("{switch}=1 but {}", missing.why)
            } else {
                format!("not run: {}", missing.why)
            };
            Trial::test(name, move || Err(Failed::from(why)))
                .with_kind(kind.clone())
                .with_ignored_flag(!required)
        })
        .collect();
    let notice = if required {
        format!(
            "{} tests: {switch}=1 but {}; each fails",
            prerequisite.name, missing.why
        )
    } else {
        format!(
            "{} tests ignored: {} ({switch}=1 makes this a failure)",
            prerequisite.name, missing.why
        )
    };
    (trials, Some(notice))
}

/// Runs the cases of one tier with the command line's arguments and exits (101 when a
/// trial failed, as libtest does).
pub(crate) fn run(prerequisite: &Prerequisite, cases: &[Case]) -> ! {
    let args = Arguments::from_args();
    let (trials, notice) = trials(prerequisite, cases);
    if let Some(notice) = notice.filter(|_| !args.list) {
        eprintln!("{notice}");
    }
    libtest_mimic::run(&args, trials).exit()
}
